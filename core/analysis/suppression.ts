/**
 * Small-cell protection: no published count may single out fewer than k children, directly or by subtraction.
 *
 * A table is seen as its entries (cells, subtotals, totals) and the sums that tie them ("relations": a row's cells
 * add up to the row total, the row totals to the grand total, …). The rule:
 * 1. Primary: an entry with 0 < count < k is hidden, totals included. Zeros are shown: a zero singles out no
 *    child, and hiding every zero would blank the sparse tables of a small consultation. Because zeros are
 *    published, they are never used as complementary cells: a hidden zero beside a hidden "< 5" would tell the
 *    reader that the "< 5" is nearly all of the hidden sum.
 * 2. Complementary, by lines: a relation with exactly one hidden entry would give it away (total − the others),
 *    so the smallest other non-zero entry of that relation is hidden too, inner cells before subtotals before the
 *    grand total; repeated until every relation has none or at least two hidden entries (hiding one entry can
 *    leave another relation with one).
 * 3. Complementary, by the whole system: two per line is not always enough (two blocks of hidden cells joined by
 *    a single hidden cell let subtraction across rows and columns recover that cell). So the hidden entries are
 *    checked by Gaussian elimination over all relations at once: an entry whose value follows from the published
 *    numbers gets one more complementary cell (the smallest among its relations that makes it undetermined),
 *    then step 2 runs again, until no hidden value can be derived.
 * The guarantee is exact non-derivability from the table's sums; because every hidden entry is non-zero, the
 * range a reader can narrow a hidden count to always holds at least two values. It is greedy, not the optimal
 * (least information lost) pattern, which is an integer program.
 */

export const DEFAULT_MIN_CELL = 5;

export const SHOWN = 0;
export const PRIMARY = 1;
export const COMPLEMENTARY = 2;

export interface Relation {
  /** Entries that add up to `total`. */
  parts: readonly number[];
  total: number;
}

export interface Lattice {
  values: ArrayLike<number>;
  /** Order of preference as a complementary entry: 0 an inner cell, 1 a subtotal, 2 the grand total. */
  rank: ArrayLike<number>;
  relations: readonly Relation[];
}

/** Per entry: SHOWN, PRIMARY or COMPLEMENTARY. */
export function suppress(lattice: Lattice, k: number = DEFAULT_MIN_CELL): Uint8Array {
  const { values, relations } = lattice;
  const hidden = new Uint8Array(values.length);
  for (let e = 0; e < values.length; e++) if (values[e]! > 0 && values[e]! < k) hidden[e] = PRIMARY;
  const relationsOf: number[][] = Array.from({ length: values.length }, () => []);
  relations.forEach((relation, index) => {
    for (const e of entriesOf(relation)) relationsOf[e]!.push(index);
  });

  for (let round = 0; round <= values.length; round++) {
    hideByLines(lattice, hidden);
    const determined = determinedEntries(lattice, hidden);
    if (determined.length === 0) break;
    const entry = determined[0]!;
    const candidates = [...new Set(relationsOf[entry]!.flatMap((r) => entriesOf(relations[r]!)))].filter((e) => hidden[e] === SHOWN).sort(preference(lattice));
    if (candidates.length === 0) break;
    const helps = candidates.find((candidate) => {
      hidden[candidate] = COMPLEMENTARY;
      const stillDetermined = determinedEntries(lattice, hidden).includes(entry);
      hidden[candidate] = SHOWN;
      return !stillDetermined;
    });
    hidden[helps ?? candidates[0]!] = COMPLEMENTARY;
  }
  return hidden;
}

function entriesOf(relation: Relation): number[] {
  return [...relation.parts, relation.total];
}

/** Non-zero before zero, inner cells before totals, smaller before larger, then the first. */
function preference(lattice: Lattice): (a: number, b: number) => number {
  const { values, rank } = lattice;
  return (a, b) => Number(values[a] === 0) - Number(values[b] === 0) || rank[a]! - rank[b]! || values[a]! - values[b]! || a - b;
}

/** Step 2: until stable, a relation with exactly one hidden entry gets its best other entry hidden. */
function hideByLines(lattice: Lattice, hidden: Uint8Array): void {
  const order = preference(lattice);
  for (let changed = true; changed; ) {
    changed = false;
    for (const relation of lattice.relations) {
      const entries = entriesOf(relation);
      if (entries.filter((e) => hidden[e] !== SHOWN).length !== 1) continue;
      const best = entries.filter((e) => hidden[e] === SHOWN).sort(order)[0];
      if (best === undefined) continue;
      hidden[best] = COMPLEMENTARY;
      changed = true;
    }
  }
}

/**
 * The hidden entries whose value the published numbers fix. Each relation is a linear equation in the hidden
 * entries (shown entries are known constants); after reduction to row echelon form, a hidden entry is fixed
 * exactly when it is a pivot whose row has no other free unknown.
 */
export function determinedEntries(lattice: Lattice, hidden: Uint8Array): number[] {
  const unknowns: number[] = [];
  const column = new Int32Array(hidden.length).fill(-1);
  for (let e = 0; e < hidden.length; e++) {
    if (hidden[e] !== SHOWN) {
      column[e] = unknowns.length;
      unknowns.push(e);
    }
  }
  const n = unknowns.length;
  if (n === 0) return [];
  const rows: Float64Array[] = [];
  for (const relation of lattice.relations) {
    const row = new Float64Array(n);
    let any = false;
    for (const e of relation.parts) {
      if (column[e]! >= 0) {
        row[column[e]!]! += 1;
        any = true;
      }
    }
    if (column[relation.total]! >= 0) {
      row[column[relation.total]!]! -= 1;
      any = true;
    }
    if (any) rows.push(row);
  }
  const pivotColumnOfRow = reduce(rows, n);
  const isPivot = new Uint8Array(n);
  for (const c of pivotColumnOfRow) isPivot[c] = 1;
  const determined: number[] = [];
  pivotColumnOfRow.forEach((pivot, r) => {
    const row = rows[r]!;
    let free = false;
    for (let c = 0; c < n && !free; c++) if (!isPivot[c] && Math.abs(row[c]!) > TOLERANCE) free = true;
    if (!free) determined.push(unknowns[pivot]!);
  });
  return determined.sort((a, b) => a - b);
}

const TOLERANCE = 1e-9;

/** Reduced row echelon form in place (partial pivoting); returns the pivot column of each leading row. */
function reduce(rows: Float64Array[], n: number): number[] {
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < rows.length; c++) {
    let best = r;
    for (let i = r + 1; i < rows.length; i++) if (Math.abs(rows[i]![c]!) > Math.abs(rows[best]![c]!)) best = i;
    if (Math.abs(rows[best]![c]!) <= TOLERANCE) continue;
    [rows[r], rows[best]] = [rows[best]!, rows[r]!];
    const pivotRow = rows[r]!;
    const scale = pivotRow[c]!;
    for (let j = c; j < n; j++) pivotRow[j]! /= scale;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const factor = rows[i]![c]!;
      if (Math.abs(factor) <= TOLERANCE) continue;
      const row = rows[i]!;
      for (let j = c; j < n; j++) row[j]! -= factor * pivotRow[j]!;
    }
    pivots.push(c);
    r++;
  }
  rows.length = r;
  return pivots;
}
