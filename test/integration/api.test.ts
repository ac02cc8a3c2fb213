import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import type { SurveyContent } from '../../core/survey/model';
import { call, newSession, seedSurvey } from '../helpers/session';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';

describe('API through the dispatcher, on a real project file', () => {
  it('runs the thin path: project, survey, four responses, frequency', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    for (const [choice, why] of [['1', 'Có bạn bè'], ['1', 'Thầy cô tốt'], ['1', 'Gần nhà'], ['2', 'Bị bắt nạt']] as const) {
      const response = await call(session, 'response/create', { surveyId });
      await call(session, 'response/answer', { responseId: response.id, question: 'safe', value: choice });
      await call(session, 'response/answer', { responseId: response.id, question: 'why', value: why });
      await call(session, 'response/complete', { responseId: response.id });
    }
    const draft = await call(session, 'response/create', { surveyId });
    await call(session, 'response/answer', { responseId: draft.id, question: 'safe', value: '3' });

    // Through the protected table only (k = 3, the least the API allows): the draft is not counted until it is
    // complete, and the lone "2" is hidden with the "1"s that would give it back.
    const result = await call(session, 'analysis/table', { surveyId, question: 'safe', minCell: 3 });
    expect(result.totals.total!.count).toBe(4);
    expect(result.totals.answered!.count).toBe(4);
    expect(result.filtered).toEqual({ count: 4, suppressed: false, reason: null });
    expect(result.cells.map((c) => [c.value, c.count, c.reason])).toEqual([
      ['1', null, 'complementary'],
      ['2', null, 'primary'],
      ['3', 0, null],
    ]);
    const info = await call(session, 'project/current', {});
    expect(info).toMatchObject({ title: 'Diễn đàn trẻ em Lào Cai', forms: 1, questions: 2, responses: 5, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(session.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'complete'`).pluck().get()).toBe(4);
    // k = 2 protects nothing ("< 2" is 1): refused, with the reason.
    const two = await dispatch('analysis/table', { surveyId, question: 'safe', minCell: 2 }, { session, lang: 'en' });
    expect(two.ok).toBe(false);
    if (!two.ok) {
      expect(two.error.code).toBe('badInput');
      expect(JSON.stringify(two.error.issues)).toContain('at least 3');
    }
    session.dispose();
  });

  it('keeps every answer as given, NFC, and lets a draft be resumed', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const response = await call(session, 'response/create', { surveyId });
    const decomposed = 'Em thấy an toàn'.normalize('NFD');
    await call(session, 'response/answer', { responseId: response.id, question: 'why', value: decomposed });
    await call(session, 'response/answer', { responseId: response.id, question: 'safe', value: '2' });
    await call(session, 'response/answer', { responseId: response.id, question: 'safe', value: '1' });
    const resumed = await call(session, 'response/get', { responseId: response.id });
    expect(resumed.answers).toEqual({ why: 'Em thấy an toàn'.normalize('NFC'), safe: '1' });
    expect(resumed.status).toBe('draft');
    session.dispose();
  });

  it('rejects bad input with a structured error in the caller’s language, never a stack trace', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);

    const bad = await dispatch('response/answer', { responseId: 'not-a-uuid', question: 'safe', value: 1 }, { session, lang: 'vi' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('badInput');
    expect(bad.error.message).toBe('Dữ liệu gửi lên không hợp lệ.');
    expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['responseId', 'value']);
    expect(JSON.stringify(bad)).not.toMatch(/at .*\.ts:\d+/);

    const unknown = await dispatch('project/delete-everything', {}, { session, lang: 'en' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknownMethod', message: 'Unsupported request: project/delete-everything.' } });

    const response = await call(session, 'response/create', { surveyId });
    const wrongChoice = await dispatch('response/answer', { responseId: response.id, question: 'safe', value: '9' }, { session, lang: 'en' });
    expect(wrongChoice).toMatchObject({ ok: false, error: { code: 'answer.invalid', params: { question: 'safe' } } });
    const noQuestion = await dispatch('response/answer', { responseId: response.id, question: 'nope', value: 'x' }, { session, lang: 'en' });
    expect(noQuestion).toMatchObject({ ok: false, error: { code: 'answer.unknownQuestion' } });

    await call(session, 'response/complete', { responseId: response.id });
    const closed = await dispatch('response/answer', { responseId: response.id, question: 'safe', value: '1' }, { session, lang: 'en' });
    expect(closed).toMatchObject({ ok: false, error: { code: 'response.closed' } });
    session.dispose();
  });

  it('refuses to save a survey with duplicate variable names, and names the problem', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const result = await dispatch(
      'survey/save',
      {
        surveyId,
        title: { vi: 'x' },
        questions: [
          { name: 'a', type: 'text', label: { vi: 'Một' } },
          { name: 'a', type: 'text', label: { vi: 'Hai' } },
        ],
        choiceLists: {},
      },
      { session, lang: 'vi' },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'survey.invalid' } });
    if (!result.ok) expect(result.error.message).toContain('Tên biến a bị trùng.');
    session.dispose();
  });

  it('starts a new survey version when one with responses is edited; old responses keep theirs', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const response = await call(session, 'response/create', { surveyId });
    const survey = await call(session, 'survey/get', { surveyId });
    expect(survey.version).toBe(1);
    const saved = await call(session, 'survey/save', {
      surveyId,
      title: survey.title,
      questions: survey.questions.filter((q) => q.name !== 'why'),
      choiceLists: survey.choiceLists,
    });
    expect(saved.version).toBe(2);
    // The response was started on version 1, which still has the open question.
    await call(session, 'response/answer', { responseId: response.id, question: 'why', value: 'Vẫn lưu được' });
    expect((await call(session, 'response/get', { responseId: response.id })).answers.why).toBe('Vẫn lưu được');
    session.dispose();
  });

  it('stores every question and choice property and gives it back unchanged', async () => {
    const session = newSession();
    await call(session, 'project/create', { title: 'Thuộc tính' });
    const survey = await call(session, 'survey/create', { title: { vi: 'Đủ loại', en: 'All kinds' } });
    const content = {
      title: { vi: 'Đủ loại', en: 'All kinds' },
      questions: [
        { name: 'consent', type: 'select_one', label: { vi: 'Em đồng ý chứ?' }, hint: {}, required: true, requiredMessage: { vi: 'Cần trả lời', en: 'Needed' }, listName: 'yn' },
        { name: 'main', type: 'begin_group', label: { vi: 'Phần chính' }, hint: {}, required: false, relevance: "${consent} = '1'", appearance: 'field-list' },
        { name: 'age', type: 'integer', label: { vi: 'Tuổi' }, hint: { vi: 'Số tuổi tròn' }, required: false, constraint: '. >= 6 and . <= 18', constraintMessage: { vi: 'Từ 6 đến 18', en: '6 to 18' }, identifying: true },
        { name: 'feel', type: 'range', label: { vi: 'Cảm giác' }, hint: {}, required: false, parameters: 'start=1 end=5 step=1', appearance: 'likert smiley', sensitive: true, image: 'faces.png' },
        { name: 'worries', type: 'select_multiple', label: { vi: 'Lo lắng' }, hint: {}, required: false, listName: 'w', orOther: true, choiceFilter: "filter = 'a'", readOnly: false, default: '1' },
        { name: 'total', type: 'calculate', label: {}, hint: {}, required: false, calculation: 'count-selected(${worries})' },
        { name: 'main_end', type: 'end_group', label: {}, hint: {}, required: false },
      ],
      choiceLists: {
        yn: [{ name: '1', label: { vi: 'Có' } }, { name: '2', label: { vi: 'Không' } }],
        w: [{ name: '1', label: { vi: 'Mạng' }, image: 'net.png', filters: { filter: 'a' } }],
      },
    } satisfies SurveyContent;
    await call(session, 'survey/save', { surveyId: survey.id, ...content });
    const back = await call(session, 'survey/get', { surveyId: survey.id });
    expect({ title: back.title, questions: back.questions, choiceLists: back.choiceLists }).toEqual(content);
    session.dispose();
  });

  it('publishes a version on the first response, then warns when a new draft would break given answers', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    expect((await call(session, 'survey/get', { surveyId })).status).toBe('draft');
    const response = await call(session, 'response/create', { surveyId });
    await call(session, 'response/answer', { responseId: response.id, question: 'safe', value: '3' });
    const frozen = await call(session, 'survey/get', { surveyId });
    expect(frozen).toMatchObject({ version: 1, status: 'published' });

    // Drop choice 3 (picked above) and the open question (not answered): one warning, on a new draft version.
    const saved = await call(session, 'survey/save', {
      surveyId,
      title: frozen.title,
      questions: frozen.questions.filter((q) => q.name !== 'why'),
      choiceLists: { yn: frozen.choiceLists.yn!.filter((c) => c.name !== '3') },
    });
    expect(saved.version).toBe(2);
    expect(saved.warnings).toEqual([{ key: 'version.removedChoice', params: { name: 'safe', choice: '3' } }]);
    expect(await call(session, 'survey/get', { surveyId })).toMatchObject({ version: 2, status: 'draft' });
    // Saving the draft again stays on version 2; publishing freezes it.
    expect((await call(session, 'survey/save', { surveyId, title: frozen.title, questions: [], choiceLists: {} })).version).toBe(2);
    expect(await call(session, 'survey/publish', { surveyId })).toEqual({ version: 2 });
    expect((await call(session, 'survey/get', { surveyId })).status).toBe('published');
    session.dispose();
  });

  it('checks an answer against the question’s constraint on the main side too', async () => {
    const session = newSession();
    await call(session, 'project/create', { title: 'Ràng buộc' });
    const survey = await call(session, 'survey/create', { title: { vi: 'Tuổi' } });
    await call(session, 'survey/save', {
      surveyId: survey.id,
      title: survey.title,
      questions: [{ name: 'age', type: 'integer', label: { vi: 'Em bao nhiêu tuổi?' }, constraint: '. >= 6 and . <= 18' }],
      choiceLists: {},
    });
    const response = await call(session, 'response/create', { surveyId: survey.id });
    await call(session, 'response/answer', { responseId: response.id, question: 'age', value: '12' });
    const tooOld = await dispatch('response/answer', { responseId: response.id, question: 'age', value: '40' }, { session, lang: 'vi' });
    expect(tooOld).toMatchObject({ ok: false, error: { code: 'answer.constraint', params: { question: 'age' } } });
    expect((await call(session, 'response/get', { responseId: response.id })).answers.age).toBe('12');
    session.dispose();
  });

  it('keeps the "other, please specify" text of a question that has it, and only of such a question', async () => {
    const session = newSession();
    await call(session, 'project/create', { title: 'Khác' });
    const survey = await call(session, 'survey/create', { title: { vi: 'Lo lắng' } });
    await call(session, 'survey/save', {
      surveyId: survey.id,
      title: survey.title,
      questions: [
        { name: 'worries', type: 'select_multiple', label: { vi: 'Em lo lắng điều gì?' }, listName: 'w', orOther: true },
        { name: 'plain', type: 'select_one', label: { vi: 'Có hay không?' }, listName: 'w' },
      ],
      choiceLists: { w: [{ name: '1', label: { vi: 'Thi cử' } }] },
    });
    const response = await call(session, 'response/create', { surveyId: survey.id });
    await call(session, 'response/answer', { responseId: response.id, question: 'worries', value: '1 other' });
    await call(session, 'response/answer', { responseId: response.id, question: 'worries_other', value: 'Bão lũ' });
    expect((await call(session, 'response/get', { responseId: response.id })).answers).toEqual({ worries: '1 other', worries_other: 'Bão lũ' });
    const refused = await dispatch('response/answer', { responseId: response.id, question: 'plain_other', value: 'x' }, { session, lang: 'en' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'answer.unknownQuestion' } });
    session.dispose();
  });

  it('stores answers in repeat instances, and the number of instances, checked on the main side', async () => {
    const session = newSession();
    await call(session, 'project/create', { title: 'Anh chị em' });
    const survey = await call(session, 'survey/create', { title: { vi: 'Gia đình' } });
    await call(session, 'survey/save', {
      surveyId: survey.id,
      title: survey.title,
      questions: [
        { name: 'sib', type: 'begin_repeat', label: { vi: 'Anh chị em' } },
        { name: 'age', type: 'integer', label: { vi: 'Tuổi' }, constraint: '. < 40' },
        { name: 'sib_end', type: 'end_repeat', label: {} },
      ],
      choiceLists: {},
    });
    const response = await call(session, 'response/create', { surveyId: survey.id });
    await call(session, 'response/answer', { responseId: response.id, question: 'sib', value: '2' });
    await call(session, 'response/answer', { responseId: response.id, question: 'age[1]', value: '8' });
    await call(session, 'response/answer', { responseId: response.id, question: 'age[2]', value: '15' });
    expect((await call(session, 'response/get', { responseId: response.id })).answers).toEqual({ sib: '2', 'age[1]': '8', 'age[2]': '15' });
    const tooOld = await dispatch('response/answer', { responseId: response.id, question: 'age[2]', value: '50' }, { session, lang: 'en' });
    expect(tooOld).toMatchObject({ ok: false, error: { code: 'answer.constraint' } });
    // A key that does not fit the survey's repeats is refused, not stored.
    for (const question of ['age', 'age[1][1]', 'sib[1]']) {
      const refused = await dispatch('response/answer', { responseId: response.id, question, value: '9' }, { session, lang: 'en' });
      expect(refused, question).toMatchObject({ ok: false, error: { code: 'answer.unknownQuestion' } });
    }
    session.dispose();
  });

  it('keeps pictures in the project file, under safe names, and refuses what is not a picture', async () => {
    const session = newSession();
    await call(session, 'project/create', { title: 'Hình' });
    // A 1×1 PNG, as a drawing tool saves it.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const first = await call(session, 'survey/addImage', { fileName: 'Bé vẽ tranh.png', base64: png });
    expect(first.name).toBe('Be_ve_tranh.png');
    expect(await call(session, 'survey/addImage', { fileName: 'Bé vẽ tranh.png', base64: png })).toEqual(first);
    const other = Buffer.from(png, 'base64');
    other[other.length - 5] = other[other.length - 5]! ^ 1;
    expect((await call(session, 'survey/addImage', { fileName: 'Bé vẽ tranh.png', base64: other.toString('base64') })).name).toBe('Be_ve_tranh_2.png');
    expect(await call(session, 'survey/image', { name: first.name })).toEqual({ mime: 'image/png', base64: png });

    const text = await dispatch('survey/addImage', { fileName: 'notes.png', base64: Buffer.from('not a picture').toString('base64') }, { session, lang: 'en' });
    expect(text).toMatchObject({ ok: false, error: { code: 'media.notImage', params: { file: 'notes.png' } } });
    const big = Buffer.concat([Buffer.from(png, 'base64'), Buffer.alloc(2 * 1024 * 1024)]);
    const tooBig = await dispatch('survey/addImage', { fileName: 'big.png', base64: big.toString('base64') }, { session, lang: 'en' });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'media.tooLarge', message: 'The image big.png is too large (at most 2 MB). Make it smaller and try again.' } });
    const missing = await dispatch('survey/image', { name: 'nope.png' }, { session, lang: 'vi' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'media.notFound' } });
    session.dispose();
  });

  it('creates the child-consultation starter survey through the API', async () => {
    const session = newSession();
    await call(session, 'project/create', { title: 'Mẫu' });
    const survey = await call(session, 'survey/createFromTemplate', { template: 'child-consultation' });
    expect(survey.questions.find((q) => q.name === 'province')?.listName).toBe('province_2025');
    expect(survey.choiceLists.province_2025).toHaveLength(34);
    const old = await call(session, 'survey/createFromTemplate', { template: 'child-consultation', provinces: '2008' });
    expect(old.choiceLists.province_2008).toHaveLength(63);
    expect(old.formKey).not.toBe(survey.formKey);
    session.dispose();
  });

  it('keeps project files inside the projects folder', async () => {
    const session = newSession();
    for (const file of ['../escape.tiengnoi', '/etc/passwd', 'sub/x.tiengnoi', '.hidden.tiengnoi', 'x.sqlite']) {
      const result = await dispatch('project/open', { file }, { session, lang: 'en' });
      expect(result, file).toMatchObject({ ok: false, error: { code: 'project.notFound' } });
    }
    const info = await call(session, 'project/create', { title: 'Đắk Lắk 2026' });
    expect(info.file).toBe('dak-lak-2026.tiengnoi');
    const second = await call(session, 'project/create', { title: 'Đắk Lắk 2026' });
    expect(second.file).toBe('dak-lak-2026-2.tiengnoi');
    const list = await call(session, 'project/list', {});
    expect(list.map((p) => p.file).sort()).toEqual(['dak-lak-2026-2.tiengnoi', 'dak-lak-2026.tiengnoi']);
    session.dispose();
  });

  it('answers survey calls with project.notOpen before a project is opened', async () => {
    const session = newSession();
    const result = await dispatch('survey/list', {}, { session, lang: 'vi' });
    expect(result).toMatchObject({ ok: false, error: { code: 'project.notOpen', message: 'Chưa mở dự án nào.' } });
    session.dispose();
  });
});
