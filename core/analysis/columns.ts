/**
 * Answers as typed columns: one entry per response (or per repeat instance), so that every table is a flat loop
 * over small integer arrays instead of a walk over objects or an SQL GROUP BY. The project file stays the source
 * of truth; columns are a cache built from it (see column-bytes.ts to persist one).
 *
 * Encodings (README.md has the table):
 * - single choice: one code per entry, 0 = not asked / no answer, 1 = refused, 2 + k = `values[k]`, where the
 *   choice list comes first in its order and values met in the data but not in the list (an older version's
 *   choice, an import's typo) follow in the order met, so no answer is lost;
 * - multiple choice: a state per entry and a bitmask, bit k = `values[k]` ticked, `wordsPerEntry` 32-bit words an
 *   entry (1 while there are at most 32 values);
 * - numbers: Float64Array, NaN when there is no number, and a state per entry (refused and unreadable apart);
 * - text: the strings themselves, for coding later; never analysed as numbers.
 */
import { OTHER_CHOICE, OTHER_SUFFIX } from '../survey/answers';
import { parseAnswerKey, repeatDepths } from '../survey/instances';
import { choicesOf, holdsAnswer, type Question, type QuestionType, type SurveyContent } from '../survey/model';
import { AnalysisError } from './analysis-error';

/** Per-entry state of multiple-choice, numeric and text columns (single choice folds it into its codes). */
export const NOT_ASKED = 0;
export const REFUSED = 1;
export const ANSWERED = 2;
/** A numeric question holding text that is not a number (old data): counted apart, never as a value. */
export const UNREADABLE = 3;

/** Single-choice codes: 0 = not asked, 1 = refused, FIRST_CHOICE_CODE + k = values[k]. */
export const FIRST_CHOICE_CODE = 2;

interface ColumnBase {
  /** The question's name (form-wide). */
  question: string;
  type: QuestionType;
  /** Entries: responses for top-level questions, instances for questions inside a repeat. */
  length: number;
  /** The enclosing repeat's name, or null at the top level. */
  repeat: string | null;
  /** Inside a repeat: the response index of each instance (ascending), else null. */
  parent: Uint32Array | null;
  /** Inside a repeat: the 1-based instance number of each entry, else null. */
  instance: Uint16Array | null;
}

export interface SingleChoiceColumn extends ColumnBase {
  kind: 'single';
  /** Uint8Array while every code fits in a byte (up to 254 values), else Uint16Array. */
  codes: Uint8Array | Uint16Array;
  /** Stored choice names: the list first, then names met in the data but not in the list. */
  values: string[];
  /** How many of `values` come from the choice list (the rest are extras). */
  listSize: number;
}

export interface MultipleChoiceColumn extends ColumnBase {
  kind: 'multiple';
  state: Uint8Array;
  /** Entry i's bits are words i * wordsPerEntry … + wordsPerEntry - 1; bit k of the whole is values[k]. */
  bits: Uint32Array;
  wordsPerEntry: number;
  values: string[];
  listSize: number;
}

export interface NumericColumn extends ColumnBase {
  kind: 'numeric';
  /** NaN where there is no number (not asked, refused, unreadable). */
  values: Float64Array;
  state: Uint8Array;
}

/**
 * Which responses answered an open question, refused it or were not asked. The texts themselves are not held: no view
 * reads them (coding and quotes read them from the file, coding-answer-index.ts), and at a million responses they
 * were most of the columns' memory.
 */
export interface TextColumn extends ColumnBase {
  kind: 'text';
  state: Uint8Array;
}

export type ChoiceColumn = SingleChoiceColumn | MultipleChoiceColumn;
export type Column = SingleChoiceColumn | MultipleChoiceColumn | NumericColumn | TextColumn;
export type ColumnKind = Column['kind'];

/**
 * One response: answered values by answer key (as the project file gives them, or a Map as an import plans them),
 * and the keys the child refused.
 */
export interface ResponseAnswers {
  answers: Readonly<Record<string, string | null>> | ReadonlyMap<string, string | null>;
  refused?: readonly string[] | ReadonlySet<string>;
}

/** The instances of one repeat across all responses: the shared `parent` and `instance` of its columns. */
export interface RepeatLevel {
  repeat: string;
  length: number;
  parent: Uint32Array;
  instance: Uint16Array;
}

