import { describe, expect, it } from 'vitest';
import type { CrossTab } from '../../core/analysis/crosstab';
import {
  protectCrossTab,
  protectedCellPercentages,
  protectMultipleChoiceFrequency,
  protectSingleChoiceFrequency,
  type ProtectedCount,
  type ProtectedCrossTab,
} from '../../core/analysis/protect';
import { DEFAULT_MIN_CELL } from '../../core/analysis/suppression';
import { derivableHiddenEntries } from '../helpers/suppression-check';
import type { MultipleChoiceFrequency, SingleChoiceFrequency } from '../../core/analysis/frequencies';

/** A table of layers of rows of counts, with totals added up the plain way; `excluded` more entries under the filter. */
function tableOf(layers: number[][][], excluded = 0): CrossTab {
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
    masked: total + excluded,
    excluded,
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
  out.push([p.total, p.excluded, p.filtered]);
  return out;
}

/**
 * What a reader knows of a published entry, for the enumerations below: a shown number exactly, "< k" between 1 and
 * k − 1 (0 and k − 1 inside a view of fewer than k children, where zeros are hidden too, unless the entry is known
 * to be `positive`), × at least 1, or at least 0 for an entry that may be a zero complement; `cap` bounds the search.
 * `note` gathers, per hidden entry, the values found possible.
 */
function readerModel(k: number, cap: number, wholeViewHidden: boolean) {
  const least = wholeViewHidden ? 0 : 1;
  const domain = (c: ProtectedCount, zero = false): number[] => {
    if (c.count !== null) return [c.count];
    if (c.reason === 'primary') return Array.from({ length: k - least }, (_, i) => i + least);
    return Array.from({ length: cap + (zero ? 1 : 0) }, (_, i) => i + (zero ? 0 : 1));
  };
  const fits = (c: ProtectedCount, v: number, positive = false) =>
    c.count !== null ? c.count === v : c.reason === 'primary' ? v >= (positive ? 1 : least) && v < k : v >= 1;
  const found = new Map<string, Set<number>>();
  const note = (name: string, c: ProtectedCount, v: number) => {
    if (c.count !== null) return;
    if (!found.has(name)) found.set(name, new Set());
    found.get(name)!.add(v);
  };
  return { domain, fits, found, note };
}

/**
 * The independent check of bounds in a one-layer cross-tab: every assignment of the hidden cells and the hidden
 * excluded count that agrees with what is published (shown numbers exact, "< k" 1 … k − 1, × at least 1, or 0 for
 * the excluded, and the count under the filter when shown), found by enumeration; per hidden entry, its values.
 */
