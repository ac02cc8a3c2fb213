import { translate, type Lang } from '../i18n/messages';
import { OTHER_CHOICE, OTHER_SUFFIX, splitMultiple } from '../survey/answers';
import { answerKey, MAX_INSTANCES, parseAnswerKey } from '../survey/instances';
import { labelIn } from '../survey/labels';
import { choicesOf, storesValue, type Choice, type Question, type SurveyContent } from '../survey/model';
import { escapeFormula } from './formula-escape';

/**
 * The column layout of a responses export (xlsx or CSV), and the cells of each response, platform-free.
 *
 * - One table (sheet, or CSV file) for the survey and one more for each repeat (begin_repeat … end_repeat),
 *   linked as KoboToolbox links them: every row has `_index` (its row number in its table); a repeat's rows
 *   have `_parent_table_name` and `_parent_index` (the `_index` of the row they belong to) and
 *   `_submission__uuid` (the response's `_uuid`). A repeat's number of instances is a column of the parent
 *   table, under the repeat's name.
 * - Headers are the questions' variable names in both modes (statisticians need stable names); the labels are in
 *   the codebook. Names are unique in a survey, so no group path is added.
 * - A select_multiple has its space-separated codes in one column, then one 0/1 column per choice, named
 *   `name/code` (Kobo's convention): 1 chosen, 0 not chosen although the question was answered, empty when not
 *   answered. "Other, please specify" adds `name/other` (select_multiple) and the text `name_other`.
 * - Refusals ("I'd rather not say", answer state `refused`) are never blank, which means "not asked / not
 *   reached": in values mode every column of the refused question holds REFUSAL_CODE (-99; as text in a workbook,
 *   so Excel's SUM, AVERAGE and COUNT leave it out), in labels mode the word for "refused" in the chosen language.
 * - Questions flagged identifying (or inside a group flagged so) are left out unless asked for.
 */

/** The values-mode code of a refusal, in every column of the refused question; user-missing in SPSS. */
export const REFUSAL_CODE = '-99';

/** What the cells of a column hold, which decides the cell type (number or text) and the SPSS format. */
export type ColumnFormat =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'time'
  | 'datetime'
  /** select_one: one choice code (a number when the whole list is coded 1, 2, 3…). */
  | 'choice'
  /** select_multiple, rank: space-separated codes. */
  | 'choices'
  /** 0/1: a select_multiple's choice chosen or not. */
  | 'flag';

export type MetaField = 'uuid' | 'number' | 'paperCode' | 'status' | 'createdAt' | 'updatedAt' | 'completedAt' | 'deviceId' | 'version';

export type ColumnSource =
  | { kind: 'answer'; question: Question }
  | { kind: 'flag'; question: Question; code: string; choice?: Choice }
  | { kind: 'other'; question: Question }
  | { kind: 'count'; question: Question }
  | { kind: 'meta'; field: MetaField }
  | { kind: 'index' }
  | { kind: 'parentTable' }
  | { kind: 'parentIndex' }
  | { kind: 'submission' };

export interface ExportColumn {
  /** The header, as written in the first row. */
  name: string;
  format: ColumnFormat;
  source: ColumnSource;
  /** choice and choices: every code of the list is a plain integer ("1", "2", "99", not "01"). */
  numericCodes?: boolean;
}

export interface ExportTable {
  /** Sheet name (at most 31 characters, unique, never "codebook"); also the CSV file's suffix. */
  name: string;
  /** The begin_repeat row of a repeat table; undefined for the survey's own table. */
  repeat?: Question;
  /** Index in `tables` of the parent table; -1 for the survey's own table. */
  parent: number;
  columns: ExportColumn[];
}

export interface ResponseLayout {
  /** The survey's table first, then one per repeat, parents before children. */
  tables: ExportTable[];
  /** Identifying questions left out (empty when included). */
  leftOutQuestions: Question[];
  /** How many columns those questions would have had. */
  leftOutColumns: number;
  /** Identifying questions kept because they were asked for. */
  includedIdentifying: Question[];
}

export interface LayoutOptions {
  includeIdentifying: boolean;
  /** The survey's table name (Kobo uses the form id). */
  mainName: string;
}

export const CODEBOOK_SHEET = 'codebook';
/** Excel's limit on sheet names. */
const SHEET_NAME_MAX = 31;

