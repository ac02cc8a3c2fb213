/**
 * Likert (agree/disagree, smiley) questions: counts per scale point and the negative / neutral / positive split
 * a diverging bar chart draws. The scale is the choice list in its order, 3 to 7 points; an odd scale's middle
 * point is neutral, an even scale has none. Lists are read from negative to positive (our own agreement list
 * and smiley scales run 1 = strongly disagree … 5 = strongly agree); `order: 'positiveFirst'` reads them the
 * other way. Answers outside the list (an older version's choice) are counted apart, not on the scale.
 */
import { choicesOf, type Question, type SurveyContent } from '../survey/model';
import { FIRST_CHOICE_CODE, NOT_ASKED, REFUSED, type SingleChoiceColumn } from './columns';
import { percent } from './frequencies';

export const MIN_SCALE_POINTS = 3;
export const MAX_SCALE_POINTS = 7;

/**
 * How a select_one qualifies for the Likert view: 'appearance' when marked likert (XLSForm) or smiley (ours),
 * shown as Likert by default; 'possible' for any other select_one with a 3–7 point list, offered but not assumed
 * (a list of three provinces is not a scale); null otherwise.
 */
export function likertKind(survey: SurveyContent, question: Question): 'appearance' | 'possible' | null {
  if (question.type !== 'select_one') return null;
  const points = choicesOf(survey, question).length;
  if (points < MIN_SCALE_POINTS || points > MAX_SCALE_POINTS) return null;
  const appearances = (question.appearance ?? '').toLowerCase().split(/\s+/);
  return appearances.includes('likert') || appearances.includes('smiley') ? 'appearance' : 'possible';
}

export type LikertSide = 'negative' | 'neutral' | 'positive';

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
  const points = column.listSize;
  if (points < MIN_SCALE_POINTS || points > MAX_SCALE_POINTS) return null;
  const mask = options.mask ?? null;
  const counts = new Uint32Array(FIRST_CHOICE_CODE + column.values.length);
  const { codes, length } = column;
  if (mask === null) for (let i = 0; i < length; i++) counts[codes[i]!]!++;
  else for (let i = 0; i < length; i++) counts[codes[i]!]! += mask[i]!;

  // k-th point from the negative end.
  const listIndex = (k: number) => (options.order === 'positiveFirst' ? points - 1 - k : k);
  const middle = points % 2 === 1 ? (points - 1) / 2 : -1;
  const sideOf = (k: number): LikertSide => (k === middle ? 'neutral' : k < points / 2 ? 'negative' : 'positive');
  let onScale = 0;
  for (let k = 0; k < points; k++) onScale += counts[FIRST_CHOICE_CODE + k]!;
  const totals = { negative: 0, neutral: 0, positive: 0 };
  const scale = Array.from({ length: points }, (_, k) => {
    const index = listIndex(k);
    const count = counts[FIRST_CHOICE_CODE + index]!;
    const side = sideOf(k);
    totals[side] += count;
    return { value: column.values[index]!, side, count, percent: percent(count, onScale) };
  });
  let extras = 0;
  for (let k = points; k < column.values.length; k++) extras += counts[FIRST_CHOICE_CODE + k]!;
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
