import { compile, evaluate, toBoolean, toNumber, toText, type EvalContext, type Value } from '../expressions';
import { OTHER_CHOICE } from './answers';
import { translate } from '../i18n/messages';
import { blockRange } from './edit';
import { answerKey, MAX_INSTANCES, repeatDepths, type InstancePath } from './instances';
import { choicesOf, holdsAnswer, type Choice, type Question, type SurveyContent } from './model';

/**
 * Runs a survey over one response's answers: which questions are asked (skip logic, including whole groups),
 * how many times each repeat runs, the hidden calculations, constraint checks and filtered choice lists.
 * The preview and answer entry use it; the main side uses it to check an answer before saving it.
 *
 * Answers are keyed by answerKey(): the bare name, or `name[i]` inside repeats. A repeat runs `repeatCount`
 * times when it has one, otherwise as many times as its own key says (the facilitator adds instances), at
 * least once.
 */
export type Answers = Readonly<Record<string, string | null | undefined>>;

/** One row as a person meets it: a question of the survey, in one repeat instance. */
export interface RunRow {
  index: number;
  question: Question;
  path: InstancePath;
  key: string;
  relevant: boolean;
}

export interface FormRun {
  rows: RunRow[];
  /** Per question index: asked in at least one instance. */
  relevant: boolean[];
  /** Values of calculate questions, by answer key. */
  calculated: Record<string, string>;
  /** An answer key as expressions see it: '' for a row skipped by its relevance (kept, but not used, as in ODK). */
  value(key: string): string;
  /** How many instances a repeat (by its begin row index) has inside the outer instance `path`. */
  instances(index: number, path: InstancePath): number;
  /** Whether the facilitator may add instances (no repeat_count decides for them). */
  canAddInstance(index: number): boolean;
  /** What an expression of `question` at `path` sees, with `.` as `current` when given. */
  contextAt(question: Question, path: InstancePath, current?: string): EvalContext;
}

export function runForm(survey: SurveyContent, answers: Answers, now: () => Date = () => new Date()): FormRun {
  const questions = survey.questions;
  const byName = new Map(questions.map((q, i) => [q.name, i]));
  const repeatDepth = repeatDepths(survey);
  const calculated: Record<string, string> = {};
  const skipped = new Set<string>();

  const value = (key: string): string => {
    if (skipped.has(key)) return '';
    if (key in calculated) return calculated[key]!;
    return answers[key] ?? '';
  };
  let rows: RunRow[] = [];
  const contextAt = (question: Question, path: InstancePath, current?: string): EvalContext =>
    context(question, path, { value, rows: () => rows, byName, repeatDepth, now }, current);

  const instances = (index: number, path: InstancePath): number => {
    const question = questions[index]!;
    return repeatCount(question, answers[answerKey(question.name, path)], () => contextAt(question, path));
  };

  // Expressions may read later questions, each other, and decide how many instances a repeat has:
  // repeat until nothing changes. Each pass settles at least one more link, so passes are bounded.
  for (let pass = 0; pass <= questions.length + 1; pass++) {
    let changed = false;
    const expanded = expand(survey, instances);
    if (expanded.map((r) => r.key).join('|') !== rows.map((r) => r.key).join('|')) changed = true;
    rows = expanded;
    const enclosing: boolean[] = [];
    for (const row of rows) {
      const { question } = row;
      let asked: boolean;
      if (question.type === 'end_group' || question.type === 'end_repeat') {
        asked = enclosing.pop() ?? true;
      } else {
        const parentAsked = enclosing.length === 0 || enclosing[enclosing.length - 1]!;
        asked = parentAsked && condition(question.relevance, contextAt(question, row.path), true);
        if (question.type === 'begin_group' || question.type === 'begin_repeat') enclosing.push(asked);
      }
      row.relevant = asked;
      if (skipped.has(row.key) === asked) changed = true;
      if (asked) skipped.delete(row.key);
      else skipped.add(row.key);
      if (question.type === 'calculate' && question.calculation?.trim()) {
        const result = asked ? toText(evaluateSafely(question.calculation, contextAt(question, row.path))) : '';
        if (calculated[row.key] !== result) changed = true;
        calculated[row.key] = result;
      }
    }
    if (!changed) break;
  }

  const relevant = questions.map((_, index) => rows.some((row) => row.index === index && row.relevant));
  return {
    rows,
    relevant,
    calculated,
    value,
    instances,
    canAddInstance: (index) => !questions[index]?.repeatCount?.trim(),
    contextAt,
  };
}

