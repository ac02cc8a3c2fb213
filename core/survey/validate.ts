import type { MessageKey, MessageParams } from '../i18n/messages';
import { hasAnyLabel } from './labels';
import { NAME_PATTERN, choicesOf, isChoiceQuestion, questionNumbers, type Question, type SurveyContent } from './model';
import { translate, type Lang } from '../i18n/messages';

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
  const numbers = questionNumbers(survey);
  survey.questions.forEach((question, questionIndex) => {
    const number = numbers[questionIndex] ?? question.name;
    const add = (key: MessageKey, params: MessageParams = {}) =>
      problems.push({ key, params: { number, ...params }, questionIndex });
    // Group rows and calculations have no number: their problems name them.
    const addNamed = (key: MessageKey, name: string) => problems.push({ key, params: { name }, questionIndex });

    if (!NAME_PATTERN.test(question.name)) add('problem.badName', { name: question.name });
    if (seen.has(question.name)) add('problem.duplicateName', { name: question.name });
    seen.add(question.name);

    if (question.type === 'begin_group' || question.type === 'begin_repeat') open.push({ index: questionIndex, question });
    else if (question.type === 'end_group' || question.type === 'end_repeat') {
      const begin = open.pop();
      const expected = question.type === 'end_group' ? 'begin_group' : 'begin_repeat';
      if (!begin || begin.question.type !== expected) addNamed('problem.unmatchedEnd', question.name);
      else if (begin.index === questionIndex - 1) addNamed('problem.emptyGroup', begin.question.name);
    } else if (question.type !== 'calculate' && !hasAnyLabel(question.label)) add('problem.missingLabel');

    if (question.type === 'calculate' && !question.calculation?.trim()) addNamed('problem.missingCalculation', question.name);

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
  for (const { index, question } of open) problems.push({ key: 'problem.unclosedGroup', params: { name: question.name }, questionIndex: index });
  problems.push(...checkSurveyExpressions(survey));
  return problems;
}

/** A problem in words. Expression problems name their field ("relevance"), shown as the words people use. */
export function problemMessage(lang: Lang, problem: SurveyProblem): string {
  const field = problem.params.field;
  const params = typeof field === 'string' ? { ...problem.params, field: translate(lang, `expr.field.${field}` as MessageKey) } : problem.params;
  return translate(lang, problem.key, params);
}
