import { describe, expect, it } from 'vitest';
import { orderStatistics, quantilesType7, selectInPlace } from '../../core/analysis/order-statistics';
import { histogram, niceWidth } from '../../core/analysis/histogram';
import { numericSummary } from '../../core/analysis/numeric';
import { ANSWERED, NOT_ASKED, REFUSED, UNREADABLE, type NumericColumn } from '../../core/analysis/columns';
import { seededRandom as seeded } from '../helpers/seeded-random';

const q7 = (xs: number[], ps: number[]) => quantilesType7(Float64Array.from(xs), ps);

function numbers(values: number[], state?: number[]): NumericColumn {
  return {
    kind: 'numeric',
    question: 'x',
    type: 'decimal',
    length: values.length,
    repeat: null,
    parent: null,
    instance: null,
    values: Float64Array.from(values),
    state: Uint8Array.from(state ?? values.map((v) => (Number.isNaN(v) ? NOT_ASKED : ANSWERED))),
  };
}


/** R's type 7, written from its definition on a sorted copy. */
function referenceQuantile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

describe('quartiles by R type 7', () => {
  it('matches R quantile() on small vectors computed by hand', () => {
    // quantile(c(1, 2, 3, 4)) → 1.75, 2.5, 3.25
    expect(q7([1, 2, 3, 4], [0.25, 0.5, 0.75])).toEqual([1.75, 2.5, 3.25]);
    // quantile(c(7, 1, 3, 10, 5)) → 3, 5, 7 (h = 1, 2, 3 exactly)
    expect(q7([7, 1, 3, 10, 5], [0.25, 0.5, 0.75])).toEqual([3, 5, 7]);
    // quantile(c(2, 4, 4, 5, 7, 9)) → h = 1.25, 2.5, 3.75: 4, 4.5, 5 + 0.75 · 2 = 6.5
    expect(q7([9, 2, 7, 4, 5, 4], [0.25, 0.5, 0.75])).toEqual([4, 4.5, 6.5]);
    // quantile(1:10, 0.1) → h = 0.9: 1.9; min and max at 0 and 1.
    expect(q7([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [0.1, 0, 1])).toEqual([1.9, 1, 10]);
    expect(q7([42], [0.25, 0.5, 0.75])).toEqual([42, 42, 42]);
    expect(q7([], [0.5])).toEqual([NaN]);
  });

  it('agrees with sorting on seeded random vectors, small and large, with ties', () => {
    const random = seeded(7);
    // From 32 768 values the search is first narrowed by value buckets; a spike or a far outlier defeats the
    // narrowing and falls back to plain selection: every route must give the same numbers.
    for (const n of [2, 3, 5, 17, 100, 601, 602, 5000, 20_001, 40_000, 70_001]) {
      for (const kind of ['ties', 'spread', 'negative', 'spike', 'outlier', 'constant']) {
        const draw = () => {
          const u = random();
          if (kind === 'ties') return Math.floor(u * 6);
          if (kind === 'spread') return u * 1e6;
          if (kind === 'negative') return -50 + u * 100;
          if (kind === 'spike') return u < 0.9 ? 7.5 : random() * 100;
          if (kind === 'outlier') return u < 0.0001 ? 1e12 : random();
          return 3;
        };
        const xs = Array.from({ length: n }, draw);
        const ps = [0.25, 0.5, 0.75, 0.05, 0.95];
        const got = q7(xs, ps);
        ps.forEach((p, i) => expect(got[i]).toBeCloseTo(referenceQuantile(xs, p), 9));
      }
    }
  });

  it('selects without sorting: the k-th value in place, smaller before, larger after', () => {
    const random = seeded(11);
    for (const n of [1, 9, 700, 10_000]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * 50));
      const sorted = Array.from(values).sort((a, b) => a - b);
      const k = Math.floor(random() * n);
      selectInPlace(values, k);
      expect(values[k]).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(values[i]! <= values[k]!).toBe(true);
      for (let i = k + 1; i < n; i++) expect(values[i]! >= values[k]!).toBe(true);
    }
    const several = Float64Array.from([5, 1, 4, 2, 3, 9, 0]);
    expect(orderStatistics(several, [6, 0, 3])).toEqual([9, 0, 3]);
  });
});