function feasibleCrossTabRanges(table: CrossTab, p: ProtectedCrossTab, k: number): Map<string, Set<number>> {
  const { rowCount: R, columnCount: C } = table;
  const { domain, fits, found, note } = readerModel(k, table.masked + 1, p.filtered.count === null);
  const domains = [...p.cells.map((c) => domain(c)), domain(p.excluded, true)];
  const pick: number[] = [];
  const walk = (i: number) => {
    if (i === domains.length) {
      const rowTotals = Array.from({ length: R }, (_, r) => pick.slice(r * C, r * C + C).reduce((a, b) => a + b, 0));
      const columnTotals = Array.from({ length: C }, (_, c) => rowTotals.reduce((sum, _, r) => sum + pick[r * C + c]!, 0));
      const total = rowTotals.reduce((a, b) => a + b, 0);
      const excluded = pick[R * C]!;
      if (!rowTotals.every((v, r) => fits(p.rowTotals[r]!, v)) || !columnTotals.every((v, c) => fits(p.columnTotals[c]!, v))) return;
      if (!fits(p.total, total) || (p.filtered.count !== null && total + excluded !== p.filtered.count)) return;
      pick.slice(0, R * C).forEach((v, at) => note(`cell ${at}`, p.cells[at]!, v));
      rowTotals.forEach((v, r) => note(`row total ${r}`, p.rowTotals[r]!, v));
      columnTotals.forEach((v, c) => note(`column total ${c}`, p.columnTotals[c]!, v));
      note('total', p.total, total);
      note('excluded', p.excluded, excluded);
      return;
    }
    for (const v of domains[i]!) {
      pick[i] = v;
      walk(i + 1);
    }
  };
  walk(0);
  return found;
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
    expect(derivableHiddenEntries(p)).toEqual([]);
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
    expect(derivableHiddenEntries(p)).toEqual([]);
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
    // …yet rows 1–2 minus columns 1–2 leave exactly the cell at row 2, column 3, so one more cell is hidden. The
    // bounds of "< k" say which: column 4 is 6 short with a 3–4 (row 3 is 7 short) and a 1–2 (row 4 is 3 short),
    // so both would be pinned (4 and 2); hiding row 2's 25 in that column frees them and closes the linear leak too.
    expect(grid(primaryOnly)).toEqual([
      ['<k', '<k', '20', '30', '55'],
      ['<k', '<k', '<k', 'x', '32'],
      ['20', '20', '<k', '<k', '47'],
      ['30', '25', '<k', '<k', '58'],
      ['56', '49', '26', '61', '192'],
    ]);
    expect(primaryOnly.note).toMatchObject({ primary: 9, complementary: 1 });
    expect(derivableHiddenEntries(primaryOnly)).toEqual([]);
    // The checker itself sees the leak when only the primary cells are hidden.
    const leaky: ProtectedCrossTab = { ...primaryOnly, cells: primaryOnly.cells.map((c) => (c.reason === 'complementary' ? { count: 20, suppressed: false, reason: null } : c)) };
    expect(derivableHiddenEntries(leaky)).toEqual(['cell 0/1/2']);
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
    expect(derivableHiddenEntries(p)).toEqual([]);
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

  it('hides one more cell where the bounds of "< k" pin hidden cells down (two 1s two short, two 4s eight short)', () => {
    for (const [a, b] of [
      [1, 1],
      [4, 4],
    ]) {
      const table = tableOf([
        [
          [a!, b!, 20],
          [30, 25, 40],
        ],
      ]);
      const p = protectCrossTab(table);
      // Without the bounds rule the two "< 5" of row 0 and their column partners would be all that is hidden.
      expect(p.cells.slice(0, 3).filter((c) => c.suppressed)).toHaveLength(3);
      expect(derivableHiddenEntries(p)).toEqual([]);
    }
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
      const table = tableOf(
        Array.from({ length: L }, () => Array.from({ length: R }, () => Array.from({ length: C }, count))),
        trial % 3 === 0 ? 0 : count(),
      );
      const p = protectCrossTab(table);
      const published = [...p.cells, ...p.rowTotals, ...p.columnTotals, ...p.layerTotals, p.total, p.excluded];
      for (const entry of published) if (entry.count !== null) expect(entry.count === 0 || entry.count >= DEFAULT_MIN_CELL).toBe(true);
      Array.from(table.cells).forEach((n, i) => expect(p.cells[i]!.reason === 'primary').toBe(n > 0 && n < DEFAULT_MIN_CELL));
      for (const line of lines(p)) expect(line.filter((c) => c.suppressed).length).not.toBe(1);
      expect(derivableHiddenEntries(p)).toEqual([]);
      expect(p.note.hidden).toBe(published.filter((c) => c.suppressed).length - (L === 1 && p.total.suppressed ? 1 : 0));
      // The count under the filter is hidden only when it is itself under k, as in every other view.
      expect(p.filtered).toEqual(table.masked > 0 && table.masked < DEFAULT_MIN_CELL ? { count: null, suppressed: true, reason: 'primary' } : { count: table.masked, suppressed: false, reason: null });
    }
  });
});

/** A single-choice frequency with its totals added up the plain way. */
function single(counts: number[], refused: number, notAsked: number): SingleChoiceFrequency {
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
}

