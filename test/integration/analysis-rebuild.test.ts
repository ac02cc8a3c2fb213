// The fast rebuild of the analysis columns (electron/analysis/answer-reader.ts: one string per response, pages by
// uuid) must give exactly the columns the plain way gave: one row per answer from a LEFT JOIN sorted by uuid, fed
// to the same builder. The data set has what could trip it: refusals, repeats with gaps and refused instances,
// a nested repeat, "other" texts, drafts, deleted responses and second typings, values holding the separators,
// empty and NULL values, emoji, choices not in the list, and more responses than one page.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { seededRandom } from '../helpers/seeded-random';
import { q } from '../helpers/survey';
import { TEST_ACTOR } from '../helpers/session';
import { openProjectDb, type Db } from '../../electron/db/open';
import { initProject } from '../../electron/db/project-store';
import { createSurvey, latestVersion, publishSurvey } from '../../electron/db/survey-store';
import { analysisColumns, forgetColumns } from '../../electron/analysis/column-cache';
import { COUNTED_BY_ID } from '../../electron/analysis/answer-reader';
import { buildColumns, type ColumnSet, type ResponseAnswers } from '../../core/analysis/columns';
import type { Choice, SurveyContent } from '../../core/survey/model';

const list = (...names: string[]): Choice[] => names.map((name) => ({ name, label: { vi: name } }));

const SURVEY: SurveyContent = {
  title: { vi: 'Khảo sát' },
  questions: [
    q('sex', 'select_one', { listName: 'sex' }),
    q('help', 'select_multiple', { listName: 'help', orOther: true }),
    q('age', 'integer'),
    q('score', 'decimal'),
    q('story', 'text'),
    q('born', 'date'),
    q('sib', 'begin_repeat'),
    q('sib_age', 'integer'),
    q('sib_school', 'select_one', { listName: 'yesno' }),
    q('sib_note', 'text'),
    q('meal', 'begin_repeat'),
    q('meal_food', 'text'),
    q('meal_end', 'end_repeat'),
    q('sib_end', 'end_repeat'),
    q('wish', 'text'),
  ],
  choiceLists: { sex: list('f', 'm', 'x'), help: list('parents', 'teacher', 'friend'), yesno: list('yes', 'no') },
};

/** Texts that a naive joined string would misread: separators, a lone tag letter, emoji, Vietnamese, blanks. */
const ODD_TEXTS = ['Em thích đi học 😀', 'a\x1db', 'a\x1dsex\x1fam', '\x1fr', 'x\x1fy', 'r', '', ' ', 'Đường đến trường xa', 'x\x1d\x1d', '𝒜 và 🐃'];

interface Made {
  file: string;
  surveyId: string;
  counted: number;
}

/** Writes `count` seeded responses straight into a new project (as bench/synthetic.ts does, with harder data). */
function makeProject(count: number, seed: number): Made {
  const file = path.join(tempDir(), 'rebuild.tiengnoi');
  const db = openProjectDb(file, { create: true });
  initProject(db, 'Kiểm tra', TEST_ACTOR);
  const surveyId = createSurvey(db, SURVEY.title, TEST_ACTOR, SURVEY);
  publishSurvey(db, surveyId, TEST_ACTOR);
  const counted = addResponses(db, surveyId, count, seed);
  db.close();
  return { file, surveyId, counted };
}

