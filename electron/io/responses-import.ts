/**
 * Imports the responses of a Kobo/ODK data export (CSV or Excel) into a survey of the project.
 *
 * Policy: all or nothing. Every value is read and checked first; if any cell is bad, the project is not
 * touched and every problem is listed with its file, sheet, row and column (the user fixes the file and
 * imports again). Otherwise the new responses are written up to 20 000 per transaction (response-writer.ts),
 * and taken back should a write fail. A large CSV (issue 7: a million rows) is read in pieces, twice: checked,
 * then written piece by piece (importInPieces), so that it never has to fit in memory whole. A response whose id is
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
import { PiecePlanner, planResponses, type PlannedResponse, type ResponsePlan, type Table, type UnmatchedColumn } from '../../core/io/response-plan';
import type { CellValue } from '../../core/io/response-values';
// Our own exports put an apostrophe before text a spreadsheet would run as a formula; reading them back takes it off.
import { unescapeFormula, unescapeFormulas } from '../../core/io/formula-escape';
import { CODEBOOK_SHEET } from '../../core/io/response-columns';
import type { Db } from '../db/open';
import type { Actor } from '../db/audit';
import { now } from '../db/clock';
import { ResponseWriter } from './response-writer';
import { ColumnAppend } from '../analysis/column-append';
import { bufferReader, csvTablePieces, CsvPieceProblem, fileReader, type ByteReader, type CsvPiece } from './csv-pieces';
import { getSurvey, listSurveys } from '../db/survey-store';

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
  /** A single CSV file this large (bytes) or larger is read in pieces, twice (see importInPieces). */
  piecesFrom?: number;
  /** Rows per piece. */
  pieceRows?: number;
  /** Responses written per transaction (response-writer.ts). */
  writeBatch?: number;
}

/** About 140k rows of a 40-question survey: below, reading the file whole is faster and fits in memory. */
const PIECES_FROM = 64 << 20;
const PIECE_ROWS = 20_000;

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
  const unique = [...new Set(files.map((f) => path.resolve(f)))];
  // One large CSV file is read a few megabytes at a time, never whole.
  let reader: ByteReader | null = null;
  try {
    if (unique.length === 1 && fs.statSync(unique[0]!).size >= (options.piecesFrom ?? PIECES_FROM)) reader = fileReader(path.basename(unique[0]!), unique[0]!);
  } catch {
    // Not readable: said below, as for any file.
  }
  if (reader) {
    try {
      const done = await importInPieces(db, reader, actor, options);
      if (done) return done;
    } finally {
      reader.close();
    }
  }
  for (const file of unique) {
    try {
      sources.push({ name: path.basename(file), bytes: fs.readFileSync(file) });
    } catch (error) {
      return failed([{ file: path.basename(file), code: 'import.cannotRead', params: { reason: (error as NodeJS.ErrnoException).code ?? String(error) } }]);
    }
  }
  return importResponsesFromBytes(db, sources, actor, options);
}

export async function importResponsesFromBytes(db: Db, sources: ImportSource[], actor: Actor, options: ResponsesImportOptions = {}): Promise<ResponsesImportResult> {
  const only = sources.length === 1 ? sources[0]! : null;
  if (only && only.bytes.length >= (options.piecesFrom ?? PIECES_FROM)) {
    const done = await importInPieces(db, bufferReader(only.name, only.bytes), actor, options);
    if (done) return done;
  }
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
  const total = rowsTotal * 2 + finishingShare(rowsTotal);
  const plan = await planResponses(indexSurvey(survey), tables, {
    pause: () => new Promise<void>((resolve) => setImmediate(resolve)),
    hashId: uuidFromText,
    onRow: progress ? (done) => progress(done, total) : undefined,
  });
  const result: ResponsesImportResult = { imported: 0, skipped: 0, rows: plan.rows, surveyId: chosen.surveyId, unmatchedColumns: plan.unmatchedColumns, problems: plan.problems, warnings: plan.warnings };
  const fit = fitProblem(plan, file, survey.formKey, otherFormKeys(db, chosen.surveyId));
  if (fit) result.problems = [fit, ...result.problems];
  if (result.problems.length) return result;

  const writer = new ResponseWriter(db, chosen.surveyId, actor, now(), options.writeBatch);
  try {
    const fresh = writer.fresh(plan.responses);
    const skipped = plan.responses.length - fresh.length;
    if (fresh.length) {
      const columns = extendColumns(db, chosen.surveyId, writer);
      await writer.write(fresh, progress ? (done) => progress(rowsTotal + Math.round((done / fresh.length) * rowsTotal), total) : undefined);
      writer.finished(sources.map((s) => s.name), fresh.length, skipped);
      columns?.finish(writer.raised);
    }
    progress?.(total, total);
    return { ...result, imported: fresh.length, skipped };
  } catch (error) {
    writer.takeBack();
    throw error;
  } finally {
    writer.close();
  }
}

// ——— A large CSV file, in pieces ———

/** Columns that make a table a repeat's, whose rows point at parents anywhere in the file: not for pieces. */
const PARENT_FIELDS = ['parentIndex', 'parentKey', 'parentTable', 'submissionUuid'];

/** Rows of one submission (a flattened export repeats it once per repeat instance) stay in one piece. */
function sameSubmission(headers: Table['headers'], before: readonly string[], row: readonly string[]): boolean {
  const ids = headers.filter((h) => ['uuid', 'instanceId', 'key'].includes(metaField(h.header) ?? ''));
  return ids.length > 0 && ids.every((h) => (before[h.column] ?? '') === (row[h.column] ?? ''));
}