describe('numeric summary', () => {
  it('gives n, mean, the sample standard deviation (n − 1), min, max and quartiles', () => {
    // Mean 5; squared deviations add up to 32: population sd 2, sample sd √(32 / 7).
    const summary = numericSummary(numbers([2, 4, 4, 4, 5, 5, 7, 9]));
    expect(summary).toMatchObject({ n: 8, mean: 5, min: 2, max: 9, median: 4.5, q1: 4, q3: 5.5 });
    expect(summary.standardDeviation).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('counts refused, not asked and unreadable apart, and respects the mask', () => {
    const column = numbers([10, NaN, 20, NaN, 30, NaN, 1000], [ANSWERED, REFUSED, ANSWERED, NOT_ASKED, ANSWERED, UNREADABLE, ANSWERED]);
    const all = numericSummary(column);
    expect(all).toMatchObject({ total: 7, n: 4, refused: 1, notAsked: 1, unreadable: 1, min: 10, max: 1000 });
    const masked = numericSummary(column, Uint8Array.from([1, 1, 1, 0, 1, 0, 0]));
    expect(masked).toMatchObject({ total: 4, n: 3, refused: 1, notAsked: 0, unreadable: 0, mean: 20, median: 20, max: 30 });
    expect(masked.standardDeviation).toBeCloseTo(10, 12);
    // The column itself is not reordered by the selection.
    expect(Array.from(column.values.subarray(0, 3))).toEqual([10, NaN, 20]);
  });

  it('gives the same statistics whether whole numbers are counted (small range) or selected (large range)', () => {
    const random = seeded(5);
    for (const [low, span] of [[-40, 90], [0, 1000], [1_000_000, 70_000], [-5, 200_000]] as const) {
      const xs = Array.from({ length: 4001 }, () => low + Math.floor(random() * span));
      const s = numericSummary(numbers(xs));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(s.mean).toBeCloseTo(mean, 6);
      expect(s.standardDeviation).toBeCloseTo(Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)), 6);
      for (const [p, got] of [[0.25, s.q1], [0.5, s.median], [0.75, s.q3]] as const) expect(got).toBeCloseTo(referenceQuantile(xs, p), 9);
      expect(s.min).toBe(Math.min(...xs));
      expect(s.max).toBe(Math.max(...xs));
      const h = s.histogram;
      h.counts.forEach((count, b) => expect(count).toBe(xs.filter((x) => x >= h.edges[b]! && x < h.edges[b + 1]!).length));
      expect(h.counts.reduce((a, b) => a + b)).toBe(xs.length);
    }
  });

  it('has no statistics without values, and no standard deviation from one value', () => {
    expect(numericSummary(numbers([NaN, NaN]))).toMatchObject({ n: 0, mean: null, median: null, standardDeviation: null, histogram: { counts: [] } });
    expect(numericSummary(numbers([3]))).toMatchObject({ n: 1, mean: 3, median: 3, standardDeviation: null });
  });
});

describe('histogram bins', () => {
  it('gives whole numbers over a small range one bin each (ages 8–17)', () => {
    const ages = [8, 8, 9, 12, 12, 12, 17];
    const h = numericSummary(numbers(ages)).histogram;
    expect(h.rule).toBe('integer');
    expect(h.edges).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(h.counts).toEqual([2, 1, 0, 0, 3, 0, 0, 0, 0, 1]);
  });

  it('uses Freedman–Diaconis with a nice width for spread-out numbers, every value in one half-open bin', () => {
    const random = seeded(3);
    const xs = Array.from({ length: 1000 }, () => random() * 100);
    const summary = numericSummary(numbers(xs));
    const h = summary.histogram;
    expect(h.rule).toBe('freedman-diaconis');
    const raw = (2 * (summary.q3! - summary.q1!)) / Math.cbrt(1000);
    const width = h.edges[1]! - h.edges[0]!;
    expect(width).toBe(niceWidth(raw, false));
    expect(width).toBeGreaterThanOrEqual(raw);
    expect(h.counts.reduce((a, b) => a + b)).toBe(1000);
    h.counts.forEach((count, b) => expect(count).toBe(xs.filter((x) => x >= h.edges[b]! && x < h.edges[b + 1]!).length));
  });

  it('falls back to Sturges when the quartiles coincide, and puts a value on an edge in the bin above', () => {
    const xs = [...Array.from({ length: 100 }, () => 5), 0, 1000];
    const h = numericSummary(numbers(xs)).histogram;
    expect(h.rule).toBe('sturges');
    // ⌈log₂ 102⌉ + 1 = 8 bins over 0–1000: width 125, the next nice width for whole numbers is 200.
    expect(h.edges[1]! - h.edges[0]!).toBe(200);
    expect(h.counts[0]).toBe(101);
    expect(h.counts.at(-1)).toBe(1);
    // IQR 0.05 over 5 values: 2 · 0.05 / ∛5 ≈ 0.058, nice width 0.1; 0.3 / 0.1 is 2.999… in floating point.
    const edge = histogram(Float64Array.from([0, 0.1, 0.2, 0.3, 0.9]), { n: 5, min: 0, max: 0.9, q1: 0.1, q3: 0.15, integers: false });
    expect(edge.edges.slice(0, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(edge.counts.slice(0, 4)).toEqual([1, 1, 1, 1]);
  });

  it('rounds widths to 1, 2, 2.5 or 5 × 10^k', () => {
    expect(niceWidth(0.13, false)).toBe(0.2);
    expect(niceWidth(2.2, false)).toBe(2.5);
    expect(niceWidth(2.2, true)).toBe(5);
    expect(niceWidth(0.4, true)).toBe(1);
    expect(niceWidth(37, false)).toBe(50);
    expect(niceWidth(100, false)).toBe(100);
  });
});
