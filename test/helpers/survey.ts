import type { Choice, Question, QuestionType, SurveyContent } from '../../core/survey/model';

/** A question with its name as its Vietnamese text: enough for tests of logic, not of wording. */
export function q(name: string, type: QuestionType, extra: Partial<Question> = {}): Question {
  return { name, type, label: { vi: name }, hint: {}, required: false, ...extra };
}

export const YES_NO: Choice[] = [
  { name: 'yes', label: { vi: 'Có', en: 'Yes' } },
  { name: 'no', label: { vi: 'Không', en: 'No' } },
];

export function survey(questions: Question[], choiceLists: Record<string, Choice[]> = { yn: YES_NO }): SurveyContent {
  return { title: { vi: 'Khảo sát' }, questions, choiceLists };
}
