// coding/answers reads a question's answers from an index held in memory (electron/db/coding-answer-index.ts). These
// tests check it against a plain SQL listing on seeded data, and that it follows every change: an edited or
// deleted answer, a deleted response, a change written by another connection, paper codes, themes and stars.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { TEST_ACTOR } from '../helpers/session';
import { createSyntheticProject } from '../../bench/synthetic';
import { openProjectDb, type Db } from '../../electron/db/open';
import { assignThemes, createTheme, listAnswers, starQuote } from '../../electron/db/coding-store';
import { deleteResponse, editAnswer } from '../../electron/db/response-review';
import { completeResponse, createResponse, writeAnswer } from '../../electron/db/response-store';
import { answerIndex, foldedTexts } from '../../electron/db/coding-answer-index';
import { fold } from '../../core/text/vietnamese';
import { COUNTED } from '../helpers/sql-counts';

/** The listing the plain way: SQL over every counted response, searched with fold() registered in SQLite. */
function plainListing(db: Db, surveyId: string, question: string, search = ''): { responseId: string; key: string; text: string }[] {
  db.function('test_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? fold(text) : null));
  return db
    .prepare(
      `SELECT r.uuid AS responseId, a.question_name AS key, a.value AS text FROM response r JOIN form_version v ON v.id = r.form_version_id
       JOIN answer a ON a.response_id = r.id AND (a.question_name = ? OR a.question_name LIKE ? || '[%')
       WHERE ${COUNTED} AND a.state = 'answered' AND a.value IS NOT NULL AND a.value <> '' AND instr(test_fold(a.value), ?) > 0
       ORDER BY r.number, length(a.question_name), a.question_name, r.uuid`,
    )
    .all(question, question, surveyId, fold(search)) as { responseId: string; key: string; text: string }[];
}

function project() {
  return createSyntheticProject({ file: path.join(tempDir(), 'coding.tiengnoi'), responses: 600, seed: 3 });
}

describe('coding/answers from the in-memory index', () => {
  it('lists, pages and searches exactly as a plain SQL listing does', () => {
    const made = project();
    const db = openProjectDb(made.file);
    const all = plainListing(db, made.surveyId, 'one_thing');
    expect(all.length).toBeGreaterThan(300);
    const first = listAnswers(db, { surveyId: made.surveyId, question: 'one_thing', offset: 0, limit: 50 });
    expect(first.total).toBe(all.length);
    expect(first.answers.map((a) => [a.responseId, a.key, a.text])).toEqual(all.slice(0, 50).map((a) => [a.responseId, a.key, a.text]));
    const last = listAnswers(db, { surveyId: made.surveyId, question: 'one_thing', offset: all.length - 7, limit: 50 });
    expect(last.answers.map((a) => a.responseId)).toEqual(all.slice(-7).map((a) => a.responseId));
    for (const words of ['lang nghe', 'TRƯỜNG', 'ap luc', '=)))', 'không có gì', 'xe máy']) {
      const expected = plainListing(db, made.surveyId, 'one_thing', words);
      const page = listAnswers(db, { surveyId: made.surveyId, question: 'one_thing', search: words, offset: 0, limit: 500 });
      expect(page.total, words).toBe(expected.length);
      expect(page.answers.map((a) => a.responseId), words).toEqual(expected.map((a) => a.responseId));
    }
    expect(plainListing(db, made.surveyId, 'one_thing', 'lang nghe').length).toBeGreaterThan(10);
    db.close();
  });

  it('follows edits, deletions, other connections, paper codes, themes and stars', () => {
    const made = project();
    const db = openProjectDb(made.file);
    const page = () => listAnswers(db, { surveyId: made.surveyId, question: 'worry_text', offset: 0, limit: 500 });
    const before = page();
    const [a, b, c] = before.answers;
    expect(before.total).toBe(plainListing(db, made.surveyId, 'worry_text').length);

    editAnswer(db, TEST_ACTOR, a!.responseId, 'worry_text', 'Em sợ đi qua cầu khỉ', 'typo');
    const edited = listAnswers(db, { surveyId: made.surveyId, question: 'worry_text', search: 'cau khi', offset: 0, limit: 10 });
    expect(edited.answers.map((x) => x.responseId)).toEqual([a!.responseId]);

    deleteResponse(db, TEST_ACTOR, b!.responseId, 'duplicate');
    const afterDelete = page();
    expect(afterDelete.total).toBe(before.total - 1);
    expect(afterDelete.answers.some((x) => x.responseId === b!.responseId)).toBe(false);

    const other = new Database(made.file);
    other.prepare(`UPDATE answer SET value = 'Viết từ máy khác' WHERE response_id = (SELECT id FROM response WHERE uuid = ?) AND question_name = 'worry_text'`).run(c!.responseId);
    other.prepare(`UPDATE response SET paper_code = 'P-77' WHERE uuid = ?`).run(c!.responseId);
    other.close();
    const fromOther = page().answers.find((x) => x.responseId === c!.responseId)!;
    expect(fromOther).toMatchObject({ text: 'Viết từ máy khác', paperCode: 'P-77' });

    const theme = createTheme(db, TEST_ACTOR, { surveyId: made.surveyId, question: 'worry_text', label: { vi: 'Sợ hãi' } });
    assignThemes(db, TEST_ACTOR, { surveyId: made.surveyId, question: 'worry_text', themeIds: [theme.id], answers: [{ responseId: c!.responseId, key: 'worry_text' }] });
    starQuote(db, TEST_ACTOR, { responseId: a!.responseId, key: 'worry_text' }, [], null);
    const coded = listAnswers(db, { surveyId: made.surveyId, question: 'worry_text', themeId: theme.id, offset: 0, limit: 10 });
    expect(coded).toMatchObject({ total: 1, answers: [{ responseId: c!.responseId, themeIds: [theme.id] }] });
    const uncoded = listAnswers(db, { surveyId: made.surveyId, question: 'worry_text', uncoded: true, offset: 0, limit: 500 });
    expect(uncoded.total).toBe(afterDelete.total - 1);
    expect(uncoded.answers.find((x) => x.responseId === a!.responseId)!.starred).toBe(true);
    db.close();
  });

  it('after papers typed meanwhile, reads only their answers and puts them after the others; after an older change, everything again', () => {
    const made = project();
    const db = openProjectDb(made.file);
    const { surveyId } = made;
    // The index as coding-store.ts loads it, with what each load was asked for written down.
    const loads: (number | null)[] = [];
    const index = () =>
      answerIndex(db, surveyId, 'worry_text', (after) => {
        loads.push(after);
        return plainListing(db, surveyId, 'worry_text').flatMap((a) => {
          const row = db.prepare('SELECT id, number FROM response WHERE uuid = ?').get(a.responseId) as { id: number; number: number };
          return row.id > (after ?? 0) ? [{ ...a, number: row.number }] : [];
        });
      });
    const same = () => {
      const held = index();
      expect(held.answers.map((a) => [a.responseId, a.key, a.text])).toEqual(plainListing(db, surveyId, 'worry_text').map((a) => [a.responseId, a.key, a.text]));
      return held;
    };
    const type = (text: string) => {
      const id = createResponse(db, surveyId, TEST_ACTOR);
      writeAnswer(db, id, 'worry_text', text);
      completeResponse(db, id, TEST_ACTOR);
      return id;
    };
    const lastId = () => db.prepare(`SELECT max(id) FROM response WHERE status = 'complete'`).pluck().get() as number;

    same();
    expect(foldedTexts(index()).length).toBe(index().answers.length);
    expect(loads).toEqual([null]);
    const before = lastId();
    const typed = type('Em sợ đường trơn khi trời mưa');
    const held = same();
    // Only the paper typed was read, and the search's folded texts grew with it.
    expect(loads).toEqual([null, before]);
    expect(held.answers.at(-1)!.responseId).toBe(typed);
    expect(foldedTexts(held).at(-1)).toBe(fold('Em sợ đường trơn khi trời mưa'));
    // Through coding/answers too: a search finds it.
    expect(listAnswers(db, { surveyId, question: 'worry_text', search: 'duong tron', offset: 0, limit: 10 }).answers.map((a) => a.responseId)).toContain(typed);

    // An older answer edited, then a paper typed: everything is read again.
    const first = held.answers[0]!;
    editAnswer(db, TEST_ACTOR, first.responseId, 'worry_text', 'Em sợ bị bắt nạt', 'typo');
    type('Em vui khi được hỏi');
    expect(same().answers[0]!.text).toBe('Em sợ bị bắt nạt');
    expect(loads.at(-1)).toBeNull();
    db.close();
  });
});
