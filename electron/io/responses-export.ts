import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Lang, MessageKey, MessageParams } from '../../core/i18n/messages';
import { codebookRows } from '../../core/io/codebook';
import {
  CODEBOOK_SHEET,
  mergeVersions,
  responseLayout,
  RowMaker,
  type Cell,
  type ResponseLayout,
  type ResponseMeta,
  type StoredAnswer,
} from '../../core/io/response-columns';
import { spssSyntax, type SpssTable } from '../../core/io/spss-syntax';
import type { SurveyContent } from '../../core/survey/model';
import { openProjectDb, type Db } from '../db/open';
import { AnswerKeyNames } from '../db/answer-keys';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { getSurvey, listSurveys, readContent } from '../db/survey-store';
import { writeXlsx, XLSX_MAX_ROWS, type SheetSpec } from './xlsx-stream';

/**
 * Responses out: a survey's responses as an Excel workbook (a sheet for the survey, one per repeat, and the
 * codebook) or as CSV files (OUT.csv, OUT-<repeat>.csv, OUT-codebook.csv) with SPSS syntax beside them (OUT.sps).
 * The column layout, the cells, the codebook and the SPSS syntax come from core/io; this file reads the project
 * file and writes the files.
 *
 * Responses exported: every response of the survey, draft or complete (the `_status` column tells them apart;
 * `completeOnly` keeps complete ones), whatever version it was entered with; never a deleted response, never a
 * second typing made to check a paper (double entry). Order: response number.
 *
 * Large exports stream: response ids are read first (one integer each), then responses and their answers 500
 * at a time; rows go straight to the files (CSV through a 1 MB buffer, xlsx through deflate, see xlsx-stream.ts),
 * and nothing grows with the number of responses. A workbook writes one sheet at a time, so a survey with repeats
 * reads the responses once per sheet. Files are written under a temporary name and renamed at the end: a failed
 * export leaves nothing half-written behind.
 */

export type ExportFormat = 'xlsx' | 'csv';

export interface ResponsesExportOptions {
  format: ExportFormat;
  /** Choice labels instead of codes in the cells. */
  labels: boolean;
  /** Language of labels, the codebook and the SPSS syntax's labels. */
  lang: Lang;
  /** Questions flagged identifying are left out unless this is true. */
  includeIdentifying: boolean;
  /** Complete responses only; by default drafts too. */
  completeOnly?: boolean;
  /** The survey's id or form_id; may be left out when the project has one survey. */
  surveyId?: string;
  /** Called after each batch: responses done and to do (all sheets counted). */
  onProgress?: (done: number, total: number) => void;
  /** The time written in the codebook; now by default. */
  exportedAt?: string;
}

export interface ExportedTable {
  name: string;
  rows: number;
  columns: number;
  /** The CSV file of this table; for xlsx, the workbook. */
  file: string;
}

export interface ResponsesExportResult {
  surveyId: string;
  format: ExportFormat;
  labels: boolean;
  lang: Lang;
  responses: number;
  /** Columns of all data tables (sheets or CSV files), codebook not counted. */
  columns: number;
  /** Columns left out because their questions are identifying. */
  leftOutIdentifying: number;
  leftOutQuestions: string[];
  /** Identifying questions exported because they were asked for. */
  includedIdentifying: string[];
  tables: ExportedTable[];
  /** Every file written, absolute paths: the workbook, or the CSV files, the codebook CSV and the .sps. */
  files: string[];
}

/** A problem the person can fix (a wrong file name, a survey to choose), with its message. */
export class ExportError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'ExportError';
  }
}

/** The format an output file name asks for, or null. */
export function exportFormatOf(file: string): ExportFormat | null {
  const ext = path.extname(file).toLowerCase();
  return ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : null;
}

const BATCH = 500;

interface Source {
  surveyId: string;
  formKey: string;
  survey: SurveyContent;
  ids: number[];
}

function chooseSurvey(db: Db, wanted: string | undefined): { id: string; formKey: string } {
  const surveys = listSurveys(db).map((s) => ({ ...s, formKey: getSurvey(db, s.id).formKey }));
  const chosen = wanted ? surveys.find((s) => s.id === wanted || s.formKey === wanted) : surveys.length === 1 ? surveys[0] : undefined;
  if (!chosen) throw new ExportError('cli.chooseSurvey', { surveys: surveys.map((s) => `${s.formKey} (${s.title.vi ?? s.title.en ?? ''})`).join(', ') || '—' });
  return { id: chosen.id, formKey: chosen.formKey };
}

