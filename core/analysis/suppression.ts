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
 * 4. Bounds: a reader also knows that a "< k" count lies between 1 and k − 1 and that any other hidden count is at
 *    least 1 (or 0, for an entry allowed to be a zero complement, below). With the sums those bounds can pin a value
 *    down (two hidden "< 5" cells in a row that is 2 short are both 1; two "< 5" cells 8 short are both 4; a side of
 *    a Likert scale made of two "< 5" points that the other sides leave 8 for), so the sum that pins it gets one
 *    more complementary entry, a non-zero one. Ranges are narrowed across all sums until they settle. When no
 *    entry is left to hide (every other one is zero, published or hidden: "< 5" answered and "< 5" not asked
 *    beside a published total of 8), a "< k" entry of that sum is marked × instead, which tells only "at least 1".
 * A view may let an entry be hidden as a complement even when it is zero (`zeroComplement`): the frequency view
 * prefers to hide "not asked" (0) beside a small number of refusals rather than "answered", which would take a
 * choice and every "% of those who answered" with it. Step 4 keeps that safe: 1 refusal beside a hidden 0 would
 * be pinned, so "answered" is hidden then.
 * A view may also mark an entry as published (`published`): a number every view with the same filter prints (the
 * count of responses under the filter, and a total equal to it). It is known to the reader whatever this view
 * hides, so it is never hidden as a complement (only when it is itself under k), and the sums it is in are sums
 * with a visible total: the hidden entries around it are chosen so that nothing follows from it either.
 * A published entry under k (fewer than k children under the filter) hides the whole view, zeros included: with
 * a total under k, a zero shown tells which hidden entries hold a child (four "< 5" beside zeros are one child each).
 * The guarantee: no hidden count follows exactly from the table's sums (linear algebra), nor from its sums and those
 * bounds as interval propagation narrows them; each keeps a range of at least two values. It is greedy, not the
 * optimal (least information lost) pattern, which is an integer program; and a linear program could in rare cases
 * narrow bounds further than propagation does.
 */

export const DEFAULT_MIN_CELL = 5;
/** The least k that protects anything: "< 2" can only mean 1. */
export const LEAST_MIN_CELL = 3;
/** The largest k a project may set. */
export const MOST_MIN_CELL = 1000;

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
  /** 1 for an entry that may be hidden as a complement even when it is zero (and is then preferred by its rank). */
  zeroComplement?: ArrayLike<number>;
  /** 1 for an entry published in other views too (see above): never hidden as a complement. */
  published?: ArrayLike<number>;
}

