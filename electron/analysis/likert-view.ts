/**
 * The agree / neutral / disagree summary of a Likert question beside its table (analysis/table with `likert`).
 * The sides are row sums protected together with the table (core/analysis/protect.ts, `RowSums`): read side by
 * side, the table and the summary give no hidden count away. A mean score is given only where every point and the
 * base are shown, so it adds nothing a reader could not already work out from the table.
 */
import { likertScale, type ScalePoint } from '../../core/analysis/likert';
import { protectedPercent, type ProtectedCount, type ProtectedRowSums, type RowSums } from '../../core/analysis/protect';
import type { SingleChoiceColumn } from '../../core/analysis/columns';
import type { AnalysisLikert, AnalysisLikertRow } from '../../core/api/analysis';

const SIDES = ['negative', 'neutral', 'positive'] as const;

export interface LikertPlan {
  scale: ScalePoint[];
  /** Row index (in the table's row order) of each scale point. */
  rowOfPoint: number[];
  /** Which sides have points (an even scale has no neutral). */
  sides: (typeof SIDES)[number][];
  rowSums: RowSums;
}

/** Null when the column is not a 3–7 point scale. `rowValues`: the table's rows, in order. */
export function likertPlan(column: SingleChoiceColumn, rowValues: readonly string[]): LikertPlan | null {
  const scale = likertScale(column.values, column.listSize);
  if (scale === null) return null;
  const rowOfPoint = scale.map((p) => rowValues.indexOf(p.value));
  if (rowOfPoint.some((r) => r < 0)) return null;
  const sides = SIDES.filter((side) => scale.some((p) => p.side === side));
  const groups = sides.map((side) => scale.flatMap((p, i) => (p.side === side ? [rowOfPoint[i]!] : [])));
  return { scale, rowOfPoint, sides, rowSums: { groups } };
}

/**
 * One summary line. `points`: the protected count of each scale point; `raw`: the same counts unprotected, read
 * only for the mean when every one of them is shown anyway.
 */
export function likertRow(plan: LikertPlan, sums: ProtectedRowSums, points: ProtectedCount[], raw: number[], by: string | null, layer: string | null): AnalysisLikertRow {
  const n = sums.total;
  const side = (name: (typeof SIDES)[number]): ProtectedCount | null => {
    const at = plan.sides.indexOf(name);
    return at < 0 ? null : sums.groups[at]!;
  };
  const negative = side('negative')!;
  const neutral = side('neutral');
  const positive = side('positive')!;
  const allShown = n.count !== null && n.count > 0 && points.every((p) => p.count !== null);
  const mean = allShown ? plan.scale.reduce((sum, p, i) => sum + p.score * raw[i]!, 0) / n.count! : null;
  return {
    by,
    layer,
    n,
    negative,
    neutral,
    positive,
    negativePercent: protectedPercent(negative, n),
    neutralPercent: neutral ? protectedPercent(neutral, n) : null,
    positivePercent: protectedPercent(positive, n),
    points: points.map((p) => protectedPercent(p, n)),
    mean,
  };
}

export function likertOutput(plan: LikertPlan, rows: AnalysisLikertRow[]): AnalysisLikert {
  return { points: plan.scale.map((p) => ({ value: p.value, side: p.side, score: p.score })), rows };
}