export type SkipReason = 'noAnswer' | 'notAnalysed' | 'nestedRepeat';

export interface ColumnSet {
  responseCount: number;
  columns: Map<string, Column>;
  repeats: Map<string, RepeatLevel>;
  /** Questions with no column and why: no answer of their own, a type not analysed yet, a repeat in a repeat. */
  skipped: { question: string; reason: SkipReason }[];
}

const KIND_OF_TYPE: Partial<Record<QuestionType, ColumnKind>> = {
  select_one: 'single',
  select_multiple: 'multiple',
  integer: 'numeric',
  decimal: 'numeric',
  range: 'numeric',
  text: 'text',
};

/** The column kind a question gets, or null (rank, dates and times are not analysed yet). */
export function columnKindOf(question: Question): ColumnKind | null {
  return KIND_OF_TYPE[question.type] ?? null;
}

export interface BuildOptions {
  /** Build only these questions (a rebuild after their answers changed). */
  only?: readonly string[];
  /** Responses expected, to size the arrays once when the input is not an array. */
  expectedCount?: number;
}

/**
 * Builds the columns of every analysable question in one pass over the responses. Limits: questions in a repeat
 * inside a repeat are skipped ('nestedRepeat'); a repeat's instances are 1 … max(its stored count, the highest
 * instance met in any answer key of the repeat), so an instance with answers is never dropped.
 */
export function buildColumns(survey: SurveyContent, responses: Iterable<ResponseAnswers>, options: BuildOptions = {}): ColumnSet {
  const plan = planColumns(survey, options.only);
  const capacity = options.expectedCount ?? (Array.isArray(responses) ? responses.length : 1024);
  const top = plan.top.map((spec) => makeBuilder(survey, spec, capacity));
  const repeats = plan.repeats.map((r) => ({ ...r, level: new LevelBuilder(capacity), builders: r.questions.map((spec) => makeBuilder(survey, spec, capacity)) }));
  const repeatIndexOfName = new Map<string, number>();
  plan.repeats.forEach((r, index) => r.questions.forEach((spec) => repeatIndexOfName.set(spec.key, index)));
  const instanceCounts = new Int32Array(repeats.length);

  let responseIndex = 0;
  for (const { answers, refused } of responses) {
    const refusedKeys = refused === undefined ? null : toSet(refused);
    for (const builder of top) builder.push(valueOf(answers, refusedKeys, builder.key));
    if (repeats.length > 0) {
      countInstances(answers, refusedKeys, repeats, repeatIndexOfName, instanceCounts);
      for (let r = 0; r < repeats.length; r++) {
        const repeat = repeats[r]!;
        for (let i = 1; i <= instanceCounts[r]!; i++) {
          repeat.level.push(responseIndex, i);
          const suffix = `[${i}]`;
          for (const builder of repeat.builders) builder.push(valueOf(answers, refusedKeys, builder.key + suffix));
        }
      }
    }
    responseIndex++;
  }

  const columns = new Map<string, Column>();
  const levels = new Map<string, RepeatLevel>();
  for (const builder of top) columns.set(builder.key, builder.finish(null));
  for (const repeat of repeats) {
    const level = repeat.level.finish(repeat.name);
    levels.set(repeat.name, level);
    for (const builder of repeat.builders) columns.set(builder.key, builder.finish(level));
  }
  return { responseCount: responseIndex, columns, repeats: levels, skipped: plan.skipped };
}

/** Reads one answer: a refusal wins over a stored value (the database keeps one state per key anyway). */
function valueOf(answers: ResponseAnswers['answers'], refused: ReadonlySet<string> | null, key: string): string | null | typeof REFUSED_MARK {
  if (refused !== null && refused.has(key)) return REFUSED_MARK;
  const value = answerOf(answers, key);
  return value === undefined || value === '' ? null : value;
}
const REFUSED_MARK = Symbol('refused');

function answerOf(answers: ResponseAnswers['answers'], key: string): string | null | undefined {
  return answers instanceof Map ? answers.get(key) : (answers as Readonly<Record<string, string | null>>)[key];
}
type Cell = string | null | typeof REFUSED_MARK;

