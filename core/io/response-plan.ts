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
import { convertCell, isBlank, isRefusalCell, REFUSED, isDateSerial, serialParts, splitFlag, type CellValue, type Converted, type ValueContext } from './response-values';

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
  /** Each column's answer key for a row at the top (no instance of its own), worked out once. */
  topKeys: (string | null)[];
  /** The columns of each kind of metadata. */
  meta: Partial<Record<MetaField, number[]>>;
  byIndex: Map<string, RowRecord>;
  /** Values already converted, per question: choices, ages and dates repeat down a column. */
  converted: Map<Question, Map<string, Converted>>;
  /** Whether a text cell says "refused" (folding Vietnamese text for every cell cost a sixth of a large import). */
  refusals: Map<string, boolean>;
}

const CACHED_VALUES = 2000;

/** convertCell, remembering results for text cells (a table's context is fixed, so the same text converts the same). */
function convertOnce(index: SurveyIndex, planned: PlannedTable, question: Question, cell: CellValue): Converted {
  if (typeof cell !== 'string') return convertCell(index.survey, question, cell, planned.table.context);
  let known = planned.converted.get(question);
  if (!known) planned.converted.set(question, (known = new Map()));
  const hit = known.get(cell);
  if (hit) return hit;
  const result = convertCell(index.survey, question, cell, planned.table.context);
  if (known.size < CACHED_VALUES) known.set(cell, result);
  return result;
}

const LONGEST_REFUSAL = 40;

/** isRefusalCell, remembering the answer for text cells (0/1 columns and codes repeat down a file). */
function isRefusal(planned: PlannedTable, cell: CellValue): boolean {
  const context = planned.table.context;
  if (!context.refusals) return false;
  if (typeof cell !== 'string') return isRefusalCell(cell, context);
  // The refusal words are short: a long text (a child's opinion) is not one, without folding it.
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
  return text.trim().replace(/^(uuid:)+/i, '');
}

