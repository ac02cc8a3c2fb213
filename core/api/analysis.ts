import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { NAME_PATTERN, type Labels } from '../survey/model';
import type { Frequency } from '../analysis/frequency';
import { FilterConditionSchema } from '../analysis/filter';
import type { ProtectedCount, ProtectionNote } from '../analysis/protect';
import type { ChiSquareProblem } from '../analysis/chi-square';
import type { BinRule } from '../analysis/histogram';

const questionName = z.string().regex(NAME_PATTERN);
/** The smallest count shown (k). At least 2: protection cannot be switched off through the API. */
export const MinCellSchema = z.number().int().min(2).max(1000);
export const DEFAULT_MIN_CELL = 5;

export const BucketSchema = z.object({ from: z.number(), to: z.number(), label: z.string().max(100).optional() });
export type BucketInput = z.infer<typeof BucketSchema>;

const filter = z.array(FilterConditionSchema).max(100).default([]);

export const AnalysisTableInputSchema = z.object({
  surveyId: z.string().uuid(),
  question: questionName,
  /** Disaggregated by this question (columns of the table). */
  by: questionName.nullable().optional(),
  /** And in layers of this one (a 3-way table). */
  layer: questionName.nullable().optional(),
  /** Groups for number questions used in the table (age 8–11 / 12–14 / 15–17), by question name. */
  buckets: z.record(z.string(), z.array(BucketSchema).min(1).max(100)).optional(),
  filter,
  /** k for this table; the project's setting when absent. */
  minCell: MinCellSchema.optional(),
});
export type AnalysisTableInput = z.input<typeof AnalysisTableInputSchema>;

export const AnalysisNumericInputSchema = z.object({ surveyId: z.string().uuid(), question: questionName, filter, minCell: MinCellSchema.optional() });

export interface TableCategory {
  value: string;
  label: Labels;
  /** False for a value met in the data but not in today's choice list. */
  inList: boolean;
}

export interface TableCell extends ProtectedCount {
  /** The question's value (choice name or bucket label). */
  value: string;
  /** The `by` question's value, or null without one. */
  by: string | null;
  layer: string | null;
  /**
   * Without `by`: % of those who answered (multiple choice: of respondents). With `by`: % of the `by` group
   * (of its column total). Null when hidden or when its base is hidden or zero.
   */
  percent: number | null;
  /** Without `by`: % of all counted. With `by`: % of the question's row total. */
  percentOther: number | null;
}

export interface TableTotal extends ProtectedCount {
  value: string | null;
  by: string | null;
  layer: string | null;
}

export interface TableChiSquare {
  layer: string | null;
  statistic: number | null;
  degreesOfFreedom: number;
  pValue: number | null;
  valid: boolean;
  /** `hiddenCells`: a layer with hidden cells gets no statistic (it could help work the hidden counts out). */
  problems: (ChiSquareProblem | 'hiddenCells')[];
}

export interface AnalysisTable {
  question: string;
  by: string | null;
  layer: string | null;
  kind: 'frequency' | 'crosstab';
  /** single, multiple or buckets, per dimension. */
  dimensions: { question: string; kind: 'single' | 'multiple' | 'buckets'; label: Labels; categories: TableCategory[] }[];
  /** Children counted in the table (null when hidden). */
  n: number | null;
  cells: TableCell[];
  /** Frequency: answered, refused, notAsked, total (and ticks for multiple choice). Cross-tab: row, column, layer totals, total, excluded. */
  totals: Record<string, ProtectedCount>;
  rowTotals: TableTotal[];
  columnTotals: TableTotal[];
  layerTotals: TableTotal[];
  chiSquare: TableChiSquare[];
  /** With a multiple-choice dimension a child counts in several cells: totals are children, not sums. */
  additive: boolean;
  note: ProtectionNote;
  /** Responses under the filter. */
  filtered: number;
}

export interface AnalysisNumeric {
  question: string;
  label: Labels;
  /** Children with a number (null when below k). */
  n: ProtectedCount;
  total: ProtectedCount;
  refused: ProtectedCount;
  notAsked: ProtectedCount;
  unreadable: ProtectedCount;
  /** Null below k children; min and max also when their histogram bin is hidden (they are one child's value). */
  mean: number | null;
  standardDeviation: number | null;
  min: number | null;
  max: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  histogram: { rule: BinRule; edges: number[]; bins: ProtectedCount[] };
  note: ProtectionNote;
}

export interface AnalysisSettings {
  minCell: number;
}

export const analysisApi = {
  /** Counts and percentages of one choice question over the survey's complete responses. */
  'analysis/frequency': {
    input: z.object({ surveyId: z.string().uuid(), question: questionName }),
    output: returns<Frequency>(),
  },
  /** A protected frequency table or cross-tab (2- or 3-way), with totals, percentages and chi-square. */
  'analysis/table': { input: AnalysisTableInputSchema, output: returns<AnalysisTable>() },
  /** Statistics and histogram of a number question, protected. */
  'analysis/numeric': { input: AnalysisNumericInputSchema, output: returns<AnalysisNumeric>() },
  /** The project's analysis settings; given `minCell`, sets it first. */
  'analysis/settings': { input: z.object({ minCell: MinCellSchema.optional() }), output: returns<AnalysisSettings>() },
} satisfies ApiDomain;