/** Writes `count` more seeded responses through SQL, as another tool would (the triggers see them); returns how many count. */
function addResponses(db: Db, surveyId: string, count: number, seed: number): number {
  const versionId = latestVersion(db, surveyId).versionId;
  const first = (db.prepare('SELECT count(*) FROM response').pluck().get() as number) + 1;
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const insertResponse = db.prepare(
    `INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at, completed_at, deleted_at, verifies)
     VALUES (?, ?, ?, 'd1', ?, '2025-07-01T00:00:00Z', '2025-07-01T00:00:00Z', NULL, ?, ?)`,
  );
  const insertAnswer = db.prepare(`INSERT INTO answer (response_id, question_name, value, state, answered_at) VALUES ((SELECT id FROM response WHERE uuid = ?), ?, ?, ?, '2025-07-01T00:00:00Z')`);
  let counted = 0;
  db.transaction(() => {
    let previous: string | null = null;
    for (let n = first; n < first + count; n++) {
      const uuid = `${Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const verifies = previous !== null && random() < 0.03 ? previous : null;
      const deleted = random() < 0.03 ? '2025-07-02T00:00:00Z' : null;
      const status = random() < 0.05 ? 'draft' : 'complete';
      insertResponse.run(uuid, versionId, n, status, deleted, verifies);
      if (status === 'complete' && !deleted && !verifies) counted++;
      previous = uuid;
      // About 1 in 40 responses has no answer at all.
      if (random() < 0.025) continue;
      const answer = (key: string, value: string | null) => {
        if (random() < 0.06) insertAnswer.run(uuid, key, null, 'refused');
        else insertAnswer.run(uuid, key, value, 'answered');
      };
      if (random() < 0.9) answer('sex', random() < 0.02 ? 'old_code' : pick(['f', 'm', 'x']));
      if (random() < 0.8) {
        const ticked = ['parents', 'teacher', 'friend', 'other', 'extra_1'].filter(() => random() < 0.35);
        answer('help', ticked.join(random() < 0.5 ? ' ' : '  '));
        if (ticked.includes('other')) answer('help_other', pick(ODD_TEXTS));
      }
      if (random() < 0.85) answer('age', pick(['8', '12', '17', ' 14 ', 'mười', '', '1e1']));
      if (random() < 0.7) answer('score', random() < 0.1 ? null : String(Math.round(random() * 100) / 10));
      if (random() < 0.6) answer('story', pick(ODD_TEXTS));
      if (random() < 0.5) answer('born', '2012-03-04');
      if (random() < 0.6) {
        const stored = Math.floor(random() * 4);
        if (stored > 0 || random() < 0.3) answer('sib', String(stored));
        // Instances beyond the stored count (a gap, or a count never stored) must still get entries.
        const highest = stored + (random() < 0.2 ? 2 : 0);
        for (let i = 1; i <= highest; i++) {
          if (random() < 0.2) continue;
          answer(`sib_age[${i}]`, String(5 + Math.floor(random() * 12)));
          if (random() < 0.7) answer(`sib_school[${i}]`, pick(['yes', 'no', 'maybe']));
          if (random() < 0.3) answer(`sib_note[${i}]`, pick(ODD_TEXTS));
          if (random() < 0.3) answer(`meal_food[${i}][1]`, 'cơm');
        }
      }
      if (random() < 0.4) answer('wish', pick(ODD_TEXTS));
    }
  })();
  return counted;
}

/** The columns the plain way: one row per answer, sorted by id, grouped into responses (the code before the fast path). */
function plainColumns(db: Db, made: Made): ColumnSet {
  const rows = db
    .prepare(
      `SELECT r.uuid, a.question_name, a.value, a.state FROM response r
       JOIN form_version v ON v.id = r.form_version_id
       LEFT JOIN answer a ON a.response_id = r.id
       WHERE v.form_id = ? AND r.status = 'complete' AND r.deleted_at IS NULL AND r.verifies IS NULL
       ORDER BY r.id`,
    )
    .raw()
    .all(made.surveyId) as [string, string | null, string | null, string][];
  const responses: ResponseAnswers[] = [];
  let current: string | null = null;
  for (const [uuid, key, value, state] of rows) {
    if (uuid !== current) {
      responses.push({ answers: {}, refused: [] });
      current = uuid;
    }
    if (key === null) continue;
    const response = responses.at(-1)! as { answers: Record<string, string | null>; refused: string[] };
    if (state === 'refused') response.refused.push(key);
    else response.answers[key] = value;
  }
  return buildColumns(SURVEY, responses);
}

function expectSameColumns(actual: ColumnSet, expected: ColumnSet): void {
  expect(actual.responseCount).toBe(expected.responseCount);
  expect([...actual.columns.keys()].sort()).toEqual([...expected.columns.keys()].sort());
  for (const [name, column] of expected.columns) expect(actual.columns.get(name), name).toEqual(column);
  expect(actual.repeats).toEqual(expected.repeats);
}

describe('fast rebuild of the analysis columns', () => {
  it('gives the same columns as the plain way, over several pages, in memory and from the BLOBs', () => {
    const made = makeProject(4500, 11);
    const db = openProjectDb(made.file);
    const expected = plainColumns(db, made);
    expect(expected.responseCount).toBe(made.counted);
    // The data set really holds what it is meant to test.
    expect(made.counted).toBeGreaterThan(3500);
    expect(expected.repeats.get('sib')!.length).toBeGreaterThan(made.counted);
    // Answers holding the separator are read again row by row: the other answers of their responses stay right.
    expect(db.prepare(`SELECT count(*) FROM answer WHERE question_name = 'story' AND value = 'a\x1db'`).pluck().get()).toBeGreaterThan(0);

    const built = analysisColumns(db, made.surveyId);
    expect(built.report.rebuilt).toBe(expected.columns.size);
    expectSameColumns(built.set, expected);
    forgetColumns(db);
    const cold = analysisColumns(db, made.surveyId);
    expect(cold.report.fromFile).toBe(expected.columns.size);
    expectSameColumns(cold.set, expected);
    db.close();
  });

  it('rebuilds a few edited questions by seeking their keys, and a repeat with all of its answers, to the same columns', () => {
    const made = makeProject(2600, 5);
    const db = openProjectDb(made.file);
    analysisColumns(db, made.surveyId);
    // Edits through SQL (as another tool would), to top-level questions and to one repeat instance.
    db.prepare(`UPDATE answer SET value = 'm' WHERE question_name = 'sex' AND value = 'f' AND response_id IN (SELECT id FROM response WHERE substr(uuid, -1) IN ('0', '3', '6'))`).run();
    db.prepare(`UPDATE answer SET value = 'a\x1dstill one answer' WHERE question_name = 'wish' AND value = 'r'`).run();
    db.prepare(`DELETE FROM answer WHERE question_name = 'sib_school[2]' AND value = 'no'`).run();
    const after = analysisColumns(db, made.surveyId);
    // sex and wish (sought by key), and the three columns of the repeat sib (read whole).
    expect(after.report.rebuilt).toBe(5);
    expectSameColumns(after.set, plainColumns(db, made));
    db.close();
  });

  it('extends the columns with the responses added since they were built, in memory and from the file, to the columns a rebuild gives', () => {
    const made = makeProject(2600, 5);
    const db = openProjectDb(made.file);
    const all = analysisColumns(db, made.surveyId).set.columns.size;
    // A few responses (drafts, deletions and second typings among them): the columns held in memory are extended.
    const few = addResponses(db, made.surveyId, 60, 21);
    const warm = analysisColumns(db, made.surveyId);
    expect(warm.report).toMatchObject({ extended: few, rebuilt: 0 });
    expectSameColumns(warm.set, plainColumns(db, made));
    // Too few to be worth saving: a cold open extends the stored columns again.
    forgetColumns(db);
    const cold = analysisColumns(db, made.surveyId);
    expect(cold.report).toMatchObject({ extended: few, rebuilt: 0, writeMs: 0 });
    expectSameColumns(cold.set, plainColumns(db, made));
    // Many more: the extended columns are saved, and open from the file at once.
    const many = addResponses(db, made.surveyId, 500, 22);
    expect(analysisColumns(db, made.surveyId).report).toMatchObject({ extended: many, rebuilt: 0 });
    forgetColumns(db);
    const saved = analysisColumns(db, made.surveyId);
    expect(saved.report).toMatchObject({ fromFile: all, extended: 0, rebuilt: 0 });
    expectSameColumns(saved.set, plainColumns(db, made));
    db.close();
  });

  it('rebuilds instead when a response the columns hold changed or went, and extends again afterwards', () => {
    const made = makeProject(1200, 8);
    const db = openProjectDb(made.file);
    const columns = () => analysisColumns(db, made.surveyId);
    const all = columns().set.columns.size;
    const oldest = (where: string) => db.prepare(`SELECT id FROM response WHERE ${where} ORDER BY id LIMIT 1`).pluck().get() as number;
    const counted = `status = 'complete' AND deleted_at IS NULL AND verifies IS NULL`;

    // An old answer edited: only its question is rebuilt; the others are as of now too, so new responses extend them all.
    db.prepare(`UPDATE answer SET value = 'x' WHERE question_name = 'sex' AND response_id = ?`).run(oldest(`${counted} AND id IN (SELECT response_id FROM answer WHERE question_name = 'sex')`));
    expect(columns().report.rebuilt).toBe(1);
    addResponses(db, made.surveyId, 20, 31);
    expect(columns().report).toMatchObject({ rebuilt: 0 });
    expect(columns().report.fromMemory).toBe(all);
    forgetColumns(db);
    expect(columns().report.rebuilt).toBe(0);

    const changes: [string, () => void][] = [
      ['an old draft completed', () => db.prepare(`UPDATE response SET status = 'complete' WHERE id = ?`).run(oldest(`status = 'draft' AND deleted_at IS NULL AND verifies IS NULL`))],
      ['an old response deleted', () => db.prepare(`UPDATE response SET deleted_at = '2025-08-01T00:00:00Z' WHERE id = ?`).run(oldest(counted))],
      ['an old answer removed with a response added', () => {
        db.prepare(`DELETE FROM answer WHERE response_id = ? AND question_name = 'age'`).run(oldest(`${counted} AND id IN (SELECT response_id FROM answer WHERE question_name = 'age')`));
        addResponses(db, made.surveyId, 5, 32);
      }],
      ['the newest response removed', () => {
        const last = db.prepare(`SELECT max(id) FROM response WHERE ${counted}`).pluck().get() as number;
        db.prepare('DELETE FROM answer WHERE response_id = ?').run(last);
        db.prepare('DELETE FROM response WHERE id = ?').run(last);
      }],
    ];
    for (const [what, change] of changes) {
      change();
      const after = columns();
      expect(after.report, what).toMatchObject({ extended: 0, rebuilt: all });
      expectSameColumns(after.set, plainColumns(db, made));
      // And from there, responses added later extend the columns again.
      const added = addResponses(db, made.surveyId, 10, what.length);
      expect(columns().report, what).toMatchObject({ extended: added, rebuilt: 0 });
    }
    expectSameColumns(columns().set, plainColumns(db, made));
    db.close();
  });

  it('walks the responses in id order through the primary key, with no sort', () => {
    const made = makeProject(10, 3);
    const db = openProjectDb(made.file);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT r.id ${COUNTED_BY_ID}`).all(0, made.surveyId, 10) as { detail: string }[]).map((r) => r.detail);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    expect(plan[0]).toMatch(/^SEARCH r USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    db.close();
  });
});
