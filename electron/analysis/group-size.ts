import type { ColumnSet } from '../../core/analysis/columns';
import { filterMask, type FilterConditionInput } from '../../core/analysis/filter';

/**
 * How many counted responses share these answers ("girl, 14, Lào Cai"), read from the analysis columns: one pass
 * over typed arrays. The same count in SQL joined every response's answers, 1.3 s a quote at a million responses.
 * null when an answer has no top-level single-choice or number column to read (a question gone from the survey's
 * latest version): the caller counts in SQL then.
 */
export function groupSizeInColumns(set: ColumnSet, answers: readonly { question: string; value: string }[]): number | null {
  const conditions: FilterConditionInput[] = [];
  for (const { question, value } of answers) {
    const column = set.columns.get(question);
    if (!column || column.repeat !== null) return null;
    if (column.kind === 'single') conditions.push({ type: 'choice', question, values: [value] });
    else if (column.kind === 'numeric' && Number.isFinite(Number(value))) conditions.push({ type: 'range', question, min: Number(value), max: Number(value) });
    else return null;
  }
  const mask = filterMask(set, conditions);
  if (!mask) return set.responseCount;
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i]!;
  return count;
}
