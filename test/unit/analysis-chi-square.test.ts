import { describe, expect, it } from 'vitest';
import { chiSquareOfCounts, chiSquareTest } from '../../core/analysis/chi-square';
import { chiSquareUpperTail, logGamma, regularizedGammaP, regularizedGammaQ } from '../../core/analysis/special-functions';
import { crossTab } from '../../core/analysis/crosstab';
import { buildColumns, expectKind } from '../../core/analysis/columns';
import type { SurveyContent } from '../../core/survey/model';

/** Φ(z) by Simpson's rule on the normal density: an independent route to the 1- and 3-df tails. */
function normalCdf(z: number): number {
  const steps = 20_000;
  const h = z / steps;
  const phi = (t: number) => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
  let sum = phi(0) + phi(z);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * phi(i * h);
  return 0.5 + (sum * h) / 3;
}

describe('special functions', () => {
  it('computes ln Γ at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(logGamma(171)).toBeCloseTo(Array.from({ length: 170 }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b), 9);
  });

  it('keeps P + Q = 1 on both sides of x = a + 1 (series and continued fraction)', () => {
    for (const [a, x] of [[0.5, 0.2], [0.5, 3], [3, 1], [3, 10], [50, 40], [50, 70], [874.5, 850], [874.5, 900]] as const) {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 12);
    }
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
  });

  it('matches the closed forms for even degrees of freedom', () => {
    // df = 2: e^(−x/2); df = 4: e^(−x/2)(1 + x/2); df = 6: e^(−x/2)(1 + y + y²/2), y = x/2.
    for (const x of [0.1, 1, 2.5, 5.991, 12, 40]) {
      const y = x / 2;
      expect(chiSquareUpperTail(x, 2)).toBeCloseTo(Math.exp(-y), 13);
      expect(chiSquareUpperTail(x, 4)).toBeCloseTo(Math.exp(-y) * (1 + y), 13);
      expect(chiSquareUpperTail(x, 6)).toBeCloseTo(Math.exp(-y) * (1 + y + (y * y) / 2), 13);
    }
  });

  it('matches the normal distribution for 1 and 3 degrees of freedom', () => {
    for (const x of [0.05, 0.79365, 2, 3.841, 9, 15]) {
      const z = Math.sqrt(x);
      const tail1 = 2 * (1 - normalCdf(z));
      expect(chiSquareUpperTail(x, 1)).toBeCloseTo(tail1, 9);
      expect(chiSquareUpperTail(x, 3)).toBeCloseTo(tail1 + Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2), 9);
    }
  });

  it('gives the critical values of printed chi-square tables', () => {
    const table: [number, number, number][] = [
      [3.841, 1, 0.05],
      [6.635, 1, 0.01],
      [10.828, 1, 0.001],
      [5.991, 2, 0.05],
      [9.488, 4, 0.05],
      [13.277, 4, 0.01],
      [18.307, 10, 0.05],
      [43.773, 30, 0.05],
      [124.342, 100, 0.05],
      [1074.679, 1000, 0.05],
    ];
    for (const [x, df, p] of table) expect(Math.abs(chiSquareUpperTail(x, df) - p)).toBeLessThan(p * 0.002);
  });
});

describe('chi-square test', () => {
  it('computes the statistic of a 2 × 2 table by hand', () => {
    // Rows 30, 70; columns 40, 60; n 100: expected 12, 18, 28, 42; each (O − E)² = 4.
    const result = chiSquareOfCounts([10, 20, 30, 40], 2, 2);
    expect(result.statistic).toBeCloseTo(4 / 12 + 4 / 18 + 4 / 28 + 4 / 42, 12);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.pValue).toBeCloseTo(2 * (1 - normalCdf(Math.sqrt(result.statistic!))), 9);
    // R: chisq.test(matrix(c(10, 30, 20, 40), 2), correct = FALSE) gives p-value = 0.373.
    expect(result.pValue).toBeCloseTo(0.373, 3);
    expect(result.valid).toBe(true);
    expect(result.minExpected).toBe(12);
  });

  it('drops empty rows and columns before counting degrees of freedom', () => {
    const result = chiSquareOfCounts([10, 0, 20, 0, 0, 0, 30, 0, 40], 3, 3);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.statistic).toBeCloseTo(chiSquareOfCounts([10, 20, 30, 40], 2, 2).statistic!, 12);
  });

  it('flags an expected count below 1, and more than 20 % of expected counts below 5', () => {
    const tiny = chiSquareOfCounts([1, 0, 20, 30], 2, 2);
    // Row 1 has 1 child: expected 1·21/51 and 1·30/51, both below 1.
    expect(tiny.problems).toEqual(['expectedBelowOne', 'tooManyExpectedBelowFive']);
    expect(tiny.valid).toBe(false);
    expect(tiny.pValue).not.toBeNull();
    // 3 × 2 with one row of 8: expected 4 and 4 (2 of 6 cells, 33 %) below 5, none below 1.
    const some = chiSquareOfCounts([4, 4, 30, 30, 30, 30], 3, 2);
    expect(some.problems).toEqual(['tooManyExpectedBelowFive']);
    expect(some.shareExpectedBelowFive).toBeCloseTo(2 / 6, 12);
    // 5 × 2 with one small row: 2 of 10 (20 %) is not more than 20 %.
    expect(chiSquareOfCounts([4, 4, 30, 30, 30, 30, 30, 30, 30, 30], 5, 2).valid).toBe(true);
  });

  it('says nothing can be tested with a single row', () => {
    expect(chiSquareOfCounts([5, 7, 9], 1, 3)).toMatchObject({ statistic: null, valid: false, problems: ['nothingToTest'] });
  });

  it('refuses a table with a multiple-choice dimension: respondents are counted more than once', () => {
    const survey: SurveyContent = {
      title: {},
      questions: [
        { name: 'sex', type: 'select_one', listName: 'sex', label: {}, hint: {}, required: false },
        { name: 'help', type: 'select_multiple', listName: 'help', label: {}, hint: {}, required: false },
      ],
      choiceLists: { sex: [{ name: 'f', label: {} }, { name: 'm', label: {} }], help: [{ name: 'a', label: {} }, { name: 'b', label: {} }] },
    };
    const set = buildColumns(survey, Array.from({ length: 40 }, (_, i) => ({ answers: { sex: i % 2 ? 'f' : 'm', help: i % 3 ? 'a b' : 'a' } })));
    const table = crossTab({ rows: expectKind(set.columns.get('help')!, 'multiple'), columns: expectKind(set.columns.get('sex')!, 'single') });
    expect(chiSquareTest(table)).toMatchObject({ statistic: null, pValue: null, valid: false, problems: ['multipleChoice'] });
    const single = crossTab({ rows: expectKind(set.columns.get('sex')!, 'single'), columns: expectKind(set.columns.get('sex')!, 'single') });
    expect(chiSquareTest(single).statistic).toBeCloseTo(40, 9);
  });
});
