/**
 * Rows of a Kobo/ODK export → the responses to add, every value checked against the survey first.
 *
 * A table is a sheet or a CSV file. Tables of submissions give one response a row; tables of a repeat (Kobo's
 * extra sheets, onadata's extra CSV files, ODK Central's repeat files) give instances, joined to their parent
 * row by `_parent_index` → `_index` or PARENT_KEY → KEY. Identity: the submission's `_uuid` or instanceID
 * (without `uuid:`), else a hash of the file name and the row, so importing a file again adds nothing.
 * Bad values are problems placed at their cell; nothing is dropped without a word.
 */
import type { FileProblem } from './problems';
import { answerKey, MAX_INSTANCES } from '../survey/instances';
import { choicesOf, type Question } from '../survey/model';
import { columnLetter, planColumns, repeatByColumns, repeatByName, metaField, type ColumnPlan, type Entry, type MetaField, type RepeatInfo, type Scope, type SurveyIndex } from './response-headers';
import { convertCell, isBlank, isRefusalCell, REFUSED, isDateSerial, serialParts, splitFlag, type CellValue, type Converted, type ValueContext, type ValueProblem } from './response-values';
import { detached, IdTable } from './id-table';

export interface Table {
  file: string;
  /** The sheet, for workbooks; undefined for a CSV file. */
  sheet?: string;
  /** What the table is called (sheet name, or file name without extension): Kobo names repeat tables after the repeat. */
  name: string;
  /** 1-based row of the header. */
  headerRow: number;
  headers: { column: number; header: string }[];
  /**
   * Data rows that have a value somewhere, in order; `row` is 1-based as the spreadsheet shows it. `cells` is
   * indexed by 0-based column (holes and '' are empty): a CSV record is used as it is, without a copy.
   */
  rows: { row: number; cells: readonly (CellValue | undefined)[] }[];
  context: ValueContext;
}

export interface PlannedResponse {
  id: string;
  /** The time of the submission (`_submission_time`, else the form's `start`), ISO UTC; null when the file has none. */
  createdAt: string | null;
  completedAt: string | null;
  /** Answer key → value, as stored (repeat counts included). */
  answers: Map<string, string>;
  source: { file: string; sheet?: string; row: number };
}

export interface UnmatchedColumn {
  file: string;
  sheet?: string;
  column: string;
  header: string;
  reason: 'unknown' | 'ambiguous' | 'duplicate' | 'outOfScope';
  /** How many rows have a value in it: what the import leaves behind. */
  filled: number;
}

export interface ResponsePlan {
  responses: PlannedResponse[];
  /** Data rows read, in all tables. */
  rows: number;
  unmatchedColumns: UnmatchedColumn[];
  /** Columns that carry answers, and all columns that are not metadata: how well the file fits the survey. */
  fit: { matched: number; total: number };
  /** `_xform_id_string` values found: the form the export came from. */
  formIds: string[];
  problems: FileProblem[];
  warnings: FileProblem[];
}

export interface PlanOptions {
  /** A UUID made from text, the same text always giving the same UUID (identity of rows without one). */
  hashId: (text: string) => string;
  onRow?: (done: number, total: number) => void;
  /** At most this many problems are listed; then one more says how many were left out. */
  maxProblems?: number;
  /** Awaited every PAUSE_ROWS rows, so that the app can answer meanwhile (and a progress bar be drawn). */
  pause?: () => Promise<void>;
}

const PAUSE_ROWS = 2000;

/** One row read: its answers before keys are final (merging a flattened export shifts instances). */
interface Item {
  entry: Entry;
  path: number[];
  value: string;
  implicit: boolean;
  /** The column it came from, for messages. */
  column: number;
}

interface RowRecord {
  table: Table;
  row: number;
  path: number[];
  root: RowRecord | null;
  identity: string | null;
  /** Answers outside any repeat, by question name: final as read (most of a large file is these). */
  top: Map<string, string>;
  /** Answers inside repeats, kept as items until rows sharing an id are merged (that can shift instances). */
  items: Item[];
  /** Repeat instances that exist (a row of a repeat table), even with no answer. */
  instances: { repeat: RepeatInfo; path: number[] }[];
  /** Instances counted so far in each repeat table below this row (made on first use). */
  children?: Map<RepeatInfo, number>;
  createdAt: string | null;
  start: string | null;
  end: string | null;
  meta: Partial<Record<MetaField, string>>;
}

interface PlannedTable {
  table: Table;
  scope: Scope;
  columns: ColumnPlan[];
  /** The places in `columns` readRow looks at: not unmatched columns, nor metadata nothing reads. */
  read: number[];
  /** Each column's answer key for a row at the top (no instance of its own), worked out once. */
  topKeys: (string | null)[];
  /** The columns of each kind of metadata. */
  meta: Partial<Record<MetaField, number[]>>;
  byIndex: Map<string, RowRecord>;
  /**
   * Per answer column: what its texts gave (the value converted, or REFUSED), shared by the columns of one
   * question. Choices, ages and dates repeat down a column; the table's context is fixed, so a text gives one result.
   */
  outcomes: (Map<string, Outcome> | undefined)[];
  /** Per answer column outside repeats: a form's start (1) or end (2) time, else 0. */
  times: Uint8Array;
  /** The column each answer outside repeats comes from: where a split's disagreement points. */
  answerColumns: Map<string, number>;
  /** Whether a text cell says "refused" (folding Vietnamese text for every cell cost a sixth of a large import). */
  refusals: Map<string, boolean>;
  /** The codes a combined select_multiple value names (the same few values repeat down a column). */
  codeSets: Map<string, Set<string>>;
  splits: SplitGroups;
}

