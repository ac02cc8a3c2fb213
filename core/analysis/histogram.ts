/**
 * Histogram bins a reader can take in at a glance:
 * - whole numbers over a small range (at most MAX_INTEGER_BINS distinct values, e.g. ages 8–17): one bin per value;
 * - otherwise Freedman–Diaconis, width 2·IQR·n^(−1/3) (robust to the odd 99-year-old typed for 9), rounded up to a
 *   "nice" width (1, 2, 2.5 or 5 × 10^k; at least 1 for whole numbers), the first edge a multiple of the width;
 * - Sturges (⌈log₂ n⌉ + 1 bins) when the IQR is 0 and Freedman–Diaconis has no width to give;
 * - never more than MAX_BINS bins (the width grows instead).
 * Every bin is [edges[i], edges[i + 1]), half-open; the last edge is above the maximum.
 */

export const MAX_INTEGER_BINS = 30;
export const MAX_BINS = 100;

export type BinRule = 'integer' | 'freedman-diaconis' | 'sturges' | 'single';

export interface Histogram {
  rule: BinRule;
  /** bins + 1 edges. */
  edges: number[];
  counts: number[];
}

export interface HistogramInput {
  n: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  integers: boolean;
}

/**
 * Bins `values` (the first `stats.n` of them, in any order) with the rule above. With `weights`, `values` are
 * distinct values and weights[i] how many times values[i] occurs (the counting path of numeric.ts).
 */
export function histogram(values: Float64Array, stats: HistogramInput, weights: Uint32Array | null = null): Histogram {
  const { n, min, max, q1, q3, integers } = stats;
  if (n === 0) return { rule: 'single', edges: [], counts: [] };
  let rule: BinRule;
  let width: number;
  let start: number;
  if (min === max) {
    rule = 'single';
    width = 1;
    start = min;
  } else if (integers && max - min + 1 <= MAX_INTEGER_BINS) {
    rule = 'integer';
    width = 1;
    start = min;
  } else {
    const iqr = q3 - q1;
    rule = iqr > 0 ? 'freedman-diaconis' : 'sturges';
    const raw = iqr > 0 ? (2 * iqr) / Math.cbrt(n) : (max - min) / (Math.ceil(Math.log2(n)) + 1);
    width = niceWidth(Math.max(raw, (max - min) / MAX_BINS), integers);
    start = Math.floor(min / width) * width;
  }
  const bins = Math.floor((max - start) / width) + 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => tidy(start + i * width));
  const counts = new Uint32Array(bins);
  const edgeAt = Float64Array.from(edges);
  const entries = weights ? values.length : n;
  const last = bins - 1;
  const perWidth = 1 / width;
  for (let i = 0; i < entries; i++) {
    const x = values[i]!;
    // x ≥ start, so truncation is the floor (Math.floor is a slow call on some CPUs).
    let b = ((x - start) * perWidth) | 0;
    b = b > last ? last : b;
    // Floating point can land a value sitting on an edge in the bin below (0.3 / 0.1 = 2.999…), or above.
    if (b < last && x >= edgeAt[b + 1]!) b++;
    if (b > 0 && x < edgeAt[b]!) b--;
    counts[b]! += weights === null ? 1 : weights[i]!;
  }
  return { rule, edges, counts: Array.from(counts) };
}

/** The smallest of 1, 2, 2.5, 5 × 10^k not below `raw` (whole numbers: at least 1, and 2.5 is skipped). */
export function niceWidth(raw: number, integers: boolean): number {
  if (integers && raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const steps = integers && power < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  for (const step of steps) if (step * power >= raw * (1 - 1e-12)) return tidy(step * power);
  return tidy(10 * power);
}

/** Edges like 0.30000000000000004 print as 0.3. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}
