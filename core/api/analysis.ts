import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { NAME_PATTERN, type Labels } from '../survey/model';
import { nfc } from '../text/vietnamese';
import { FilterConditionSchema } from '../analysis/filter';
import type { ProtectedCount, ProtectionNote } from '../analysis/protect';
import { LEAST_MIN_CELL, MOST_MIN_CELL } from '../analysis/suppression';
import type { ChiSquareProblem } from '../analysis/chi-square';
import type { BinRule } from '../analysis/histogram';
import type { NumericSummary } from '../analysis/numeric';
import { CODES_SUFFIX } from '../coding/code-column';

const questionName = z.string().regex(NAME_PATTERN);
/** A question, or the codes given to an open question's answers (`why#codes`), analysed as a multiple choice. */
const tableQuestion = z.string().regex(new RegExp(`^(?:${NAME_PATTERN.source.slice(1, -1)})(?:${CODES_SUFFIX})?$`));
/**
 * The smallest count shown (k). At least 3: protection cannot be switched off through the API, and with k = 2 a
 * "< 2" would always mean 1.
 */
export const MinCellSchema = z
  .number()
  .int()
  .min(LEAST_MIN_CELL, `k must be at least ${LEAST_MIN_CELL}: "< 2" would always mean 1 child`)
  .max(MOST_MIN_CELL);
export { DEFAULT_MIN_CELL } from '../analysis/suppression';

export const BucketSchema = z.object({ from: z.number(), to: z.number(), label: z.string().max(100).optional() });
export type BucketInput = z.infer<typeof BucketSchema>;

const filter = z.array(FilterConditionSchema).max(100).default([]);

export const AnalysisTableInputSchema = z.object({
  surveyId: z.string().uuid(),
  question: tableQuestion,
  /** Disaggregated by this question (columns of the table). */
  by: tableQuestion.nullable().optional(),
  /** And in layers of this one (a 3-way table). */
  layer: tableQuestion.nullable().optional(),
  /** Codes (`why#codes`) counted as their top-level themes ('top', the default) or every theme apart ('all'). */
  codeLevel: z.enum(['top', 'all']).optional(),
  /** Groups for number questions used in the table (age 8–11 / 12–14 / 15–17), by question name. */
  buckets: z.record(z.string(), z.array(BucketSchema).min(1).max(100)).optional(),
  filter,
  /** k for this table; the project's setting when absent. */
  minCell: MinCellSchema.optional(),
  /**
   * With a Likert scale as the question: add its agree / neutral / disagree summary (`likert`), protected together
   * with the table (so the table's hidden cells may differ from the same table without it).
   */
  likert: z.boolean().optional(),
});
export type AnalysisTableInput = z.input<typeof AnalysisTableInputSchema>;

export const AnalysisNumericInputSchema = z.object({ surveyId: z.string().uuid(), question: questionName, filter, minCell: MinCellSchema.optional() });

/** Chart types of the Results screen (which ones fit a view is decided there). */
export const CHART_TYPES = ['bar', 'grouped', 'stacked', 'stacked100', 'pie', 'doughnut', 'histogram', 'likert'] as const;
export type AnalysisChartType = (typeof CHART_TYPES)[number];

/**
 * What the Results screen shows, as saved in the project file (a saved analysis, or the working view): the table's
 * parts as `analysis/table` takes them, and how it is presented. Unknown chart types fall back to a bar chart so
 * that a file written by a newer app still opens.
 */
export const AnalysisSpecSchema = AnalysisTableInputSchema.pick({ question: true, by: true, layer: true, codeLevel: true, buckets: true, filter: true }).extend({
  percentBy: z.enum(['column', 'row']).default('column'),
  chartType: z.enum(CHART_TYPES).default('bar').catch('bar'),
});
export type AnalysisSpec = z.infer<typeof AnalysisSpecSchema>;
export type AnalysisSpecInput = z.input<typeof AnalysisSpecSchema>;

const savedTitleText = z.string().trim().max(200).transform(nfc);
/** A saved analysis's name in both languages; at least one of them. */
export const SavedTitleSchema = z
  .object({ vi: savedTitleText.optional(), en: savedTitleText.optional() })
  .refine((t) => Boolean(t.vi || t.en), { message: 'empty title' });

export interface SavedAnalysis {
  id: string;
  surveyId: string;
  title: Labels;
  spec: AnalysisSpec;
  position: number;
  createdAt: string;
  updatedAt: string;
  /** Questions the spec names that the survey no longer has (renamed or removed since), in the spec's order. */
  missing: string[];
}