/** Most responses refuse nothing: null then, so the per-question check is one comparison. */
function toSet(refused: readonly string[] | ReadonlySet<string>): ReadonlySet<string> | null {
  if ('size' in refused) return refused.size === 0 ? null : refused;
  return refused.length === 0 ? null : new Set(refused);
}

/** Instances of each repeat in one response: the stored count, raised to the highest instance any key names. */
function countInstances(
  answers: ResponseAnswers['answers'],
  refused: ReadonlySet<string> | null,
  repeats: readonly { name: string }[],
  repeatIndexOfName: ReadonlyMap<string, number>,
  counts: Int32Array,
): void {
  for (let r = 0; r < repeats.length; r++) {
    const stored = answerOf(answers, repeats[r]!.name);
    const n = stored ? Number(stored) : 0;
    counts[r] = Number.isInteger(n) && n > 0 ? Math.min(n, 65_535) : 0;
  }
  const raise = (key: string) => {
    // Only keys ending in "]" name an instance; the test keeps the common top-level key cheap.
    if (key.charCodeAt(key.length - 1) !== 93) return;
    const parsed = parseAnswerKey(key);
    if (!parsed || parsed.path.length !== 1) return;
    const r = repeatIndexOfName.get(parsed.name);
    if (r !== undefined && parsed.path[0]! > counts[r]!) counts[r] = Math.min(parsed.path[0]!, 65_535);
  };
  if (answers instanceof Map) for (const key of answers.keys()) raise(key);
  else for (const key in answers) raise(key);
  if (refused) for (const key of refused) raise(key);
}

interface ColumnSpec {
  key: string;
  question: Question;
  kind: ColumnKind;
}

interface ColumnPlan {
  top: ColumnSpec[];
  repeats: { name: string; questions: ColumnSpec[] }[];
  skipped: { question: string; reason: SkipReason }[];
}

function planColumns(survey: SurveyContent, only: readonly string[] | undefined): ColumnPlan {
  const wanted = only ? new Set(only) : null;
  const depths = repeatDepths(survey);
  const plan: ColumnPlan = { top: [], repeats: [], skipped: [] };
  const openRepeats: { name: string; questions: ColumnSpec[] }[] = [];
  survey.questions.forEach((question, index) => {
    if (question.type === 'begin_repeat') {
      const repeat = { name: question.name, questions: [] };
      openRepeats.push(repeat);
      if (depths[index] === 1) plan.repeats.push(repeat);
      return;
    }
    if (question.type === 'end_repeat') {
      openRepeats.pop();
      return;
    }
    const specs: ColumnSpec[] = [];
    const kind = columnKindOf(question);
    if (kind) specs.push({ key: question.name, question, kind });
    // "Other, please specify" text sits beside the choice as `<name>_other`: kept for coding.
    if (question.orOther && (kind === 'single' || kind === 'multiple')) {
      const other: Question = { name: question.name + OTHER_SUFFIX, type: 'text', label: question.label, hint: {}, required: false };
      specs.push({ key: other.name, question: other, kind: 'text' });
    }
    for (const spec of specs) {
      if (wanted && !wanted.has(spec.key)) continue;
      if (depths[index]! > 1) plan.skipped.push({ question: spec.key, reason: 'nestedRepeat' });
      else if (depths[index] === 1) openRepeats[openRepeats.length - 1]!.questions.push(spec);
      else plan.top.push(spec);
    }
    if (!kind && (!wanted || wanted.has(question.name)) && !STRUCTURE.has(question.type)) {
      plan.skipped.push({ question: question.name, reason: holdsAnswer(question) ? 'notAnalysed' : 'noAnswer' });
    }
  });
  plan.repeats = plan.repeats.filter((r) => r.questions.length > 0);
  return plan;
}
const STRUCTURE = new Set<QuestionType>(['begin_group', 'end_group']);

/** The names a choice column starts from: its list, plus `other` when the question offers "other" outside it. */
export function listValues(survey: SurveyContent, question: Question): string[] {
  const names = choicesOf(survey, question).map((choice) => choice.name);
  if (question.orOther && !names.includes(OTHER_CHOICE)) names.push(OTHER_CHOICE);
  return names;
}

interface ColumnBuilder {
  readonly key: string;
  push(cell: Cell): void;
  finish(level: RepeatLevel | null): Column;
}

