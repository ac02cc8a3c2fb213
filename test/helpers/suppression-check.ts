/**
 * Checks of small-cell protection written apart from the engine (core/analysis/suppression.ts), shared by the
 * unit tests of protect.ts and the integration tests through `analysis/table`.
 */
import type { ProtectedCount } from '../../core/analysis/protect';

/** A protected cross-tab as published: the layout of ProtectedCrossTab (cells [(l * R + r) * C + c]). */
export interface PublishedCrossTab {
  rowCount: number;
  columnCount: number;
  layerCount: number;
  cells: readonly ProtectedCount[];
  rowTotals: readonly ProtectedCount[];
  columnTotals: readonly ProtectedCount[];
  layerTotals: readonly ProtectedCount[];
  total: ProtectedCount;
  excluded: ProtectedCount;
  filtered: ProtectedCount;
}

/**
 * The independent check: each published sum (row, column, margins, layers) is a linear equation in the hidden
 * counts. A hidden count can be worked out exactly when its unit vector lies in the span of those equations,
 * that is when adding it does not raise the rank. Plain Gaussian elimination, written apart from the engine.
 * The count under the filter is one more published number: the grand total and the excluded add up to it.
 */
export function derivableHiddenEntries(p: PublishedCrossTab): string[] {
  const { rowCount: R, columnCount: C, layerCount: L } = p;
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
  // The count under the filter, printed under every table with that filter: the grand total and the excluded add up to it.
  const grand = L > 1 ? { name: 'total', hidden: p.total.suppressed } : layerTotal(0);
  equations.push({ plus: [grand, { name: 'excluded', hidden: p.excluded.suppressed }], minus: { name: 'filtered', hidden: p.filtered.suppressed } });
  const unknowns = [...new Set(equations.flatMap((e) => [...e.plus, e.minus]).filter((e) => e.hidden).map((e) => e.name))];
  const rows = equations.map((e) => unknowns.map((name) => e.plus.filter((x) => x.name === name).length - (e.minus.name === name ? 1 : 0)));
  const base = rank(rows);
  return unknowns.filter((name, i) => rank([...rows, unknowns.map((_, j) => (j === i ? 1 : 0))]) === base);
}

/** The rank of a matrix (Gaussian elimination): an unknown is derivable when adding it as a row does not raise it. */
export function rank(matrix: number[][]): number {
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

