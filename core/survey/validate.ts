import type { MessageKey, MessageParams } from '../i18n/messages';
import { hasAnyLabel } from './labels';
import { NAME_PATTERN, choicesOf, isChoiceQuestion, type SurveyContent } from './model';

export interface SurveyProblem {
  key: MessageKey;
  params: MessageParams;
  /** Index of the question concerned, for the designer to point at. */
  questionIndex: number;
}

/**
 * Problems a saved draft may never have: they would make answers ambiguous. The rest (a question without
 * text yet) are normal while designing and only block entering answers.
 */
const BLOCKING: ReadonlySet<MessageKey> = new Set(['problem.badName', 'problem.duplicateName', 'problem.duplicateChoice']);

export function isBlockingProblem(problem: SurveyProblem): boolean {
  return BLOCKING.has(problem.key);
}

/** Checks a survey before answers can be entered. Both the designer (live) and the main side (on save) run it. */
export function validateSurvey(survey: SurveyContent): SurveyProblem[] {
  const problems: SurveyProblem[] = [];
  const seen = new Set<string>();
  survey.questions.forEach((question, questionIndex) => {
    const number = questionIndex + 1;
    const add = (key: MessageKey, params: MessageParams = {}) =>
      problems.push({ key, params: { number, ...params }, questionIndex });

    if (!NAME_PATTERN.test(question.name)) add('problem.badName', { name: question.name });
    if (seen.has(question.name)) add('problem.duplicateName', { name: question.name });
    seen.add(question.name);
    if (!hasAnyLabel(question.label)) add('problem.missingLabel');

    if (isChoiceQuestion(question)) {
      const choices = choicesOf(survey, question);
      if (choices.length === 0) add('problem.noChoices');
      if (choices.some((choice) => !hasAnyLabel(choice.label))) add('problem.missingChoiceLabel');
      const names = new Set<string>();
      for (const choice of choices) {
        if (names.has(choice.name)) add('problem.duplicateChoice', { name: choice.name });
        names.add(choice.name);
      }
    }
  });
  return problems;
}