function makeBuilder(survey: SurveyContent, spec: ColumnSpec, capacity: number): ColumnBuilder {
  switch (spec.kind) {
    case 'single':
      return new SingleChoiceBuilder(spec.key, spec.question.type, listValues(survey, spec.question), capacity);
    case 'multiple':
      return new MultipleChoiceBuilder(spec.key, spec.question.type, listValues(survey, spec.question), capacity);
    case 'numeric':
      return new NumericBuilder(spec.key, spec.question.type, capacity);
    case 'text':
      return new TextBuilder(spec.key, spec.question.type, capacity);
  }
}

function base(key: string, type: QuestionType, length: number, level: RepeatLevel | null): ColumnBase {
  return { question: key, type, length, repeat: level?.repeat ?? null, parent: level?.parent ?? null, instance: level?.instance ?? null };
}

/** Doubles a typed array's room; the final column is trimmed to its length. */
function grown<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2, 16));
  bigger.set(array);
  return bigger;
}
function trimmed<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(array: T, length: number): T {
  return (array.length === length ? array : array.slice(0, length)) as T;
}

/** Assigns codes to names not in the list, in the order met; owned by the single- and multiple-choice builders. */
class ValueCodes {
  readonly values: string[];
  private readonly indexOf = new Map<string, number>();
  constructor(list: readonly string[]) {
    this.values = [...list];
    list.forEach((name, index) => {
      if (!this.indexOf.has(name)) this.indexOf.set(name, index);
    });
  }
  index(name: string): number {
    let index = this.indexOf.get(name);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(name);
      this.indexOf.set(name, index);
    }
    return index;
  }
}

class SingleChoiceBuilder implements ColumnBuilder {
  private codes: Uint8Array | Uint16Array;
  private length = 0;
  private readonly names: ValueCodes;
  constructor(
    readonly key: string,
    private readonly type: QuestionType,
    private readonly list: readonly string[],
    capacity: number,
  ) {
    this.names = new ValueCodes(list);
    this.codes = list.length + FIRST_CHOICE_CODE <= 0xff ? new Uint8Array(capacity) : new Uint16Array(capacity);
  }
  push(cell: Cell): void {
    let code = 0;
    if (cell === REFUSED_MARK) code = 1;
    else if (cell !== null) code = FIRST_CHOICE_CODE + this.names.index(cell);
    if (code > 0xff && this.codes instanceof Uint8Array) this.codes = Uint16Array.from(this.codes);
    if (code > 0xffff) throw new AnalysisError('tooManyValues', `${this.key}: more than 65 533 different answers`);
    this.codes = grown(this.codes, this.length + 1);
    this.codes[this.length++] = code;
  }
  finish(level: RepeatLevel | null): SingleChoiceColumn {
    return { ...base(this.key, this.type, this.length, level), kind: 'single', codes: trimmed(this.codes, this.length), values: this.names.values, listSize: this.list.length };
  }
}