function readSource(db: Db, options: ResponsesExportOptions): Source {
  const { id: surveyId, formKey } = chooseSurvey(db, options.surveyId);
  // The newest version, and every older one that responses were entered with (newest first).
  const versions = db
    .prepare(
      `SELECT v.id, v.title FROM form_version v
       WHERE v.form_id = ? AND (v.version = (SELECT max(version) FROM form_version WHERE form_id = v.form_id)
         OR EXISTS (SELECT 1 FROM response r WHERE r.form_version_id = v.id AND r.deleted_at IS NULL AND r.verifies IS NULL))
       ORDER BY v.version DESC`,
    )
    .all(surveyId) as { id: number; title: string }[];
  const survey = mergeVersions(versions.map((v) => readContent(db, v.id, v.title)));
  const ids = db
    .prepare(
      `SELECT r.rowid FROM response r JOIN form_version v ON v.id = r.form_version_id
       WHERE v.form_id = ? AND r.deleted_at IS NULL AND r.verifies IS NULL ${options.completeOnly ? "AND r.status = 'complete'" : ''}
       ORDER BY r.number, r.created_at, r.rowid`,
    )
    .pluck()
    .all(surveyId) as number[];
  return { surveyId, formKey, survey, ids };
}

interface LoadedResponse {
  meta: ResponseMeta;
  answers: Map<string, StoredAnswer>;
}

/**
 * The responses of `ids`, in that order, a batch at a time, with their answers. Each response's answers come as
 * one JSON array from SQLite (json_group_array): far fewer values to cross into JavaScript than a row each. Keys
 * come as their numbers (migration 011), named here.
 */