/**
 * The split 0/1 columns of a table grouped by the answer they make, with what the current row said. Made once a
 * table and reused row after row (readRow is synchronous): a row's groups are those whose `row` is its number.
 */
interface SplitGroups {
  /** Per place in `columns`: its group, or -1. */
  groupOf: Int32Array;
  groups: SplitGroup[];
  /** The groups the current row has a cell in, in the order of their first cell (as a Map of them would be). */
  met: SplitGroup[];
  /** Rows read so far: the current row's number. */
  rows: number;
}
interface SplitGroup {
  row: number;
  /** The place in `columns` of the group's first non-blank cell in this row: its entry, instance and column. */
  first: number;
  picked: string[];
  answered: boolean;
}

const CACHED_VALUES = 2000;

/** A Converted of one shape (readRow looks at millions of them: one shape keeps that fast). */
interface Outcome {
  value: string | null;
  warning: ValueProblem | undefined;
  problem: ValueProblem | undefined;
}

const outcome = (converted: Converted): Outcome =>
  'problem' in converted ? { value: null, warning: undefined, problem: converted.problem } : { value: converted.value, warning: converted.warning, problem: undefined };

/** A refused answer, as readRow keeps it. */
const REFUSED_OUTCOME: Outcome = { value: REFUSED, warning: undefined, problem: undefined };

/** What an answer cell gives: REFUSED when it says so, else convertCell's result (remembered for text cells). */
function outcomeOf(index: SurveyIndex, planned: PlannedTable, known: Map<string, Outcome>, question: Question, cell: CellValue): Outcome {
  const context = planned.table.context;
  if (typeof cell !== 'string') return context.refusals && isRefusalCell(cell, context) ? REFUSED_OUTCOME : outcome(convertCell(index.survey, question, cell, context));
  const hit = known.get(cell);
  if (hit) return hit;
  const result = isRefusalText(context, cell) ? REFUSED_OUTCOME : outcome(convertCell(index.survey, question, cell, context));
  if (known.size < CACHED_VALUES) known.set(cell, result);
  return result;
}

const LONGEST_REFUSAL = 40;

/** isRefusalCell for a text cell. The refusal words are short: a long text (a child's opinion) is not one, without folding it. */
function isRefusalText(context: ValueContext, cell: string): boolean {
  if (!context.refusals) return false;
  if (cell.length > LONGEST_REFUSAL && cell.trim().length > LONGEST_REFUSAL) return false;
  return isRefusalCell(cell, context);
}

/** isRefusalCell, remembering the answer for text cells (0/1 columns and codes repeat down a file). */
function isRefusal(planned: PlannedTable, cell: CellValue): boolean {
  const context = planned.table.context;
  if (!context.refusals) return false;
  if (typeof cell !== 'string') return isRefusalCell(cell, context);
  if (cell.length > LONGEST_REFUSAL && cell.trim().length > LONGEST_REFUSAL) return false;
  const hit = planned.refusals.get(cell);
  if (hit !== undefined) return hit;
  const result = isRefusalCell(cell, context);
  if (planned.refusals.size < CACHED_VALUES) planned.refusals.set(cell, result);
  return result;
}

class Problems {
  readonly list: FileProblem[] = [];
  readonly warnings: FileProblem[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(problem: FileProblem): void {
    if (this.list.length < this.max) this.list.push(problem);
    else this.dropped++;
  }
  warn(problem: FileProblem): void {
    if (this.warnings.length < this.max) this.warnings.push(problem);
  }
  /** In the order of the files and sheets, then by row and column, as a person goes through them. */
  done(file: string): FileProblem[] {
    const places = [...new Set(this.list.map((p) => `${p.file}\u0000${p.sheet ?? ''}`))];
    const column = (c?: string) => (c === undefined ? -1 : [...c].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0));
    const sorted = this.list
      .map((p, i) => ({ p, i }))
      .sort(
        (a, b) =>
          places.indexOf(`${a.p.file}\u0000${a.p.sheet ?? ''}`) - places.indexOf(`${b.p.file}\u0000${b.p.sheet ?? ''}`) ||
          (a.p.row ?? 0) - (b.p.row ?? 0) ||
          column(a.p.column) - column(b.p.column) ||
          a.i - b.i,
      )
      .map((x) => x.p);
    return this.dropped ? [...sorted, { file, code: 'import.moreProblems', params: { count: this.dropped } }] : sorted;
  }
}

const where = (table: Table, row?: number, column?: number) => ({
  file: table.file,
  ...(table.sheet !== undefined ? { sheet: table.sheet } : {}),
  ...(row !== undefined ? { row } : {}),
  ...(column !== undefined ? { column: columnLetter(column) } : {}),
});

/** `uuid:uuid:abc` → `abc`: Kobo and ODK prefix instance ids, sometimes twice. */
export function stripUuid(text: string): string {
  const trimmed = text.trim();
  // Most ids have no prefix: the pattern is tried only on what starts with a u (this runs for every row).
  return (trimmed.charCodeAt(0) | 32) === 117 ? trimmed.replace(/^(uuid:)+/i, '') : trimmed;
}

