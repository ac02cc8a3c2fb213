import { compile, evaluate, toBoolean, toText, type EvalContext, type Value } from '../expressions';
import { OTHER_CHOICE } from './answers';
import { translate } from '../i18n/messages';
import { choicesOf, holdsAnswer, type Choice, type Question, type SurveyContent } from './model';

/**
 * Runs a survey over one response's answers: which questions are asked (skip logic, including whole groups),
 * the hidden calculations, constraint checks and filtered choice lists. The preview and answer entry use it;
 * the main side can use it to check a saved response.
 *
 * Repeats are run as a single instance here (position 1); entering several instances comes with data entry.
 */
export type Answers = Readonly<Record<string, string | null | undefined>>;

export interface FormRun {
  /** Per question index: asked (true) or skipped by its own or an enclosing group's relevance. */
  relevant: boolean[];
  /** Values of calculate questions, by name. */
  calculated: Record<string, string>;
}

export function runForm(survey: SurveyContent, answers: Answers, now: () => Date = () => new Date()): FormRun {
  const calculated: Record<string, string> = {};
  const relevant = new Array<boolean>(survey.questions.length).fill(true);
  const value = (name: string): string => {
    if (name in calculated) return calculated[name]!;
    return answers[name] ?? '';
  };
  const context = (question: Question): EvalContext => ({
    get: (name) => (isAsked(name) ? value(name) : ''),
    getAll: (name) => [isAsked(name) ? value(name) : ''],
    current: () => value(question.name),
    position: () => 1,
    indexed: (name) => value(name),
    now,
  });
  const indexOf = new Map(survey.questions.map((q, i) => [q.name, i]));
  // A question not asked counts as unanswered everywhere, as in ODK (its stored answer is kept, not used).
  const isAsked = (name: string) => {
    const at = indexOf.get(name);
    return at === undefined || relevant[at] !== false;
  };

  // Calculations may read later questions and each other: two passes settle chains written in any order.
  for (let pass = 0; pass < 2; pass++) {
    const enclosing: boolean[] = [];
    survey.questions.forEach((question, index) => {
      if (question.type === 'end_group' || question.type === 'end_repeat') {
        relevant[index] = enclosing.pop() ?? true;
        return;
      }
      const parentAsked = enclosing.length === 0 || enclosing[enclosing.length - 1]!;
      const asked = parentAsked && evaluateCondition(question.relevance, context(question), true);
      relevant[index] = asked;
      if (question.type === 'begin_group' || question.type === 'begin_repeat') enclosing.push(asked);
      if (question.type === 'calculate' && question.calculation?.trim()) {
        calculated[question.name] = asked ? toText(evaluateSafely(question.calculation, context(question))) : '';
      }
    });
  }
  return { relevant, calculated };
}

function evaluateSafely(source: string, ctx: EvalContext): Value {
  try {
    return evaluate(compile(source), ctx);
  } catch {
    // A broken expression is shown to the designer by validateSurvey; at run time it must not stop entry.
    return '';
  }
}

function evaluateCondition(source: string | undefined, ctx: EvalContext, whenEmpty: boolean): boolean {
  if (!source?.trim()) return whenEmpty;
  return toBoolean(evaluateSafely(source, ctx));
}

/** Whether an answer meets the question's constraint (an empty answer always does: "required" covers it). */
export function meetsConstraint(survey: SurveyContent, question: Question, answer: string, answers: Answers, now: () => Date = () => new Date()): boolean {
  if (!question.constraint?.trim() || answer === '') return true;
  const merged = { ...answers, [question.name]: answer };
  const { calculated } = runForm(survey, merged, now);
  const value = (name: string) => calculated[name] ?? merged[name] ?? '';
  return evaluateCondition(question.constraint, {
    get: value,
    getAll: (name) => [value(name)],
    current: () => answer,
    position: () => 1,
    indexed: (name) => value(name),
    now,
  }, true);
}

/** The choices offered, after the question's choice filter (e.g. communes of the chosen province). */
export function offeredChoices(survey: SurveyContent, question: Question, answers: Answers, now: () => Date = () => new Date()): Choice[] {
  const choices = choicesOf(survey, question);
  const filter = question.choiceFilter?.trim();
  const other: Choice = { name: OTHER_CHOICE, label: { vi: translate('vi', 'preview.other'), en: translate('en', 'preview.other') } };
  const withOther = question.orOther ? [...choices, other] : choices;
  if (!filter) return withOther;
  let expr;
  try {
    expr = compile(filter, { choiceFilter: true });
  } catch {
    return withOther;
  }
  const value = (name: string) => answers[name] ?? '';
  return withOther.filter((choice) =>
    toBoolean(
      evaluate(expr, {
        get: value,
        getAll: (name) => [value(name)],
        current: () => choice.name,
        position: () => 1,
        indexed: (name) => value(name),
        now,
        column: (name) => (name === 'name' ? choice.name : (choice.filters?.[name] ?? '')),
      }),
    ),
  );
}

/** The questions a person answers, in order, that are asked given the answers so far. */
export function askedQuestions(survey: SurveyContent, run: FormRun): { question: Question; index: number }[] {
  return survey.questions.map((question, index) => ({ question, index })).filter(({ question, index }) => run.relevant[index] && holdsAnswer(question));
}