/** Per entry: SHOWN, PRIMARY or COMPLEMENTARY. */
export function suppress(lattice: Lattice, k: number = DEFAULT_MIN_CELL): Uint8Array {
  if (!(k >= LEAST_MIN_CELL)) throw new RangeError(`k = ${k}: at least ${LEAST_MIN_CELL} protects anything`);
  const { values, relations } = lattice;
  const hidden = new Uint8Array(values.length);
  for (let e = 0; e < values.length; e++) if (values[e]! > 0 && values[e]! < k) hidden[e] = PRIMARY;
  if (lattice.published && hidden.some((h, e) => h === PRIMARY && lattice.published![e] === 1)) return hidden.fill(PRIMARY);
  const relationsOf: number[][] = Array.from({ length: values.length }, () => []);
  relations.forEach((relation, index) => {
    for (const e of entriesOf(relation)) relationsOf[e]!.push(index);
  });

  for (let round = 0; round <= values.length; round++) {
    hideByLines(lattice, hidden);
    const pinned = pinnedByBounds(lattice, hidden, k);
    if (pinned !== null) {
      // Another non-zero entry of the sum that pinned it (else of any sum it is in) widens the ranges.
      const shownIn = (r: number) => entriesOf(relations[r]!).filter((e) => canComplement(lattice, hidden, e) && values[e]! > 0);
      let candidates = shownIn(pinned.relation);
      if (candidates.length === 0) candidates = [...new Set(relationsOf[pinned.entry]!.flatMap(shownIn))];
      if (candidates.length > 0) {
        hidden[candidates.sort(preference(lattice))[0]!] = COMPLEMENTARY;
        continue;
      }
      // Nothing left to hide (the rest is zero, published or hidden already): then the "< k" marks say too much.
      const relaxed = markToRelax(lattice, hidden, pinned, relationsOf);
      if (relaxed === null) break;
      hidden[relaxed] = COMPLEMENTARY;
      continue;
    }
    const determined = determinedEntries(lattice, hidden);
    if (determined.length === 0) break;
    const entry = determined[0]!;
    const candidates = [...new Set(relationsOf[entry]!.flatMap((r) => entriesOf(relations[r]!)))].filter((e) => canComplement(lattice, hidden, e)).sort(preference(lattice));
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

/**
 * A "< k" entry to be marked × instead (the reader then knows only that it is at least 1), for a pin that no
 * further hiding can undo: two "< 5" that add up to a published 8 are both 4. The pinned entry itself if it is
 * such an entry, else one of the sum that pinned it (the highest in rank, then the largest), else of any sum the
 * pinned entry is in. Never a published entry, whose mark must read the same in every view.
 */
function markToRelax(lattice: Lattice, hidden: Uint8Array, pinned: { entry: number; relation: number }, relationsOf: number[][]): number | null {
  const relaxable = (e: number) => hidden[e] === PRIMARY && !lattice.published?.[e];
  if (relaxable(pinned.entry)) return pinned.entry;
  const byRankThenSize = (a: number, b: number) => lattice.rank[b]! - lattice.rank[a]! || lattice.values[b]! - lattice.values[a]! || a - b;
  const inPinning = entriesOf(lattice.relations[pinned.relation]!).filter(relaxable);
  if (inPinning.length > 0) return inPinning.sort(byRankThenSize)[0]!;
  const around = [...new Set(relationsOf[pinned.entry]!.flatMap((r) => entriesOf(lattice.relations[r]!)))].filter(relaxable);
  return around.length > 0 ? around.sort(byRankThenSize)[0]! : null;
}

function entriesOf(relation: Relation): number[] {
  return [...relation.parts, relation.total];
}

/** Shown, and not published elsewhere (hiding a number printed in another view would protect nothing). */
function canComplement(lattice: Lattice, hidden: Uint8Array, e: number): boolean {
  return hidden[e] === SHOWN && !lattice.published?.[e];
}

/** Non-zero (or allowed zero) before zero, inner cells before totals, smaller before larger, then the first. */
function preference(lattice: Lattice): (a: number, b: number) => number {
  const { values, rank } = lattice;
  const barred = (e: number) => Number(values[e] === 0 && !lattice.zeroComplement?.[e]);
  return (a, b) => barred(a) - barred(b) || rank[a]! - rank[b]! || values[a]! - values[b]! || a - b;
}

/**
 * Step 4: a hidden entry pinned to one value by what a reader knows of the hidden entries (a primary one is 1 …
 * k − 1, another at least 1, or at least 0 when it may be a zero complement) together with the published sums;
 * with the relation that pinned it, or null. Each relation reads Σ parts − total = 0, so the signed sum of its
 * hidden entries is a published constant; the entries' ranges are narrowed relation by relation until nothing
 * changes (interval propagation: sound, though a linear program could sometimes narrow further).
 */
export function pinnedByBounds(lattice: Lattice, hidden: Uint8Array, k: number): { entry: number; relation: number } | null {
  const { values, relations } = lattice;
  const lo = new Float64Array(values.length);
  const hi = new Float64Array(values.length);
  for (let e = 0; e < values.length; e++) {
    if (hidden[e] === SHOWN) continue;
    lo[e] = hidden[e] === PRIMARY ? 1 : lattice.zeroComplement?.[e] ? 0 : 1;
    hi[e] = hidden[e] === PRIMARY ? k - 1 : Infinity;
  }
  const equations = relations.map((relation) => {
    const terms: { entry: number; sign: number }[] = [];
    let constant = 0;
    for (const e of relation.parts) {
      if (hidden[e] === SHOWN) constant -= values[e]!;
      else terms.push({ entry: e, sign: 1 });
    }
    if (hidden[relation.total] === SHOWN) constant += values[relation.total]!;
    else terms.push({ entry: relation.total, sign: -1 });
    return { terms, constant };
  });
  for (let pass = 0; pass < 50; pass++) {
    let changed = false;
    for (let r = 0; r < equations.length; r++) {
      const { terms, constant } = equations[r]!;
      if (terms.length === 0) continue;
      // Range of sign·x per term; then each entry from the others: sign_j·x_j = constant − Σ others.
      const min = terms.map((t) => (t.sign > 0 ? lo[t.entry]! : -hi[t.entry]!));
      const max = terms.map((t) => (t.sign > 0 ? hi[t.entry]! : -lo[t.entry]!));
      for (let j = 0; j < terms.length; j++) {
        // Sums over the others: mins are never +∞ and maxes never −∞, so no ∞ − ∞ arises.
        let othersMin = 0;
        let othersMax = 0;
        for (let i = 0; i < terms.length; i++) {
          if (i === j) continue;
          othersMin += min[i]!;
          othersMax += max[i]!;
        }
        const e = terms[j]!.entry;
        let low = constant - othersMax;
        let high = constant - othersMin;
        if (terms[j]!.sign < 0) [low, high] = [-high, -low];
        low = Math.ceil(low - 1e-9);
        high = Math.floor(high + 1e-9);
        if (low > lo[e]!) {
          lo[e] = low;
          changed = true;
        }
        if (high < hi[e]!) {
          hi[e] = high;
          changed = true;
        }
        if (hi[e]! - lo[e]! < 1) return { entry: e, relation: r };
        min[j] = terms[j]!.sign > 0 ? lo[e]! : -hi[e]!;
        max[j] = terms[j]!.sign > 0 ? hi[e]! : -lo[e]!;
      }
    }
    if (!changed) break;
  }
  return null;
}

/** Step 2: until stable, a relation with exactly one hidden entry gets its best other entry hidden. */
function hideByLines(lattice: Lattice, hidden: Uint8Array): void {
  const order = preference(lattice);
  for (let changed = true; changed; ) {
    changed = false;
    for (const relation of lattice.relations) {
      const entries = entriesOf(relation);
      if (entries.filter((e) => hidden[e] !== SHOWN).length !== 1) continue;
      const best = entries.filter((e) => canComplement(lattice, hidden, e)).sort(order)[0];
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