export const META_COLUMNS: readonly { name: string; field: MetaField; format: ColumnFormat }[] = [
  { name: '_uuid', field: 'uuid', format: 'text' },
  { name: '_number', field: 'number', format: 'integer' },
  { name: '_paper_code', field: 'paperCode', format: 'text' },
  { name: '_status', field: 'status', format: 'text' },
  { name: '_created_at', field: 'createdAt', format: 'datetime' },
  { name: '_updated_at', field: 'updatedAt', format: 'datetime' },
  { name: '_completed_at', field: 'completedAt', format: 'datetime' },
  { name: '_device_id', field: 'deviceId', format: 'text' },
  { name: '_version', field: 'version', format: 'integer' },
];

const FORMAT_OF: Partial<Record<Question['type'], ColumnFormat>> = {
  select_one: 'choice',
  select_multiple: 'choices',
  rank: 'choices',
  integer: 'integer',
  decimal: 'decimal',
  range: 'decimal',
  date: 'date',
  time: 'time',
  datetime: 'datetime',
};

const PLAIN_INTEGER = /^-?(0|[1-9]\d{0,8})$/;

/** True when every code of the question's list is a plain integer, so codes can be numbers (Likert 1–5, 99). */
export function hasNumericCodes(survey: SurveyContent, question: Question): boolean {
  const choices = choicesOf(survey, question);
  return choices.length > 0 && !question.orOther && choices.every((c) => PLAIN_INTEGER.test(c.name));
}

export function responseLayout(survey: SurveyContent, options: LayoutOptions): ResponseLayout {
  const taken = new Set<string>([CODEBOOK_SHEET]);
  const tables: ExportTable[] = [{ name: sheetName(options.mainName || 'responses', taken), parent: -1, columns: [] }];
  const leftOutQuestions: Question[] = [];
  const includedIdentifying: Question[] = [];
  let leftOutColumns = 0;
  // Open groups and repeats: the table they write to and whether they are identifying as a whole.
  const frames: { table: number; identifying: boolean; type: 'group' | 'repeat' }[] = [{ table: 0, identifying: false, type: 'group' }];
  const top = () => frames[frames.length - 1]!;

  for (const question of survey.questions) {
    const frame = top();
    const identifying = frame.identifying || Boolean(question.identifying);
    const leftOut = identifying && !options.includeIdentifying;
    if (question.type === 'begin_group') {
      frames.push({ table: frame.table, identifying, type: 'group' });
      continue;
    }
    if (question.type === 'end_group' || question.type === 'end_repeat') {
      if (frames.length > 1) frames.pop();
      continue;
    }
    if (question.type === 'begin_repeat') {
      if (leftOut) {
        leftOutQuestions.push(question);
        leftOutColumns++;
        // Its questions are left out with it (they count below), and no table is made.
        frames.push({ table: frame.table, identifying: true, type: 'repeat' });
        continue;
      }
      if (identifying && question.identifying) includedIdentifying.push(question);
      tables[frame.table]!.columns.push({ name: question.name, format: 'integer', source: { kind: 'count', question } });
      tables.push({ name: sheetName(question.name, taken), repeat: question, parent: frame.table, columns: [] });
      frames.push({ table: tables.length - 1, identifying, type: 'repeat' });
      continue;
    }
    if (!storesValue(question)) continue;
    const columns = questionColumns(survey, question);
    if (leftOut) {
      leftOutQuestions.push(question);
      leftOutColumns += columns.length;
      continue;
    }
    if (identifying) includedIdentifying.push(question);
    tables[frame.table]!.columns.push(...columns);
  }

  tables.forEach((table, index) => {
    if (index === 0) {
      for (const meta of META_COLUMNS) table.columns.push({ name: meta.name, format: meta.format, source: { kind: 'meta', field: meta.field } });
      table.columns.push({ name: '_index', format: 'integer', source: { kind: 'index' } });
    } else {
      table.columns.push(
        { name: '_index', format: 'integer', source: { kind: 'index' } },
        { name: '_parent_table_name', format: 'text', source: { kind: 'parentTable' } },
        { name: '_parent_index', format: 'integer', source: { kind: 'parentIndex' } },
        { name: '_submission__uuid', format: 'text', source: { kind: 'submission' } },
      );
    }
  });
  return { tables, leftOutQuestions, leftOutColumns, includedIdentifying };
}

