/**
 * Imports the responses of a Kobo/ODK data export (CSV or Excel) into a survey of the project.
 *
 * Policy: all or nothing. Every value is read and checked first; if any cell is bad, the project is not
 * touched and every problem is listed with its file, sheet, row and column (the user fixes the file and
 * imports again). Otherwise all new responses are written in one transaction. A response whose id is
 * already in the project is skipped and counted, so importing a file twice adds nothing.
 * Children's answers never go to a log: the audit trail records the file and row each response came from.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { FileProblem } from '../../core/io/problems';
import { detectSeparator, parseCsv, stripBom } from '../../core/io/csv-read';
import { indexSurvey, metaField } from '../../core/io/response-headers';
import { planResponses, type PlannedResponse, type ResponsePlan, type Table, type UnmatchedColumn } from '../../core/io/response-plan';
import { REFUSED, type CellValue } from '../../core/io/response-values';
// Our own exports put an apostrophe before text a spreadsheet would run as a formula; reading them back takes it off.
import { unescapeFormula } from '../../core/io/formula-escape';
import { CODEBOOK_SHEET } from '../../core/io/response-columns';
import type { Db } from '../db/open';
import type { Actor } from '../db/audit';
import { now } from '../db/clock';
import { getSurvey, latestVersion, listSurveys, publishSurvey } from '../db/survey-store';

XLSX.set_fs(fs);

export interface ImportSource {
  /** The file's name, for messages (and the identity of rows that carry no uuid). */
  name: string;
  bytes: Buffer;
}

export interface ResponsesImportOptions {
  /** The survey to import into, by id or form key; needed when the project has several. */
  survey?: string;
  /** Called as the work goes on: reading and checking the rows, then writing them. */
  onProgress?: (done: number, total: number) => void;
}

