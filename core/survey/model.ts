import { z } from 'zod';
import { nfc } from '../text/vietnamese';

/**
 * The survey model, kept XLSForm-compatible: questions have XLSForm `type` and `name`,
 * select questions point at a named choice list, labels are per language.
 */
export const QUESTION_TYPES = [
  // a child's answer
  'select_one',
  'select_multiple',
  'rank',
  'text',
  'integer',
  'decimal',
  'range',
  'date',
  'time',
  'datetime',
  'acknowledge',
  // kept from an XLSForm but not asked on a laptop (location, media, device metadata): see xlsformType
  'not_collected',
  // no answer of its own
  'note',
  'calculate',
  // structure: a flat list with begin/end rows, as in XLSForm
  'begin_group',
  'end_group',
  'begin_repeat',
  'end_repeat',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const CHOICE_TYPES: readonly QuestionType[] = ['select_one', 'select_multiple', 'rank'];
export const STRUCTURE_TYPES: readonly QuestionType[] = ['begin_group', 'end_group', 'begin_repeat', 'end_repeat'];
/** Types that hold no answer a person enters here: nothing to enter, nothing to count. */
export const NO_ANSWER_TYPES: readonly QuestionType[] = ['note', 'calculate', 'not_collected', ...STRUCTURE_TYPES];

/** XLSForm names: a letter or _ first, then letters, digits, _ . - (XML NCName subset). */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
/**
 * Choice names are the stored answer codes: numeric codes ("1", "2") as on paper questionnaires, or words in any
 * script ("père", "red’s", "ChưR'căm") as real XLSForms have them. No white space: select_multiple joins codes with spaces.
 */
export const CHOICE_NAME_PATTERN = /^\S{1,64}$/u;

const text = (max: number) => z.string().max(max).transform(nfc);

/**
 * Texts per language. Vietnamese and English are the app's own; other languages of an imported XLSForm are kept
 * under their column's language name ("Swahili (sw)") so that exporting gives them back.
 */
export const LabelsSchema = z.object({ vi: text(2000).optional(), en: text(2000).optional() }).catchall(text(2000).optional());
export type Labels = z.infer<typeof LabelsSchema>;

/** An XLSForm expression (relevant, constraint, calculation, choice_filter…); checked by core/expressions. */
const expression = z.string().max(4000);
/** A media file name (XLSForm `image` / `media::image`), stored with the project. */
const mediaFile = z.string().max(255);

export const ChoiceSchema = z.object({
  name: z.string().regex(CHOICE_NAME_PATTERN),
  label: LabelsSchema,
  image: mediaFile.optional(),
  /** Extra columns used by choice filters (cascading lists), e.g. {"province": "01"}. */
  filters: z.record(z.string().regex(NAME_PATTERN), z.string().max(200)).optional(),
});
export type Choice = z.infer<typeof ChoiceSchema>;

export const QuestionSchema = z.object({
  name: z.string().regex(NAME_PATTERN),
  type: z.enum(QUESTION_TYPES),
  label: LabelsSchema,
  hint: LabelsSchema.default({}),
  required: z.boolean().default(false),
  requiredMessage: LabelsSchema.optional(),
  /** The choice list of a select question, by name (XLSForm `list_name`). */
  listName: z.string().regex(NAME_PATTERN).optional(),
  /** Skip logic: the question is asked only when this is true (XLSForm `relevant`). */
  relevance: expression.optional(),
  constraint: expression.optional(),
  constraintMessage: LabelsSchema.optional(),
  calculation: expression.optional(),
  default: z.string().max(2000).optional(),
  readOnly: z.boolean().optional(),
  /** XLSForm appearance: "minimal", "likert", "table-list", "field-list", our "smiley", … */
  appearance: z.string().max(200).optional(),
  choiceFilter: expression.optional(),
  /** XLSForm `parameters`, e.g. "start=0 end=10 step=1" for a range. */
  parameters: z.string().max(500).optional(),
  repeatCount: expression.optional(),
  /** select_multiple with "other, please specify" (XLSForm `or_other`). */
  orOther: z.boolean().optional(),
  image: mediaFile.optional(),
  /** Safeguarding: personal data, left out of exports unless asked for. */
  identifying: z.boolean().optional(),
  /** Safeguarding: shows the child helpline (111) at the end of the survey. */
  sensitive: z.boolean().optional(),
  /**
   * The name an imported XLSForm gave, when ours differs: XLSForm allows one name in different groups (a child's
   * `name` in two repeats), ours are form-wide. Exports give the original back; response imports match it.
   */
  xlsformName: z.string().max(300).optional(),
  /** A `not_collected` question's XLSForm type cell as written ("geopoint", "start", "select_one_from_file a.csv"). */
  xlsformType: z.string().max(300).optional(),
});
export type Question = z.infer<typeof QuestionSchema>;

export const SurveyContentSchema = z.object({
  title: LabelsSchema,
  questions: z.array(QuestionSchema).max(2000),
  choiceLists: z.record(z.string().regex(NAME_PATTERN), z.array(ChoiceSchema).max(5000)),
});
export type SurveyContent = z.infer<typeof SurveyContentSchema>;

export type VersionStatus = 'draft' | 'published';

export interface Survey extends SurveyContent {
  id: string;
  /** XLSForm form_id. */
  formKey: string;
  version: number;
  /** A published version is frozen: editing it starts the next version. */
  status: VersionStatus;
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

/**
 * The number people see for each row ("Câu 3"): questions and notes are counted; group begin/end rows and
 * hidden calculations are not, so numbers match what a child or a paper form shows.
 */
export function questionNumbers(survey: SurveyContent): (number | null)[] {
  let next = 1;
  return survey.questions.map((q) => (STRUCTURE_TYPES.includes(q.type) || q.type === 'calculate' || q.type === 'not_collected' ? null : next++));
}

/** A question someone answers here (entry, checks, analysis). */
export function holdsAnswer(question: Question): boolean {
  return !NO_ANSWER_TYPES.includes(question.type);
}

/**
 * A question whose value a response may carry: the answered ones, calculations, and values of questions not
 * collected here that came in with an import (a Kobo export's location or start time). Imports and exports
 * read and write these columns.
 */
export function storesValue(question: Question): boolean {
  return holdsAnswer(question) || question.type === 'calculate' || question.type === 'not_collected';
}

export function choicesOf(survey: SurveyContent, question: Question): Choice[] {
  return question.listName ? (survey.choiceLists[question.listName] ?? []) : [];
}
