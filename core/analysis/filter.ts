/**
 * Filters ("only Lào Cai", "only ethnic-minority children", "aged 12–17", "did not refuse Q5"): a list of
 * conditions, all of which must hold, evaluated to a mask with one byte per entry (1 = counted). Conditions name
 * choices, not codes, so a filter saved with an analysis still means the same after the columns are rebuilt.
 * A byte mask rather than a packed bitset: the views read it once per entry, and a byte read needs no shift.
 */
import { z } from 'zod';
import { AnalysisError } from './analysis-error';
import { ANSWERED, FIRST_CHOICE_CODE, NOT_ASKED, REFUSED, type Column, type ColumnSet } from './columns';
import { maskForInstances, maskForResponses } from './levels';

const questionName = z.string().min(1).max(300);

export const FilterConditionSchema = z.discriminatedUnion('type', [
  /** Single choice: the answer is one of `values`. Multiple choice: any (or all) of `values` ticked. */
  z.object({
    type: z.literal('choice'),
    question: questionName,
    values: z.array(z.string().max(64)).min(1).max(5000),
    match: z.enum(['any', 'all']).default('any'),
    negate: z.boolean().default(false),
  }),
  /** A number within [min, max], both inclusive, either open; no number never matches. */
  z.object({
    type: z.literal('range'),
    question: questionName,
    min: z.number().nullable().default(null),
    max: z.number().nullable().default(null),
    negate: z.boolean().default(false),
  }),
  /** Answered, refused ("I'd rather not say") or not asked; `negate` gives "not refused" and the like. */
  z.object({
    type: z.literal('state'),
    question: questionName,
    state: z.enum(['answered', 'refused', 'notAsked']),
    negate: z.boolean().default(false),
  }),
]);
export type FilterCondition = z.infer<typeof FilterConditionSchema>;
export type FilterConditionInput = z.input<typeof FilterConditionSchema>;

export const FilterSchema = z.object({ conditions: z.array(FilterConditionSchema).max(100) });
export type Filter = z.infer<typeof FilterSchema>;

/**
 * The mask of the entries that meet every condition, at the response level (`level` null) or at a repeat's
 * instance level; null when there is no condition (everyone counts). A condition on a repeat's question, read at
 * the response level, holds when any instance meets it (each condition on its own: two such conditions may be
 * met by different instances). `negate` complements a condition over all entries, not-asked ones included.
 */
export function filterMask(set: ColumnSet, conditions: readonly FilterConditionInput[], level: string | null = null): Uint8Array | null {
  if (conditions.length === 0) return null;
  const size = level === null ? set.responseCount : (set.repeats.get(level)?.length ?? 0);
  const mask = new Uint8Array(size).fill(1);
  for (const input of conditions) {
    const condition = FilterConditionSchema.parse(input);
    const column = set.columns.get(condition.question);
    if (!column) throw new AnalysisError('unknownQuestion', condition.question);
    if (column.repeat === level) {
      applyCondition(mask, column, condition);
      continue;
    }
    let own: Uint8Array = new Uint8Array(column.length).fill(1);
    applyCondition(own, column, condition);
    if (column.repeat !== null) own = maskForResponses(own, set.repeats.get(column.repeat)!, set.responseCount);
    if (level !== null) own = maskForInstances(own, set.repeats.get(level)!);
    for (let i = 0; i < size; i++) mask[i]! &= own[i]!;
  }
  return mask;
}

/** Clears the mask's entries that do not meet the condition. */
export function applyCondition(mask: Uint8Array, column: Column, condition: FilterCondition): void {
  const flip = condition.negate ? 1 : 0;
  switch (condition.type) {
    case 'choice':
      if (column.kind === 'single') return applyLookup(mask, column.codes, codeLookup(column.values, condition.values, flip));
      if (column.kind === 'multiple') return applyTicked(mask, column, condition.values, condition.match, flip);
      throw new AnalysisError('wrongColumnKind', `${column.question}: a choice condition needs a choice question`);
    case 'range': {
      if (column.kind !== 'numeric') throw new AnalysisError('wrongColumnKind', `${column.question}: a range needs a number question`);
      const low = condition.min ?? -Infinity;
      const high = condition.max ?? Infinity;
      const { values } = column;
      // NaN fails both comparisons, so entries without a number never match (and always match when negated).
      // `&` of the two comparisons rather than `&&`: no branch to mispredict on data in random order.
      for (let i = 0; i < mask.length; i++) {
        const x = values[i]!;
        mask[i]! &= (Number(x >= low) & Number(x <= high)) ^ flip;
      }
      return;
    }
    case 'state': {
      const wanted = condition.state === 'answered' ? ANSWERED : condition.state === 'refused' ? REFUSED : NOT_ASKED;
      if (column.kind === 'single') {
        const lookup = new Uint8Array(FIRST_CHOICE_CODE + column.values.length);
        for (let code = 0; code < lookup.length; code++) lookup[code] = (Math.min(code, ANSWERED) === wanted ? 1 : 0) ^ flip;
        return applyLookup(mask, column.codes, lookup);
      }
      // States are small numbers too: the same table read as for codes.
      const lookup = new Uint8Array(256).fill(flip);
      lookup[wanted] = 1 ^ flip;
      return applyLookup(mask, column.state, lookup);
    }
  }
}

/** lookup[code] = 1 when the code matches: one table read per entry, no branch on the code. */
function codeLookup(values: readonly string[], wanted: readonly string[], flip: number): Uint8Array {
  const lookup = new Uint8Array(FIRST_CHOICE_CODE + values.length).fill(flip);
  const want = new Set(wanted);
  values.forEach((name, k) => {
    if (want.has(name)) lookup[FIRST_CHOICE_CODE + k] = 1 ^ flip;
  });
  return lookup;
}

function applyLookup(mask: Uint8Array, codes: Uint8Array | Uint16Array, lookup: Uint8Array): void {
  for (let i = 0; i < mask.length; i++) mask[i]! &= lookup[codes[i]!]!;
}

function applyTicked(mask: Uint8Array, column: Extract<Column, { kind: 'multiple' }>, wanted: readonly string[], match: 'any' | 'all', flip: number): void {
  const w = column.wordsPerEntry;
  const want = new Uint32Array(w);
  let missing = false;
  for (const name of wanted) {
    const k = column.values.indexOf(name);
    if (k < 0) missing = true;
    else want[k >>> 5]! |= 1 << (k & 31);
  }
  const { bits } = column;
  // "All of" a value nobody could tick (not in the column) matches nobody.
  if (match === 'all' && missing) {
    for (let i = 0; i < mask.length; i++) mask[i]! &= flip;
    return;
  }
  if (w === 1) {
    const word = want[0]!;
    if (match === 'any') for (let i = 0; i < mask.length; i++) mask[i]! &= ((bits[i]! & word) !== 0 ? 1 : 0) ^ flip;
    else for (let i = 0; i < mask.length; i++) mask[i]! &= ((bits[i]! & word) === word ? 1 : 0) ^ flip;
    return;
  }
  for (let i = 0; i < mask.length; i++) {
    let any = false;
    let all = true;
    for (let k = 0; k < w; k++) {
      const have = bits[i * w + k]! & want[k]!;
      if (have !== 0) any = true;
      if (have !== want[k]) all = false;
    }
    mask[i]! &= ((match === 'any' ? any : all) ? 1 : 0) ^ flip;
  }
}