function repeatCount(question: Question, stored: string | null | undefined, ctx: () => EvalContext): number {
  const fromExpression = question.repeatCount?.trim() ? toNumber(evaluateSafely(question.repeatCount, ctx())) : Number(stored ?? 1);
  if (!Number.isFinite(fromExpression)) return question.repeatCount?.trim() ? 0 : 1;
  return Math.max(0, Math.min(MAX_INSTANCES, Math.trunc(fromExpression)));
}

/** The survey's rows with every repeat unrolled into its instances (begin and end rows included). */
function expand(survey: SurveyContent, instances: (index: number, path: InstancePath) => number): RunRow[] {
  const rows: RunRow[] = [];
  const emit = (index: number, path: InstancePath) => {
    const question = survey.questions[index]!;
    rows.push({ index, question, path, key: answerKey(question.name, path), relevant: true });
  };
  const walk = (start: number, end: number, path: InstancePath) => {
    for (let i = start; i <= end; i++) {
      const question = survey.questions[i]!;
      const [, close] = blockRange(survey, i);
      if (question.type !== 'begin_repeat' || close === i) {
        emit(i, path);
        continue;
      }
      const count = instances(i, path);
      for (let k = 1; k <= count; k++) {
        const inner = [...path, k];
        emit(i, inner);
        walk(i + 1, close - 1, inner);
        emit(close, inner);
      }
      i = close;
    }
  };
  walk(0, survey.questions.length - 1, []);
  return rows;
}

interface Scope {
  value: (key: string) => string;
  rows: () => RunRow[];
  byName: Map<string, number>;
  repeatDepth: number[];
  now: () => Date;
}

/**
 * What an expression at `path` sees: ${name} in the same repeat instance where the name repeats with it
 * (and the enclosing instances where it repeats less), every instance for count() and sum().
 */
function context(question: Question, path: InstancePath, scope: Scope, current?: string): EvalContext {
  const keyFor = (name: string, at: InstancePath) => {
    const index = scope.byName.get(name);
    const depth = index === undefined ? 0 : scope.repeatDepth[index]!;
    return depth > at.length ? null : answerKey(name, at.slice(0, depth));
  };
  const all = (name: string): Value[] => scope.rows().filter((row) => row.question.name === name && (row.question.type !== 'end_repeat')).map((row) => scope.value(row.key));
  return {
    get: (name) => {
      const key = keyFor(name, path);
      // Read from outside its repeat, a repeating question is all its instances (as in XPath).
      return key === null ? all(name) : scope.value(key);
    },
    getAll: all,
    current: () => current ?? scope.value(answerKey(question.name, path)),
    position: () => path.at(-1) ?? 1,
    indexed: (name, _repeat, index) => {
      const key = keyFor(name, [...path.slice(0, -1), index]) ?? keyFor(name, [index]);
      return key === null ? '' : scope.value(key);
    },
    now: scope.now,
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

/** Where a question is asked (its repeat instance) and the clock of today()/now(). */
export interface At {
  path?: InstancePath;
  now?: () => Date;
}

/** Whether an answer meets the question's constraint (an empty answer always does: "required" covers it). */
export function meetsConstraint(
  survey: SurveyContent,
  question: Question,
  answer: string,
  answers: Answers,
  { path = [], now = () => new Date() }: At = {},
): boolean {
  if (!question.constraint?.trim() || answer === '') return true;
  const run = runForm(survey, { ...answers, [answerKey(question.name, path)]: answer }, now);
  return condition(question.constraint, run.contextAt(question, path, answer), true);
}

/** The choices offered, after the question's choice filter (e.g. communes of the chosen province). */
export function offeredChoices(survey: SurveyContent, question: Question, answers: Answers, { path = [], now = () => new Date() }: At = {}): Choice[] {
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
      evaluateSafely(
        filter,
        { ...run.contextAt(question, path, choice.name), column: (name) => (name === 'name' ? choice.name : (choice.filters?.[name] ?? '')) },
        { choiceFilter: true },
      ),
    ),
  );
}