class MultipleChoiceBuilder implements ColumnBuilder {
  private state: Uint8Array;
  private bits: Uint32Array;
  private wordsPerEntry: number;
  private length = 0;
  private readonly names: ValueCodes;
  constructor(
    readonly key: string,
    private readonly type: QuestionType,
    private readonly list: readonly string[],
    capacity: number,
  ) {
    this.names = new ValueCodes(list);
    this.wordsPerEntry = Math.max(1, Math.ceil(list.length / 32));
    this.state = new Uint8Array(capacity);
    this.bits = new Uint32Array(capacity * this.wordsPerEntry);
  }
  push(cell: Cell): void {
    const i = this.length++;
    this.state = grown(this.state, this.length);
    this.bits = grown(this.bits, this.length * this.wordsPerEntry);
    if (cell === REFUSED_MARK) this.state[i] = REFUSED;
    else if (cell !== null) this.tick(i, cell);
  }
  /** Splits the stored "a b c" by hand (no array per answer) and sets one bit per name. */
  private tick(i: number, value: string): void {
    let start = -1;
    let any = false;
    for (let at = 0; at <= value.length; at++) {
      const space = at === value.length || isSpace(value.charCodeAt(at));
      if (!space && start < 0) start = at;
      else if (space && start >= 0) {
        const bit = this.names.index(value.slice(start, at));
        if (bit >= this.wordsPerEntry * 32) this.widen();
        this.bits[i * this.wordsPerEntry + (bit >>> 5)]! |= 1 << (bit & 31);
        any = true;
        start = -1;
      }
    }
    this.state[i] = any ? ANSWERED : NOT_ASKED;
  }
  /** One more word per entry once names beyond the list pass a multiple of 32 (rare: old data). */
  private widen(): void {
    const words = this.wordsPerEntry + 1;
    const wider = new Uint32Array(Math.max(this.bits.length / this.wordsPerEntry, this.length) * words);
    for (let e = 0; e < this.length; e++) for (let w = 0; w < this.wordsPerEntry; w++) wider[e * words + w] = this.bits[e * this.wordsPerEntry + w]!;
    this.bits = wider;
    this.wordsPerEntry = words;
  }
  finish(level: RepeatLevel | null): MultipleChoiceColumn {
    return {
      ...base(this.key, this.type, this.length, level),
      kind: 'multiple',
      state: trimmed(this.state, this.length),
      bits: trimmed(this.bits, this.length * this.wordsPerEntry),
      wordsPerEntry: this.wordsPerEntry,
      values: this.names.values,
      listSize: this.list.length,
    };
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0;
}

class NumericBuilder implements ColumnBuilder {
  private values: Float64Array;
  private state: Uint8Array;
  private length = 0;
  constructor(
    readonly key: string,
    private readonly type: QuestionType,
    capacity: number,
  ) {
    this.values = new Float64Array(capacity);
    this.state = new Uint8Array(capacity);
  }
  push(cell: Cell): void {
    const i = this.length++;
    this.values = grown(this.values, this.length);
    this.state = grown(this.state, this.length);
    let value = NaN;
    if (cell === REFUSED_MARK) this.state[i] = REFUSED;
    else if (cell !== null) {
      // Number() would read "" or " " as 0 and "0x1A" as 26: only plain decimal notation counts.
      value = DECIMAL.test(cell) ? Number(cell) : NaN;
      this.state[i] = Number.isFinite(value) ? ANSWERED : UNREADABLE;
      if (!Number.isFinite(value)) value = NaN;
    }
    this.values[i] = value;
  }
  finish(level: RepeatLevel | null): NumericColumn {
    return { ...base(this.key, this.type, this.length, level), kind: 'numeric', values: trimmed(this.values, this.length), state: trimmed(this.state, this.length) };
  }
}
const DECIMAL = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

class TextBuilder implements ColumnBuilder {
  private length = 0;
  private state: Uint8Array;
  constructor(
    readonly key: string,
    private readonly type: QuestionType,
    capacity: number,
  ) {
    this.state = new Uint8Array(capacity);
  }
  push(cell: Cell): void {
    const i = this.length++;
    this.state = grown(this.state, i + 1);
    this.state[i] = cell === REFUSED_MARK ? REFUSED : cell === null ? NOT_ASKED : ANSWERED;
  }
  finish(level: RepeatLevel | null): TextColumn {
    return { ...base(this.key, this.type, this.length, level), kind: 'text', state: trimmed(this.state, this.length) };
  }
}

class LevelBuilder {
  private parent: Uint32Array;
  private instance: Uint16Array;
  private length = 0;
  constructor(capacity: number) {
    this.parent = new Uint32Array(capacity);
    this.instance = new Uint16Array(capacity);
  }
  push(response: number, instance: number): void {
    this.parent = grown(this.parent, this.length + 1);
    this.instance = grown(this.instance, this.length + 1);
    this.parent[this.length] = response;
    this.instance[this.length++] = instance;
  }
  finish(repeat: string): RepeatLevel {
    return { repeat, length: this.length, parent: trimmed(this.parent, this.length), instance: trimmed(this.instance, this.length) };
  }
}

/** The column, checked to be of the kind a view needs. */
export function expectKind<K extends ColumnKind>(column: Column, kind: K): Extract<Column, { kind: K }> {
  if (column.kind !== kind) throw new AnalysisError('wrongColumnKind', `${column.question} is ${column.kind}, not ${kind}`);
  return column as Extract<Column, { kind: K }>;
}