/** The columns one question writes: its value, then a select_multiple's 0/1 columns, then the "other" text. */
export function questionColumns(survey: SurveyContent, question: Question): ExportColumn[] {
  const format = FORMAT_OF[question.type] ?? 'text';
  const main: ExportColumn = { name: question.name, format, source: { kind: 'answer', question } };
  if (format === 'choice' || format === 'choices') main.numericCodes = hasNumericCodes(survey, question);
  const columns = [main];
  if (question.type === 'select_multiple') {
    for (const choice of choicesOf(survey, question)) {
      columns.push({ name: `${question.name}/${choice.name}`, format: 'flag', source: { kind: 'flag', question, code: choice.name, choice } });
    }
    if (question.orOther && !choicesOf(survey, question).some((c) => c.name === OTHER_CHOICE)) {
      columns.push({ name: `${question.name}/${OTHER_CHOICE}`, format: 'flag', source: { kind: 'flag', question, code: OTHER_CHOICE } });
    }
  }
  if (question.orOther) columns.push({ name: question.name + OTHER_SUFFIX, format: 'text', source: { kind: 'other', question } });
  return columns;
}

/** A sheet name Excel accepts (31 characters, unique whatever the case). Survey names hold no []:*?/\ characters. */
function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[[\]:*?/\\]/g, '_').slice(0, SHEET_NAME_MAX) || 'sheet';
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  let name = clean;
  for (let n = 2; lower.has(name.toLowerCase()); n++) name = `${clean.slice(0, SHEET_NAME_MAX - String(n).length - 1)}_${n}`;
  taken.add(name);
  return name;
}

// ── Several versions ────────────────────────────────────────────────────────────────────────────────────────

/**
 * One survey for the export of responses entered with several versions, newest first: the newest version's
 * questions and labels, and the questions, groups and choices only older versions have (answers to them are kept
 * in the project file and belong in the export), each placed after the question it followed in its version. A
 * question identifying in any version stays identifying.
 */
export function mergeVersions(versions: readonly SurveyContent[]): SurveyContent {
  const [newest, ...older] = versions;
  if (!newest) throw new Error('mergeVersions: no version');
  const questions = [...newest.questions];
  const choiceLists: Record<string, Choice[]> = Object.fromEntries(Object.entries(newest.choiceLists).map(([k, v]) => [k, [...v]]));
  for (const version of older) {
    const position = new Map(questions.map((q, i) => [q.name, i]));
    let after = -1;
    const inserts: { at: number; question: Question }[] = [];
    for (const question of version.questions) {
      const at = position.get(question.name);
      if (at !== undefined) {
        after = at;
        if (question.identifying && !questions[at]!.identifying) questions[at] = { ...questions[at]!, identifying: true };
        continue;
      }
      inserts.push({ at: after + 1, question });
    }
    // Later positions first, so earlier insert points stay right; same-point inserts keep their order.
    for (let i = inserts.length - 1; i >= 0; i--) questions.splice(inserts[i]!.at, 0, inserts[i]!.question);
    for (const [listName, choices] of Object.entries(version.choiceLists)) {
      const list = (choiceLists[listName] ??= []);
      const known = new Set(list.map((c) => c.name));
      for (const choice of choices) if (!known.has(choice.name)) list.push(choice);
    }
  }
  return { title: newest.title, questions, choiceLists };
}

// ── Cells ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A cell: text, a number, or empty. Text is already escaped against formulas. */
export type Cell = string | number | null;

export interface StoredAnswer {
  value: string | null;
  refused: boolean;
}

export interface ResponseMeta {
  uuid: string;
  number: number;
  paperCode: string | null;
  status: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  deviceId: string;
  version: number;
}

export interface CellOptions {
  /** Choice labels instead of codes. */
  labels: boolean;
  /** Language of labels (the other language, then the code, when a label is missing). */
  lang: Lang;
}

/** How a refusal reads in a column: the code in values mode, the word in labels mode. */
export function refusalText(options: CellOptions): string {
  return options.labels ? translate(options.lang, 'export.refusedValue') : REFUSAL_CODE;
}

/** Joins the labels of several choices in labels mode (labels may hold commas). */
export const LABEL_SEPARATOR = '; ';