export interface ResponsesImportResult {
  /** Responses added. */
  imported: number;
  /** Responses already in the project (same id), left as they are. */
  skipped: number;
  /** Data rows read, in all sheets and files. */
  rows: number;
  surveyId?: string;
  unmatchedColumns: UnmatchedColumn[];
  /** Why nothing was imported; empty when the import went through. */
  problems: FileProblem[];
  warnings: FileProblem[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Metadata columns only Tiếng Nói's exports have (see core/io/response-columns.ts). */
const TIENGNOI_COLUMNS = ['_paper_code', '_device_id'];

const failed = (problems: FileProblem[], rows = 0): ResponsesImportResult => ({ imported: 0, skipped: 0, rows, unmatchedColumns: [], problems, warnings: [] });

/** Reads data files from disk, then imports them as one export (a main file with its repeat files). */
export async function importResponses(db: Db, files: string[], actor: Actor, options: ResponsesImportOptions = {}): Promise<ResponsesImportResult> {
  const sources: ImportSource[] = [];
  // The same file named twice is read once.
  for (const file of [...new Set(files.map((f) => path.resolve(f)))]) {
    try {
      sources.push({ name: path.basename(file), bytes: fs.readFileSync(file) });
    } catch (error) {
      return failed([{ file: path.basename(file), code: 'import.cannotRead', params: { reason: (error as NodeJS.ErrnoException).code ?? String(error) } }]);
    }
  }
  return importResponsesFromBytes(db, sources, actor, options);
}

export async function importResponsesFromBytes(db: Db, sources: ImportSource[], actor: Actor, options: ResponsesImportOptions = {}): Promise<ResponsesImportResult> {
  const tables: Table[] = [];
  for (const source of sources) {
    const read = readSource(source);
    if ('problems' in read) return failed(read.problems);
    tables.push(...read.tables);
  }
  // A Tiếng Nói export (its own metadata columns) writes refusals as -99 or in words: read them back as refusals.
  if (tables.some((t) => TIENGNOI_COLUMNS.every((column) => t.headers.some((h) => h.header === column)))) {
    for (const table of tables) table.context = { ...table.context, refusals: true };
  }
  const file = sources.map((s) => s.name).join(', ');
  const chosen = chooseSurvey(db, options.survey, tables, file);
  if ('problems' in chosen) return failed(chosen.problems);
  const survey = getSurvey(db, chosen.surveyId);

  const rowsTotal = tables.reduce((n, t) => n + t.rows.length, 0);
  const progress = options.onProgress;
  const plan = await planResponses(indexSurvey(survey), tables, {
    pause: () => new Promise<void>((resolve) => setImmediate(resolve)),
    hashId: uuidFromText,
    onRow: progress ? (done) => progress(done, rowsTotal * 2) : undefined,
  });
  const result: ResponsesImportResult = { imported: 0, skipped: 0, rows: plan.rows, surveyId: chosen.surveyId, unmatchedColumns: plan.unmatchedColumns, problems: plan.problems, warnings: plan.warnings };
  const fit = fitProblem(plan, file, survey.formKey, otherFormKeys(db, chosen.surveyId));
  if (fit) result.problems = [fit, ...result.problems];
  if (result.problems.length) return result;

  const written = await writeResponses(db, chosen.surveyId, plan.responses, actor, sources.map((s) => s.name), progress ? (done) => progress(rowsTotal + Math.round((done / Math.max(1, plan.responses.length)) * rowsTotal), rowsTotal * 2) : undefined);
  progress?.(rowsTotal * 2, rowsTotal * 2);
  return { ...result, ...written };
}

// ——— Reading ———

function readSource(source: ImportSource): { tables: Table[] } | { problems: FileProblem[] } {
  const head = source.bytes.subarray(0, 8);
  const starts = (magic: number[]) => magic.every((byte, i) => head[i] === byte);
  if (starts(ZIP_MAGIC) || starts(OLE_MAGIC)) return readWorkbook(source);
  if (/\.(xlsx|xlsm|xls)$/i.test(source.name)) return { problems: [{ file: source.name, code: 'import.notSpreadsheet', params: {} }] };
  return readCsv(source);
}

const baseName = (file: string) => file.replace(/\.[^.]+$/, '');

function readCsv(source: ImportSource): { tables: Table[] } | { problems: FileProblem[] } {
  let text: string;
  try {
    // Excel's "Unicode text" is UTF-16 with a byte-order mark; everything else must be UTF-8.
    const utf16 = source.bytes[0] === 0xff && source.bytes[1] === 0xfe;
    text = stripBom(new TextDecoder(utf16 ? 'utf-16le' : 'utf-8', { fatal: true }).decode(source.bytes));
  } catch {
    return { problems: [{ file: source.name, code: 'import.notUtf8', params: {} }] };
  }
  const separator = detectSeparator(text);
  const { records, unclosedQuoteAt } = parseCsv(text, separator);
  if (unclosedQuoteAt !== undefined) return { problems: [{ file: source.name, row: unclosedQuoteAt, code: 'import.unclosedQuote', params: {} }] };
  const headerIndex = records.findIndex((r) => r.some((cell) => cell.trim() !== ''));
  if (headerIndex < 0) return { problems: [{ file: source.name, code: 'import.emptyFile', params: {} }] };
  const headers = records[headerIndex]!.map((header, column) => ({ column, header: header.trim() })).filter((h) => h.header !== '');
  const rows: Table['rows'] = [];
  for (let r = headerIndex + 1; r < records.length; r++) {
    const cells = records[r]!;
    if (headers.some((h) => cells[h.column] !== undefined && cells[h.column] !== '')) rows.push({ row: r + 1, cells: cells.map(unescapeFormula) });
  }
  return { tables: [{ file: source.name, name: baseName(source.name), headerRow: headerIndex + 1, headers, rows, context: { decimalComma: separator === ';' } }] };
}

function cellValue(cell: XLSX.CellObject): CellValue | undefined {
  if (cell.v === undefined || cell.v === null) return undefined;
  switch (cell.t) {
    case 'n':
      return typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z) ? { serial: cell.v as number } : (cell.v as number);
    case 'b':
      return Boolean(cell.v);
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString() : String(cell.v);
    case 'e':
      return cell.w ?? '#ERROR';
    default: {
      const text = String(cell.v);
      return text.trim() === '' ? undefined : unescapeFormula(text);
    }
  }
}

/** Every sheet with a header row is a table; cells are read sparsely (a sheet may declare a million rows). */
function readWorkbook(source: ImportSource): { tables: Table[] } | { problems: FileProblem[] } {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(source.bytes, { type: 'buffer', dense: true, cellNF: true, cellDates: false, cellFormula: false, cellHTML: false, cellStyles: false, sheetStubs: false });
  } catch (error) {
    return { problems: [{ file: source.name, code: 'import.notSpreadsheet', params: { reason: error instanceof Error ? error.message : String(error) } }] };
  }
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const tables: Table[] = [];
  for (const name of wb.SheetNames) {
    // The codebook of Tiếng Nói's own exports describes the data; it is not data.
    if (name.trim().toLowerCase() === CODEBOOK_SHEET) continue;
    const data = (wb.Sheets[name] as XLSX.WorkSheet & { '!data'?: XLSX.CellObject[][] })?.['!data'];
    if (!data) continue;
    let headerIndex = -1;
    let headers: Table['headers'] = [];
    let headerColumns = new Set<number>();
    const rows: Table['rows'] = [];
    data.forEach((cells, r) => {
      if (!cells) return;
      if (headerIndex < 0) {
        headers = [];
        cells.forEach((cell, column) => {
          const value = cell ? cellValue(cell) : undefined;
          if (value !== undefined && String(value).trim() !== '') headers.push({ column, header: String(value).trim() });
        });
        if (headers.length) headerIndex = r;
        headerColumns = new Set(headers.map((h) => h.column));
        return;
      }
      const row: (CellValue | undefined)[] = [];
      let filled = false;
      cells.forEach((cell, column) => {
        const value = cell ? cellValue(cell) : undefined;
        if (value === undefined) return;
        row[column] = value;
        filled ||= headerColumns.has(column);
      });
      if (filled) rows.push({ row: r + 1, cells: row });
    });
    if (headerIndex >= 0) tables.push({ file: source.name, sheet: name, name, headerRow: headerIndex + 1, headers, rows, context: { date1904 } });
  }
  if (!tables.length) return { problems: [{ file: source.name, code: 'import.emptyFile', params: {} }] };
  return { tables };
}

