/**
 * Where an answer lives when questions repeat (one block per sibling): the question's name followed by the
 * 1-based instance of each enclosing repeat, `sibling_age[2]`, `meal[2][1]` for nested repeats. Top-level
 * questions keep their bare name, so surveys without repeats store exactly what they always did.
 */
import type { SurveyContent } from './model';

export type InstancePath = readonly number[];

export function answerKey(name: string, path: InstancePath): string {
  return name + path.map((i) => `[${i}]`).join('');
}

const KEY = /^([A-Za-z_][A-Za-z0-9_.-]*)((?:\[\d{1,4}\])*)$/;

/** Splits an answer key into the question name and the instance path; null when it is not a key. */
export function parseAnswerKey(key: string): { name: string; path: number[] } | null {
  const match = KEY.exec(key);
  if (!match) return null;
  const path = [...match[2]!.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  return path.every((i) => i >= 1) ? { name: match[1]!, path } : null;
}

export const ANSWER_KEY_PATTERN = KEY;
/** Most instances of one repeat in one response: far above any consultation's need, low enough to stay fast. */
export const MAX_INSTANCES = 100;

/** How many repeats enclose each question (the length of its instance path); a repeat's begin row counts itself. */
export function repeatDepths(survey: SurveyContent): number[] {
  let depth = 0;
  return survey.questions.map((q) => {
    if (q.type === 'end_repeat') depth = Math.max(0, depth - 1);
    const here = q.type === 'begin_repeat' ? depth + 1 : depth;
    if (q.type === 'begin_repeat') depth++;
    return here;
  });
}
