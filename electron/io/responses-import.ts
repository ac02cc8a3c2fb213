/**
 * Imports the responses of a Kobo/ODK data export (CSV or Excel) into a survey of the project.
 *
 * Policy: all or nothing. If any cell is bad, nothing is imported and every problem is listed with its file, sheet,
 * row and column (the user fixes the file and imports again). A workbook, or a CSV with repeat files, is read and
 * checked whole, then written up to 20 000 responses per transaction (response-writer.ts). A single CSV table of
 * submissions (the common case, up to a million rows in issue 7) is read in pieces: each piece is checked, then
 * written by a thread of its own while the next piece is read (importInPieces, piece-writer.ts); a problem found
 * later, or a failed write, takes back what was written. A large CSV file on disk (64 MB or more) is imported so on
 * a thread of its own, with a bounded heap, leaving the app's thread free (import-thread.ts). A response whose id
 * is already in the project is skipped and counted, so importing a file twice adds nothing.
 * Children's answers never go to a log: the audit trail records the file and row each response came from.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { FileProblem } from '../../core/io/problems';
import { detectSeparator, parseCsv, stripBom } from '../../core/io/csv-read';
import { indexSurvey, metaField, type SurveyIndex } from '../../core/io/response-headers';
import { PiecePlanner, planResponses, type PlannedResponse, type PlanOptions, type ResponsePlan, type Table, type UnmatchedColumn } from '../../core/io/response-plan';
import type { CellValue } from '../../core/io/response-values';
// Our own exports put an apostrophe before text a spreadsheet would run as a formula; reading them back takes it off.
import { unescapeFormula, unescapeFormulas } from '../../core/io/formula-escape';
import { CODEBOOK_SHEET } from '../../core/io/response-columns';
import type { Db } from '../db/open';
import type { Actor } from '../db/audit';
import { now } from '../db/clock';
import { ExistingIds, ResponseWriter, writingOrder } from './response-writer';
import { startPieceWriter } from './piece-writer';
import { importInThread } from './import-thread';
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
  /** A single CSV file this large (bytes) or larger is read from disk a few megabytes at a time, not whole. */
  piecesFrom?: number;
  /** Rows per piece. */
  pieceRows?: number;
  /** Responses written per transaction (response-writer.ts). */
  writeBatch?: number;
  /** A CSV file this large (bytes) or larger is written by a thread of its own while it is read (piece-writer.ts). */
  threadFrom?: number;
  /** false: a single CSV file is read and checked whole before anything is written, as workbooks are (tests compare the two). */
  inPieces?: boolean;
  /** false: a large CSV file is imported on this thread, not on a thread of its own (import-thread.ts). */
  ownThread?: boolean;
  /** The heap of that thread, in megabytes. */
  threadHeapMb?: number;
  /** The import's time, in its responses' source (set by import-thread.ts for the thread it starts). */
  at?: string;
}

/** About 140k rows of a 40-question survey: below, reading the file whole at once is faster and fits in memory. */
const PIECES_FROM = 64 << 20;
/** Rows per piece: at a million rows, 10 000 wrote as fast as 20 000 and peaked 50 MB lower. */
const PIECE_ROWS = 10_000;
/** About 10 000 rows of a 40-question survey: below, starting a thread would cost more than it saves. */
const THREAD_FROM = 4 << 20;

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
  // The same file named twice is read once.
  const unique = [...new Set(files.map((f) => path.resolve(f)))];
  // One large CSV file is read a few megabytes at a time, never whole.
  let reader: ByteReader | null = null;
  try {
    if (unique.length === 1 && fs.statSync(unique[0]!).size >= (options.piecesFrom ?? PIECES_FROM)) reader = fileReader(path.basename(unique[0]!), unique[0]!);
  } catch {
    // Not readable: said below, as for any file.
  }
  if (reader && options.inPieces !== false) {
    try {
      const threaded = options.ownThread === false ? null : await importInThread(db, unique[0]!, actor, options);
      const done = threaded ? threaded.result : await importInPieces(db, reader, actor, options);
      if (done) return done;
    } finally {
      reader.close();
    }
  }
  const sources: ImportSource[] = [];
  for (const file of unique) {
    try {
      sources.push({ name: path.basename(file), bytes: fs.readFileSync(file) });
    } catch (error) {
      return failed([{ file: path.basename(file), code: 'import.cannotRead', params: { reason: (error as NodeJS.ErrnoException).code ?? String(error) } }]);
    }
  }
  return importResponsesFromBytes(db, sources, actor, options, reader !== null);
}