// ——— Which survey ———

function formIdsIn(tables: Table[]): string[] {
  const ids = new Set<string>();
  for (const table of tables) {
    for (const { column, header } of table.headers) {
      if (metaField(header) !== 'formId') continue;
      for (const row of table.rows.slice(0, 50)) {
        const cell = row.cells[column];
        if (typeof cell === 'string' && cell.trim()) ids.add(cell.trim());
      }
    }
  }
  return [...ids];
}

function chooseSurvey(db: Db, wanted: string | undefined, tables: Table[], file: string): { surveyId: string } | { problems: FileProblem[] } {
  const surveys = listSurveys(db).map((s) => ({ id: s.id, formKey: getSurvey(db, s.id).formKey }));
  const names = surveys.map((s) => s.formKey).join(', ') || '—';
  if (!surveys.length) return { problems: [{ file, code: 'import.noSurvey', params: {} }] };
  if (wanted !== undefined) {
    const found = surveys.find((s) => s.id === wanted || s.formKey === wanted);
    return found ? { surveyId: found.id } : { problems: [{ file, code: 'import.surveyNotFound', params: { survey: wanted, surveys: names } }] };
  }
  if (surveys.length === 1) return { surveyId: surveys[0]!.id };
  const ids = formIdsIn(tables);
  const byId = surveys.filter((s) => ids.includes(s.formKey));
  if (byId.length === 1) return { surveyId: byId[0]!.id };
  return { problems: [{ file, code: 'import.chooseSurvey', params: { surveys: names } }] };
}

