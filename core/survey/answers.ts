import type { MessageKey } from '../i18n/messages';
import { choicesOf, type Question, type SurveyContent } from './model';

export const MAX_TEXT_ANSWER = 10_000;

/**
 * Checks one answer as given (null clears it). Returns the message key of the problem, or null when valid.
 * Values are stored as XLSForm stores them: select_multiple as space-separated choice names.
 */
export function checkAnswer(survey: SurveyContent, question: Question, value: string | null): MessageKey | null {
  if (value === null || value === '') return null;
  switch (question.type) {
    case 'select_one':
      return isChoice(survey, question, value) ? null : 'validation.choice';
    case 'select_multiple':
      return splitMultiple(value).every((part) => isChoice(survey, question, part)) ? null : 'validation.choice';
    case 'integer':
      return /^-?\d{1,15}$/.test(value.trim()) ? null : 'validation.integer';
    case 'text':
      return value.length <= MAX_TEXT_ANSWER ? null : 'validation.tooLong';
    case 'note':
      return 'validation.choice';
  }
}

export function splitMultiple(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}

function isChoice(survey: SurveyContent, question: Question, name: string): boolean {
  return choicesOf(survey, question).some((choice) => choice.name === name);
}

/** Required questions (in order) that have no answer yet. */
export function missingRequired(survey: SurveyContent, answers: Record<string, string | null | undefined>): Question[] {
  return survey.questions.filter((q) => q.required && q.type !== 'note' && !answers[q.name]);
}
