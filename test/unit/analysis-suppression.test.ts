import { describe, expect, it } from 'vitest';
import type { CrossTab } from '../../core/analysis/crosstab';
import {
  protectCrossTab,
  protectedCellPercentages,
  protectLikert,
  protectMultipleChoiceFrequency,
  protectSingleChoiceFrequency,
  type ProtectedCount,
  type ProtectedCrossTab,
} from '../../core/analysis/protect';
import { DEFAULT_MIN_CELL } from '../../core/analysis/suppression';
import type { MultipleChoiceFrequency, SingleChoiceFrequency } from '../../core/analysis/frequencies';
import type { LikertSummary } from '../../core/analysis/likert';

/** A table of layers of rows of counts, with totals added up the plain way. */
function tableOf(layers: number[][][]): CrossTab {
  const L = layers.length;
  const R = layers[0]!.length;
  const C = layers[0]![0]!.length;
  const cells = Uint32Array.from(layers.flat(2));
  const rowTotals = Uint32Array.from(layers.flatMap((rows) => rows.map((row) => row.reduce((a, b) => a + b, 0))));
  const columnTotals = Uint32Array.from(layers.flatMap((rows) => rows[0]!.map((_, c) => rows.reduce((sum, row) => sum + row[c]!, 0))));
  const layerTotals = Uint32Array.from(layers.map((rows) => rows.flat().reduce((a, b) => a + b, 0)));
  const total = layerTotals.reduce((a, b) => a + b, 0);
  const info = (n: number, prefix: string) => ({ question: prefix, kind: 'single' as const, categories: Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}`, inList: true })) });
  return {
    rows: info(R, 'r'),
    columns: info(C, 'c'),
    layers: L > 1 ? info(L, 'l') : null,
    rowCount: R,
    columnCount: C,
    layerCount: L,
    cells,
    rowTotals,
    columnTotals,
    layerTotals,
    total,
    masked: total,
    excluded: 0,
    additive: true,
  };
}

/** The published numbers as a grid with totals: a number, "<k" for primary, "x" for complementary. */
function grid(p: ProtectedCrossTab, layer = 0): string[][] {
  const show = (c: ProtectedCount) => (c.count !== null ? String(c.count) : c.reason === 'primary' ? '<k' : 'x');
  const { rowCount: R, columnCount: C } = p;
  const rows = Array.from({ length: R }, (_, r) => [...Array.from({ length: C }, (_, c) => show(p.cells[(layer * R + r) * C + c]!)), show(p.rowTotals[layer * R + r]!)]);
  rows.push([...Array.from({ length: C }, (_, c) => show(p.columnTotals[layer * C + c]!)), show(p.layerTotals[layer]!)]);
  return rows;
}

/**
 * The independent check: each published sum (row, column, margins, layers) is a linear equation in the hidden
 * counts. A hidden count can be worked out exactly when its unit vector lies in the span of those equations,
 * that is when adding it does not raise the rank. Plain Gaussian elimination, written apart from the engine.
 */
function derivableHiddenEntries(table: CrossTab, p: ProtectedCrossTab): string[] {
  const { rowCount: R, columnCount: C, layerCount: L } = table;
  type Entry = { name: string; hidden: boolean };
  const cell = (l: number, r: number, c: number): Entry => ({ name: `cell ${l}/${r}/${c}`, hidden: p.cells[(l * R + r) * C + c]!.suppressed });
  const rowTotal = (l: number, r: number): Entry => ({ name: `row total ${l}/${r}`, hidden: p.rowTotals[l * R + r]!.suppressed });
  const columnTotal = (l: number, c: number): Entry => ({ name: `column total ${l}/${c}`, hidden: p.columnTotals[l * C + c]!.suppressed });
  const layerTotal = (l: number): Entry => ({ name: `layer total ${l}`, hidden: p.layerTotals[l]!.suppressed });
  const equations: { plus: Entry[]; minus: Entry }[] = [];
  for (let l = 0; l < L; l++) {
    for (let r = 0; r < R; r++) equations.push({ plus: Array.from({ length: C }, (_, c) => cell(l, r, c)), minus: rowTotal(l, r) });
    for (let c = 0; c < C; c++) equations.push({ plus: Array.from({ length: R }, (_, r) => cell(l, r, c)), minus: columnTotal(l, c) });
    equations.push({ plus: Array.from({ length: R }, (_, r) => rowTotal(l, r)), minus: layerTotal(l) });
    equations.push({ plus: Array.from({ length: C }, (_, c) => columnTotal(l, c)), minus: layerTotal(l) });
  }
  if (L > 1) equations.push({ plus: Array.from({ length: L }, (_, l) => layerTotal(l)), minus: { name: 'total', hidden: p.total.suppressed } });
  const unknowns = [...new Set(equations.flatMap((e) => [...e.plus, e.minus]).filter((e) => e.hidden).map((e) => e.name))];
  const rows = equations.map((e) => unknowns.map((name) => e.plus.filter((x) => x.name === name).length - (e.minus.name === name ? 1 : 0)));
  const base = rank(rows);
  return unknowns.filter((name, i) => rank([...rows, unknowns.map((_, j) => (j === i ? 1 : 0))]) === base);
}

function rank(matrix: number[][]): number {
  const m = matrix.map((row) => [...row]);
  let r = 0;
  const width = m[0]?.length ?? 0;
  for (let c = 0; c < width && r < m.length; c++) {
    const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9);
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      for (let j = c; j < width; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    r++;
  }
  return r;
}

/** Every line of the table: its published entries, for the "at least two hidden" rule. */
function lines(p: ProtectedCrossTab): ProtectedCount[][] {
  const { rowCount: R, columnCount: C, layerCount: L } = p;
  const out: ProtectedCount[][] = [];
  for (let l = 0; l < L; l++) {
    for (let r = 0; r < R; r++) out.push([...Array.from({ length: C }, (_, c) => p.cells[(l * R + r) * C + c]!), p.rowTotals[l * R + r]!]);
    for (let c = 0; c < C; c++) out.push([...Array.from({ length: R }, (_, r) => p.cells[(l * R + r) * C + c]!), p.columnTotals[l * C + c]!]);
    out.push([...Array.from({ length: R }, (_, r) => p.rowTotals[l * R + r]!), p.layerTotals[l]!]);
    out.push([...Array.from({ length: C }, (_, c) => p.columnTotals[l * C + c]!), p.layerTotals[l]!]);
  }
  if (L > 1) out.push([...p.layerTotals, p.total]);
  return out;
}

describe('small-cell protection of a cross-tab', () => {
  it('hides a small cell and, in its row and its column, the smallest other cells, until every line has two', () => {
    const table = tableOf([
      [
        [3, 10, 12],
        [8, 9, 20],
        [15, 11, 14],
      ],
    ]);
    const p = protectCrossTab(table);
    // Row 1 hides 10 beside the 3; column 1 hides 8; column 2 then has one hidden (10) and hides 9.
    expect(grid(p)).toEqual([
      ['<k', 'x', '12', '25'],
      ['x', 'x', '20', '37'],
      ['15', '11', '14', '40'],
      ['26', '30', '46', '102'],
    ]);
    expect(p.cells[0]).toEqual({ count: null, suppressed: true, reason: 'primary' });
    expect(p.cells[1]).toEqual({ count: null, suppressed: true, reason: 'complementary' });
    expect(p.cells[2]).toEqual({ count: 12, suppressed: false, reason: null });
    expect(p.note).toEqual({ enabled: true, k: 5, hidden: 4, primary: 1, complementary: 3, hiddenTotals: 0 });
    expect(derivableHiddenEntries(table, p)).toEqual([]);
  });

  it('hides a total below k, and another total on its margin so the grand total does not give it back', () => {
    const table = tableOf([
      [
        [1, 2, 0],
        [10, 12, 15],
      ],
    ]);
    const p = protectCrossTab(table);
    expect(grid(p)).toEqual([
      ['<k', '<k', '0', '<k'],
      ['x', 'x', '15', 'x'],
      ['11', '14', '15', '40'],
    ]);
    expect(p.note).toMatchObject({ hidden: 6, primary: 3, complementary: 3, hiddenTotals: 2 });
    expect(derivableHiddenEntries(table, p)).toEqual([]);
  });

  it('shows zeros and never hides one to protect another cell', () => {
    const table = tableOf([
      [
        [3, 0, 7],
        [9, 8, 6],
      ],
    ]);
    const p = protectCrossTab(table);
    expect(grid(p)).toEqual([
      ['<k', '0', 'x', '10'],
      ['x', '8', 'x', '23'],
      ['12', '8', '13', '33'],
    ]);
    expect(p.cells[1]).toEqual({ count: 0, suppressed: false, reason: null });
  });

  it('goes beyond two per line when two hidden blocks are joined by one cell that subtraction would give away', () => {
    const table = tableOf([
      [
        [2, 3, 20, 30],
        [4, 1, 2, 25],
        [20, 20, 3, 4],
        [30, 25, 1, 2],
      ],
    ]);
    // The primary cells alone already have two per line…
    const primaryOnly = protectCrossTab(table, { minCell: 5 });
    const small = (row: number[]) => row.filter((n) => n > 0 && n < 5).length;
    for (const row of [[2, 3, 20, 30], [4, 1, 2, 25], [20, 20, 3, 4], [30, 25, 1, 2], [2, 4, 20, 30], [3, 1, 20, 25], [20, 2, 3, 1], [30, 25, 4, 2]]) {
      expect(small(row)).toBeGreaterThanOrEqual(2);
    }
    // …yet rows 1–2 minus columns 1–2 leave exactly the cell at row 2, column 3, so one more cell is hidden.
    expect(grid(primaryOnly)).toEqual([
      ['<k', '<k', 'x', '30', '55'],
      ['<k', '<k', '<k', '25', '32'],
      ['20', '20', '<k', '<k', '47'],
      ['30', '25', '<k', '<k', '58'],
      ['56', '49', '26', '61', '192'],
    ]);
    expect(primaryOnly.note).toMatchObject({ primary: 9, complementary: 1 });
    expect(derivableHiddenEntries(table, primaryOnly)).toEqual([]);
    // The checker itself sees the leak when only the primary cells are hidden.
    const leaky: ProtectedCrossTab = { ...primaryOnly, cells: primaryOnly.cells.map((c) => (c.reason === 'complementary' ? { count: 20, suppressed: false, reason: null } : c)) };
    expect(derivableHiddenEntries(table, leaky)).toEqual(['cell 0/1/2']);
  });

  it('protects each layer of a 3-way table and the layer totals together', () => {
    const table = tableOf([
      [
        [12, 30],
        [25, 18],
      ],
      [
        [1, 2],
        [0, 0],
      ],
      [
        [40, 22],
        [16, 9],
      ],
    ]);
    const p = protectCrossTab(table);
    expect(p.layerTotals[1]).toEqual({ count: null, suppressed: true, reason: 'primary' });
    expect(p.layerTotals.filter((t) => t.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(p.total.count).toBe(175);
    for (const line of lines(p)) expect(line.filter((c) => c.suppressed).length).not.toBe(1);
    expect(derivableHiddenEntries(table, p)).toEqual([]);
  });

  it('hides percentages of hidden cells and of hidden bases', () => {
    const table = tableOf([
      [
        [1, 2, 0],
        [10, 12, 15],
      ],
    ]);
    const p = protectCrossTab(table);
    const ofRow = protectedCellPercentages(p, 'row');
    expect(ofRow[0]).toBeNull();
    // Row 0's zero is shown, but its row total is hidden: 0 % of a hidden base is still hidden.
    expect(ofRow[2]).toBeNull();
    // Row 1's 15 is shown but its row total is hidden: its row percentage would give the total back.
    expect(ofRow[5]).toBeNull();
    expect(protectedCellPercentages(p, 'column')[5]).toBe(100);
    expect(protectedCellPercentages(p, 'total')[5]).toBeCloseTo(37.5, 12);
  });

  it('follows the setting: another k, or off (and says so)', () => {
    const table = tableOf([
      [
        [6, 30],
        [25, 18],
      ],
    ]);
    expect(protectCrossTab(table).note.hidden).toBe(0);
    const ten = protectCrossTab(table, { minCell: 10 });
    expect(ten.note).toMatchObject({ k: 10, primary: 1, hidden: 4 });
    const off = protectCrossTab(tableOf([[[1, 2], [3, 4]]]), { enabled: false });
    expect(off.note).toEqual({ enabled: false, k: DEFAULT_MIN_CELL, hidden: 0, primary: 0, complementary: 0, hiddenTotals: 0 });
    expect(off.cells.map((c) => c.count)).toEqual([1, 2, 3, 4]);
  });

  it('holds on seeded random tables: no shown count under k, two or more hidden per line, nothing derivable', () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let trial = 0; trial < 60; trial++) {
      const L = trial % 4 === 0 ? 2 + Math.floor(random() * 2) : 1;
      const R = 2 + Math.floor(random() * 4);
      const C = 2 + Math.floor(random() * 4);
      // Mostly counts that need hiding, some zeros, some large.
      const count = () => {
        const u = random();
        return u < 0.15 ? 0 : u < 0.55 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 40);
      };
      const table = tableOf(Array.from({ length: L }, () => Array.from({ length: R }, () => Array.from({ length: C }, count))));
      const p = protectCrossTab(table);
      const published = [...p.cells, ...p.rowTotals, ...p.columnTotals, ...p.layerTotals, p.total];
      for (const entry of published) if (entry.count !== null) expect(entry.count === 0 || entry.count >= DEFAULT_MIN_CELL).toBe(true);
      Array.from(table.cells).forEach((n, i) => expect(p.cells[i]!.reason === 'primary').toBe(n > 0 && n < DEFAULT_MIN_CELL));
      for (const line of lines(p)) expect(line.filter((c) => c.suppressed).length).not.toBe(1);
      expect(derivableHiddenEntries(table, p)).toEqual([]);
      expect(p.note.hidden).toBe(published.filter((c) => c.suppressed).length - (L === 1 && p.total.suppressed ? 1 : 0));
    }
  });
});

describe('small-cell protection of frequencies', () => {
  const single = (counts: number[], refused: number, notAsked: number): SingleChoiceFrequency => {
    const answered = counts.reduce((a, b) => a + b, 0);
    const total = answered + refused + notAsked;
    return {
      question: 'q',
      kind: 'single',
      total,
      answered,
      refused,
      notAsked,
      rows: counts.map((count, i) => ({ value: `v${i}`, inList: true, count, percentOfAll: (100 * count) / total, percentOfAnswered: (100 * count) / answered })),
    };
  };

  it('hides a small choice and the smallest other non-zero choice, with their percentages', () => {
    const p = protectSingleChoiceFrequency(single([12, 3, 20, 0], 0, 7));
    expect(p.rows.map((r) => r.count.count)).toEqual([null, null, 20, 0]);
    expect(p.rows.map((r) => r.count.reason)).toEqual(['complementary', 'primary', null, null]);
    expect(p.rows.map((r) => r.percentOfAnswered)).toEqual([null, null, (100 * 20) / 35, 0]);
    expect(p.rows[2]!.percentOfAll).toBeCloseTo((100 * 20) / 42, 12);
    expect([p.answered.count, p.refused.count, p.notAsked.count, p.total.count]).toEqual([35, 0, 7, 42]);
    expect(p.note).toMatchObject({ k: 5, hidden: 2, primary: 1, complementary: 1 });
  });

  it('hides a small number of refusals with another part of the total', () => {
    const p = protectSingleChoiceFrequency(single([10, 20], 2, 30));
    expect(p.refused.reason).toBe('primary');
    expect(p.notAsked.reason).toBe('complementary');
    expect(p.answered.count).toBe(30);
    expect(p.rows.map((r) => r.count.count)).toEqual([10, 20]);
  });

  it('hides everything when the whole table is below k', () => {
    const p = protectSingleChoiceFrequency(single([1, 2], 1, 0));
    expect([...p.rows.map((r) => r.count.count), p.answered.count, p.refused.count, p.total.count]).toEqual([null, null, null, null, null]);
    expect(p.notAsked.count).toBe(0);
    expect(p.note).toMatchObject({ hidden: 5, primary: 5, hiddenTotals: 2 });
  });

  it('protects a multiple-choice frequency against its total of ticks', () => {
    const frequency: MultipleChoiceFrequency = {
      question: 'help',
      kind: 'multiple',
      total: 25,
      answered: 20,
      refused: 0,
      notAsked: 5,
      ticks: 25,
      rows: [3, 10, 12].map((count, i) => ({ value: `h${i}`, inList: true, count, percentOfRespondents: count * 5, percentOfResponses: count * 4 })),
    };
    const p = protectMultipleChoiceFrequency(frequency);
    expect(p.rows.map((r) => r.count.count)).toEqual([null, null, 12]);
    expect(p.rows.map((r) => r.percentOfRespondents)).toEqual([null, null, 60]);
    expect(p.rows.map((r) => r.percentOfResponses)).toEqual([null, null, 48]);
    expect(p.ticks.count).toBe(25);
  });

  it('protects a Likert summary: points within their side, and the sides', () => {
    const summary: LikertSummary = {
      question: 'feel',
      points: [2, 10, 8, 15, 20].map((count, i) => ({ value: String(i + 1), side: i < 2 ? 'negative' : i === 2 ? 'neutral' : 'positive', count, percent: (100 * count) / 55 })),
      onScale: 55,
      offScale: 0,
      refused: 0,
      notAsked: 0,
      negative: 12,
      neutral: 8,
      positive: 35,
      negativePercent: (100 * 12) / 55,
      neutralPercent: (100 * 8) / 55,
      positivePercent: (100 * 35) / 55,
    };
    const p = protectLikert(summary);
    expect(p.points.map((x) => x.count.count)).toEqual([null, null, 8, 15, 20]);
    expect(p.points[0]!.percent).toBeNull();
    expect(p.negative.count).toBe(12);
    expect(p.positivePercent).toBeCloseTo((100 * 35) / 55, 12);
  });
});