/**
 * Turns responses into rows, table by table, keeping the `_index` counters of every table across responses:
 * call `rows` for each response in export order. `emit` receives the table index and the row's cells.
 */
export class RowMaker {
  private readonly counters: number[];
  private readonly labelsByQuestion = new Map<string, Map<string, string>>();
  private readonly refusal: string;
  private readonly tableOfRepeat = new Map<string, number>();
  /** For each question name (and `<name>_other`), the chain of repeat tables around it, outermost first. */
  private readonly chainOf = new Map<string, number[]>();
  private splitValue: string | null = null;
  private split: string[] = [];

  constructor(
    private readonly survey: SurveyContent,
    private readonly layout: ResponseLayout,
    private readonly options: CellOptions,
  ) {
    this.counters = layout.tables.map(() => 0);
    this.refusal = refusalText(options);
    layout.tables.forEach((table, index) => {
      if (table.repeat) this.tableOfRepeat.set(table.repeat.name, index);
    });
    const chain: number[] = [];
    for (const question of survey.questions) {
      if (question.type === 'end_repeat') {
        chain.pop();
        continue;
      }
      if (question.type === 'begin_repeat') {
        // The count is kept in the enclosing instance.
        this.chainOf.set(question.name, [...chain]);
        chain.push(this.tableOfRepeat.get(question.name) ?? -1);
        continue;
      }
      this.chainOf.set(question.name, [...chain]);
      if (question.orOther) this.chainOf.set(question.name + OTHER_SUFFIX, [...chain]);
    }
  }

  /** Emits the rows of one response: its row in the survey's table, then its repeat instances, table by table. */
  rows(meta: ResponseMeta, answers: ReadonlyMap<string, StoredAnswer>, emit: (table: number, cells: Cell[]) => void, wanted?: ReadonlySet<number>): void {
    const { tables } = this.layout;
    // Instances present, per repeat table and parent instance path: the highest instance number seen, from the
    // stored count and from the answers (a path [2] means the 2nd instance of the outermost repeat).
    const highest: Map<string, number>[] = tables.map(() => new Map());
    if (tables.length > 1) {
      for (const [key, answer] of answers) {
        const parsed = parseAnswerKey(key);
        if (!parsed) continue;
        const chain = this.chainOf.get(parsed.name);
        if (!chain) continue;
        const depth = Math.min(chain.length, parsed.path.length);
        for (let d = 0; d < depth; d++) {
          const table = chain[d]!;
          if (table < 0) break;
          const parentPath = parsed.path.slice(0, d).join(',');
          const seen = highest[table]!.get(parentPath) ?? 0;
          if (parsed.path[d]! > seen) highest[table]!.set(parentPath, parsed.path[d]!);
        }
        // A repeat's own count, kept in its enclosing instance.
        const repeatTable = this.tableOfRepeat.get(parsed.name);
        if (repeatTable !== undefined && answer.value !== null && parsed.path.length === chain.length) {
          const count = Number(answer.value);
          const parentPath = parsed.path.join(',');
          if (Number.isInteger(count) && count > (highest[repeatTable]!.get(parentPath) ?? 0)) highest[repeatTable]!.set(parentPath, Math.min(count, MAX_INSTANCES));
        }
      }
    }

    // The instances of each table in order, with their `_index`; the survey's table has one, the empty path.
    const instances: { path: number[]; index: number }[][] = tables.map(() => []);
    const indexOf: Map<string, number>[] = tables.map(() => new Map());
    tables.forEach((table, t) => {
      if (t === 0) {
        const index = ++this.counters[0]!;
        instances[0]!.push({ path: [], index });
        indexOf[0]!.set('', index);
        return;
      }
      for (const parent of instances[table.parent]!) {
        const count = highest[t]!.get(parent.path.join(',')) ?? 0;
        for (let k = 1; k <= count; k++) {
          const path = [...parent.path, k];
          const index = ++this.counters[t]!;
          instances[t]!.push({ path, index });
          indexOf[t]!.set(path.join(','), index);
        }
      }
    });

    tables.forEach((table, t) => {
      if (wanted && !wanted.has(t)) return;
      for (const instance of instances[t]!) {
        const parentIndex = t === 0 ? -1 : (indexOf[table.parent]!.get(instance.path.slice(0, -1).join(',')) ?? -1);
        const parentName = t === 0 ? '' : tables[table.parent]!.name;
        const cells: Cell[] = new Array(table.columns.length);
        table.columns.forEach((column, c) => {
          cells[c] = this.cell(column, instance.path, meta, answers, instance.index, parentName, parentIndex, highest);
        });
        emit(t, cells);
      }
    });
  }

