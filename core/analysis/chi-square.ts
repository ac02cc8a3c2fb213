/**
 * Pearson's chi-square test of independence on one layer of a cross-tab, with the validity rule reports use:
 * the test is flagged (and its p-value should not be printed as a finding) when
 * - a dimension is multiple choice: a respondent is counted in several cells, the observations are not
 *   independent and the statistic does not follow a chi-square distribution (no statistic is given);
 * - any expected count is below 1, or more than 20 % of the expected counts are below 5 (Cochran, 1954);
 * - fewer than two non-empty rows or columns remain (nothing to test: df = 0).
 * Rows and columns whose total is zero are dropped first (their expected counts are 0/0, not small).
 */
import type { CrossTab } from './crosstab';
import { chiSquareUpperTail } from './special-functions';

export type ChiSquareProblem = 'multipleChoice' | 'expectedBelowOne' | 'tooManyExpectedBelowFive' | 'nothingToTest';

export interface ChiSquareResult {
  /** Null when the test does not apply at all (multiple choice, nothing to test). */
  statistic: number | null;
  degreesOfFreedom: number;
  pValue: number | null;
  valid: boolean;
  problems: ChiSquareProblem[];
  /** The smallest expected count, and the share (0–1) of expected counts below 5, for the note under the table. */
  minExpected: number | null;
  shareExpectedBelowFive: number | null;
}

/** The test on layer `layer` (0 for a 2-way table). */
export function chiSquareTest(table: CrossTab, layer = 0): ChiSquareResult {
  const R = table.rowCount;
  const C = table.columnCount;
  const cells = table.cells.subarray(layer * R * C, (layer + 1) * R * C);
  if (!table.additive) return { statistic: null, degreesOfFreedom: 0, pValue: null, valid: false, problems: ['multipleChoice'], minExpected: null, shareExpectedBelowFive: null };
  return chiSquareOfCounts(cells, R, C);
}

/** The test on an R × C table of counts given row by row. */
export function chiSquareOfCounts(counts: ArrayLike<number>, rows: number, columns: number): ChiSquareResult {
  const rowTotals = new Float64Array(rows);
  const columnTotals = new Float64Array(columns);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = counts[r * columns + c]!;
      rowTotals[r]! += x;
      columnTotals[c]! += x;
      n += x;
    }
  }
  const liveRows = rowTotals.filter((t) => t > 0).length;
  const liveColumns = columnTotals.filter((t) => t > 0).length;
  const degreesOfFreedom = Math.max(0, (liveRows - 1) * (liveColumns - 1));
  if (degreesOfFreedom === 0) return { statistic: null, degreesOfFreedom, pValue: null, valid: false, problems: ['nothingToTest'], minExpected: null, shareExpectedBelowFive: null };

  let statistic = 0;
  let minExpected = Infinity;
  let belowFive = 0;
  for (let r = 0; r < rows; r++) {
    if (rowTotals[r] === 0) continue;
    for (let c = 0; c < columns; c++) {
      if (columnTotals[c] === 0) continue;
      const expected = (rowTotals[r]! * columnTotals[c]!) / n;
      const difference = counts[r * columns + c]! - expected;
      statistic += (difference * difference) / expected;
      if (expected < minExpected) minExpected = expected;
      if (expected < 5) belowFive++;
    }
  }
  const shareExpectedBelowFive = belowFive / (liveRows * liveColumns);
  const problems: ChiSquareProblem[] = [];
  if (minExpected < 1) problems.push('expectedBelowOne');
  if (shareExpectedBelowFive > 0.2) problems.push('tooManyExpectedBelowFive');
  return {
    statistic,
    degreesOfFreedom,
    pValue: chiSquareUpperTail(statistic, degreesOfFreedom),
    valid: problems.length === 0,
    problems,
    minExpected,
    shareExpectedBelowFive,
  };
}