/**
 * Imports one large CSV file without holding it whole (issue 7: a million rows in under 1 GB). The file is read
 * twice, a piece of rows at a time: first to check every value (nothing is written if anything is wrong, as for
 * a small file), then to plan and write each piece. Rows sharing an id across pieces are merged at the end
 * (PiecePlanner); should that find a problem, or a write fail, what was written is taken back. Returns null for
 * what it does not do (a workbook, a repeat table): the caller then reads the file whole.
 */
async function importInPieces(db: Db, reader: ByteReader, actor: Actor, options: ResponsesImportOptions): Promise<ResponsesImportResult | null> {
  const head = reader.read(0, 8);
  const starts = (magic: number[]) => magic.every((byte, i) => head[i] === byte);
  if (starts(ZIP_MAGIC) || starts(OLE_MAGIC) || /\.(xlsx|xlsm|xls)$/i.test(reader.name)) return null;
  const pieceRows = options.pieceRows ?? PIECE_ROWS;
  const pieces = () => csvTablePieces(reader, pieceRows, sameSubmission);
  const file = reader.name;
  try {
    // The first piece chooses the survey and says whether this is a plain table of submissions.
    const first = (await pieces().next()).value as CsvPiece;
    if (first.table.headers.some((h) => PARENT_FIELDS.includes(metaField(h.header) ?? ''))) return null;
    const context = TIENGNOI_COLUMNS.every((column) => first.table.headers.some((h) => h.header === column)) ? { refusals: true } : {};
    const chosen = chooseSurvey(db, options.survey, [first.table], file);
    if ('problems' in chosen) return failed(chosen.problems);
    const survey = getSurvey(db, chosen.surveyId);
    const index = indexSurvey(survey);
    const planOptions = { pause: () => new Promise<void>((resolve) => setImmediate(resolve)), hashId: uuidFromText };
    const progress = options.onProgress;
    const total = reader.size * 2 + finishingShare(reader.size);

    const { plan, spread } = await checkPieces(pieces, new PiecePlanner(index, planOptions, 'check'), context, file, (done) => progress?.(done, total));
    const result: ResponsesImportResult = { imported: 0, skipped: 0, rows: plan.rows, surveyId: chosen.surveyId, unmatchedColumns: plan.unmatchedColumns, problems: plan.problems, warnings: plan.warnings };
    const fit = fitProblem(plan, file, survey.formKey, otherFormKeys(db, chosen.surveyId));
    if (fit) result.problems = [fit, ...result.problems];
    if (result.problems.length) return result;

    const plan2 = new PiecePlanner(index, planOptions, 'write', spread);
    const writer = new ResponseWriter(db, chosen.surveyId, actor, now(), options.writeBatch);
    const columns = extendColumns(db, chosen.surveyId, writer);
    let imported = 0;
    let skipped = 0;
    const write = async (responses: PlannedResponse[]) => {
      const fresh = writer.fresh(responses);
      skipped += responses.length - fresh.length;
      imported += fresh.length;
      await writer.write(fresh);
    };
    try {
      for await (const piece of pieces()) {
        piece.table.context = { ...piece.table.context, ...context };
        await write(await plan2.add(piece.table));
        progress?.(reader.size + piece.bytesDone, total);
      }
      const spread = plan2.finish(file);
      if (spread.problems.length) {
        writer.takeBack();
        return { ...result, problems: spread.problems };
      }
      await write(spread.responses);
      if (imported) {
        writer.finished([file], imported, skipped);
        columns?.finish(writer.raised);
      }
    } catch (error) {
      writer.takeBack();
      throw error;
    } finally {
      writer.close();
    }
    progress?.(total, total);
    return { ...result, imported, skipped };
  } catch (error) {
    if (error instanceof CsvPieceProblem) return failed([error.problem]);
    throw error;
  }
}

/**
 * The part of the progress bar left for after the last batch: rows met in several pieces, then the analysis columns
 * joined and stored (about 5 s of a 3-minute import at a million rows), so that the bar does not wait at its end.
 */
function finishingShare(size: number): number {
  return Math.ceil(size / 25);
}

/** The survey's analysis columns, extended with each batch the writer commits (column-append.ts); null when stale. */
function extendColumns(db: Db, surveyId: string, writer: ResponseWriter): ColumnAppend | null {
  const columns = ColumnAppend.start(db, surveyId);
  if (columns) writer.onCommitted = (responses) => columns.add(responses);
  return columns;
}

/**
 * The first pass over the pieces: every problem, and the ids found in more than one piece. In a function of its
 * own so that what the check held (every id of the file, about 100 MB at a million rows) is let go before writing.
 */
async function checkPieces(
  pieces: () => AsyncGenerator<CsvPiece>,
  check: PiecePlanner,
  context: Table['context'],
  file: string,
  onPiece: (bytesDone: number) => void,
): Promise<{ plan: ReturnType<PiecePlanner['finish']>; spread: Set<string> }> {
  for await (const piece of pieces()) {
    piece.table.context = { ...piece.table.context, ...context };
    await check.add(piece.table);
    onPiece(piece.bytesDone);
  }
  return { plan: check.finish(file), spread: check.spread };
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
    if (headers.some((h) => cells[h.column] !== undefined && cells[h.column] !== '')) rows.push({ row: r + 1, cells: unescapeFormulas(cells) });
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
