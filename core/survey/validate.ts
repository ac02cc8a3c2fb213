import type { MessageKey, MessageParams } from '../i18n/messages';
import { hasAnyLabel } from './labels';
import { NAME_PATTERN, choicesOf, isChoiceQuestion, type Question, type SurveyContent } from './model';

import { checkSurveyExpressions } from './expression-check';
import type { ExpressionField } from '../expressions';

export type { ExpressionField };

export interface SurveyProblem {
  key: MessageKey;
  params: MessageParams;
  /** Index of the question concerned, for the designer to point at. */
  questionIndex: number;
  /** Set when the problem is in one of the question's expressions. */
  field?: ExpressionField;
}

/**
 * Problems a saved draft may never have: they would make answers ambiguous. The rest (a question without
 * text yet, an expression being typed) are normal while designing and only block entering answers.
 */
const BLOCKING: ReadonlySet<MessageKey> = new Set(['problem.badName', 'problem.duplicateName', 'problem.duplicateChoice']);

export function isBlockingProblem(problem: SurveyProblem): boolean {
  return BLOCKING.has(problem.key);
}

/** Checks a whole survey before answers can be entered. The designer runs it live, the main side on save. */
export function validateSurvey(survey: SurveyContent): SurveyProblem[] {
  const problems: SurveyProblem[] = [];
  const seen = new Set<string>();
  const open: { index: number; question: Question }[] = [];
  survey.questions.forEach((question, questionIndex) => {
    const number = questionIndex + 1;
    const add = (key: MessageKey, params: MessageParams = {}) =>
      problems.push({ key, params: { number, ...params }, questionIndex });

    if (!NAME_PATTERN.test(question.name)) add('problem.badName', { name: question.name });
    if (seen.has(question.name)) add('problem.duplicateName', { name: question.name });
    seen.add(question.name);

    if (question.type === 'begin_group' || question.type === 'begin_repeat') open.push({ index: questionIndex, question });
    else if (question.type === 'end_group' || question.type === 'end_repeat') {
      const begin = open.pop();
      const expected = question.type === 'end_group' ? 'begin_group' : 'begin_repeat';
      if (!begin || begin.question.type !== expected) add('problem.unmatchedEnd');
      else if (begin.index === questionIndex - 1) add('problem.emptyGroup');
    } else if (question.type !== 'calculate' && !hasAnyLabel(question.label)) add('problem.missingLabel');

    if (question.type === 'calculate' && !question.calculation?.trim()) add('problem.missingCalculation');

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
  for (const { index } of open) problems.push({ key: 'problem.unclosedGroup', params: { number: index + 1 }, questionIndex: index });
  problems.push(...checkSurveyExpressions(survey));
  return problems;
}
