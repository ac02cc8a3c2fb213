/**
 * Statistics of a number question under a mask: n, mean, sample standard deviation (divisor n − 1, as R's sd(),
 * pandas' std() and SPSS give), minimum, maximum, quartiles and median by R's type 7 (see order-statistics.ts),
 * and a histogram (histogram.ts). Refused, not asked and unreadable entries are counted apart, never as values.
 *
 * Two routes to the same numbers: whole numbers over a modest range (ages, counts, scores) are counted per value
 * and the order statistics read off the running counts, in two passes and no copy; other numbers are copied once
 * and the quartiles found by selection (Floyd–Rivest), never by a full sort.
 */
import { ANSWERED, NOT_ASKED, REFUSED, UNREADABLE, type NumericColumn } from './columns';
import { histogram, type Histogram } from './histogram';
import { quantilesType7 } from './order-statistics';

export interface NumericSummary {
  question: string;
  /** Entries under the mask. */
  total: number;
  /** Entries with a number. */
  n: number;
  refused: number;
  notAsked: number;
  /** Text that is not a number (old or imported data), left out. */
  unreadable: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null below two values. */
  standardDeviation: number | null;
  min: number | null;
  max: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  histogram: Histogram;
}

/** A module constant, not the imported binding, in the loops: some loaders make an import a getter call. */
const ANSWERED_STATE = ANSWERED;

/** Whole numbers spanning at most this many values are counted rather than selected. */
const COUNTING_RANGE = 1 << 16;
const QUARTILES = [0.25, 0.5, 0.75];

export function numericSummary(column: NumericColumn, mask: Uint8Array | null = null): NumericSummary {
  const { values, state, length } = column;
  // Plain loops rather than one with everything: the states without a branch, then the values, copied out once
  // (the later passes then run over n contiguous numbers with no state or mask to test). The min and max use
  // conditional expressions, and the whole-number test `| 0`: Math.min, Math.max and Math.floor compile to slow
  // sequences on CPUs without SSE4.1/AVX (some virtual machines), several times slower here.
  const states = new Uint32Array(4);
  if (mask === null) for (let i = 0; i < length; i++) states[state[i]!]!++;
  else for (let i = 0; i < length; i++) states[state[i]!]! += mask[i]!;
  const n = states[ANSWERED_STATE]!;
  const counts = { total: states[0]! + states[1]! + states[2]! + states[3]!, n, refused: states[REFUSED]!, notAsked: states[NOT_ASKED]!, unreadable: states[UNREADABLE]! };
  if (n === 0) {
    return { question: column.question, ...counts, mean: null, standardDeviation: null, min: null, max: null, q1: null, median: null, q3: null, histogram: { rule: 'single', edges: [], counts: [] } };
  }
  const copy = new Float64Array(n);
  let at = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let notWhole = 0;
  for (let i = 0; i < length; i++) {
    if (state[i] !== ANSWERED_STATE || (mask !== null && mask[i] === 0)) continue;
    const x = values[i]!;
    copy[at++] = x;
    sum += x;
    min = x < min ? x : min;
    max = x > max ? x : max;
    // Whole numbers beyond ±2³¹ count as not whole here, which only sends them down the selection route.
    notWhole |= Number((x | 0) !== x);
  }
  const integers = notWhole === 0;
  const mean = sum / n;
  const spread = integers && max - min < COUNTING_RANGE ? byCounting(copy, min, max, mean) : bySelection(copy, min, max, mean);
  return { question: column.question, ...counts, mean, min, max, ...spread.stats, histogram: histogram(spread.values, { n, min, max, q1: spread.stats.q1, q3: spread.stats.q3, integers }, spread.weights) };
}

interface Spread {
  stats: { standardDeviation: number | null; q1: number; median: number; q3: number };
  values: Float64Array;
  weights: Uint32Array | null;
}

/** A corrected two-pass variance, then the quartiles by selection (which reorders the copy). */
function bySelection(copy: Float64Array, min: number, max: number, mean: number): Spread {
  const n = copy.length;
  // The second sum (of deviations) cancels most of the rounding error of the first mean.
  let squares = 0;
  let deviations = 0;
  for (let i = 0; i < n; i++) {
    const d = copy[i]! - mean;
    squares += d * d;
    deviations += d;
  }
  const standardDeviation = n > 1 ? Math.sqrt((squares - (deviations * deviations) / n) / (n - 1)) : null;
  const [q1, median, q3] = quantilesType7(copy, QUARTILES, { min, max }) as [number, number, number];
  return { stats: { standardDeviation, q1, median, q3 }, values: copy, weights: null };
}

/** Counts per whole number from min to max; order statistics and variance are read from the counts. */
function byCounting(copy: Float64Array, min: number, max: number, mean: number): Spread {
  const n = copy.length;
  const tally = new Uint32Array(max - min + 1);
  // `| 0` keeps the index a small integer (a float index takes V8's slow path).
  for (let i = 0; i < n; i++) tally[(copy[i]! - min) | 0]!++;
  let squares = 0;
  for (let v = 0; v < tally.length; v++) {
    const d = v + min - mean;
    squares += tally[v]! * d * d;
  }
  const standardDeviation = n > 1 ? Math.sqrt(squares / (n - 1)) : null;
  // The value at 0-based rank r is the first v whose running count passes r.
  const ranks = QUARTILES.flatMap((p) => {
    const h = (n - 1) * p;
    return [Math.floor(h), Math.min(n - 1, Math.floor(h) + 1)];
  });
  const order = ranks.map((rank, i) => [rank, i] as const).sort((a, b) => a[0] - b[0]);
  const atRank = new Float64Array(ranks.length);
  let seen = 0;
  let v = 0;
  for (const [rank, i] of order) {
    while (seen + tally[v]! <= rank) seen += tally[v++]!;
    atRank[i] = v + min;
  }
  const [q1, median, q3] = QUARTILES.map((p, k) => {
    const h = (n - 1) * p;
    return atRank[2 * k]! + (h - Math.floor(h)) * (atRank[2 * k + 1]! - atRank[2 * k]!);
  }) as [number, number, number];
  const distinct: number[] = [];
  const weights: number[] = [];
  tally.forEach((count, k) => {
    if (count > 0) {
      distinct.push(k + min);
      weights.push(count);
    }
  });
  return { stats: { standardDeviation, q1, median, q3 }, values: Float64Array.from(distinct), weights: Uint32Array.from(weights) };
}