  private cell(
    column: ExportColumn,
    path: number[],
    meta: ResponseMeta,
    answers: ReadonlyMap<string, StoredAnswer>,
    index: number,
    parentName: string,
    parentIndex: number,
    highest: Map<string, number>[],
  ): Cell {
    const { source } = column;
    switch (source.kind) {
      case 'answer': {
        const answer = answers.get(answerKey(source.question.name, path));
        if (!answer) return null;
        if (answer.refused) return this.refusal;
        return this.answerCell(column, source.question, answer.value);
      }
      case 'flag': {
        const answer = answers.get(answerKey(source.question.name, path));
        if (!answer) return null;
        if (answer.refused) return this.refusal;
        if (answer.value === null || answer.value === '') return null;
        // The 0/1 columns of one question follow each other: split its value once.
        if (answer.value !== this.splitValue) {
          this.splitValue = answer.value;
          this.split = splitMultiple(answer.value);
        }
        return this.split.includes(source.code) ? 1 : 0;
      }
      case 'other': {
        const answer = answers.get(answerKey(source.question.name + OTHER_SUFFIX, path));
        return answer && !answer.refused && answer.value ? escapeFormula(answer.value) : null;
      }
      case 'count': {
        const table = this.tableOfRepeat.get(source.question.name);
        const count = table === undefined ? 0 : (highest[table]!.get(path.join(',')) ?? 0);
        return count > 0 ? count : null;
      }
      case 'meta':
        return this.metaCell(source.field, meta);
      case 'index':
        return index;
      case 'parentTable':
        return parentName;
      case 'parentIndex':
        return parentIndex;
      case 'submission':
        return meta.uuid;
    }
  }

  private answerCell(column: ExportColumn, question: Question, value: string | null): Cell {
    if (value === null || value === '') return null;
    switch (column.format) {
      case 'integer':
      case 'decimal': {
        const trimmed = value.trim();
        const number = Number(trimmed);
        return trimmed !== '' && Number.isFinite(number) ? number : escapeFormula(value);
      }
      case 'choice':
        if (this.options.labels) return escapeFormula(this.choiceLabel(question, value));
        return column.numericCodes && PLAIN_INTEGER.test(value) ? Number(value) : escapeFormula(value);
      case 'choices':
        if (this.options.labels) return escapeFormula(splitMultiple(value).map((code) => this.choiceLabel(question, code)).join(LABEL_SEPARATOR));
        return escapeFormula(splitMultiple(value).join(' '));
      default:
        return escapeFormula(value);
    }
  }

  /** A choice's label in the chosen language, the other language, then the code itself. */
  private choiceLabel(question: Question, code: string): string {
    let labels = this.labelsByQuestion.get(question.name);
    if (!labels) {
      labels = new Map(choicesOf(this.survey, question).map((c) => [c.name, labelIn(c.label, this.options.lang) || c.name]));
      if (question.orOther && !labels.has(OTHER_CHOICE)) labels.set(OTHER_CHOICE, translate(this.options.lang, 'export.otherChoice'));
      this.labelsByQuestion.set(question.name, labels);
    }
    return labels.get(code) ?? code;
  }

  private metaCell(field: MetaField, meta: ResponseMeta): Cell {
    switch (field) {
      case 'number':
        return meta.number;
      case 'version':
        return meta.version;
      case 'status':
        return this.options.labels ? statusLabel(meta.status, this.options.lang) : meta.status;
      case 'paperCode':
        return meta.paperCode === null || meta.paperCode === '' ? null : escapeFormula(meta.paperCode);
      case 'completedAt':
        return meta.completedAt;
      default:
        return meta[field];
    }
  }
}

export function statusLabel(status: string, lang: Lang): string {
  if (status === 'complete') return translate(lang, 'export.status.complete');
  if (status === 'draft') return translate(lang, 'export.status.draft');
  return status;
}
