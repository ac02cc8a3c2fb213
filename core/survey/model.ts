import { z } from 'zod';
import { nfc } from '../text/vietnamese';

/**
 * The survey model, kept XLSForm-compatible: questions have XLSForm `type` and `name`,
 * select questions point at a named choice list, labels are per language.
 */
export const QUESTION_TYPES = ['select_one', 'select_multiple', 'text', 'integer', 'note'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const CHOICE_TYPES: readonly QuestionType[] = ['select_one', 'select_multiple'];

/** XLSForm names: a letter or _ first, then letters, digits, _ . - (XML NCName subset). */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
/** Choice names may be numeric codes ("1", "2"), as on paper questionnaires; no spaces (select_multiple joins them with spaces). */
export const CHOICE_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

const text = (max: number) => z.string().max(max).transform(nfc);

export const LabelsSchema = z.object({ vi: text(2000).optional(), en: text(2000).optional() }).strict();
export type Labels = z.infer<typeof LabelsSchema>;

export const ChoiceSchema = z.object({
  name: z.string().regex(CHOICE_NAME_PATTERN),
  label: LabelsSchema,
});
export type Choice = z.infer<typeof ChoiceSchema>;

export const QuestionSchema = z.object({
  name: z.string().regex(NAME_PATTERN),
  type: z.enum(QUESTION_TYPES),
  label: LabelsSchema,
  hint: LabelsSchema.default({}),
  required: z.boolean().default(false),
  /** The choice list of a select question, by name (XLSForm `list_name`). */
  listName: z.string().regex(NAME_PATTERN).optional(),
});
export type Question = z.infer<typeof QuestionSchema>;

export const SurveyContentSchema = z.object({
  title: LabelsSchema,
  questions: z.array(QuestionSchema).max(2000),
  choiceLists: z.record(z.string().regex(NAME_PATTERN), z.array(ChoiceSchema).max(5000)),
});
export type SurveyContent = z.infer<typeof SurveyContentSchema>;

export interface Survey extends SurveyContent {
  id: string;
  /** XLSForm form_id. */
  formKey: string;
  version: number;
  updatedAt: string;
}

export interface SurveySummary {
  id: string;
  title: Labels;
  version: number;
  questionCount: number;
  responseCount: number;
  updatedAt: string;
}

export function isChoiceQuestion(question: Question): boolean {
  return CHOICE_TYPES.includes(question.type);
}

export function choicesOf(survey: SurveyContent, question: Question): Choice[] {
  return question.listName ? (survey.choiceLists[question.listName] ?? []) : [];
}