function otherFormKeys(db: Db, surveyId: string): string[] {
  return listSurveys(db)
    .filter((s) => s.id !== surveyId)
    .map((s) => getSurvey(db, s.id).formKey);
}

/**
 * A file that clearly belongs to another survey is refused: its form id names another survey of the project,
 * or fewer than half of its columns (metadata aside) match a question.
 */
function fitProblem(plan: ResponsePlan, file: string, formKey: string, otherKeys: string[]): FileProblem | null {
  const other = plan.formIds.find((id) => id !== formKey && otherKeys.includes(id));
  if (other !== undefined && !plan.formIds.includes(formKey)) return { file, code: 'import.otherSurvey', params: { formId: other, survey: formKey } };
  const { matched, total } = plan.fit;
  if (matched === 0) return { file, code: 'import.noMatchingColumns', params: { survey: formKey } };
  if (matched * 2 < total) return { file, code: 'import.poorFit', params: { matched, total, survey: formKey } };
  return null;
}

// ——— Writing ———

/** A UUID from text (SHA-256, shaped as a version-8 UUID): rows without an id get the same one every import. */
export function uuidFromText(text: string): string {
  const hex = createHash('sha256').update(text, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Writes the new responses a few thousand at a time, each batch in its own transaction, giving the event loop a
 * turn between batches: the progress bar moves, and answers typed meanwhile on this laptop are saved (numbers are
 * taken batch by batch, so they never collide with them). Should a batch fail (a full disk), the batches already
 * written are taken out again, so the import stays all or nothing. New responses get the next numbers of the
 * survey (the number is also the paper code unless a typed code took it), status complete, this device, and an
 * audit row each.
 */
async function writeResponses(
  db: Db,
  surveyId: string,
  responses: PlannedResponse[],
  actor: Actor,
  files: string[],
  onWritten?: (done: number) => void,
): Promise<{ imported: number; skipped: number }> {
  const at = now();
  const exists = db.prepare('SELECT 1 FROM response WHERE uuid = ?').pluck();
  const fresh = responses.filter((r) => !exists.get(r.id));
  const skipped = responses.length - fresh.length;
  if (!fresh.length) return { imported: 0, skipped };
  const maxNumber = db.prepare(`SELECT coalesce(max(r.number), 0) FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ?`).pluck();
  const takenCodes = db
    .prepare(
      `SELECT r.paper_code FROM response r JOIN form_version v ON v.id = r.form_version_id
       WHERE v.form_id = ? AND r.paper_code IS NOT NULL AND r.verifies IS NULL AND r.deleted_at IS NULL`,
    )
    .pluck();
  const rows = batchInsert(db, 'INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at, completed_at, paper_code) VALUES', "(?, ?, ?, ?, 'complete', ?, ?, ?, ?)", 8);
  const answers = batchInsert(db, 'INSERT INTO answer (response_uuid, question_name, value, state, answered_at) VALUES', '(?, ?, ?, ?, ?)', 5);
  const audits = batchInsert(db, 'INSERT INTO audit_log (at, actor, device_id, action, entity, entity_id, detail) VALUES', "(?, ?, ?, 'import', 'response', ?, ?)", 5);

  const writeBatch = db.transaction((batch: PlannedResponse[]) => {
    publishSurvey(db, surveyId, actor);
    const versionId = latestVersion(db, surveyId).versionId;
    let number = maxNumber.get(surveyId) as number;
    const codes = new Set(takenCodes.all(surveyId) as string[]);
    // Numbers follow the file's order; rows go in by id, so the answer table's index grows at its end (much faster).
    const numbered = batch.map((response) => {
      number += 1;
      let code = String(number);
      for (let n = 2; codes.has(code); n++) code = `${number}-${n}`;
      codes.add(code);
      return { response, number, code };
    });
    numbered.sort((a, b) => (a.response.id < b.response.id ? -1 : a.response.id > b.response.id ? 1 : 0));
    // A hundred responses at a time: their rows, then their answers (whose foreign key points at them).
    for (let start = 0; start < numbered.length; start += BATCH_ROWS) {
      const chunk = numbered.slice(start, start + BATCH_ROWS);
      for (const { response, number, code } of chunk) {
        const created = response.createdAt ?? at;
        rows.add(response.id, versionId, number, actor.deviceId, created, at, response.completedAt ?? created, code);
        audits.add(at, actor.name, actor.deviceId, response.id, JSON.stringify(response.source));
      }
      rows.flush();
      for (const { response } of chunk) {
        const created = response.createdAt ?? at;
        for (const [key, value] of response.answers) {
          if (value === REFUSED) answers.add(response.id, key, null, 'refused', created);
          else answers.add(response.id, key, value, 'answered', created);
        }
      }
    }
    answers.flush();
    audits.flush();
  });

  let written = 0;
  try {
    for (; written < fresh.length; written += WRITE_BATCH) {
      writeBatch(fresh.slice(written, written + WRITE_BATCH));
      onWritten?.(Math.min(written + WRITE_BATCH, fresh.length));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    db.prepare(`INSERT INTO audit_log (at, actor, device_id, action, entity, entity_id, detail) VALUES (?, ?, ?, 'importResponses', 'form', ?, ?)`).run(
      at,
      actor.name,
      actor.deviceId,
      surveyId,
      JSON.stringify({ files, imported: fresh.length, skipped }),
    );
  } catch (error) {
    takeBack(db, fresh.slice(0, written).map((r) => r.id));
    throw error;
  }
  return { imported: fresh.length, skipped };
}

/** Removes the responses a failed import had written: they were never the project's, only this import's. */
function takeBack(db: Db, ids: string[]): void {
  const forget = db.transaction((batch: string[]) => {
    const marks = batch.map(() => '?').join(', ');
    db.prepare(`DELETE FROM answer WHERE response_uuid IN (${marks})`).run(...batch);
    db.prepare(`DELETE FROM audit_log WHERE entity = 'response' AND action = 'import' AND entity_id IN (${marks})`).run(...batch);
    db.prepare(`DELETE FROM response WHERE uuid IN (${marks})`).run(...batch);
  });
  for (let i = 0; i < ids.length; i += 500) forget(ids.slice(i, i + 500));
}

/** Responses written per transaction: big enough to keep the import fast, small enough to keep the app lively. */
const WRITE_BATCH = 2000;
const BATCH_ROWS = 100;

/** Inserts rows a hundred at a time: one statement call per hundred rows instead of one each. */
function batchInsert(db: Db, head: string, row: string, width: number) {
  const many = db.prepare(`${head} ${Array.from({ length: BATCH_ROWS }, () => row).join(', ')}`);
  const one = db.prepare(`${head} ${row}`);
  const params: unknown[] = new Array(BATCH_ROWS * width);
  let filled = 0;
  return {
    /** One row's values, as many as the row has placeholders (named, not spread: this runs a million times). */
    add(a: unknown, b: unknown, c: unknown, d: unknown, e?: unknown, f?: unknown, g?: unknown, h?: unknown) {
      params[filled++] = a;
      params[filled++] = b;
      params[filled++] = c;
      params[filled++] = d;
      if (width > 4) params[filled++] = e;
      if (width > 5) params[filled++] = f;
      if (width > 6) params[filled++] = g;
      if (width > 7) params[filled++] = h;
      if (filled < params.length) return;
      many.run(params);
      filled = 0;
    },
    flush() {
      for (let i = 0; i < filled; i += width) one.run(params.slice(i, i + width));
      filled = 0;
    },
  };
}

