/**
 * Order statistics by selection, not by sorting: Floyd–Rivest SELECT (1975) puts the k-th smallest value at index
 * k with the smaller ones before it and the larger ones after, in expected n + min(k, n − k) comparisons. Several
 * ranks are found by selecting the middle one and recursing into each side. On large arrays a counting pass over
 * value buckets first narrows the search to the few buckets that hold the wanted ranks, so a median and two
 * quartiles of a million numbers cost about three plain passes, against twenty for a sort.
 */

/** Rearranges values[left..right] so that values[k] is the k-th smallest (0-based), smaller before, larger after. */
export function selectInPlace(values: Float64Array, k: number, left = 0, right = values.length - 1): void {
  while (right > left) {
    // On a large range, first select within a small sample around the expected position: the pivot then lands
    // very near k, and the partition below leaves little to do.
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      selectInPlace(values, k, newLeft, newRight);
    }
    const pivot = values[k]!;
    let i = left;
    let j = right;
    swap(values, left, k);
    if (values[right]! > pivot) swap(values, left, right);
    while (i < j) {
      swap(values, i, j);
      i++;
      j--;
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
    }
    if (values[left] === pivot) swap(values, left, j);
    else {
      j++;
      swap(values, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(values: Float64Array, a: number, b: number): void {
  const t = values[a]!;
  values[a] = values[b]!;
  values[b] = t;
}

/**
 * The values at the given ranks (0-based, any order). Large arrays are first narrowed by value: one pass counts
 * the values in 4 096 equal-width buckets between min and max, a second copies out only the buckets that hold a
 * wanted rank, and Floyd–Rivest runs inside those few thousand values. When the values crowd into the wanted
 * buckets (a spike, a long tail), the narrowing gains nothing and selection runs on the whole array instead.
 * May reorder `values`.
 */
export function orderStatistics(values: Float64Array, ranks: readonly number[], range?: { min: number; max: number }): number[] {
  const n = values.length;
  if (n >= NARROWING_FROM) {
    const narrowed = narrowedOrderStatistics(values, ranks, range ?? extremes(values));
    if (narrowed) return narrowed;
  }
  const wanted = [...new Set(ranks)].sort((a, b) => a - b);
  selectRanks(values, wanted, 0, wanted.length - 1, 0, n - 1);
  return ranks.map((rank) => values[rank]!);
}

const NARROWING_FROM = 1 << 15;
const BUCKETS = 4096;

function extremes(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    min = x < min ? x : min;
    max = x > max ? x : max;
  }
  return { min, max };
}

function narrowedOrderStatistics(values: Float64Array, ranks: readonly number[], { min, max }: { min: number; max: number }): number[] | null {
  const n = values.length;
  if (!(max > min) || !Number.isFinite(max - min)) return min === max ? ranks.map(() => min) : null;
  // Bucket b holds [min + b/scale, min + (b+1)/scale); the maximum would land on BUCKETS, so the count table has
  // one slot more and the last two are read as one (written out inline: these are the two hot loops here).
  const scale = BUCKETS / (max - min);
  const counts = new Uint32Array(BUCKETS + 1);
  for (let i = 0; i < n; i++) counts[((values[i]! - min) * scale) | 0]!++;
  counts[BUCKETS - 1]! += counts[BUCKETS]!;
  counts[BUCKETS] = 0;
  // For each rank: its bucket, and the rank it has among that bucket's values.
  const starts = new Float64Array(BUCKETS);
  for (let b = 1; b < BUCKETS; b++) starts[b] = starts[b - 1]! + counts[b - 1]!;
  const located = ranks.map((rank) => {
    let low = 0;
    let high = BUCKETS - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= rank) low = middle;
      else high = middle - 1;
    }
    return { bucket: low, rank: rank - starts[low]! };
  });
  const slot = new Int32Array(BUCKETS + 1).fill(-1);
  const kept: Float64Array[] = [];
  let keptTotal = 0;
  for (const { bucket } of located) {
    if (slot[bucket]! >= 0) continue;
    slot[bucket] = kept.length;
    kept.push(new Float64Array(counts[bucket]!));
    keptTotal += counts[bucket]!;
  }
  if (keptTotal > n / 4) return null;
  slot[BUCKETS] = slot[BUCKETS - 1]!;
  const filled = new Int32Array(kept.length);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const k = slot[((x - min) * scale) | 0]!;
    if (k >= 0) kept[k]![filled[k]!++] = x;
  }
  return located.map(({ bucket, rank }) => {
    const part = kept[slot[bucket]!]!;
    selectInPlace(part, rank);
    return part[rank]!;
  });
}

function selectRanks(values: Float64Array, ranks: readonly number[], first: number, last: number, left: number, right: number): void {
  if (first > last) return;
  const middle = (first + last) >> 1;
  const k = ranks[middle]!;
  selectInPlace(values, k, left, right);
  selectRanks(values, ranks, first, middle - 1, left, k - 1);
  selectRanks(values, ranks, middle + 1, last, k + 1, right);
}

/**
 * Quantiles by R's type 7 (R's and pandas' default): with the n values sorted x[0] ≤ … ≤ x[n−1],
 * h = (n − 1)·p and Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). May reorder `values`; NaN when empty.
 * `range`, the values' min and max when the caller has them already, saves a pass.
 */
export function quantilesType7(values: Float64Array, probabilities: readonly number[], range?: { min: number; max: number }): number[] {
  const n = values.length;
  if (n === 0) return probabilities.map(() => NaN);
  const positions = probabilities.map((p) => (n - 1) * Math.min(1, Math.max(0, p)));
  const ranks = positions.flatMap((h) => [Math.floor(h), Math.min(n - 1, Math.floor(h) + 1)]);
  const at = orderStatistics(values, ranks, range);
  return positions.map((h, i) => {
    const fraction = h - Math.floor(h);
    const below = at[2 * i]!;
    return fraction === 0 ? below : below + fraction * (at[2 * i + 1]! - below);
  });
}
