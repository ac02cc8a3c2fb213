import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { call, newSession, TEST_ACTOR } from '../helpers/session';
import { createSyntheticProject } from '../../bench/synthetic';
import { openProjectDb, migrate, type Db } from '../../electron/db/open';
import { migrations } from '../../electron/db/migrations';
import { dumpSchema } from '../../electron/db/schema-dump';
import { analysisColumns, forgetColumns } from '../../electron/analysis/column-cache';
import { parseFilterExpression, FilterExpressionError } from '../../electron/analysis/filter-expression';
import { deleteResponse, editAnswer } from '../../electron/db/response-review';
import { singleChoiceFrequency } from '../../core/analysis/frequencies';
import { expectKind } from '../../core/analysis/columns';
import type { AnalysisTable } from '../../core/api/analysis';
import { COUNTED, sqlCounts } from '../helpers/sql-counts';

function project(responses = 400, seed = 7) {
  const dir = tempDir();
  return createSyntheticProject({ file: path.join(dir, 'synthetic.tiengnoi'), responses, seed });
}

function sqlCross(db: Db, surveyId: string, question: string, by: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT a.value AS value, b.value AS byValue, count(*) AS n FROM response r JOIN form_version v ON v.id = r.form_version_id
       JOIN answer a ON a.response_id = r.id AND a.question_name = ? AND a.state = 'answered'
       JOIN answer b ON b.response_id = r.id AND b.question_name = ? AND b.state = 'answered'
       WHERE ${COUNTED} GROUP BY 1, 2`,
    )
    .all(question, by, surveyId) as { value: string; byValue: string; n: number }[];
  return new Map(rows.map((r) => [`${r.value}|${r.byValue}`, r.n]));
}

function counted(db: Db, surveyId: string): number {
  return db.prepare(`SELECT count(*) FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${COUNTED}`).pluck().get(surveyId) as number;
}

/** Every shown count is 0 or at least k; every hidden one is null; no sum has exactly one hidden part. */
function expectProtected(table: AnalysisTable, k: number): void {
  const all = [...table.cells, ...table.rowTotals, ...table.columnTotals, ...table.layerTotals, ...Object.values(table.totals), table.filtered];
  for (const c of all) {
    if (c.suppressed) expect(c.count).toBeNull();
    else expect(c.count === 0 || c.count! >= k, `count ${c.count}`).toBe(true);
  }
  if (table.kind !== 'crosstab') return;
  for (const row of table.rowTotals) {
    const parts = table.cells.filter((c) => c.value === row.value && c.layer === row.layer);
    const hidden = parts.filter((c) => c.suppressed).length + (row.suppressed ? 1 : 0);
    expect(hidden === 0 || hidden >= 2).toBe(true);
  }
  for (const col of table.columnTotals) {
    const parts = table.cells.filter((c) => c.by === col.by && c.layer === col.layer);
    const hidden = parts.filter((c) => c.suppressed).length + (col.suppressed ? 1 : 0);
    expect(hidden === 0 || hidden >= 2).toBe(true);
  }
}

describe('analysis column cache', () => {
  it('builds columns matching SQLite, saves them as BLOBs and opens cold from them', () => {
    const made = project();
    const db = openProjectDb(made.file);
    const first = analysisColumns(db, made.surveyId);
    expect(first.report.rebuilt).toBe(first.set.columns.size);
    expect(first.set.responseCount).toBe(counted(db, made.surveyId));
    expect(first.set.responseCount).toBe(made.complete);
    const stored = db.prepare('SELECT count(*) FROM analysis_column WHERE form_id = ?').pluck().get(made.surveyId);
    expect(stored).toBe(first.set.columns.size);

    const expected = sqlCounts(db, made.surveyId, 'province');
    const freq = singleChoiceFrequency(expectKind(first.set.columns.get('province')!, 'single'));
    for (const row of freq.rows) expect(row.count, row.value).toBe(expected.get(row.value) ?? 0);

    forgetColumns(db);
    const cold = analysisColumns(db, made.surveyId);
    expect(cold.report).toMatchObject({ fromFile: first.set.columns.size, rebuilt: 0, fromMemory: 0 });
    const again = singleChoiceFrequency(expectKind(cold.set.columns.get('province')!, 'single'));
    expect(again.rows.map((r) => r.count)).toEqual(freq.rows.map((r) => r.count));
    expect(analysisColumns(db, made.surveyId).report.fromMemory).toBe(first.set.columns.size);
    db.close();
  });

  it('rebuilds only the edited question after editAnswer, and everything after a delete', () => {
    const made = project();
    const db = openProjectDb(made.file);
    analysisColumns(db, made.surveyId);
    const uuid = db
      .prepare(`SELECT r.uuid FROM answer a JOIN response r ON r.id = a.response_id WHERE a.question_name = 'sex' AND a.value = 'boy' AND r.status = 'complete' AND r.deleted_at IS NULL AND r.verifies IS NULL LIMIT 1`)
      .pluck()
      .get() as string;
    const girlsBefore = sqlCounts(db, made.surveyId, 'sex').get('girl')!;
    editAnswer(db, TEST_ACTOR, uuid, 'sex', 'girl', 'typo');
    const after = analysisColumns(db, made.surveyId);
    expect(after.report.rebuilt).toBe(1);
    const sex = singleChoiceFrequency(expectKind(after.set.columns.get('sex')!, 'single'));
    expect(sex.rows.find((r) => r.value === 'girl')!.count).toBe(girlsBefore + 1);
    // The file's BLOB was refreshed too: a cold open agrees.
    forgetColumns(db);
    const cold = analysisColumns(db, made.surveyId);
    expect(cold.report.rebuilt).toBe(0);
    expect(singleChoiceFrequency(expectKind(cold.set.columns.get('sex')!, 'single')).rows.find((r) => r.value === 'girl')!.count).toBe(girlsBefore + 1);

    const before = cold.set.responseCount;
    deleteResponse(db, TEST_ACTOR, uuid, 'duplicate');
    const deleted = analysisColumns(db, made.surveyId);
    expect(deleted.report.rebuilt).toBe(deleted.set.columns.size);
    expect(deleted.set.responseCount).toBe(before - 1);
    expect(singleChoiceFrequency(expectKind(deleted.set.columns.get('sex')!, 'single')).rows.find((r) => r.value === 'girl')!.count).toBe(girlsBefore);
    db.close();
  });

  it('notices answers written by another SQLite connection (triggers)', () => {
    const made = project(200);
    const db = openProjectDb(made.file);
    const first = analysisColumns(db, made.surveyId);
    const other = new Database(made.file);
    other.prepare(`UPDATE answer SET value = '1' WHERE question_name = 'assent'`).run();
    other.close();
    const after = analysisColumns(db, made.surveyId);
    expect(after.report.rebuilt).toBe(1);
    const assent = singleChoiceFrequency(expectKind(after.set.columns.get('assent')!, 'single'));
    expect(assent.rows.find((r) => r.value === '1')!.count).toBe(assent.answered);
    expect(first.set.columns.get('assent')).not.toBe(after.set.columns.get('assent'));
    db.close();
  });

  it('records migration 5 in docs/schema/v0005.sql', () => {
    const db = new Database(':memory:');
    migrate(db, 0, 5);
    const recorded = fs.readFileSync(new URL('../../docs/schema/v0005.sql', import.meta.url), 'utf8');
    expect(dumpSchema(db)).toBe(recorded);
    expect(recorded).toContain('CREATE TABLE analysis_column');
    expect(migrations.at(-1)!.version).toBeGreaterThanOrEqual(5);
    db.close();
  });
});

describe('analysis API', () => {
  it('gives protected tables that agree with SQLite, with settings per project', async () => {
    const made = project(500);
    const session = newSession();
    session.open(made.file);
    const table = await call(session, 'analysis/table', { surveyId: made.surveyId, question: 'safe_school', by: 'sex' });
    const expected = sqlCross(session.db, made.surveyId, 'safe_school', 'sex');
    let compared = 0;
    for (const cell of table.cells) {
      const truth = expected.get(`${cell.value}|${cell.by}`) ?? 0;
      if (cell.count !== null) {
        expect(cell.count).toBe(truth);
        compared++;
      } else expect(cell.suppressed).toBe(true);
    }
    expect(compared).toBeGreaterThan(10);
    expectProtected(table, 5);
    expect(table.n).toBe([...expected.values()].reduce((a, b) => a + b, 0));

    // A province filter makes the table small: cells hide, totals too when needed.
    const small = await call(session, 'analysis/table', {
      surveyId: made.surveyId,
      question: 'safe_school',
      by: 'sex',
      filter: [{ type: 'choice', question: 'province', values: ['01', '04'] }],
    });
    expect(small.note.hidden).toBeGreaterThan(0);
    expectProtected(small, 5);
    expect(small.chiSquare[0]!.pValue).toBeNull();

    expect(await call(session, 'analysis/settings', {})).toEqual({ minCell: 5 });
    expect(await call(session, 'analysis/settings', { minCell: 12 })).toEqual({ minCell: 12 });
    // The same k again changes nothing: one row in the audit trail, saying who changed it and from what.
    expect(await call(session, 'analysis/settings', { minCell: 12 })).toEqual({ minCell: 12 });
    const changes = session.db.prepare(`SELECT actor, entity, detail FROM audit_log WHERE action = 'setMinCell'`).all() as { actor: string; entity: string; detail: string }[];
    expect(changes.map((c) => ({ ...c, detail: JSON.parse(c.detail) }))).toEqual([{ actor: session.actor.name, entity: 'project', detail: { from: 5, to: 12 } }]);
    const strict = await call(session, 'analysis/table', { surveyId: made.surveyId, question: 'safe_school', by: 'sex' });
    expect(strict.note.k).toBe(12);
    expectProtected(strict, 12);
    expect(strict.note.hidden).toBeGreaterThanOrEqual(table.note.hidden);

    const freq = await call(session, 'analysis/table', { surveyId: made.surveyId, question: 'where_help' });
    expect(freq.kind).toBe('frequency');
    expect(freq.totals.ticks).toBeDefined();
    const three = await call(session, 'analysis/table', { surveyId: made.surveyId, question: 'happy', by: 'sex', layer: 'age', buckets: { age: [{ from: 8, to: 11 }, { from: 12, to: 14 }, { from: 15, to: 17 }] } });
    expect(three.layerTotals).toHaveLength(3);
    expectProtected(three, 12);

    const numeric = await call(session, 'analysis/numeric', { surveyId: made.surveyId, question: 'age' });
    const ages = session.db
      .prepare(`SELECT CAST(a.value AS REAL) FROM response r JOIN form_version v ON v.id = r.form_version_id JOIN answer a ON a.response_id = r.id AND a.question_name = 'age' AND a.state = 'answered' WHERE ${COUNTED}`)
      .pluck()
      .all(made.surveyId) as number[];
    expect(numeric.n.count).toBe(ages.length);
    expect(numeric.mean).toBeCloseTo(ages.reduce((a, b) => a + b, 0) / ages.length, 9);
    for (const bin of numeric.histogram.bins) expect(bin.count === null || bin.count === 0 || bin.count >= 12).toBe(true);

    const sex = await call(session, 'analysis/table', { surveyId: made.surveyId, question: 'sex' });
    expect(sex.totals.total!.count).toBe(counted(session.db, made.surveyId));

    const refused = await (await import('../../electron/api/dispatch')).dispatch('analysis/table', { surveyId: made.surveyId, question: 'one_thing' }, { session, lang: 'vi' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('analysis.notAnalysable');
      expect(refused.error.message).toContain('one_thing');
    }
    const unknown = await (await import('../../electron/api/dispatch')).dispatch('analysis/table', { surveyId: made.surveyId, question: 'age', by: 'sex' }, { session, lang: 'en' });
    expect(!unknown.ok && unknown.error.code).toBe('analysis.needsBuckets');
    session.dispose();
  });
});

describe('filter expressions', () => {
  const kinds: Record<string, 'single' | 'multiple' | 'numeric' | 'text'> = { province: 'single', age: 'numeric', worries: 'multiple', story: 'text' };
  const parse = (text: string) => parseFilterExpression(text, (name) => kinds[name] ?? null);
  const refusal = (text: string) => {
    try {
      parse(text);
    } catch (error) {
      if (error instanceof FilterExpressionError) return error;
      throw error;
    }
    throw new Error(`accepted: ${text}`);
  };

  it('reads XLSForm conditions joined by and', () => {
    expect(parse("${province} = '10' and ${age} >= 12 and selected(${worries}, 'online')")).toEqual([
      { type: 'choice', question: 'province', values: ['10'], negate: false },
      { type: 'range', question: 'age', min: 12 },
      { type: 'choice', question: 'worries', values: ['online'] },
    ]);
    expect(parse("not(${province} = '10')")).toEqual([{ type: 'choice', question: 'province', values: ['10'], negate: true }]);
    const above = parse('${age} > 12')[0] as { min: number };
    expect(above.min).toBeGreaterThan(12);
    expect(above.min).toBeLessThan(12.000001);
    expect(parse("${age} = ''")).toEqual([{ type: 'state', question: 'age', state: 'notAsked', negate: false }]);
  });

  it('refuses what it does not understand, naming the part', () => {
    expect(refusal("${province} = '10' or ${age} > 3")).toMatchObject({ part: expect.stringContaining('or'), hint: 'analysis.filter.hintOr' });
    expect(refusal('${nothing} = 1')).toMatchObject({ part: expect.stringContaining('${nothing}'), hint: 'analysis.filter.hintUnknown' });
    expect(refusal("${worries} = 'online'").hint).toBe('analysis.filter.hintMultiple');
    expect(refusal("count-selected(${worries}) > 2").part).toContain('count-selected');
    expect(refusal("${age} >= 'old'").hint).toBe('analysis.filter.hintNumber');
    expect(refusal("${story} = 'x'").hint).toBe('analysis.filter.hintUnknown');
  });
});

describe('tiengnoi stats', () => {
  const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tiengnoi.mjs');
  const cli = (args: string[], lang = 'en') => {
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, TIENGNOI_CONFIG_DIR: tempDir(), TIENGNOI_LANG: lang } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('prints the JSON shape with null for hidden counts, and a readable table', () => {
    const made = project(300);
    const json = cli(['stats', made.file, '--question', 'safe_school', '--by', 'sex', '--filter', "${age} >= 12", '--json']);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { question: string; by: string; n: number | null; cells: { value: string; by: string | null; count: number | null; suppressed: boolean }[] };
    expect(out.question).toBe('safe_school');
    expect(out.by).toBe('sex');
    expect(out.cells.length).toBe(6 * 4);
    for (const cell of out.cells) {
      expect(Object.keys(cell)).toEqual(expect.arrayContaining(['value', 'by', 'count', 'suppressed']));
      if (cell.suppressed) expect(cell.count).toBeNull();
      else expect(cell.count === 0 || cell.count! >= 5).toBe(true);
    }
    expect(out.cells.some((c) => c.suppressed)).toBe(true);
    const db = openProjectDb(made.file);
    const truth = db
      .prepare(
        `SELECT count(*) FROM response r JOIN form_version v ON v.id = r.form_version_id
         JOIN answer s ON s.response_id = r.id AND s.question_name = 'safe_school' AND s.state = 'answered'
         JOIN answer x ON x.response_id = r.id AND x.question_name = 'sex' AND x.state = 'answered'
         JOIN answer a ON a.response_id = r.id AND a.question_name = 'age' AND a.state = 'answered' AND CAST(a.value AS INTEGER) >= 12
         WHERE ${COUNTED}`,
      )
      .pluck()
      .get(made.surveyId);
    db.close();
    expect(out.n).toBe(truth);

    const human = cli(['stats', made.file, '--question', 'sex', '--lang', 'vi'], 'vi');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Con gái');
    expect(human.stdout).toMatch(/Bảo vệ ô nhỏ/);
    // percentages written as Vietnamese writes them: 25,3 not 25.3
    expect(human.stdout).toMatch(/ \d{1,3},\d$/m);
    expect(human.stdout).not.toMatch(/ \d{1,3}\.\d$/m);
    const freq = JSON.parse(cli(['stats', made.file, '--question', 'sex', '--json']).stdout);
    expect(freq.by).toBeNull();
    expect(freq.cells.every((c: { by: unknown }) => c.by === null)).toBe(true);
  });

  it('refuses a filter it does not understand, in either language, with exit 1', () => {
    const made = project(100);
    const en = cli(['stats', made.file, '--question', 'sex', '--filter', "${age} > 3 or ${sex} = 'girl'"]);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('The filter is not understood at "or');
    const vi = cli(['stats', made.file, '--question', 'sex', '--filter', '${tuoi} > 3'], 'vi');
    expect(vi.code).toBe(1);
    expect(vi.stderr).toContain('Không hiểu bộ lọc ở phần "${tuoi}');
    const missing = cli(['stats', made.file, '--question', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no question nope');
    expect(cli(['stats', '--help']).stdout).toContain('tiengnoi stats FILE --question Q');
  });
});
