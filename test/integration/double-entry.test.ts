import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { call, newSession, seedSurvey } from '../helpers/session';

describe('paper codes and double entry', () => {
  it('numbers papers by default, keeps codes unique in a survey, and lets a code be changed', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const first = await call(session, 'response/create', { surveyId });
    expect(first.paperCode).toBe('1');
    const typed = await call(session, 'response/create', { surveyId, paperCode: 'LC-017' });
    expect(typed.paperCode).toBe('LC-017');
    const taken = await dispatch('response/create', { surveyId, paperCode: 'LC-017' }, { session, lang: 'vi' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'response.paperCodeTaken', message: 'Mã phiếu LC-017 đã dùng cho phiếu số 2.' } });
    expect(await call(session, 'response/setPaperCode', { responseId: first.id, paperCode: 'LC-001' })).toMatchObject({ paperCode: 'LC-001' });
    const clash = await dispatch('response/setPaperCode', { responseId: first.id, paperCode: 'LC-017' }, { session, lang: 'en' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'response.paperCodeTaken' } });
    session.dispose();
  });

  it('lists where a blind second typing differs, and settles each difference into the response, audited', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const paper = await call(session, 'response/create', { surveyId, paperCode: 'P-7' });
    await call(session, 'response/answer', { responseId: paper.id, question: 'safe', value: '1' });
    await call(session, 'response/answer', { responseId: paper.id, question: 'why', value: 'Có bạn bè' });
    await call(session, 'response/complete', { responseId: paper.id });

    // A second typing needs a complete paper with that code.
    expect(await dispatch('response/verify', { surveyId, paperCode: 'P-8' }, { session, lang: 'en' })).toMatchObject({ ok: false, error: { code: 'response.noPaper' } });
    const second = await call(session, 'response/verify', { surveyId, paperCode: 'P-7' });
    // Blind: nothing of the first typing shows in the second.
    expect(second).toMatchObject({ verifies: paper.id, paperCode: 'P-7', answers: {} });
    await call(session, 'response/answer', { responseId: second.id, question: 'safe', value: '2' });
    await call(session, 'response/answer', { responseId: second.id, question: 'why', value: 'Có bạn bè' });
    await call(session, 'response/complete', { responseId: second.id });

    const found = await call(session, 'response/discrepancies', { responseId: second.id });
    expect(found.primary.id).toBe(paper.id);
    expect(found.discrepancies).toEqual([{ key: 'safe', first: '1', second: '2', firstRefused: false, secondRefused: false }]);

    // The supervisor looks at the paper: it says 2.
    expect(await call(session, 'response/settle', { responseId: second.id, question: 'safe', value: '2' })).toEqual({ remaining: 0 });
    expect((await call(session, 'response/get', { responseId: paper.id })).answers.safe).toBe('2');
    const history = await call(session, 'response/history', { responseId: paper.id });
    expect(history.at(-1)).toMatchObject({ action: 'edit', detail: { question: 'safe', old: '1', new: '2', reason: 'double entry' } });

    // The second typing is a check, not a response: counts and results see one paper.
    expect((await call(session, 'response/list', { surveyId })).map((r) => r.id)).toEqual([paper.id]);
    expect((await call(session, 'project/current', {}))?.responses).toBe(1);
    // With two more children who said 2, the results count 3 (not 4, with the second typing): shown at k = 3.
    for (let i = 0; i < 2; i++) {
      const other = await call(session, 'response/create', { surveyId });
      await call(session, 'response/answer', { responseId: other.id, question: 'safe', value: '2' });
      await call(session, 'response/complete', { responseId: other.id });
    }
    const frequency = await call(session, 'analysis/table', { surveyId, question: 'safe', minCell: 3 });
    expect(frequency.totals.total!.count).toBe(3);
    expect(frequency.cells.find((c) => c.value === '2')!.count).toBe(3);
    expect(await dispatch('response/discrepancies', { responseId: paper.id }, { session, lang: 'en' })).toMatchObject({ ok: false, error: { code: 'response.notVerification' } });
    session.dispose();
  });
});
