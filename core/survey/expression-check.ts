import { checkExpression, dependencies, findCycles } from '../expressions';
import { questionNumbers, type SurveyContent } from './model';
import type { SurveyProblem, ExpressionField } from './validate';

/**
 * The expression part of validateSurvey: each expression on its own (syntax, unknown names with a suggestion),
 * a relevance reading a question asked later (it would always be empty when evaluated), and loops among
 * calculations. Expression problems carry the field, so the designer shows them under the right box.
 */
export function checkSurveyExpressions(survey: SurveyContent): SurveyProblem[] {
  const known = survey.questions.map((q) => q.name);
  const numbers = questionNumbers(survey);
  const numberOf = (index: number) => numbers[index] ?? survey.questions[index]!.name;
  const position = new Map(known.map((name, i) => [name, i]));
  const problems: SurveyProblem[] = [];
  const calculations = new Map<string, string[]>();

  survey.questions.forEach((question, questionIndex) => {
    for (const field of FIELDS) {
      const source = question[field];
      if (!source?.trim()) continue;
      for (const problem of checkExpression(source, { field, question: question.name, known })) {
        problems.push({ key: problem.key, params: { ...problem.params, number: numberOf(questionIndex) }, questionIndex, field });
      }
      if (field === 'relevance') {
        for (const ref of dependencies(source)) {
          const at = position.get(ref);
          if (at !== undefined && at > questionIndex) {
            problems.push({ key: 'problem.relevanceLater', params: { number: numberOf(questionIndex), ref, question: question.name }, questionIndex, field });
          }
        }
      }
    }
    if (question.type === 'calculate' && question.calculation?.trim()) calculations.set(question.name, dependencies(question.calculation));
  });

  for (const cycle of findCycles(calculations)) {
    const first = position.get(cycle[0]!) ?? 0;
    problems.push({ key: 'problem.calculationCycle', params: { number: numberOf(first), names: cycle.join(' → ') }, questionIndex: first, field: 'calculation' });
  }
  return problems;
}

const FIELDS: readonly ExpressionField[] = ['relevance', 'constraint', 'calculation', 'choiceFilter', 'repeatCount', 'default'];
