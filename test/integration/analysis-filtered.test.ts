import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { call, newSession } from '../helpers/session';
import { derivableHiddenEntries } from '../helpers/suppression-check';
import { createSyntheticProject } from '../../bench/synthetic';
import type { Db } from '../../electron/db/open';
import type { AnalysisTable } from '../../core/api/analysis';
import { COUNTED } from '../helpers/sql-counts';

const K = 5;

/**
 * Independent counts from SQLite: the counted responses with the given answers (the filter), and of those the ones
 * that answered both questions of the table.
 */
function filteredCounts(db: Db, surveyId: string, conditions: [string, string][], question: string, by: string): { responses: number; inTable: number } {
  const joins = conditions.map((_, i) => `JOIN answer f${i} ON f${i}.response_id = r.id AND f${i}.question_name = ? AND f${i}.state = 'answered' AND f${i}.value = ?`).join(' ');
  const base = `FROM response r JOIN form_version v ON v.id = r.form_version_id ${joins}`;
  const params = conditions.flat();
  const responses = db.prepare(`SELECT count(*) ${base} WHERE ${COUNTED}`).pluck().get(...params, surveyId) as number;
  const inTable = db
    .prepare(
      `SELECT count(*) ${base}
       JOIN answer a ON a.response_id = r.id AND a.question_name = ? AND a.state = 'answered'
       JOIN answer b ON b.response_id = r.id AND b.question_name = ? AND b.state = 'answered' WHERE ${COUNTED}`,
    )
    .pluck()
    .get(...params, question, by, surveyId) as number;
  return { responses, inTable };
}

/** A 2-way table from the API in the layout of the checker (no layers: the grand total is the layer's total). */
function published(table: AnalysisTable) {
  const [rows, columns] = table.dimensions;
  return {
    rowCount: rows!.categories.length,
    columnCount: columns!.categories.length,
    layerCount: 1,
    cells: table.cells,
    rowTotals: table.rowTotals,
    columnTotals: table.columnTotals,
    layerTotals: [table.totals.total!],
    total: table.totals.total!,
    excluded: table.totals.excluded!,
    filtered: table.filtered,
  };
}

describe('the count under the filter, published with every view', () => {
  it('is the same in every view of a filter, hidden only under k, and with it no hidden count can be worked out', async () => {
    const made = createSyntheticProject({ file: path.join(tempDir(), 'synthetic.tiengnoi'), responses: 600, seed: 11 });
    const session = newSession();
    session.open(made.file);
    const db = session.db;
    const valuesOf = (question: string) =>
      db.prepare(`SELECT DISTINCT a.value FROM answer a WHERE a.question_name = ? AND a.state = 'answered' ORDER BY a.value`).pluck().all(question) as string[];
    // Each province, and each province's children of one grade: some of those are fewer than k.
    const grade = valuesOf('grade')[0]!;
    const filters: [string, string][][] = valuesOf('province').flatMap((p) => [[['province', p]], [['province', p], ['grade', grade]]] as [string, string][][]);
    const surveyId = made.surveyId;

    let fewLeftOut = 0;
    let fewChildren = 0;
    for (const conditions of filters) {
      const label = conditions.map((c) => c.join('=')).join(' & ');
      const filter = conditions.map(([question, value]) => ({ type: 'choice' as const, question, values: [value] }));
      const truth = filteredCounts(db, surveyId, conditions, 'safe_school', 'sex');
      const frequency = await call(session, 'analysis/table', { surveyId, question: 'area', filter });
      const cross = await call(session, 'analysis/table', { surveyId, question: 'safe_school', by: 'sex', filter });
      const numeric = await call(session, 'analysis/numeric', { surveyId, question: 'age', filter });

      // One number, one mark, whichever view prints it.
      const expected = truth.responses > 0 && truth.responses < K ? { count: null, suppressed: true, reason: 'primary' } : { count: truth.responses, suppressed: false, reason: null };
      expect(frequency.filtered, label).toEqual(expected);
      expect(cross.filtered, label).toEqual(expected);
      expect(frequency.totals.total, label).toEqual(expected);
      expect(numeric.total, label).toEqual(expected);

      // Nothing hidden follows from the table's sums with the filtered count among them.
      expect(derivableHiddenEntries(published(cross)), label).toEqual([]);
      for (const c of [...cross.cells, ...cross.rowTotals, ...cross.columnTotals, ...Object.values(cross.totals)]) {
        expect(c.count === null || c.count === 0 || c.count >= K, label).toBe(true);
      }
      const excluded = truth.responses - truth.inTable;
      if (truth.responses >= K && excluded > 0 && excluded < K) {
        // filtered − n would be the few left out: n goes.
        fewLeftOut++;
        expect(cross.totals.excluded!.reason, label).toBe('primary');
        expect(cross.n, label).toBeNull();
        expect(cross.totals.total!.suppressed, label).toBe(true);
      } else if (cross.n !== null) {
        // (It may still be hidden as a complement, when every line of a small table is.)
        expect(cross.n, label).toBe(truth.inTable);
      }
      if (truth.responses > 0 && truth.responses < K) {
        fewChildren++;
        // A view of fewer than k children shows no count at all, zeros included: shown zeros would tell which
        // hidden cells hold a child, and a few such cells under a total below k are one child each.
        for (const view of [frequency, cross]) {
          for (const c of [...view.cells, ...view.rowTotals, ...view.columnTotals, ...Object.values(view.totals)]) expect(c, label).toMatchObject({ count: null, reason: 'primary' });
          expect(view.cells.every((c) => c.percent === null && c.percentOther === null), label).toBe(true);
          expect(view.n, label).toBeNull();
        }
        for (const key of ['n', 'refused', 'notAsked', 'unreadable'] as const) expect(numeric[key].count, label).toBeNull();
      }
    }
    // The data holds both cases, so the checks above were not vacuous.
    expect(fewLeftOut).toBeGreaterThan(0);
    expect(fewChildren).toBeGreaterThan(0);
    session.dispose();
  });

  it('reads a k under 3 stored by an older version as 3, and refuses to set one', async () => {
    const made = createSyntheticProject({ file: path.join(tempDir(), 'synthetic.tiengnoi'), responses: 20, seed: 3 });
    const session = newSession();
    session.open(made.file);
    session.db.prepare(`INSERT INTO analysis_setting (key, value) VALUES ('min_cell', '2')`).run();
    expect(await call(session, 'analysis/settings', {})).toEqual({ minCell: 3 });
    const table = await call(session, 'analysis/table', { surveyId: made.surveyId, question: 'sex' });
    expect(table.note.k).toBe(3);
    const refused = await call(session, 'analysis/settings', { minCell: 2 }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/badInput/);
    session.dispose();
  });
});