export interface AnalysisView {
  /** Null until the screen has been used on this survey. */
  spec: AnalysisSpec | null;
  /** The saved analysis the view was opened from or last saved as (null: none, or since deleted). */
  savedId: string | null;
  missing: string[];
  updatedAt: string | null;
}

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

/** One summary line of a Likert question: all who answered, or one `by` group, in one layer. */
export interface AnalysisLikertRow {
  /** The `by` group, or null for everyone in the layer. */
  by: string | null;
  layer: string | null;
  /** Answers on the scale: the base of every percentage of the line. */
  n: ProtectedCount;
  negative: ProtectedCount;
  /** Null on an even scale (no middle point). */
  neutral: ProtectedCount | null;
  positive: ProtectedCount;
  negativePercent: number | null;
  neutralPercent: number | null;
  positivePercent: number | null;
  /** Per scale point (as `AnalysisLikert.points`): % of `n`, null when the point or `n` is hidden. */
  points: (number | null)[];
  /** Mean score (1 = most negative … points = most positive); given only when every point and `n` are shown. */
  mean: number | null;
}

export interface AnalysisLikert {
  /** The scale from its most negative point to its most positive ("I don't know", "rather not say" are off it). */
  points: { value: string; side: 'negative' | 'neutral' | 'positive'; score: number }[];
  rows: AnalysisLikertRow[];
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
  /**
   * Responses under the filter (entries, for a question inside a repeat). The same number in every view with that
   * filter, so a published one: hidden ("< k", reason 'primary') only when under k, never as a complement; each
   * view is protected knowing it (a frequency's total is this count; a cross-tab's total and excluded add up to it).
   */
  filtered: ProtectedCount;
  /** Asked with `likert` for a question on a 3–7 point scale: its summary, protected with the table. */
  likert?: AnalysisLikert;
}

/** The statistics of numeric.ts, published: null below k children; min and max also when their histogram bin is hidden (they are one child's value). */
type PublishedStatistics = Pick<NumericSummary, 'mean' | 'standardDeviation' | 'min' | 'max' | 'q1' | 'median' | 'q3'>;
/** The counts of numeric.ts, each protected (`n`: children with a number). */
type ProtectedCounts = Record<keyof Pick<NumericSummary, 'n' | 'total' | 'refused' | 'notAsked' | 'unreadable'>, ProtectedCount>;

export interface AnalysisNumeric extends PublishedStatistics, ProtectedCounts {
  question: string;
  label: Labels;
  histogram: { rule: BinRule; edges: number[]; bins: ProtectedCount[] };
  note: ProtectionNote;
}

export interface AnalysisSettings {
  minCell: number;
}

export const analysisApi = {
  /** A protected frequency table or cross-tab (2- or 3-way), with totals, percentages and chi-square. */
  'analysis/table': { input: AnalysisTableInputSchema, output: returns<AnalysisTable>() },
  /** Statistics and histogram of a number question, protected. */
  'analysis/numeric': { input: AnalysisNumericInputSchema, output: returns<AnalysisNumeric>() },
  /** The project's analysis settings; given `minCell`, sets it first. */
  'analysis/settings': { input: z.object({ minCell: MinCellSchema.optional() }), output: returns<AnalysisSettings>() },
  /** The survey's saved analyses, in their order. */
  'analysis/saved': { input: z.object({ surveyId: z.string().uuid() }), output: returns<SavedAnalysis[]>() },
  /** Creates a saved analysis (no id, or an id not in the file) or updates one (its title and/or spec). */
  'analysis/save': {
    input: z.object({ surveyId: z.string().uuid(), id: z.string().uuid().optional(), title: SavedTitleSchema.optional(), spec: AnalysisSpecSchema.optional() }),
    output: returns<SavedAnalysis>(),
  },
  /** Deletes a saved analysis (kept in the file as deleted, so `restore` undoes it and merges know of it). */
  'analysis/deleteSaved': { input: z.object({ id: z.string().uuid(), restore: z.boolean().default(false) }), output: returns<SavedAnalysis[]>() },
  /** Moves a saved analysis to a position (0 first) in its survey's list; returns the list. */
  'analysis/moveSaved': { input: z.object({ id: z.string().uuid(), position: z.number().int().min(0) }), output: returns<SavedAnalysis[]>() },
  /** The survey's working view on the Results screen; given `view`, stores it first. */
  'analysis/view': {
    input: z.object({ surveyId: z.string().uuid(), view: z.object({ spec: AnalysisSpecSchema, savedId: z.string().uuid().nullable() }).optional() }),
    output: returns<AnalysisView>(),
  },
} satisfies ApiDomain;