describe('the count under the filter, published with every view', () => {
  it('hides the grand total of a cross-tab when few entries are left out, or filtered − n would give them away', () => {
    const table = tableOf(
      [
        [
          [10, 12],
          [8, 15],
        ],
      ],
      2,
    );
    const p = protectCrossTab(table);
    expect(p.filtered).toEqual({ count: 47, suppressed: false, reason: null });
    expect(p.excluded).toEqual({ count: null, suppressed: true, reason: 'primary' });
    expect(p.total.reason).toBe('complementary');
    // The grand total hidden alone would be 47 − excluded … but each margin then needs a partner too.
    expect(grid(p)).toEqual([
      ['x', '12', 'x'],
      ['8', '15', '23'],
      ['x', '27', 'x'],
    ]);
    expect(p.note).toMatchObject({ hidden: 5, primary: 1, complementary: 4, hiddenTotals: 3 });
    expect(derivableHiddenEntries(p)).toEqual([]);
    const ranges = feasibleCrossTabRanges(table, p, DEFAULT_MIN_CELL);
    expect([...ranges.keys()].sort()).toEqual(['cell 0', 'column total 0', 'excluded', 'row total 0', 'total']);
    // excluded is 1 … 4 and the grand total 43 … 46: four values each, the true ones among them.
    expect([...ranges.get('excluded')!].sort()).toEqual([1, 2, 3, 4]);
    expect([...ranges.get('total')!].sort()).toEqual([43, 44, 45, 46]);
    for (const [name, values] of ranges) expect(values.size, name).toBeGreaterThanOrEqual(2);
  });

  it('leaves a table with nobody left out as it was: its total is the filtered count, shown', () => {
    const table = tableOf([
      [
        [10, 12],
        [8, 15],
      ],
    ]);
    const p = protectCrossTab(table);
    expect(p.note.hidden).toBe(0);
    expect([p.total.count, p.excluded.count, p.filtered.count]).toEqual([45, 0, 45]);
  });

  it('shows the excluded when there are k or more, and hides the filtered count only when it is under k', () => {
    const many = protectCrossTab(tableOf([[[10, 12], [8, 15]]], 6));
    expect([many.total.count, many.excluded.count, many.filtered.count]).toEqual([45, 6, 51]);
    const few = protectCrossTab(tableOf([[[1, 2], [0, 0]]], 1));
    expect(few.filtered).toEqual({ count: null, suppressed: true, reason: 'primary' });
    // Under k children in all, every count is hidden as "< k", zeros included.
    expect([...few.cells, ...few.rowTotals, ...few.columnTotals, few.total, few.excluded].every((c) => c.count === null && c.reason === 'primary')).toBe(true);
    // The filtered count is no cell of the table: the note counts what the table hides.
    expect(few.note.primary).toBe([...few.cells, ...few.rowTotals, ...few.columnTotals, few.total, few.excluded].filter((c) => c.suppressed).length);
    // And nothing hidden can be worked out, zeros included: each cell keeps at least two possible values, its own among them.
    const ranges = feasibleCrossTabRanges(tableOf([[[1, 2], [0, 0]]], 1), few, DEFAULT_MIN_CELL);
    expect([...ranges.get('cell 2')!]).toContain(0);
    for (const at of [0, 1, 2, 3]) expect(ranges.get(`cell ${at}`)!.size, `cell ${at}`).toBeGreaterThanOrEqual(2);
  });

  it('never hides a frequency\'s total, the filtered count, as a complement; nothing hidden follows from it (seeded, by enumeration)', () => {
    let seed = 777;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const small = () => (random() < 0.3 ? 0 : 1 + Math.floor(random() * 6));
    for (let trial = 0; trial < 40; trial++) {
      const counts = Array.from({ length: 2 + Math.floor(random() * 3) }, small);
      const frequency = single(counts, small(), small());
      const sides = { groups: counts.map((_, i) => [i]) };
      const p = protectSingleChoiceFrequency(frequency, {}, sides);
      expect(p.total.reason).not.toBe('complementary');
      expect(p.total.count === null).toBe(frequency.total > 0 && frequency.total < DEFAULT_MIN_CELL);
      for (const [name, values] of feasibleRanges(frequency, p, sides.groups, DEFAULT_MIN_CELL)) expect(values.size, `${name} in ${counts}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('marks a "< k" as × when its sum with the filtered count would pin it and nothing is left to hide', () => {
    // 8 responses: 4 answered and 4 not asked, both "< 5", with the 8 published: each would be 4 exactly.
    const frequency = single([3, 0, 1], 0, 4);
    const p = protectSingleChoiceFrequency(frequency);
    expect(p.total.count).toBe(8);
    expect(p.answered).toEqual({ count: null, suppressed: true, reason: 'complementary' });
    expect(p.notAsked.reason).toBe('primary');
    for (const [name, values] of feasibleRanges(frequency, p, [], DEFAULT_MIN_CELL)) expect(values.size, name).toBeGreaterThanOrEqual(2);
    // The same in a cross-tab: 4 in the table and 4 left out of the 8 under the filter.
    const table = tableOf([[[2, 2], [0, 0]]], 4);
    const q = protectCrossTab(table);
    expect(q.filtered.count).toBe(8);
    // Both under k, both hidden, and neither says "< 5" any more (the grand total is also row 0's total, a "< 5"
    // itself, so with "< 5" left out the total would still be pinned).
    expect(grid(q)).toEqual([
      ['<k', '<k', '<k'],
      ['0', '0', '0'],
      ['<k', '<k', 'x'],
    ]);
    expect(q.excluded).toEqual({ count: null, suppressed: true, reason: 'complementary' });
    expect(derivableHiddenEntries(q)).toEqual([]);
    for (const [name, values] of feasibleCrossTabRanges(table, q, DEFAULT_MIN_CELL)) expect(values.size, name).toBeGreaterThanOrEqual(2);
  });

  it('refuses k under 3: "< 2" could only mean 1', () => {
    expect(() => protectCrossTab(tableOf([[[1, 2], [3, 4]]]), { minCell: 2 })).toThrow(RangeError);
    expect(protectCrossTab(tableOf([[[1, 2], [3, 4]]]), { minCell: 2, enabled: false }).note.hidden).toBe(0);
  });
});

describe('small-cell protection of frequencies', () => {
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

  it('covers a few refusals with "not asked" even at zero, rather than with "answered"', () => {
    const p = protectSingleChoiceFrequency(single([10, 20, 30], 3, 0));
    expect(p.refused).toMatchObject({ count: null, reason: 'primary' });
    expect(p.notAsked).toMatchObject({ count: null, reason: 'complementary' });
    // Answered and every choice stay: total − answered = 3 = refused + not asked, and refused is any of 1, 2, 3.
    expect([p.answered.count, p.total.count, ...p.rows.map((r) => r.count.count)]).toEqual([60, 63, 10, 20, 30]);
    expect(p.rows.map((r) => r.percentOfAnswered)).toEqual([10 / 0.6, 20 / 0.6, 30 / 0.6].map((x) => expect.closeTo(x, 9)));
    expect(p.note).toMatchObject({ hidden: 2, primary: 1, complementary: 1, hiddenTotals: 0 });
  });

  it('does not lean on a zero "not asked" when one refusal would then be pinned to 1', () => {
    // refused + not asked = 1 and a hidden "< 5" is at least 1: the zero alone would give the 1 away.
    const p = protectSingleChoiceFrequency(single([10, 20, 30], 1, 0));
    expect(p.refused.reason).toBe('primary');
    expect(p.answered.count).toBeNull();
    expect(p.rows.filter((r) => r.count.count === null)).toHaveLength(1);
    expect(p.total.count).toBe(61);
  });

  it('protects a Likert scale\'s sides with the frequency: no side or point pinned by "< 5" bounds (checked by enumeration)', () => {
    // 16 answers on a 5-point scale, every point under 5: disagree 4, neutral 4, agree 8. Published apart, agree
    // "×" beside n = 16 and two "< 5" sides would be 8 exactly, and its two "< 5" points 4 each.
    const sides = { groups: [[0, 1], [2], [3, 4]] };
    for (const [counts, refused, notAsked] of [
      [[1, 3, 4, 4, 4, 0], 0, 0],
      [[2, 7, 4, 9, 1, 0], 3, 0],
      [[6, 1, 0, 12, 3, 2], 0, 9],
    ] as const) {
      const frequency = single([...counts], refused, notAsked);
      const p = protectSingleChoiceFrequency(frequency, {}, sides);
      expect(p.sums!.groups.map((g) => g.count ?? 'hidden')).toHaveLength(3);
      const ranges = feasibleRanges(frequency, p, sides.groups, 5);
      for (const [name, values] of ranges) expect(values.size, `${name} in ${counts}`).toBeGreaterThanOrEqual(2);
      // And what is shown is the true count.
      p.sums!.groups.forEach((g, i) => g.count !== null && expect(g.count).toBe(sides.groups[i]!.reduce((a, r) => a + counts[r]!, 0)));
    }
  });

  it('hides everything when the whole table is below k, zeros included', () => {
    const p = protectSingleChoiceFrequency(single([1, 2, 0], 1, 0));
    expect([...p.rows.map((r) => r.count.count), p.answered.count, p.refused.count, p.notAsked.count, p.total.count]).toEqual([null, null, null, null, null, null, null]);
    expect(p.note).toMatchObject({ hidden: 7, primary: 7, complementary: 0, hiddenTotals: 2 });
    // With zeros shown, the 0 beside "< 5" twice and a "< 5" total would have said: these two hold a child each.
    expect(p.rows[2]!.count).toEqual({ count: null, suppressed: true, reason: 'primary' });
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
});

/**
 * The independent check of a frequency with row sums: every assignment of the hidden counts that agrees with what
 * is published (shown numbers exact, "< k" between 1 and k − 1, or 0 to k − 1 inside a hidden total, × at least 1,
 * or 0 for "not asked"), found by
 * enumeration; per hidden entry, the values it can take. Without row sums (`p.sums`), `groups` is not read.
 */
function feasibleRanges(frequency: SingleChoiceFrequency, p: ReturnType<typeof protectSingleChoiceFrequency>, groups: readonly (readonly number[])[], k: number): Map<string, Set<number>> {
  // The total is the count under the filter: hidden, it says fewer than k children, and so at least 1.
  const { domain, fits, found, note } = readerModel(k, frequency.total + 2, p.total.count === null);
  const inner = [...p.rows.map((r) => domain(r.count)), domain(p.refused), domain(p.notAsked, true)];
  const pick: number[] = [];
  const walk = (i: number) => {
    if (i === inner.length) {
      const rows = pick.slice(0, p.rows.length);
      const answered = rows.reduce((a, b) => a + b, 0);
      const total = answered + pick[p.rows.length]! + pick[p.rows.length + 1]!;
      const sums = groups.map((g) => g.reduce((a, r) => a + rows[r]!, 0));
      const onScale = sums.reduce((a, b) => a + b, 0);
      if (!fits(p.answered, answered) || !fits(p.total, total, true)) return;
      if (p.sums && (!fits(p.sums.total, onScale) || !sums.every((v, g) => fits(p.sums!.groups[g]!, v)))) return;
      rows.forEach((v, r) => note(`row ${r}`, p.rows[r]!.count, v));
      note('refused', p.refused, pick[p.rows.length]!);
      note('notAsked', p.notAsked, pick[p.rows.length + 1]!);
      note('answered', p.answered, answered);
      note('total', p.total, total);
      if (p.sums) sums.forEach((v, g) => note(`side ${g}`, p.sums!.groups[g]!, v));
      return;
    }
    for (const v of inner[i]!) {
      pick[i] = v;
      walk(i + 1);
    }
  };
  walk(0);
  return found;
}
