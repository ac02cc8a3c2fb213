import { splitMultiple } from '../survey/answers';
import { choicesOf, type Labels, type Question, type SurveyContent } from '../survey/model';

export interface FrequencyRow {
  value: string;
  label: Labels;
  count: number;
  /** Percent of the responses that answered the question (0–100), or null when none did. */
  percent: number | null;
}

export interface Frequency {
  question: string;
  label: Labels;
  /** Responses counted (complete, not deleted). */
  total: number;
  /** Responses with an answer to this question. */
  answered: number;
  rows: FrequencyRow[];
}

/**
 * Counts each choice of a choice question over the given answer values (one per response, null = no answer).
 * Choices keep the survey's order; for multiple choice a response counts once for each choice it ticked.
 */
export function frequency(survey: SurveyContent, question: Question, values: readonly (string | null)[]): Frequency {
  const choices = choicesOf(survey, question);
  const counts = new Map<string, number>(choices.map((choice) => [choice.name, 0]));
  let answered = 0;
  for (const value of values) {
    if (!value) continue;
    answered++;
    const picked = question.type === 'select_multiple' ? splitMultiple(value) : [value];
    for (const name of picked) {
      if (counts.has(name)) counts.set(name, counts.get(name)! + 1);
    }
  }
  return {
    question: question.name,
    label: question.label,
    total: values.length,
    answered,
    rows: choices.map((choice) => {
      const count = counts.get(choice.name)!;
      return { value: choice.name, label: choice.label, count, percent: answered ? round1((100 * count) / answered) : null };
    }),
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
