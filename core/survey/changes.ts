import type { MessageKey, MessageParams } from '../i18n/messages';
import { splitMultiple } from './answers';
import { choicesOf, isChoiceQuestion, type SurveyContent } from './model';

/** Which questions already have answers, and which choice codes were picked, across a survey's responses. */
export interface AnswerUsage {
  questions: ReadonlySet<string>;
  /** Per choice question: the codes found in answers (select_multiple split into single codes). */
  choices: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface VersionWarning {
  key: MessageKey;
  params: MessageParams;
}

/**
 * Changes between the published version and the draft that would break analysis of answers already given:
 * a question with answers removed or given another type, a choice that was picked removed. Old responses stay
 * readable either way (they keep their version); the designer warns so nobody does this by accident.
 */
export function breakingChanges(before: SurveyContent, after: SurveyContent, usage: AnswerUsage): VersionWarning[] {
  const warnings: VersionWarning[] = [];
  const now = new Map(after.questions.map((q) => [q.name, q]));
  for (const old of before.questions) {
    if (!usage.questions.has(old.name)) continue;
    const current = now.get(old.name);
    if (!current) {
      warnings.push({ key: 'version.removedQuestion', params: { name: old.name } });
      continue;
    }
    if (current.type !== old.type) {
      warnings.push({ key: 'version.changedType', params: { name: old.name, from: old.type, to: current.type } });
      continue;
    }
    if (!isChoiceQuestion(old)) continue;
    const picked = usage.choices.get(old.name) ?? new Set<string>();
    const remaining = new Set(choicesOf(after, current).map((c) => c.name));
    for (const choice of choicesOf(before, old)) {
      if (picked.has(choice.name) && !remaining.has(choice.name)) {
        warnings.push({ key: 'version.removedChoice', params: { name: old.name, choice: choice.name } });
      }
    }
  }
  return warnings;
}

/** Builds the usage from (question, stored value) pairs as the database returns them. */
export function usageFrom(rows: Iterable<{ question: string; value: string }>, survey: SurveyContent): AnswerUsage {
  const multiple = new Set(survey.questions.filter((q) => q.type === 'select_multiple' || q.type === 'rank').map((q) => q.name));
  const questions = new Set<string>();
  const choices = new Map<string, Set<string>>();
  for (const { question, value } of rows) {
    questions.add(question);
    const codes = multiple.has(question) ? splitMultiple(value) : [value];
    const set = choices.get(question) ?? new Set<string>();
    for (const code of codes) set.add(code);
    choices.set(question, set);
  }
  return { questions, choices };
}