const SUBMISSION_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d?):(\d\d)(?::(\d\d)(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

/** A submission time as ISO UTC; Kobo writes it in UTC without a zone. null = not a time. */
export function submissionTime(cell: CellValue, ctx: ValueContext): string | null {
  if (typeof cell === 'number' || isDateSerial(cell)) {
    const parts = serialParts(typeof cell === 'number' ? cell : cell.serial, ctx.date1904);
    return parts?.date ? new Date(`${parts.date}T${parts.time}Z`).toISOString() : null;
  }
  const text = String(cell).trim();
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

interface Pending {
  entry: Entry;
  path: number[];
  column: number;
  implicit: boolean;
}
/** The split 0/1 columns of one select_multiple answer. */
interface SplitCells extends Pending {
  picked: Set<string>;
  answered: boolean;
}
/** The `_q_latitude`… columns of one location. */
interface GeoCells extends Pending {
  parts: string[];
}
type RowContext = { table: Table; planned: PlannedTable; row: number; problems: Problems };

/** A metadata cell: kept on the record; the submission time checked, as it becomes the response's time. */
function readMeta(ctx: RowContext, field: MetaField, column: number, cell: CellValue | undefined, record: RowRecord): void {
  if (cell === undefined || isBlank(cell)) return;
  record.meta[field] ??= isDateSerial(cell) ? String(cell.serial) : String(cell).trim();
  if (field !== 'submissionTime') return;
  const time = submissionTime(cell, ctx.table.context);
  if (time === null) ctx.problems.add({ ...where(ctx.table, ctx.row, column), code: 'import.badSubmissionTime', params: { value: String(isDateSerial(cell) ? cell.serial : cell).slice(0, 40) } });
  else record.createdAt ??= time;
}

function readSplit(index: SurveyIndex, ctx: RowContext, split: SplitCells, choice: string, column: number, cell: CellValue): void {
  // A refused question's 0/1 columns say "refused" too: the question's own column tells it.
  if (isRefusal(ctx.planned, cell)) return;
  const flag = splitFlag(index.survey, split.entry.question, choice, cell);
  if (flag === 'bad') {
    ctx.problems.add({ ...where(ctx.table, ctx.row, column), code: 'import.badFlag', params: { question: split.entry.question.name, choice, value: String(cell).slice(0, 40) } });
  } else if (flag !== null) {
    split.answered = true;
    if (flag) split.picked.add(choice);
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

/** Split columns give the answer when there is no combined column; when both are there, a disagreement is said. */
function joinSplits(index: SurveyIndex, ctx: RowContext, splits: Map<string, SplitCells>, direct: Map<string, Item>): void {
  for (const [key, split] of splits) {
    if (!split.answered) continue;
    // In the list's order; "other" (not in the list) last.
    const order = choiceOrder(index, split.entry.question);
    const place = (code: string) => order.get(code) ?? order.size;
    const codes = [...split.picked].sort((a, b) => place(a) - place(b));
    const given = direct.get(key);
    if (given?.value === REFUSED) continue;
    if (!given) {
      if (codes.length) direct.set(key, { entry: split.entry, path: split.path, value: codes.join(' '), implicit: split.implicit, column: split.column });
      continue;
    }
    const same = new Set(given.value.split(' '));
    if (same.size !== codes.length || codes.some((c) => !same.has(c))) {
      ctx.problems.warn({ ...where(ctx.table, ctx.row, given.column), code: 'import.splitDisagrees', params: { question: split.entry.question.name } });
    }
  }
}

/** Latitude and longitude columns make the location when its own column is missing or empty. */
function joinGeo(index: SurveyIndex, ctx: RowContext, geo: Map<string, GeoCells>, direct: Map<string, Item>): void {
  for (const [key, point] of geo) {
    if (direct.has(key) || point.parts[0] === undefined || point.parts[1] === undefined) continue;
    const text = [point.parts[0], point.parts[1], point.parts[2] ?? '0', point.parts[3] ?? '0'].join(' ');
    const converted = convertCell(index.survey, point.entry.question, text, ctx.table.context);
    if ('problem' in converted) ctx.problems.add({ ...where(ctx.table, ctx.row, point.column), code: converted.problem.code, params: converted.problem.params });
    else if (converted.value !== null) direct.set(key, { entry: point.entry, path: point.path, value: converted.value, implicit: point.implicit, column: point.column });
  }
}

function keep(record: RowRecord, direct: Map<string, Item>): void {
  for (const item of direct.values()) {
    if (item.path.length) {
      record.items.push(item);
      continue;
    }
    record.top.set(item.entry.name, item.value);
    if (item.entry.question.type !== 'not_collected') continue;
    const kind = (item.entry.question.xlsformType ?? '').trim().toLowerCase();
    if (kind === 'start') record.start ??= item.value;
    else if (kind === 'end') record.end ??= item.value;
  }
}

/** Turns a row's cells into answers and metadata; bad cells become problems. Runs for every row: kept lean. */
function readRow(index: SurveyIndex, planned: PlannedTable, row: Table['rows'][number], record: RowRecord, problems: Problems): void {
  const { table, columns, topKeys } = planned;
  const ctx: RowContext = { table, planned, row: row.row, problems };
  const top = record.path.length === 0;
  // Split choices and location parts are rare: their maps are made on first use.
  let splits: Map<string, SplitCells> | undefined;
  let geo: Map<string, GeoCells> | undefined;
  const direct = new Map<string, Item>();
  for (let c = 0; c < columns.length; c++) {
    const { column, target } = columns[c]!;
    const cell = row.cells[column];
    if (target.kind === 'meta') {
      readMeta(ctx, target.field, column, cell, record);
      continue;
    }
    if (target.kind === 'unmatched' || cell === undefined || isBlank(cell)) continue;
    const path = top ? target.fixed : [...record.path, ...target.fixed];
    const key = top ? topKeys[c]! : answerKey(target.entry.name, path);
    const { entry, implicit } = target;
    if (target.kind === 'choice') {
      splits ??= new Map();
      const split = splits.get(key) ?? { entry, path, column, implicit, picked: new Set<string>(), answered: false };
      splits.set(key, split);
      readSplit(index, ctx, split, target.choice, column, cell);
    } else if (target.kind === 'geoPart') {
      geo ??= new Map();
      const point = geo.get(key) ?? { entry, path, column, implicit, parts: [] };
      geo.set(key, point);
      point.parts[target.part] = String(cell).trim();
    } else if (isRefusal(planned, cell)) {
      direct.set(key, { entry, path, column, implicit, value: REFUSED });
    } else {
      const converted = convertOnce(index, planned, entry.question, cell);
      if ('problem' in converted) problems.add({ ...where(table, row.row, column), code: converted.problem.code, params: converted.problem.params });
      else if (converted.value !== null) {
        if (converted.warning) problems.warn({ ...where(table, row.row, column), code: converted.warning.code, params: converted.warning.params });
        direct.set(key, { entry, path, column, implicit, value: converted.value });
      }
    }
  }
  if (splits) joinSplits(index, ctx, splits, direct);
  if (geo) joinGeo(index, ctx, geo, direct);
  keep(record, direct);
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

/** Each table's scope and column plan; unmatched columns and how well the columns fit the survey. */
function planTables(index: SurveyIndex, tables: Table[], problems: Problems) {
  const unmatchedColumns: UnmatchedColumn[] = [];
  const fit = { matched: 0, total: 0 };
  const planned: PlannedTable[] = [];
  for (const table of tables) {
    const scope = tableScope(index, table, problems);
    if (scope === undefined) continue;
    const columns = planColumns(index, table.headers, scope);
    const topKeys = columns.map((c) => ('entry' in c.target ? answerKey(c.target.entry.name, c.target.fixed) : null));
    const meta: PlannedTable['meta'] = {};
    for (const c of columns) if (c.target.kind === 'meta') (meta[c.target.field] ??= []).push(c.column);
    planned.push({ table, scope, columns, topKeys, meta, byIndex: new Map(), converted: new Map(), refusals: new Map() });
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
      if (record.meta.index !== undefined) table.byIndex.set(record.meta.index, record);
      if (record.meta.key) byKey.set(record.meta.key, record);
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
      if (!rootById.has(record.identity)) rootById.set(record.identity, record);
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
  for (const item of record.items) answers.set(answerKey(item.entry.name, item.path), item.value);
  for (const [key, count] of repeatCounts(record)) {
    if (count > MAX_INSTANCES) problems.add({ ...where(record.table, record.row), code: 'import.tooManyInstances', params: { repeat: key, count, max: MAX_INSTANCES } });
    answers.set(key, String(count));
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
 * whole (issue 7). Two passes over the file, each handing the table's rows a piece at a time:
 * - `check`: every value checked as planResponses does, keeping only the problems, the warnings, and for each id
 *   its first row and a fingerprint of its answers; nothing is returned, nothing kept per row.
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
  private readonly seen = new Map<string, number>();
  /** Ids found in more than one piece, with the same answers: merged at the end of the write pass. */
  readonly spread: Set<string>;
  private readonly held: RowRecord[] = [];
  private lastPlanned: PlannedTable | null = null;

  constructor(
    private readonly index: SurveyIndex,
    private readonly options: PlanOptions,
    private readonly mode: 'check' | 'write',
    spread: Set<string> = new Set(),
  ) {
    this.problems = new Problems(options.maxProblems ?? 1000);
    this.spread = spread;
  }

  /** One piece of the table (the same headers, the next rows): its responses in the write pass, none in the check. */
  async add(table: Table): Promise<PlannedResponse[]> {
    const { planned, unmatchedColumns, fit } = planTables(this.index, [table], this.problems);
    this.fit = fit;
    this.rows += table.rows.length;
    if (this.unmatched.length === 0) this.unmatched = unmatchedColumns;
    else unmatchedColumns.forEach((column, i) => (this.unmatched[i]!.filled += column.filled));
    // Only its columns are kept for later (not its rows or their records: a piece's memory goes with the piece).
    const first = planned[0];
    this.lastPlanned = first ? { ...first, table: { ...first.table, rows: [] }, byIndex: new Map(), converted: new Map(), refusals: new Map() } : null;
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
    if (this.mode === 'check') {
      for (const record of kept) if (!this.seen.has(record.identity!)) this.seen.set(detached(record.identity!), record.row * FINGERPRINTS + fingerprint(record));
    }
    const responses = kept.map((record) => toResponse(record, this.problems));
    return this.mode === 'write' ? responses : [];
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
 * A copy of a short text that does not hold on to the text it was cut from. An id read from a CSV cell is a slice
 * of the megabytes of text read with it: kept for the whole file, a million ids kept the whole file in memory.
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}

/** A 26-bit hash of a record's answers outside repeats (FNV-1a): rows that may merge have the same one. */
function fingerprint(record: RowRecord): number {
  let hash = 0x811c9dc5;
  for (const [key, value] of record.top) {
    for (const text of [key, value]) {
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
      hash = Math.imul(hash ^ 1, 0x01000193);
    }
  }
  return (hash >>> 0) % FINGERPRINTS;
}