async function* responsesOf(db: Db, ids: readonly number[]): AsyncGenerator<LoadedResponse[]> {
  const statement = db
    .prepare(
      `SELECT r.rowid, r.uuid, r.number, r.paper_code, r.status, r.created_at, r.updated_at, r.completed_at, r.device_id, v.version,
         (SELECT json_group_array(json_array(a.key_id, a.value, a.state = 'refused')) FROM answer_value a WHERE a.response_id = r.id)
       FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE r.rowid IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);
  type Row = [number, string, number, string | null, string, string, string, string | null, string, number, string];
  const keys = new AnswerKeyNames(db);
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const byId = new Map<number, LoadedResponse>();
    for (const row of statement.all(JSON.stringify(batch)) as Row[]) {
      const [rowid, uuid, number, paperCode, status, createdAt, updatedAt, completedAt, deviceId, version, json] = row;
      const answers = new Map<string, StoredAnswer>();
      for (const [key, value, refused] of JSON.parse(json) as [number, string | null, number][]) answers.set(keys.name(key)!, { value, refused: refused === 1 });
      byId.set(rowid, { meta: { uuid, number, paperCode, status, createdAt, updatedAt, completedAt, deviceId, version }, answers });
    }
    yield batch.flatMap((id) => byId.get(id) ?? []);
    // Let the app breathe between batches (IPC, the HTTP bridge, a progress bar).
    await nextTurn();
  }
}

/**
 * Visits the responses an export writes, in its order, with their answers, writing nothing: the baseline of the
 * export benchmark, and a way for analysis code to read responses as the export does. Returns how many.
 */
export async function forEachResponse(
  db: Db,
  options: Pick<ResponsesExportOptions, 'surveyId' | 'completeOnly'>,
  visit: (meta: ResponseMeta, answers: ReadonlyMap<string, StoredAnswer>) => void,
): Promise<number> {
  const source = readSource(db, { format: 'csv', labels: false, lang: 'vi', includeIdentifying: false, ...options });
  for await (const batch of responsesOf(db, source.ids)) for (const response of batch) visit(response.meta, response.answers);
  return source.ids.length;
}

/** Exports the responses of a survey of an open project to `outPath` (.xlsx or .csv). */
export async function exportResponses(db: Db, outPath: string, options: ResponsesExportOptions): Promise<ResponsesExportResult> {
  const out = path.resolve(outPath);
  const source = readSource(db, options);
  const layout = responseLayout(source.survey, { includeIdentifying: options.includeIdentifying, mainName: source.formKey });
  const dataTables = layout.tables.length;
  const passes = options.format === 'xlsx' ? dataTables : 1;
  const total = source.ids.length * passes;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  const cellOptions = { labels: options.labels, lang: options.lang };
  const versions = new Set<number>();

  /** One pass over the responses, emitting the rows of the wanted tables. */
  const pass = async (wanted: ReadonlySet<number>, emit: (table: number, cells: Cell[]) => void, drain: () => Promise<void>) => {
    const maker = new RowMaker(source.survey, layout, cellOptions);
    for await (const batch of responsesOf(db, source.ids)) {
      for (const response of batch) {
        versions.add(response.meta.version);
        maker.rows(response.meta, response.answers, emit, wanted);
      }
      await drain();
      progress(batch.length);
    }
  };

  const codebook = (csv: boolean) =>
    codebookRows({
      ...cellOptions,
      survey: source.survey,
      layout,
      versions: [...versions].sort((a, b) => a - b),
      responses: source.ids.length,
      exportedAt: options.exportedAt ?? new Date().toISOString(),
      csv,
    });

  const written: string[] = [];
  const partial = (file: string) => {
    const temp = `${file}.part`;
    written.push(temp);
    return temp;
  };
  try {
    let tables: ExportedTable[];
    let files: string[];
    if (options.format === 'xlsx') {
      tables = await writeWorkbook(partial(out), layout, pass, codebook);
      tables.forEach((t) => (t.file = out));
      files = [out];
    } else {
      ({ tables, files } = await writeCsvFiles(out, partial, layout, pass, codebook, (spssTables) =>
        spssSyntax(spssTables, { ...cellOptions, survey: source.survey, folder: path.dirname(out) }),
      ));
    }
    // All written: give the files their names.
    for (const temp of written) fs.renameSync(temp, temp.slice(0, -'.part'.length));
    return {
      surveyId: source.surveyId,
      format: options.format,
      labels: options.labels,
      lang: options.lang,
      responses: source.ids.length,
      columns: layout.tables.reduce((sum, t) => sum + t.columns.length, 0),
      leftOutIdentifying: layout.leftOutColumns,
      leftOutQuestions: layout.leftOutQuestions.map((q) => q.name),
      includedIdentifying: layout.includedIdentifying.map((q) => q.name),
      tables,
      files,
    };
  } catch (error) {
    for (const temp of written) fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * The same from a project file: its own read-only connection inside one read transaction, so the export is one
 * consistent picture of the file even while the app goes on saving answers into it.
 */
export async function exportResponsesFromFile(projectFile: string, outPath: string, options: ResponsesExportOptions): Promise<ResponsesExportResult> {
  let db = openProjectDb(path.resolve(projectFile), { readonly: true });
  if ((db.pragma('user_version', { simple: true }) as number) < LATEST_SCHEMA_VERSION) {
    // A file from an older version of the app: opened as the app opens it, which brings its schema up to date.
    db.close();
    openProjectDb(path.resolve(projectFile)).close();
    db = openProjectDb(path.resolve(projectFile), { readonly: true });
  }
  try {
    db.exec('BEGIN');
    try {
      return await exportResponses(db, outPath, options);
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
}

type Pass = (wanted: ReadonlySet<number>, emit: (table: number, cells: Cell[]) => void, drain: () => Promise<void>) => Promise<void>;

const CODEBOOK_WIDTHS = [16, 26, 22, 20, 14, 20, 50, 50, 12, 40, 40, 50];

async function writeWorkbook(file: string, layout: ResponseLayout, pass: Pass, codebook: (csv: boolean) => Cell[][]): Promise<ExportedTable[]> {
  const sheets: SheetSpec[] = layout.tables.map((table, t) => ({
    name: table.name,
    header: table.columns.map((c) => c.name),
    widths: table.columns.map((c) => Math.max(10, c.name.length + 2)),
    rows: (row, drain) => pass(new Set([t]), (_, cells) => row(cells), drain),
  }));
  // Written last, once the data sheets have told which versions the responses were entered with.
  sheets.push({
    name: CODEBOOK_SHEET,
    header: codebook(false)[0]!,
    widths: CODEBOOK_WIDTHS,
    rows: async (row) => codebook(false).slice(1).forEach((cells) => row(cells)),
  });
  const counts = await writeXlsx(file, sheets, (sheet, rows) => new ExportError('export.error.tooManyRows', { table: sheet, rows, max: XLSX_MAX_ROWS - 1 }));
  return layout.tables.map((table, t) => ({ name: table.name, rows: counts[t]!, columns: table.columns.length, file }));
}

/** A CSV file: UTF-8 with a byte-order mark (Excel then reads Vietnamese right), comma, RFC 4180 quotes, CRLF. */
class CsvFile {
  private readonly fd: number;
  private parts: string[] = [];
  private chars = 0;
  rows = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
    this.parts.push('\uFEFF');
  }

  line(fields: readonly string[]): void {
    const text = `${fields.join(',')}\r\n`;
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= 1 << 17) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const bytes = Buffer.from(this.parts.join(''), 'utf8');
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    this.parts = [];
    this.chars = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** A cell as a CSV field. Line breaks inside a text become spaces (SPSS reads one line per case). */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const flat = cell.includes('\n') || cell.includes('\r') ? cell.replace(/\r\n|\r|\n/g, ' ') : cell;
  return /[",]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}

/** Widest value (UTF-8 bytes, quotes not counted) and most decimals of each column, for the SPSS formats. */
class ColumnStats {
  readonly widths: number[];
  readonly decimals: number[];
  constructor(columns: number) {
    this.widths = new Array<number>(columns).fill(1);
    this.decimals = new Array<number>(columns).fill(0);
  }

  see(c: number, cell: Cell, field: string): void {
    if (cell === null) return;
    const width = typeof cell === 'number' ? field.length : Buffer.byteLength(field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field, 'utf8');
    if (width > this.widths[c]!) this.widths[c] = width;
    if (typeof cell === 'number' && !Number.isInteger(cell)) {
      const dot = field.indexOf('.');
      const decimals = field.includes('e') ? 16 : dot < 0 ? 0 : field.length - dot - 1;
      if (decimals > this.decimals[c]!) this.decimals[c] = decimals;
    }
  }
}

async function writeCsvFiles(
  out: string,
  partial: (file: string) => string,
  layout: ResponseLayout,
  pass: Pass,
  codebook: (csv: boolean) => Cell[][],
  spss: (tables: SpssTable[]) => string,
): Promise<{ tables: ExportedTable[]; files: string[] }> {
  const base = out.slice(0, -path.extname(out).length);
  const names = layout.tables.map((table, t) => (t === 0 ? out : `${base}-${table.name}.csv`));
  const files = names.map((name) => new CsvFile(partial(name)));
  const stats = layout.tables.map((table) => new ColumnStats(table.columns.length));
  try {
    layout.tables.forEach((table, t) => files[t]!.line(table.columns.map((c) => csvField(c.name))));
    await pass(
      new Set(layout.tables.map((_, t) => t)),
      (t, cells) => {
        const fields = cells.map(csvField);
        const stat = stats[t]!;
        for (let c = 0; c < cells.length; c++) stat.see(c, cells[c]!, fields[c]!);
        files[t]!.line(fields);
        files[t]!.rows++;
      },
      async () => undefined,
    );
  } finally {
    for (const file of files) file.close();
  }

  const codebookFile = `${base}-codebook.csv`;
  const book = new CsvFile(partial(codebookFile));
  try {
    for (const row of codebook(true)) book.line(row.map(csvField));
  } finally {
    book.close();
  }

  const spssFile = `${base}.sps`;
  const syntax = spss(layout.tables.map((table, t) => ({ table, file: path.basename(names[t]!), widths: stats[t]!.widths, decimals: stats[t]!.decimals })));
  fs.writeFileSync(partial(spssFile), `\uFEFF${syntax}`, 'utf8');

  return {
    tables: layout.tables.map((table, t) => ({ name: table.name, rows: files[t]!.rows, columns: table.columns.length, file: names[t]! })),
    files: [...names, codebookFile, spssFile],
  };
}
