import { compile, evaluate, toBoolean, toText, type EvalContext, type Value } from '../expressions';
import { OTHER_CHOICE } from './answers';
import { translate } from '../i18n/messages';
import { choicesOf, holdsAnswer, type Choice, type Question, type SurveyContent } from './model';

/**
 * Runs a survey over one response's answers: which questions are asked (skip logic, including whole groups),
 * the hidden calculations, constraint checks and filtered choice lists. The preview and answer entry use it;
 * the main side uses it to check an answer before saving it.
 *
 * Repeats are run as a single instance here (position 1); entering several instances comes with data entry.
 */
export type Answers = Readonly<Record<string, string | null | undefined>>;

export interface FormRun {
  /** Per question index: asked (true) or skipped by its own or an enclosing group's relevance. */
  relevant: boolean[];
  /** Values of calculate questions, by name. */
  calculated: Record<string, string>;
  /**
   * ${name} as expressions see it: a calculation's value, the answer of a question that is asked, and ''
   * for a question skipped by its relevance (its stored answer is kept, but not used, as in ODK).
   */
  value(name: string): string;
}

export function runForm(survey: SurveyContent, answers: Answers, now: () => Date = () => new Date()): FormRun {
  const calculated: Record<string, string> = {};
  const relevant = new Array<boolean>(survey.questions.length).fill(true);
  const indexOf = new Map(survey.questions.map((q, i) => [q.name, i]));
  const value = (name: string): string => {
    const at = indexOf.get(name);
    if (at !== undefined && !relevant[at]) return '';
    if (name in calculated) return calculated[name]!;
    return answers[name] ?? '';
  };

  // Expressions may read later questions and each other: repeat until nothing changes. Each pass settles at
  // least one more link of any chain, so passes are bounded by the number of rows.
  for (let pass = 0; pass <= survey.questions.length; pass++) {
    let changed = false;
    const enclosing: boolean[] = [];
    survey.questions.forEach((question, index) => {
      let asked: boolean;
      if (question.type === 'end_group' || question.type === 'end_repeat') {
        asked = enclosing.pop() ?? true;
      } else {
        const parentAsked = enclosing.length === 0 || enclosing[enclosing.length - 1]!;
        asked = parentAsked && condition(question.relevance, contextFor(question, value, now), true);
        if (question.type === 'begin_group' || question.type === 'begin_repeat') enclosing.push(asked);
      }
      if (relevant[index] !== asked) changed = true;
      relevant[index] = asked;
      if (question.type === 'calculate' && question.calculation?.trim()) {
        const result = asked ? toText(evaluateSafely(question.calculation, contextFor(question, value, now))) : '';
        if (calculated[question.name] !== result) changed = true;
        calculated[question.name] = result;
      }
    });
    if (!changed && pass > 0) break;
  }
  return { relevant, calculated, value };
}

function contextFor(question: Question, value: (name: string) => string, now: () => Date, current?: string): EvalContext {
  return {
    get: value,
    getAll: (name) => [value(name)],
    current: () => current ?? value(question.name),
    position: () => 1,
    indexed: (name) => value(name),
    now,
  };
}

function evaluateSafely(source: string, ctx: EvalContext, options?: { choiceFilter: boolean }): Value {
  try {
    return evaluate(compile(source, options), ctx);
  } catch {
    // A broken expression is shown to the designer by validateSurvey; at run time it must not stop entry.
    return '';
  }
}

function condition(source: string | undefined, ctx: EvalContext, whenEmpty: boolean): boolean {
  if (!source?.trim()) return whenEmpty;
  return toBoolean(evaluateSafely(source, ctx));
}

/** Whether an answer meets the question's constraint (an empty answer always does: "required" covers it). */
export function meetsConstraint(survey: SurveyContent, question: Question, answer: string, answers: Answers, now: () => Date = () => new Date()): boolean {
  if (!question.constraint?.trim() || answer === '') return true;
  const run = runForm(survey, { ...answers, [question.name]: answer }, now);
  return condition(question.constraint, contextFor(question, run.value, now, answer), true);
}

/** The choices offered, after the question's choice filter (e.g. communes of the chosen province). */
export function offeredChoices(survey: SurveyContent, question: Question, answers: Answers, now: () => Date = () => new Date()): Choice[] {
  const choices = choicesOf(survey, question);
  const other: Choice = { name: OTHER_CHOICE, label: { vi: translate('vi', 'preview.other'), en: translate('en', 'preview.other') } };
  const withOther = question.orOther ? [...choices, other] : choices;
  const filter = question.choiceFilter?.trim();
  if (!filter) return withOther;
  try {
    compile(filter, { choiceFilter: true });
  } catch {
    // A filter that does not parse (shown to the designer) must not leave the question without choices.
    return withOther;
  }
  const run = runForm(survey, answers, now);
  return withOther.filter((choice) =>
    toBoolean(
      evaluateSafely(filter, { ...contextFor(question, run.value, now, choice.name), column: (name) => (name === 'name' ? choice.name : (choice.filters?.[name] ?? '')) }, { choiceFilter: true }),
    ),
  );
}

/** The questions a person answers, in order, that are asked given the answers so far. */
export function askedQuestions(survey: SurveyContent, run: FormRun): { question: Question; index: number }[] {
  return survey.questions.map((question, index) => ({ question, index })).filter(({ question, index }) => run.relevant[index] && holdsAnswer(question));
}