/** The rows a person answers, in order, that are asked given the answers so far. */
export function askedRows(run: FormRun): RunRow[] {
  return run.rows.filter((row) => row.relevant && holdsAnswer(row.question));
}

/** Required questions asked but not answered yet, in order, each in its repeat instance. */
export function missingRequired(run: FormRun, answers: Answers): RunRow[] {
  return run.rows.filter((row) => row.relevant && row.question.required && holdsAnswer(row.question) && !answers[row.key]);
}

/**
 * At the end row of a repeat's last instance, where "add another" goes: the key holding the repeat's number of
 * instances and the next number. Null elsewhere, or when a repeat_count decides the number.
 */
export function addInstanceAt(survey: SurveyContent, run: FormRun, row: RunRow): { key: string; count: number } | null {
  if (row.question.type !== 'end_repeat' || !row.relevant) return null;
  const [begin] = blockRange(survey, row.index);
  const outer = row.path.slice(0, -1);
  const count = run.instances(begin, outer);
  if (row.path.at(-1) !== count || !run.canAddInstance(begin) || count >= MAX_INSTANCES) return null;
  return { key: answerKey(survey.questions[begin]!.name, outer), count: count + 1 };
}

/** What one screen shows: a single row, or a whole group marked to be shown together. */
export type Page = { kind: 'row'; row: RunRow } | { kind: 'group'; group: RunRow; rows: RunRow[]; table: boolean };

/**
 * Cuts the run into screens. A group with appearance field-list is one page; table-list is one page shown as a
 * table of questions sharing one choice list (a matrix). Everything else is a row of its own.
 */
export function pagesOf(survey: SurveyContent, run: FormRun): Page[] {
  const pages: Page[] = [];
  const rows = run.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const appearances = (row.question.appearance ?? '').split(/\s+/);
    const together = appearances.includes('field-list') || appearances.includes('table-list');
    if (row.question.type !== 'begin_group' || !together) {
      pages.push({ kind: 'row', row });
      continue;
    }
    const [, close] = blockRange(survey, row.index);
    const inner: RunRow[] = [];
    let j = i + 1;
    while (j < rows.length && !(rows[j]!.index === close && rows[j]!.path.join('.') === row.path.join('.'))) inner.push(rows[j++]!);
    pages.push({ kind: 'group', group: row, rows: inner, table: appearances.includes('table-list') });
    i = j;
  }
  return pages;
}

/** The rows of a page a person answers or reads (asked questions and notes). */
export function shownRows(page: Page): RunRow[] {
  const rows = page.kind === 'row' ? [page.row] : page.rows;
  return rows.filter((row) => row.relevant && (holdsAnswer(row.question) || row.question.type === 'note'));
}

/** In a table-list page: the select_one questions sharing the first one's list, shown as one table. */
export function tableRows(page: Page): RunRow[] {
  if (page.kind !== 'group' || !page.table) return [];
  const rows = shownRows(page);
  const list = rows.find((row) => row.question.type === 'select_one')?.question.listName;
  return rows.filter((row) => row.question.type === 'select_one' && row.question.listName === list);
}

/**
 * What a child meets one screen at a time (children's mode and its preview): pages with something to read or
 * answer, and the "add another" screens of repeats.
 */
export function childScreens(survey: SurveyContent, run: FormRun): Page[] {
  return pagesOf(survey, run).filter((page) => shownRows(page).length > 0 || (page.kind === 'row' && addInstanceAt(survey, run, page.row) !== null));
}