/** A CSV file on disk, read a piece at a time on this thread (import-worker.ts); null when it is not for pieces. */
export async function importFileInPieces(db: Db, file: string, actor: Actor, options: ResponsesImportOptions): Promise<ResponsesImportResult | null> {
  const reader = fileReader(path.basename(file), file);
  try {
    return await importInPieces(db, reader, actor, options);
  } finally {
    reader.close();
  }
}

/** `triedPieces`: the source was already offered to importInPieces, which does not take it. */
export async function importResponsesFromBytes(db: Db, sources: ImportSource[], actor: Actor, options: ResponsesImportOptions = {}, triedPieces = false): Promise<ResponsesImportResult> {
  const only = sources.length === 1 ? sources[0]! : null;
  // One CSV table of submissions, of any size, is read and written in pieces: the writing overlaps the reading.
  if (only && !triedPieces && options.inPieces !== false) {
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

/** What the passes over a file's pieces share. */
interface PiecesImport {
  db: Db;
  actor: Actor;
  options: ResponsesImportOptions;
  file: string;
  size: number;
  /** The file's pieces from its start, each with the file's context (refusals written in words, say). */
  pieces: () => AsyncGenerator<CsvPiece>;
  index: SurveyIndex;
  surveyId: string;
  /** Whether the file fits the survey (see fitProblem), from what was read so far. */
  fit: (plan: Pick<ResponsePlan, 'fit' | 'formIds'>) => FileProblem | null;
  planOptions: PlanOptions;
}

/**
 * Imports a CSV table of submissions a piece of rows at a time, so that a large file (issue 7: a million rows) never
 * has to be held whole, while a thread of its own writes the pieces already checked (piece-writer.ts). One pass
 * when it can: each piece is checked and handed to the writer; once a problem is found nothing more is written, the
 * reading goes on to list every problem, and what was written is taken back (all or nothing, as before). When an id
 * comes back in a later piece with rows that may merge, the pass stops, takes back what it wrote, and the file is
 * read twice instead (checked whole, then written). Returns null for what it does not do (a workbook, a repeat
 * table): the caller then reads the file whole.
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
    const chosen = chooseSurvey(db, options.survey, [first.table], file);
    if ('problems' in chosen) return failed(chosen.problems);
    const survey = getSurvey(db, chosen.surveyId);
    const otherKeys = otherFormKeys(db, chosen.surveyId);
    const context = TIENGNOI_COLUMNS.every((column) => first.table.headers.some((h) => h.header === column)) ? { refusals: true } : {};
    const job: PiecesImport = {
      db,
      actor,
      options,
      file,
      size: reader.size,
      pieces: async function* () {
        for await (const piece of pieces()) {
          piece.table.context = { ...piece.table.context, ...context };
          yield piece;
        }
      },
      index: indexSurvey(survey),
      surveyId: chosen.surveyId,
      fit: (plan) => fitProblem(plan, file, survey.formKey, otherKeys),
      planOptions: { pause: () => new Promise<void>((resolve) => setImmediate(resolve)), hashId: uuidFromText },
    };
    let shown: [done: number, total: number] = [0, 1];
    const onePass = await importInOnePass({ ...job, options: { ...options, onProgress: (done, total) => ((shown = [done, total]), options.onProgress?.(done, total)) } });
    if (onePass) return onePass;
    // Two passes from here: the bar goes on from where the one pass left it, over what is left of it.
    const [from, total] = shown;
    const onProgress = options.onProgress && ((done: number, all: number) => options.onProgress!(from + Math.round(((total - from) * done) / all), total));
    return await importInTwoPasses({ ...job, options: { ...options, onProgress } });
  } catch (error) {
    if (error instanceof CsvPieceProblem) return failed([error.problem]);
    throw error;
  }
}

/** The result of a plan, with its fit problem first (nothing imported yet). */
function planResult(job: PiecesImport, plan: ResponsePlan): ResponsesImportResult {
  const fit = job.fit(plan);
  const problems = fit ? [fit, ...plan.problems] : plan.problems;
  return { imported: 0, skipped: 0, rows: plan.rows, surveyId: job.surveyId, unmatchedColumns: plan.unmatchedColumns, problems, warnings: plan.warnings };
}

/** Checks and writes in one pass over the pieces; null when an id met again in a later piece needs two passes. */
async function importInOnePass(job: PiecesImport): Promise<ResponsesImportResult | null> {
  const planner = new PiecePlanner(job.index, job.planOptions, 'once');
  const progress = job.options.onProgress;
  const total = job.size * 2 + finishingShare(job.size);
  const writing = writePieces(job, (done) => progress?.(done, total));
  try {
    for await (const piece of job.pieces()) {
      const responses = await planner.add(piece.table);
      if (planner.spread.size) {
        await writing.abandon();
        return null;
      }
      // After a problem, the reading goes on to find the others, and nothing more is written.
      if (!planner.failed && !job.fit(planner.fitSoFar)) await writing.add(responses, piece.bytesDone);
      else writing.read(piece.bytesDone);
    }
    const result = planResult(job, planner.finish(job.file));
    if (result.problems.length) {
      await writing.abandon();
      return result;
    }
    return { ...result, ...(await writing.finish()) };
  } catch (error) {
    await writing.abandon();
    throw error;
  }
}

/** Checks every piece first, then writes them (rows of an id spread over several pieces are merged at the end). */
async function importInTwoPasses(job: PiecesImport): Promise<ResponsesImportResult> {
  const progress = job.options.onProgress;
  // Checking is the first third of the bar, writing the other two.
  const total = job.size * 3 + finishingShare(job.size);
  const { plan, spread } = await checkPieces(job, new PiecePlanner(job.index, job.planOptions, 'check'), (done) => progress?.(done, total));
  const result = planResult(job, plan);
  if (result.problems.length) return result;

  const planner = new PiecePlanner(job.index, job.planOptions, 'write', spread);
  const writing = writePieces(job, (done) => progress?.(job.size + done, total));
  try {
    for await (const piece of job.pieces()) {
      await writing.add(await planner.add(piece.table), piece.bytesDone);
    }
    const held = planner.finish(job.file);
    if (held.problems.length) {
      await writing.abandon();
      return { ...result, problems: held.problems };
    }
    await writing.add(held.responses, job.size);
    return { ...result, ...(await writing.finish()) };
  } catch (error) {
    await writing.abandon();
    throw error;
  }
}

/**
 * Hands each piece's new responses to a PieceWriter, and tells the progress: bytes read and checked, plus bytes
 * written. The analysis columns are extended here, as each piece is handed over, in the order the writer will give
 * the responses their ids: the piece's responses need not be held until written (at a million rows, that was a
 * quarter of the memory), and they are stored only if every piece was written.
 */
function writePieces(job: PiecesImport, onProgress: (done: number) => void) {
  const thread = job.size >= (job.options.threadFrom ?? THREAD_FROM);
  // The thread starts while the first piece is read (it takes a few hundred milliseconds).
  const starting = startPieceWriter(job.db, job.surveyId, job.actor, job.options.at ?? now(), { batchSize: job.options.writeBatch, thread });
  // Before the first write: the stored columns are extended only if they were fresh before the import.
  const columns = ColumnAppend.start(job.db, job.surveyId);
  const existing = new ExistingIds(job.db);
  let imported = 0;
  let skipped = 0;
  /** Where each piece handed over ends in the file (bytes). */
  const ends: number[] = [];
  let read = 0;
  let written = 0;
  const ready = starting.then((writer) => {
    writer.onWritten = (piece, share) => {
      const start = piece > 0 ? ends[piece - 1]! : 0;
      written = start + Math.round(share * (ends[piece]! - start));
      onProgress(read + written);
    };
    return writer;
  });
  // Should it fail, it is said where it is awaited (not first as an unhandled rejection).
  ready.catch(() => undefined);
  const closed = async () => {
    const writer = await ready;
    try {
      await writer.drain();
    } finally {
      await writer.close();
    }
  };
  return {
    /** A piece read up to `end` (bytes) and checked, and nothing of it to write. */
    read(end: number) {
      read = end;
      onProgress(read + written);
    },
    async add(responses: PlannedResponse[], end: number) {
      this.read(end);
      const fresh = existing.fresh(responses);
      skipped += responses.length - fresh.length;
      if (!fresh.length) return;
      imported += fresh.length;
      ends.push(end);
      columns?.add(writingOrder(fresh));
      await (await ready).submit(fresh);
    },
    /** Everything read: waits for the writing, records the import, stores the extended columns. */
    async finish(): Promise<{ imported: number; skipped: number }> {
      await closed();
      const writer = await ready;
      if (imported) {
        writer.finished([job.file], imported, skipped);
        columns?.finish(writer.raised);
      }
      onProgress(job.size * 2 + finishingShare(job.size));
      return { imported, skipped };
    },
    /** Takes back everything written, once the writing has stopped. */
    async abandon() {
      await closed().catch(() => undefined);
      (await ready).takeBack();
    },
  };
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
async function checkPieces(job: PiecesImport, check: PiecePlanner, onPiece: (bytesDone: number) => void): Promise<{ plan: ResponsePlan; spread: Set<string> }> {
  for await (const piece of job.pieces()) {
    await check.add(piece.table);
    onPiece(piece.bytesDone);
  }
  return { plan: check.finish(job.file), spread: check.spread };
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
function fitProblem(plan: Pick<ResponsePlan, 'fit' | 'formIds'>, file: string, formKey: string, otherKeys: string[]): FileProblem | null {
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