const SUBMISSION_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d?):(\d\d)(?::(\d\d)(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

/** A submission time as ISO UTC; Kobo writes it in UTC without a zone. null = not a time. */
export function submissionTime(cell: CellValue, ctx: ValueContext): string | null {
  if (typeof cell === 'number' || isDateSerial(cell)) {
    const parts = serialParts(typeof cell === 'number' ? cell : cell.serial, ctx.date1904);
    return parts?.date ? new Date(`${parts.date}T${parts.time}Z`).toISOString() : null;
  }
  const text = String(cell).trim();
  // The ISO UTC time Tiếng Nói's own exports write is already as we keep it, when it is a real time.
  if (ISO_UTC.test(text)) return realTime(text) ? text : null;
  const m = SUBMISSION_TIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const s = Number(m[6] ?? 0);
  if (!realDay(y!, mo!, d!) || h! > 23 || mi! > 59 || s > 59) return null;
  const fraction = m[7] ? `.${(m[7].slice(1) + '00').slice(0, 3)}` : '.000';
  // Already UTC: written out directly (this runs for every row of a large file).
  if (!m[8] || m[8] === 'Z') return `${m[1]}-${m[2]}-${m[3]}T${m[4]!.padStart(2, '0')}:${m[5]}:${String(s).padStart(2, '0')}${fraction}Z`;
  const zone = m[8].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2');
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]!.padStart(2, '0')}:${m[5]}:${String(s).padStart(2, '0')}${m[7] ?? ''}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The number written by `count` digits from `start`. */
function digitsAt(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/** An ISO_UTC text names a real day and time of day (as SUBMISSION_TIME's checks say). */
function realTime(text: string): boolean {
  return realDay(digitsAt(text, 0, 4), digitsAt(text, 5, 2), digitsAt(text, 8, 2)) && digitsAt(text, 11, 2) <= 23 && digitsAt(text, 14, 2) <= 59 && digitsAt(text, 17, 2) <= 59;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function realDay(y: number, m: number, d: number): boolean {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]!);
}

/**
 * True for a repeat table: some row points to a parent or to its submission (Kobo writes -1 and no parent table in
 * the submissions' own table).
 */
function isRepeatTable(table: Table): boolean {
  const parents = table.headers.filter((h) => ['parentIndex', 'parentKey', 'parentTable', 'submissionUuid'].includes(metaField(h.header) ?? ''));
  return parents.some((h) => table.rows.some((r) => {
    const cell = r.cells[h.column];
    return cell !== undefined && !isBlank(cell) && String(cell).trim() !== '-1';
  }));
}

function tableScope(index: SurveyIndex, table: Table, problems: Problems): Scope | undefined {
  if (!isRepeatTable(table)) return null;
  const scope = repeatByName(index, table.name) ?? repeatByColumns(index, table.headers.map((h) => h.header));
  if (!scope) problems.add({ ...where(table), code: 'import.unknownRepeatTable', params: { table: table.name } });
  return scope ?? undefined;
}


function cellText(cells: readonly (CellValue | undefined)[], columns: number[]): string | null {
  for (const c of columns) {
    const cell = cells[c];
    if (cell !== undefined && !isBlank(cell)) return isDateSerial(cell) ? String(cell.serial) : String(cell).trim();
  }
  return null;
}

/** The `_q_latitude`… columns of one location. */
interface GeoCells {
  entry: Entry;
  path: number[];
  column: number;
  implicit: boolean;
  parts: string[];
}
type RowContext = { table: Table; planned: PlannedTable; row: number; problems: Problems };

/** Metadata read from the cells: the rest (parent links, ignored columns) is read where needed, or not at all. */
const READ_META: ReadonlySet<MetaField> = new Set<MetaField>(['uuid', 'instanceId', 'key', 'submissionTime', 'index', 'formId']);

/** A metadata cell (not blank): kept on the record; the submission time checked, as it becomes the response's time. */
function readMeta(ctx: RowContext, field: MetaField, column: number, cell: CellValue, record: RowRecord): void {
  record.meta[field] ??= isDateSerial(cell) ? String(cell.serial) : String(cell).trim();
  if (field !== 'submissionTime') return;
  const time = submissionTime(cell, ctx.table.context);
  if (time === null) ctx.problems.add({ ...where(ctx.table, ctx.row, column), code: 'import.badSubmissionTime', params: { value: String(isDateSerial(cell) ? cell.serial : cell).slice(0, 40) } });
  else record.createdAt ??= time;
}

/** One split 0/1 cell (not blank) of a group; `entry` is the group's (its first cell's in this row). */
function readSplit(index: SurveyIndex, ctx: RowContext, split: SplitGroup, entry: Entry, choice: string, column: number, cell: CellValue): void {
  // A refused question's 0/1 columns say "refused" too: the question's own column tells it.
  if (isRefusal(ctx.planned, cell)) return;
  const flag = splitFlag(index.survey, entry.question, choice, cell);
  if (flag === 'bad') {
    ctx.problems.add({ ...where(ctx.table, ctx.row, column), code: 'import.badFlag', params: { question: entry.question.name, choice, value: String(cell).slice(0, 40) } });
  } else if (flag !== null) {
    split.answered = true;
    // A choice has one column per answer (planColumns reports a second), so it is picked once.
    if (flag) split.picked.push(choice);
  }
}

const choiceOrders = new WeakMap<Question, Map<string, number>>();

/** A question's choice codes → their place in its list, worked out once per question (not once per row). */
function choiceOrder(index: SurveyIndex, question: Question): Map<string, number> {
  let order = choiceOrders.get(question);
  if (!order) {
    order = new Map();
    for (const choice of choicesOf(index.survey, question)) if (!order.has(choice.name)) order.set(choice.name, order.size);
    choiceOrders.set(question, order);
  }
  return order;
}

/** Codes in their list's order, "other" (not in the list) last; a stable insertion sort (a handful of codes). */
function inListOrder(codes: string[], order: Map<string, number>): string[] {
  for (let i = 1; i < codes.length; i++) {
    const code = codes[i]!;
    const place = order.get(code) ?? order.size;
    let j = i - 1;
    while (j >= 0 && (order.get(codes[j]!) ?? order.size) > place) {
      codes[j + 1] = codes[j]!;
      j--;
    }
    codes[j + 1] = code;
  }
  return codes;
}

/** The codes of a combined select_multiple value, remembered per value. */
function codeSet(planned: PlannedTable, value: string): Set<string> {
  let codes = planned.codeSets.get(value);
  if (!codes) {
    codes = new Set(value.split(' '));
    if (planned.codeSets.size < CACHED_VALUES) planned.codeSets.set(value, codes);
  }
  return codes;
}

/**
 * Where a row's answers go. Outside repeats (an empty instance path: only a row of the submissions' table has one),
 * straight into the record's `top`: planColumns gives each answer one column at most, so no value is replaced.
 * Inside repeats, as items by answer key (a row of a repeat table, or a flattened repeat's columns).
 */
interface RowAnswers {
  record: RowRecord;
  direct: Map<string, Item> | undefined;
}

function setAnswer(answers: RowAnswers, key: string, item: Item): void {
  if (item.path.length === 0) answers.record.top.set(key, item.value);
  else (answers.direct ??= new Map()).set(key, item);
}

/** Split columns give the answer when there is no combined column; when both are there, a disagreement is said. */
function joinSplits(index: SurveyIndex, ctx: RowContext, record: RowRecord, answers: RowAnswers): void {
  const { columns, topKeys, splits } = ctx.planned;
  const top = record.path.length === 0;
  for (const split of splits.met) {
    if (!split.answered) continue;
    const { column, target } = columns[split.first]!;
    if (target.kind !== 'choice') continue;
    const path = top ? target.fixed : [...record.path, ...target.fixed];
    const key = top ? topKeys[split.first]! : answerKey(target.entry.name, path);
    let given: string | undefined;
    let givenColumn: number | undefined;
    if (path.length === 0) {
      given = record.top.get(key);
      givenColumn = ctx.planned.answerColumns.get(key);
    } else {
      const item = answers.direct?.get(key);
      given = item?.value;
      givenColumn = item?.column;
    }
    if (given === REFUSED) continue;
    const codes = split.picked;
    if (given === undefined) {
      if (codes.length) setAnswer(answers, key, { entry: target.entry, path, value: inListOrder(codes, choiceOrder(index, target.entry.question)).join(' '), implicit: target.implicit, column });
      continue;
    }
    const same = codeSet(ctx.planned, given);
    if (same.size !== codes.length || codes.some((c) => !same.has(c))) {
      ctx.problems.warn({ ...where(ctx.table, ctx.row, givenColumn), code: 'import.splitDisagrees', params: { question: target.entry.question.name } });
    }
  }
}

/** Latitude and longitude columns make the location when its own column is missing or empty. */
function joinGeo(index: SurveyIndex, ctx: RowContext, geo: Map<string, GeoCells>, answers: RowAnswers): void {
  for (const [key, point] of geo) {
    if (point.path.length === 0 ? answers.record.top.has(key) : answers.direct?.has(key)) continue;
    if (point.parts[0] === undefined || point.parts[1] === undefined) continue;
    const text = [point.parts[0], point.parts[1], point.parts[2] ?? '0', point.parts[3] ?? '0'].join(' ');
    const converted = convertCell(index.survey, point.entry.question, text, ctx.table.context);
    if ('problem' in converted) ctx.problems.add({ ...where(ctx.table, ctx.row, point.column), code: converted.problem.code, params: converted.problem.params });
    else if (converted.value !== null) setAnswer(answers, key, { entry: point.entry, path: point.path, value: converted.value, implicit: point.implicit, column: point.column });
  }
}

/** A form's start (1) or end (2) time, whose value stands in for a missing submission time; else 0. */
function timeKind(entry: Entry): number {
  if (entry.question.type !== 'not_collected') return 0;
  const kind = (entry.question.xlsformType ?? '').trim().toLowerCase();
  return kind === 'start' ? 1 : kind === 'end' ? 2 : 0;
}

/**
 * Turns a row's cells into answers and metadata; bad cells become problems. Runs for every cell of a file: what
 * can be is worked out once per table (planTables), and a row allocates little beyond its answers.
 */
function readRow(index: SurveyIndex, planned: PlannedTable, row: Table['rows'][number], record: RowRecord, problems: Problems): void {
  const { table, columns, topKeys, read, splits } = planned;
  const cells = row.cells;
  const ctx: RowContext = { table, planned, row: row.row, problems };
  const top = record.path.length === 0;
  const answers: RowAnswers = { record, direct: undefined };
  const rowNumber = ++splits.rows;
  splits.met.length = 0;
  // Location parts are rare: their map is made on first use.
  let geo: Map<string, GeoCells> | undefined;
  for (let r = 0; r < read.length; r++) {
    const c = read[r]!;
    const { column, target } = columns[c]!;
    const cell = cells[column];
    if (cell === undefined || cell === '') continue;
    if (target.kind === 'answer') {
      // Other blank cells ("n/a", spaces) are not told apart here: convertCell gives them no value (remembered).
      const { entry, fixed } = target;
      const converted = outcomeOf(index, planned, planned.outcomes[c]!, entry.question, cell);
      if (converted.problem) {
        problems.add({ ...where(table, row.row, column), code: converted.problem.code, params: converted.problem.params });
        continue;
      }
      const value = converted.value;
      if (value === null) continue;
      if (converted.warning) problems.warn({ ...where(table, row.row, column), code: converted.warning.code, params: converted.warning.params });
      if (top && fixed.length === 0) {
        record.top.set(topKeys[c]!, value);
        // The first start (end) time answered in the row's columns stands in for a missing submission time.
        const time = planned.times[c];
        if (time === 1) record.start ??= value;
        else if (time === 2) record.end ??= value;
      } else {
        const path = top ? fixed : [...record.path, ...fixed];
        (answers.direct ??= new Map()).set(top ? topKeys[c]! : answerKey(entry.name, path), { entry, path, column, implicit: target.implicit, value });
      }
      continue;
    }
    if (target.kind === 'choice') {
      // Kobo's 1 and 0, most of a large file's split cells: not blank, not a refusal, and read as splitFlag reads them.
      const zeroOrOne = cell === '1' || cell === '0';
      if (!zeroOrOne && isBlank(cell)) continue;
      const split = splits.groups[splits.groupOf[c]!]!;
      if (split.row !== rowNumber) {
        split.row = rowNumber;
        split.first = c;
        split.picked.length = 0;
        split.answered = false;
        splits.met.push(split);
      }
      if (zeroOrOne) {
        split.answered = true;
        if (cell === '1') split.picked.push(target.choice);
        continue;
      }
      const first = columns[split.first]!.target;
      readSplit(index, ctx, split, first.kind === 'choice' ? first.entry : target.entry, target.choice, column, cell);
      continue;
    }
    if (isBlank(cell)) continue;
    if (target.kind === 'meta') {
      readMeta(ctx, target.field, column, cell, record);
    } else if (target.kind === 'geoPart') {
      const path = top ? target.fixed : [...record.path, ...target.fixed];
      const key = top ? topKeys[c]! : answerKey(target.entry.name, path);
      geo ??= new Map();
      let point = geo.get(key);
      if (!point) geo.set(key, (point = { entry: target.entry, path, column, implicit: target.implicit, parts: [] }));
      point.parts[target.part] = String(cell).trim();
    }
  }
  if (splits.met.length) joinSplits(index, ctx, record, answers);
  if (geo) joinGeo(index, ctx, geo, answers);
  if (answers.direct) for (const item of answers.direct.values()) record.items.push(item);
}

/** Groups a table's split columns by the answer they make (its key at the top: the same question and instance). */
function splitGroups(columns: ColumnPlan[], topKeys: (string | null)[]): SplitGroups {
  const groupOf = new Int32Array(columns.length).fill(-1);
  const groups: SplitGroup[] = [];
  const byKey = new Map<string, number>();
  columns.forEach((plan, c) => {
    if (plan.target.kind !== 'choice') return;
    const key = topKeys[c]!;
    let group = byKey.get(key);
    if (group === undefined) {
      byKey.set(key, (group = groups.length));
      groups.push({ row: -1, first: c, picked: [], answered: false });
    }
    groupOf[c] = group;
  });
  return { groupOf, groups, met: [], rows: 0 };
}

function newRecord(table: Table, row: number, path: number[], root: RowRecord | null): RowRecord {
  return { table, row, path, root, identity: null, top: new Map(), items: [], instances: [], createdAt: null, start: null, end: null, meta: {} };
}

/** Rows without a uuid: a hash of file, sheet and cells, numbered among identical rows so twins stay two. */
function contentIdentity(record: RowRecord, row: Table['rows'][number], seen: Map<string, number>, hashId: (text: string) => string): string {
  const cells = record.table.headers.flatMap(({ column, header }) => {
    const v = row.cells[column];
    return v === undefined || v === '' ? [] : [`${header}=${isDateSerial(v) ? `#${v.serial}` : String(v)}`];
  });
  const content = `${record.table.file}\u0000${record.table.sheet ?? ''}\u0000${cells.join('\u0001')}`;
  // Counted by the content's hash, not the content: a million rows' text would not fit in memory.
  const key = hashId(content);
  const n = (seen.get(key) ?? 0) + 1;
  seen.set(key, n);
  return hashId(`${content}\u0000${n}`);
}

/**
 * Rows sharing an id: the same row twice (one file given twice) is one; a flattened export, repeating the submission
 * once per instance with the same top-level answers, is one response whose instances follow each other. Else false.
 */
function mergeInto(target: RowRecord, extra: RowRecord): boolean {
  const a = target.top;
  const b = extra.top;
  if (a.size !== b.size || [...a].some(([k, v]) => b.get(k) !== v)) return false;
  const itemsOf = (r: RowRecord) => r.items.map((i) => `${answerKey(i.entry.name, i.path)}=${i.value}`).join('\u0000');
  if (itemsOf(target) === itemsOf(extra)) return true;
  const counts = new Map<RepeatInfo, number>();
  for (const item of target.items) counts.set(item.entry.repeats[0]!, Math.max(counts.get(item.entry.repeats[0]!) ?? 0, item.path[0]!));
  for (const item of extra.items) {
    const shift = item.implicit && item.path.length === 1 ? (counts.get(item.entry.repeats[0]!) ?? 0) : 0;
    target.items.push({ ...item, path: [item.path[0]! + shift, ...item.path.slice(1)] });
  }
  return true;
}

/** How many instances each repeat has in a response (the highest instance answered, or given a row of its own). */
function repeatCounts(record: RowRecord): Map<string, number> {
  const counts = new Map<string, number>();
  const note = (repeats: RepeatInfo[], path: number[]) => {
    for (let level = 0; level < path.length && level < repeats.length; level++) {
      const key = answerKey(repeats[level]!.question.name, path.slice(0, level));
      counts.set(key, Math.max(counts.get(key) ?? 0, path[level]!));
    }
  };
  for (const item of record.items) note(item.entry.repeats, item.path);
  for (const instance of record.instances) {
    const chain: RepeatInfo[] = [];
    for (let r: RepeatInfo | null = instance.repeat; r; r = r.parent) chain.unshift(r);
    note(chain, instance.path);
  }
  return counts;
}

/** A table's columns, with what readRow needs worked out once for all its rows. */
function plannedTable(table: Table, scope: Scope, columns: ColumnPlan[]): PlannedTable {
  const topKeys = columns.map((c) => ('entry' in c.target ? answerKey(c.target.entry.name, c.target.fixed) : null));
  const meta: PlannedTable['meta'] = {};
  for (const c of columns) if (c.target.kind === 'meta') (meta[c.target.field] ??= []).push(c.column);
  const read: number[] = [];
  const outcomes: PlannedTable['outcomes'] = [];
  const byQuestion = new Map<Question, Map<string, Outcome>>();
  const times = new Uint8Array(columns.length);
  const answerColumns = new Map<string, number>();
  columns.forEach(({ column, target }, c) => {
    if (target.kind === 'unmatched' || (target.kind === 'meta' && !READ_META.has(target.field))) return;
    read.push(c);
    if (target.kind !== 'answer') return;
    let known = byQuestion.get(target.entry.question);
    if (!known) byQuestion.set(target.entry.question, (known = new Map()));
    outcomes[c] = known;
    if (target.fixed.length) return;
    times[c] = timeKind(target.entry);
    answerColumns.set(topKeys[c]!, column);
  });
  return { table, scope, columns, read, topKeys, meta, byIndex: new Map(), outcomes, times, answerColumns, refusals: new Map(), codeSets: new Map(), splits: splitGroups(columns, topKeys) };
}

/** Each table's scope and column plan; unmatched columns and how well the columns fit the survey. */
function planTables(index: SurveyIndex, tables: Table[], problems: Problems) {
  const unmatchedColumns: UnmatchedColumn[] = [];
  const fit = { matched: 0, total: 0 };
  const planned: PlannedTable[] = [];
  for (const table of tables) {
    const scope = tableScope(index, table, problems);
    if (scope === undefined) continue;
    const columns = planColumns(index, table.headers, scope);
    planned.push(plannedTable(table, scope, columns));
    for (const plan of columns) {
      if (plan.target.kind !== 'meta') fit.total++;
      if (plan.target.kind === 'answer' || plan.target.kind === 'choice' || plan.target.kind === 'geoPart') fit.matched++;
      if (plan.target.kind === 'unmatched') {
        const filled = table.rows.filter((r) => !isBlank(r.cells[plan.column])).length;
        unmatchedColumns.push({ ...where(table), column: columnLetter(plan.column), header: plan.header, reason: plan.target.reason, filled });
      }
    }
  }
  return { planned, unmatchedColumns, fit };
}

/**
 * Reads every row: submissions first, then repeat tables from the outermost in, so every parent is read before
 * its children. A repeat row's answers go to its submission, at the instance its order under its parent gives.
 */
async function readRecords(index: SurveyIndex, planned: PlannedTable[], options: PlanOptions, problems: Problems, shared: SharedState = newShared()) {
  const total = planned.reduce((n, p) => n + p.table.rows.length, 0);
  const roots: RowRecord[] = [];
  const rootById = new Map<string, RowRecord>();
  const byKey = new Map<string, RowRecord>();
  const { seenContent, formIds } = shared;
  // Rows are found by index, key and id only for repeat tables' rows to find their parents.
  const linked = planned.some((p) => p.scope !== null);
  let done = 0;
  for (const table of [...planned].sort((a, b) => (a.scope?.depth ?? 0) - (b.scope?.depth ?? 0))) {
    for (const row of table.table.rows) {
      done++;
      if (options.onRow && (done % 500 === 0 || done === total)) options.onRow(done, total);
      if (options.pause && done % PAUSE_ROWS === 0) await options.pause();
      const parent = table.scope ? findParent(table, row, planned, byKey, rootById, problems) : null;
      if (table.scope && !parent) continue;
      let path: number[] = [];
      if (table.scope && parent) {
        parent.children ??= new Map();
        const n = (parent.children.get(table.scope) ?? 0) + 1;
        parent.children.set(table.scope, n);
        path = [...parent.path, n];
      }
      const root = parent ? (parent.root ?? parent) : null;
      const record = newRecord(table.table, row.row, path, root);
      readRow(index, table, row, record, problems);
      if (linked && record.meta.index !== undefined) table.byIndex.set(record.meta.index, record);
      if (linked && record.meta.key) byKey.set(record.meta.key, record);
      if (record.meta.formId) formIds.add(record.meta.formId);
      if (root && table.scope) {
        root.items.push(...record.items);
        root.instances.push({ repeat: table.scope, path });
        continue;
      }
      const id = stripUuid(record.meta.uuid ?? record.meta.instanceId ?? record.meta.key ?? '');
      if (id) record.identity = id;
      else if (record.items.length === 0 && record.top.size === 0) {
        problems.warn({ ...where(table.table, row.row), code: 'import.emptyRow', params: {} });
        continue;
      } else record.identity = contentIdentity(record, row, seenContent, options.hashId);
      roots.push(record);
      if (linked && !rootById.has(record.identity)) rootById.set(record.identity, record);
    }
  }
  return { roots, formIds: [...formIds] };
}

/** What reading rows keeps from one piece of a file to the next. */
interface SharedState {
  /** Rows without an id, by the hash of their content: how many were seen (twins get numbers). */
  seenContent: Map<string, number>;
  formIds: Set<string>;
}
const newShared = (): SharedState => ({ seenContent: new Map(), formIds: new Set() });

/** One record per identity: rows sharing one merge (see mergeInto) or are reported. */
function oneEach(roots: RowRecord[], planned: PlannedTable[], problems: Problems): RowRecord[] {
  const byIdentity = new Map<string, RowRecord>();
  const kept: RowRecord[] = [];
  for (const record of roots) {
    const first = byIdentity.get(record.identity!);
    if (!first) {
      byIdentity.set(record.identity!, record);
      kept.push(record);
    } else if (!mergeInto(first, record)) {
      const meta = planned.find((p) => p.table === record.table)!.meta;
      const column = (meta.uuid ?? meta.instanceId ?? meta.key)?.[0];
      problems.add({ ...where(record.table, record.row, column), code: 'import.duplicateId', params: { id: record.identity!, row: first.row } });
    }
  }
  return kept;
}

function toResponse(record: RowRecord, problems: Problems): PlannedResponse {
  const answers = record.top;
  // Most responses have no repeat: nothing to count.
  if (record.items.length || record.instances.length) {
    for (const item of record.items) answers.set(answerKey(item.entry.name, item.path), item.value);
    for (const [key, count] of repeatCounts(record)) {
      if (count > MAX_INSTANCES) problems.add({ ...where(record.table, record.row), code: 'import.tooManyInstances', params: { repeat: key, count, max: MAX_INSTANCES } });
      answers.set(key, String(count));
    }
  }
  // The form's own start and end times stand in when the file has no submission time.
  const created = record.createdAt ?? (record.start !== null ? submissionTime(record.start, {}) : null);
  return {
    id: record.identity!,
    createdAt: created,
    completedAt: record.createdAt ?? (record.end !== null ? submissionTime(record.end, {}) : null) ?? created,
    answers,
    source: { file: record.table.file, ...(record.table.sheet !== undefined ? { sheet: record.table.sheet } : {}), row: record.row },
  };
}

/** Builds the responses of all tables of one export, every value checked; nothing is written here. */
export async function planResponses(index: SurveyIndex, tables: Table[], options: PlanOptions): Promise<ResponsePlan> {
  const problems = new Problems(options.maxProblems ?? 1000);
  const { planned, unmatchedColumns, fit } = planTables(index, tables, problems);
  const rows = tables.reduce((n, t) => n + t.rows.length, 0);
  const file = tables[0]?.file ?? '';
  if (planned.length && !planned.some((p) => p.scope === null)) {
    const first = planned[0]!;
    problems.add({ ...where(first.table), code: 'import.onlyRepeatRows', params: { table: first.table.name, repeat: first.scope?.question.name ?? '' } });
    return { responses: [], rows, unmatchedColumns, fit, formIds: [], problems: problems.done(file), warnings: problems.warnings };
  }
  const { roots, formIds } = await readRecords(index, planned, options, problems);
  const responses = oneEach(roots, planned, problems).map((record) => toResponse(record, problems));
  return { responses, rows, unmatchedColumns, fit, formIds, problems: problems.done(file), warnings: problems.warnings };
}

/** The row a repeat row belongs to: by PARENT_KEY, by `_parent_index` in the table one level up, or by `_submission__uuid`. */
function findParent(table: PlannedTable, row: Table['rows'][number], planned: PlannedTable[], byKey: Map<string, RowRecord>, rootById: Map<string, RowRecord>, problems: Problems): RowRecord | null {
  const parentKey = cellText(row.cells, table.meta.parentKey ?? []);
  if (parentKey !== null) {
    const found = byKey.get(parentKey);
    if (found) return found;
  }
  const parentIndex = cellText(row.cells, table.meta.parentIndex ?? []);
  const parentScope = table.scope?.parent ?? null;
  if (parentIndex !== null) {
    const parentTableName = cellText(row.cells, table.meta.parentTable ?? []);
    const candidates = planned.filter((p) => p.scope === parentScope);
    const named = candidates.filter((p) => parentTableName !== null && [p.table.name, p.table.sheet].includes(parentTableName));
    const inTable = (named.length === 1 ? named : candidates).map((p) => p.byIndex.get(parentIndex)).filter((r): r is RowRecord => r !== undefined);
    if (inTable.length === 1) return inTable[0]!;
  }
  const submission = cellText(row.cells, table.meta.submissionUuid ?? []);
  if (submission !== null && parentScope === null) {
    const found = rootById.get(stripUuid(submission));
    if (found) return found;
  }
  const column = (parentKey !== null ? table.meta.parentKey : table.meta.parentIndex)?.[0];
  problems.add({ ...where(table.table, row.row, column), code: 'import.noParentRow', params: { value: parentKey ?? parentIndex ?? '' } });
  return null;
}


/**
 * Plans one large table of submissions piece by piece, so that a file of a million rows never has to be held
 * whole (issue 7). Usually one pass over the file (`once`): every value checked as planResponses does, each piece
 * giving its responses to write, and for each id its first row and a fingerprint of its answers kept, so that an id
 * met again in a later piece is found. When such rows may merge (the same fingerprint: `spread` is then not empty),
 * one pass cannot do, and the caller reads the file twice instead:
 * - `check`: every value checked, keeping only the problems, the warnings, and the ids' rows and fingerprints;
 *   nothing is returned, nothing kept per row.
 * - `write` (only when the check found no problem): the same pieces again, each giving its responses to write.
 * Rows sharing an id within a piece merge as in planResponses. Across pieces, rows whose answers differ are a
 * problem found by the check; rows that may merge (the same answers outside repeats) are held by the write pass
 * and planned together at the end (`finish`), which can still find a problem (then the caller takes back what it
 * wrote). Repeat tables are not for pieces: their rows point at parents anywhere in the file.
 */
export class PiecePlanner {
  private readonly problems: Problems;
  private readonly shared = newShared();
  private rows = 0;
  private unmatched: UnmatchedColumn[] = [];
  private fit = { matched: 0, total: 0 };
  /** check: id → first row × 2^26 + fingerprint of its answers outside repeats. */
  private readonly seen = new IdTable();
  /** Ids found in more than one piece, with the same answers: merged at the end of the write pass. */
  readonly spread: Set<string>;
  private readonly held: RowRecord[] = [];
  private lastPlanned: PlannedTable | null = null;

  constructor(
    private readonly index: SurveyIndex,
    private readonly options: PlanOptions,
    private readonly mode: 'once' | 'check' | 'write',
    spread: Set<string> = new Set(),
  ) {
    this.problems = new Problems(options.maxProblems ?? 1000);
    this.spread = spread;
  }

  /** One piece of the table (the same headers, the next rows): its responses, none in the check pass. */
  async add(table: Table): Promise<PlannedResponse[]> {
    const { planned, unmatchedColumns, fit } = planTables(this.index, [table], this.problems);
    this.fit = fit;
    this.rows += table.rows.length;
    if (this.unmatched.length === 0) this.unmatched = unmatchedColumns;
    else unmatchedColumns.forEach((column, i) => (this.unmatched[i]!.filled += column.filled));
    // Only its columns are kept for later (not its rows or their records: a piece's memory goes with the piece).
    const first = planned[0];
    this.lastPlanned = first ? { ...first, table: { ...first.table, rows: [] }, byIndex: new Map(), outcomes: [], refusals: new Map(), codeSets: new Map() } : null;
    const { roots } = await readRecords(this.index, planned, this.options, this.problems, this.shared);
    const local: RowRecord[] = [];
    for (const record of roots) {
      const id = record.identity!;
      if (this.mode === 'write') {
        if (this.spread.has(id)) this.held.push(record);
        else local.push(record);
        continue;
      }
      const known = this.seen.get(id);
      if (known === undefined) {
        local.push(record);
        continue;
      }
      if (known % FINGERPRINTS === fingerprint(record)) this.spread.add(detached(id));
      else this.duplicate(record, Math.floor(known / FINGERPRINTS), planned);
    }
    const kept = oneEach(local, planned, this.problems);
    if (this.mode !== 'write') {
      for (const record of kept) if (!this.seen.has(record.identity!)) this.seen.set(record.identity!, record.row * FINGERPRINTS + fingerprint(record));
    }
    const responses = kept.map((record) => toResponse(record, this.problems));
    return this.mode === 'check' ? [] : responses;
  }

  /** Whether any problem was found so far (nothing more should be written). */
  get failed(): boolean {
    return this.problems.list.length > 0;
  }

  /** How well the columns fit the survey, and the form ids met so far: enough to tell a file of another survey early. */
  get fitSoFar(): Pick<ResponsePlan, 'fit' | 'formIds'> {
    return { fit: this.fit, formIds: [...this.shared.formIds] };
  }

  private duplicate(record: RowRecord, firstRow: number, planned: PlannedTable[]): void {
    const meta = planned.find((p) => p.table === record.table)!.meta;
    const column = (meta.uuid ?? meta.instanceId ?? meta.key)?.[0];
    this.problems.add({ ...where(record.table, record.row, column), code: 'import.duplicateId', params: { id: record.identity!, row: firstRow } });
  }

  /** Everything read: in the write pass, also the responses of ids spread over several pieces. */
  finish(file: string): ResponsePlan {
    // Held rows come from several pieces, each a table of its own with the same columns.
    const last = this.lastPlanned;
    const planned = last ? [...new Set(this.held.map((r) => r.table))].map((table) => ({ ...last, table })) : [];
    const responses = this.mode === 'write' ? oneEach(this.held, planned, this.problems).map((record) => toResponse(record, this.problems)) : [];
    this.held.length = 0;
    return { responses, rows: this.rows, unmatchedColumns: this.unmatched, fit: this.fit, formIds: [...this.shared.formIds], problems: this.problems.done(file), warnings: this.problems.warnings };
  }
}

const FINGERPRINTS = 2 ** 26;

/**
 * A 26-bit hash of a record's answers outside repeats (FNV-1a over a sample of each text: its length and three of
 * its characters, a quarter of the time of hashing every character): rows that may merge have the same
 * one. Rows that differ may share it too, which costs only time: the write pass plans such rows together at the
 * end (`finish`), compares them in full, and a difference is then a problem like any other.
 */
function fingerprint(record: RowRecord): number {
  let hash = 0x811c9dc5;
  const mix = (code: number) => (hash = Math.imul(hash ^ code, 0x01000193));
  const sample = (text: string) => {
    const n = text.length;
    mix(n);
    if (n > 0) mix(text.charCodeAt(0) ^ (text.charCodeAt(n >> 1) << 8) ^ (text.charCodeAt(n - 1) << 16));
  };
  for (const [key, value] of record.top) {
    sample(key);
    sample(value);
  }
  return (hash >>> 0) % FINGERPRINTS;
}
