/**
 * Likert (agree/disagree, smiley) questions: counts per scale point and the negative / neutral / positive split
 * a diverging bar chart draws. The scale is the choice list in its order, 3 to 7 points; an odd scale's middle
 * point is neutral, an even scale has none. Lists are read from negative to positive (our own agreement list
 * and smiley scales run 1 = strongly disagree … 5 = strongly agree); `order: 'positiveFirst'` reads them the
 * other way. Answers outside the list (an older version's choice) are counted apart, not on the scale, and so are
 * the app's "I don't know" (98) and "I'd rather not say" (99) choices wherever the list has them.
 */
import { choicesOf, type Question, type SurveyContent } from '../survey/model';
import { FIRST_CHOICE_CODE, NOT_ASKED, REFUSED, type SingleChoiceColumn } from './columns';
import { percent } from './frequencies';

export const MIN_SCALE_POINTS = 3;
export const MAX_SCALE_POINTS = 7;
/** Choice codes the app gives "I don't know" and "I'd rather not say" in every list: in a list, not on its scale. */
export const OFF_SCALE_CODES: ReadonlySet<string> = new Set(['98', '99']);

export type LikertSide = 'negative' | 'neutral' | 'positive';

export interface ScalePoint {
  value: string;
  /** Place in the choice list (and in a column's `values`). */
  index: number;
  side: LikertSide;
  /** 1 for the most negative point … n for the most positive: what a mean score averages. */
  score: number;
}

/**
 * The scale of a choice list (its first `listSize` values, without the off-scale codes), from the most negative
 * point to the most positive; null when it does not have 3–7 points.
 */
export function likertScale(values: readonly string[], listSize: number = values.length, order: LikertOptions['order'] = 'negativeFirst'): ScalePoint[] | null {
  const listed = values.slice(0, listSize).map((value, index) => ({ value, index })).filter((p) => !OFF_SCALE_CODES.has(p.value));
  const n = listed.length;
  if (n < MIN_SCALE_POINTS || n > MAX_SCALE_POINTS) return null;
  if (order === 'positiveFirst') listed.reverse();
  const middle = n % 2 === 1 ? (n - 1) / 2 : -1;
  return listed.map((p, k) => ({ ...p, side: k === middle ? 'neutral' : k < n / 2 ? 'negative' : 'positive', score: k + 1 }));
}

/**
 * How a select_one qualifies for the Likert view: 'appearance' when marked likert (XLSForm) or smiley (ours),
 * shown as Likert by default; 'possible' for any other select_one with a 3–7 point list, offered but not assumed
 * (a list of three provinces is not a scale); null otherwise.
 */
export function likertKind(survey: SurveyContent, question: Question): 'appearance' | 'possible' | null {
  if (question.type !== 'select_one') return null;
  if (likertScale(choicesOf(survey, question).map((c) => c.name)) === null) return null;
  const appearances = (question.appearance ?? '').toLowerCase().split(/\s+/);
  return appearances.includes('likert') || appearances.includes('smiley') ? 'appearance' : 'possible';
}

export interface LikertPoint {
  value: string;
  side: LikertSide;
  count: number;
  /** Of the answers on the scale. */
  percent: number | null;
}

export interface LikertSummary {
  question: string;
  /** From the most negative point to the most positive, whatever the list's order. */
  points: LikertPoint[];
  /** Answers on the scale: the base of every percentage here. */
  onScale: number;
  /** Answers outside today's list, refusals and not asked, under the mask. */
  offScale: number;
  refused: number;
  notAsked: number;
  negative: number;
  neutral: number;
  positive: number;
  negativePercent: number | null;
  neutralPercent: number | null;
  /** "% agree": the positive points' share of the answers on the scale. */
  positivePercent: number | null;
}

export interface LikertOptions {
  mask?: Uint8Array | null;
  order?: 'negativeFirst' | 'positiveFirst';
}

/** Null when the list does not have 3–7 points. */
export function likertSummary(column: SingleChoiceColumn, options: LikertOptions = {}): LikertSummary | null {
  const points = likertScale(column.values, column.listSize, options.order);
  if (points === null) return null;
  const mask = options.mask ?? null;
  const counts = new Uint32Array(FIRST_CHOICE_CODE + column.values.length);
  const { codes, length } = column;
  if (mask === null) for (let i = 0; i < length; i++) counts[codes[i]!]!++;
  else for (let i = 0; i < length; i++) counts[codes[i]!]! += mask[i]!;

  let onScale = 0;
  for (const p of points) onScale += counts[FIRST_CHOICE_CODE + p.index]!;
  const totals = { negative: 0, neutral: 0, positive: 0 };
  const scale = points.map((p) => {
    const count = counts[FIRST_CHOICE_CODE + p.index]!;
    totals[p.side] += count;
    return { value: p.value, side: p.side, count, percent: percent(count, onScale) };
  });
  let extras = 0;
  for (let k = 0; k < column.values.length; k++) extras += counts[FIRST_CHOICE_CODE + k]!;
  extras -= onScale;
  const middle = points.some((p) => p.side === 'neutral') ? 0 : -1;
  return {
    question: column.question,
    points: scale,
    onScale,
    offScale: extras + counts[REFUSED]! + counts[NOT_ASKED]!,
    refused: counts[REFUSED]!,
    notAsked: counts[NOT_ASKED]!,
    ...totals,
    negativePercent: percent(totals.negative, onScale),
    neutralPercent: middle >= 0 ? percent(totals.neutral, onScale) : null,
    positivePercent: percent(totals.positive, onScale),
  };
}
