/**
 * The typed columns of a survey (core/analysis/columns.ts), built from the project file and kept in two places:
 * in memory per open database (a WeakMap keyed by the Db, so closing a project lets them go), and in the file as
 * one BLOB per question (`analysis_column`, migration 005), so that opening a project for analysis reads
 * a few dozen BLOBs instead of every answer.
 *
 * Responses counted: complete, not deleted, not a second typing (what the reports count, and every view of
 * `analysis/table` and `analysis/numeric`). Drafts are left out.
 *
 * Freshness: triggers raise counters in `analysis_change` whenever an answer row of a question is written or
 * removed (`q:<name>`) and whenever the set of responses changes (`rows`). A column is fresh when it was built
 * at today's counters and from today's survey version (`stamp`); only stale columns are rebuilt, together, in one
 * pass over the answers in their primary-key order (answer-reader.ts). A change to the set of responses rebuilds every column
 * (each column has one entry per response, in the same order), unless the columns can be extended: when no
 * response up to the last one they hold changed since they were built and none was removed (`response.changed`,
 * migration 010), the responses after it are read and their columns joined on (a response typed while Results is
 * open: 0.18 s at 100 000 responses, against 4.5 s for a rebuild). The columns of one repeat are always rebuilt
 * together, since they share the instances. An import extends the stored columns it found fresh (column-append.ts,
 * replaceStoredColumns), so that Results opens after it from the BLOBs, without a rebuild.
 */
import { buildColumns, type Column, type ColumnSet, type RepeatLevel, type ResponseAnswers } from '../../core/analysis/columns';
import { COLUMN_FORMAT_VERSION, decodeColumn, encodeColumn } from '../../core/analysis/column-bytes';
import { AnalysisError } from '../../core/analysis/analysis-error';
import { concatColumnSets } from '../../core/analysis/column-concat';
import type { Survey } from '../../core/survey/model';
import { getSurvey, latestVersion } from '../db/survey-store';
import type { Db } from '../db/open';
import { COUNTED, unchangedUpTo } from '../db/counted';
import { lastCountedId, readCountedAnswers } from './answer-reader';
import { writeTransaction, readTransaction } from '../db/transaction';

/** Raise when what a column holds for the same answers changes (which responses count, an encoding rule). */
export const COLUMN_BUILDER_VERSION = 2;

export interface ColumnsOpenReport {
  /** Columns reused from memory, read from the file's BLOBs, and rebuilt from the answers. */
  fromMemory: number;
  fromFile: number;
  /** Responses read to extend columns built before them (0: none extended). */
  extended: number;
  rebuilt: number;
  /** Milliseconds spent reading BLOBs, rebuilding, and writing BLOBs back. */
  readMs: number;
  buildMs: number;
  writeMs: number;
}

export interface AnalysisColumns {
  survey: Survey;
  set: ColumnSet;
  report: ColumnsOpenReport;
}

interface Entry {
  stamp: string;
  rows: number;
  survey: Survey;
  /** Per column: the answers version it was built at. */
  versions: ReadonlyMap<string, number>;
  set: ColumnSet;
  /** The change sequence the set is as of, and the highest id among its responses (migration 010). */
  seq: number;
  last: number;
}

const memory = new WeakMap<Db, Map<string, Entry>>();

export interface ColumnsOptions {
  /** Read and write the BLOBs of the file (default true). Off: memory and rebuilds only (benchmarks). */
  useFile?: boolean;
  /** Reuse what is in memory (default true). Off: an honest cold open. */
  useMemory?: boolean;
  /** Told how many responses have been read so far, every thousand, while columns are extended or rebuilt. */
  onRead?: (read: number) => void;
}

/** Forgets the columns held in memory for a database (tests and benchmarks measure cold opens with it). */
export function forgetColumns(db: Db): void {
  memory.delete(db);
}

/** The columns of a survey, fresh: from memory, else from the file's BLOBs, else extended or rebuilt (and saved). */
export function analysisColumns(db: Db, surveyId: string, options: ColumnsOptions = {}): AnalysisColumns {
  const useFile = options.useFile ?? true;
  let perDb = memory.get(db);
  if (!perDb) memory.set(db, (perDb = new Map()));
  const held = options.useMemory === false ? undefined : perDb.get(surveyId);
  // One read snapshot for all that is read: a writer on another connection cannot slip in between two reads.
  const { entry, report, built } = readTransaction(db, () => readColumns(db, surveyId, held, useFile, options.onRead))();
  if (!entry) {
    // Never expected (the counters move together); if it happens, a full rebuild is the safe answer.
    perDb.delete(surveyId);
    db.prepare('DELETE FROM analysis_column WHERE form_id = ?').run(surveyId);
    return analysisColumns(db, surveyId, { ...options, useMemory: false });
  }
  if (built.size > 0 && useFile && !db.readonly) {
    const started = performance.now();
    saveColumns(db, surveyId, entry, built);
    report.writeMs = performance.now() - started;
  }
  perDb.set(surveyId, entry);
  return { survey: entry.survey, set: entry.set, report };
}

/**
 * The columns as of one snapshot of the file, and those built in it (to be saved); a null entry when their lengths
 * disagree. In order: the columns held in memory, then those stored in the file, when built at today's counters;
 * else, when only responses after the ones they hold were added or changed since, those columns extended by the
 * newer responses; what is left is rebuilt from the answers.
 */
function readColumns(
  db: Db,
  surveyId: string,
  held: Entry | undefined,
  useFile: boolean,
  onRead: ((read: number) => void) | undefined,
): { entry: Entry | null; report: ColumnsOpenReport; built: Map<string, Column> } {
  const report: ColumnsOpenReport = { fromMemory: 0, fromFile: 0, extended: 0, rebuilt: 0, readMs: 0, buildMs: 0, writeMs: 0 };
  const stamp = columnStamp(db, surveyId);
  const counters = readAnalysisCounters(db);
  const rows = counters.get('rows') ?? 0;
  const survey = held && held.stamp === stamp ? held.survey : getSurvey(db, surveyId);

  // The plan: every column the survey gets (built over no response, which is instant), and what it depends on.
  const plan = buildColumns(survey, []);
  const wanted = columnVersions(plan, counters);

  const columns = new Map<string, Column>();
  const usable = held && held.stamp === stamp && held.rows === rows ? held : null;
  if (usable) {
    for (const [name, v] of wanted) {
      const column = usable.set.columns.get(name);
      if (column && usable.versions.get(name) === v) {
        columns.set(name, column);
        report.fromMemory++;
      }
    }
  }

  let base: Base | null = held && held.stamp === stamp && held.rows !== rows ? { seq: held.seq, last: held.last, responseCount: held.set.responseCount, columns: held.set.columns } : null;
  if (useFile && columns.size < wanted.size) {
    const started = performance.now();
    const stored = storedColumnRows(db, surveyId);
    const readBytes = db.prepare(`SELECT bytes FROM analysis_column WHERE form_id = ? AND question_name = ?`).pluck();
    const read = (name: string): Column | null => {
      try {
        const column = decodeColumn(readBytes.get(surveyId, name) as Uint8Array);
        return column.question === name ? column : null;
      } catch (error) {
        // A BLOB this app cannot read (damaged, or from a newer format): rebuild it from the answers instead.
        if (!(error instanceof AnalysisError)) throw error;
        return null;
      }
    };
    for (const row of stored) {
      if (columns.has(row.name) || !builtAt(row, stamp, rows, wanted)) continue;
      const column = read(row.name);
      if (!column) continue;
      columns.set(row.name, column);
      report.fromFile++;
    }
    if (columns.size === 0 && !base) base = storedBase(stored, stamp, wanted, read);
    report.readMs = performance.now() - started;
  }

  const built = new Map<string, Column>();
  if (columns.size === 0 && base) {
    const started = performance.now();
    const extended = extend(db, survey, surveyId, base, counters, onRead);
    if (extended) {
      for (const [name, column] of extended.set.columns) columns.set(name, column);
      // Saved once what was read past the base is a fair part of it; until then the base stays, extended each time.
      if (extended.read * 8 >= base.responseCount) for (const [name, column] of columns) built.set(name, column);
      report.extended = extended.read;
      report.buildMs = performance.now() - started;
    }
  }

  // What is left is rebuilt; a repeat's columns go together (they share its instances).
  const stale = new Set([...wanted.keys()].filter((name) => !columns.has(name)));
  for (const name of [...stale]) {
    const repeat = plan.columns.get(name)!.repeat;
    if (repeat === null) continue;
    for (const [other, column] of plan.columns) {
      if (column.repeat === repeat) {
        stale.add(other);
        if (columns.delete(other)) report.fromFile--;
      }
    }
  }
  let responseCount = -1;
  if (stale.size > 0) {
    const started = performance.now();
    const only = [...stale];
    const rebuilt = buildColumns(survey, counting(streamResponses(db, surveyId, only, plan), onRead), { only });
    for (const [name, column] of rebuilt.columns) {
      columns.set(name, column);
      built.set(name, column);
    }
    responseCount = rebuilt.responseCount;
    report.rebuilt = rebuilt.columns.size;
    report.buildMs = performance.now() - started;
  }
  if (responseCount < 0) {
    const top = [...columns.values()].find((column) => column.repeat === null);
    responseCount = top ? top.length : countResponses(db, surveyId);
  }
  const lengthsAgree = [...columns.values()].every((column) => column.repeat !== null || column.length === responseCount);
  if (!lengthsAgree) return { entry: null, report, built };
  const set = setOf(columns, responseCount, plan.skipped);
  return { entry: { stamp, rows, survey, versions: wanted, set, seq: counters.get('seq') ?? 0, last: lastCountedId(db, surveyId) }, report, built };
}

/** Columns built at an earlier state of the file, which may be extended instead of rebuilt. */
interface Base {
  /** The change sequence they were built at, and the highest id among their responses (migration 010). */
  seq: number;
  last: number;
  responseCount: number;
  columns: ReadonlyMap<string, Column>;
}

/** The stored columns' state when every column of the survey is stored, all built together at one sequence; else null. */
function storedBaseRow(stored: StoredColumnRow[], stamp: string, wanted: ReadonlyMap<string, number>): { seq: number; last: number } | null {
  const first = stored[0];
  if (!first || first.seq === null || first.last === null) return null;
  const byName = new Map(stored.map((row) => [row.name, row]));
  const together = [...wanted.keys()].every((name) => {
    const row = byName.get(name);
    return row !== undefined && row.stamp === stamp && row.seq === first.seq && row.last === first.last && row.rows === first.rows;
  });
  return together ? { seq: first.seq, last: first.last } : null;
}

/** The stored columns as one base (see storedBaseRow); else null. */
function storedBase(stored: StoredColumnRow[], stamp: string, wanted: ReadonlyMap<string, number>, read: (name: string) => Column | null): Base | null {
  const at = storedBaseRow(stored, stamp, wanted);
  if (!at) return null;
  const columns = new Map<string, Column>();
  for (const name of wanted.keys()) {
    const column = read(name);
    if (!column) return null;
    columns.set(name, column);
  }
  const top = [...columns.values()].find((column) => column.repeat === null);
  return top ? { ...at, responseCount: top.length, columns } : null;
}

/**
 * The base's columns followed by those of the counted responses after its last one, when nothing it holds can have
 * changed: no response up to its last one changed since it was built, and none was removed since. Null otherwise
 * (or when the columns cannot be joined): they are then rebuilt.
 */
function extend(
  db: Db,
  survey: Survey,
  surveyId: string,
  base: Base,
  counters: ReadonlyMap<string, number>,
  onRead: ((read: number) => void) | undefined,
): { set: ColumnSet; read: number } | null {
  if (!unchangedUpTo(db, base.seq, base.last, counters.get('removed') ?? 0)) return null;
  const newer = buildColumns(survey, counting(readCountedAnswers(db, surveyId, null, base.last), onRead));
  try {
    return { set: concatColumnSets([setOf(base.columns, base.responseCount, newer.skipped), newer]), read: newer.responseCount };
  } catch (error) {
    if (error instanceof AnalysisError) return null;
    throw error;
  }
}

/** A column set from its columns: the repeats' levels are those its columns carry. */
function setOf(columns: ReadonlyMap<string, Column>, responseCount: number, skipped: ColumnSet['skipped']): ColumnSet {
  const repeats = new Map<string, RepeatLevel>();
  for (const column of columns.values()) {
    if (column.repeat !== null && column.parent && column.instance && !repeats.has(column.repeat)) {
      repeats.set(column.repeat, { repeat: column.repeat, length: column.length, parent: column.parent, instance: column.instance });
    }
  }
  return { responseCount, columns: new Map(columns), repeats, skipped };
}

/** The survey's stored columns as an import found them before writing (column-append.ts). */
export interface StoredColumnsState {
  stamp: string;
  survey: Survey;
  counters: ReadonlyMap<string, number>;
  /** Counted responses then. */
  responseCount: number;
  /** No counted response: nothing stored is needed, the columns start empty. */
  empty: boolean;
}

/** The state of a survey's stored columns when every one is fresh (or none is needed); else null. */
export function storedColumnsState(db: Db, surveyId: string): StoredColumnsState | null {
  return readTransaction(db, () => {
    const stamp = columnStamp(db, surveyId);
    const counters = readAnalysisCounters(db);
    const survey = getSurvey(db, surveyId);
    const responseCount = countResponses(db, surveyId);
    const state = { stamp, survey, counters, responseCount, empty: responseCount === 0 };
    return state.empty || storedAsAt(db, surveyId, state) ? state : null;
  })();
}

/** Whether every column of the survey is stored, built at the state's counters and stamp. */
function storedAsAt(db: Db, surveyId: string, state: StoredColumnsState): boolean {
  const wanted = columnVersions(buildColumns(state.survey, []), state.counters);
  const stored = new Map(storedColumnRows(db, surveyId).map((row) => [row.name, row]));
  const rows = state.counters.get('rows') ?? 0;
  return [...wanted.keys()].every((name) => {
    const row = stored.get(name);
    return row !== undefined && builtAt(row, state.stamp, rows, wanted);
  });
}

interface StoredColumnRow {
  name: string;
  stamp: string;
  rows: number;
  answers: number;
  /** The change sequence and the last response the column was built at (null: before migration 010). */
  seq: number | null;
  last: number | null;
}

/** What the file says of each stored column of a survey: what it was built for, and at which counters. */
function storedColumnRows(db: Db, surveyId: string): StoredColumnRow[] {
  return db
    .prepare(`SELECT question_name AS name, stamp, rows_version AS rows, answers_version AS answers, built_seq AS seq, last_response AS last
       FROM analysis_column WHERE form_id = ?`)
    .all(surveyId) as StoredColumnRow[];
}

/** A stored column is fresh when built for this stamp, at these rows, at the answers version its question has now. */
function builtAt(row: StoredColumnRow, stamp: string, rows: number, wanted: ReadonlyMap<string, number>): boolean {
  return row.stamp === stamp && row.rows === rows && wanted.get(row.name) === row.answers;
}

/**
 * Replaces a survey's stored columns by `extend(name, column as stored)`, one column at a time (at a million
 * responses, all of them in memory at once is a few hundred megabytes more), at today's counters. Only when the
 * survey version is the same and the stored columns are still those the state found; else nothing is written. The
 * caller vouches that the extended columns hold every counted response.
 */
export function replaceStoredColumns(db: Db, surveyId: string, state: StoredColumnsState, extend: (name: string, stored: Column) => Column): boolean {
  return writeTransaction(db, () => {
    if (columnStamp(db, surveyId) !== state.stamp || !(state.empty || storedAsAt(db, surveyId, state))) return false;
    const plan = buildColumns(state.survey, []);
    const counters = readAnalysisCounters(db);
    const readBytes = db.prepare('SELECT bytes FROM analysis_column WHERE form_id = ? AND question_name = ?').pluck();
    const stored = (name: string) => (state.empty ? plan.columns.get(name)! : decodeColumn(readBytes.get(surveyId, name) as Uint8Array));
    function* extended(): Generator<[string, Column]> {
      for (const name of plan.columns.keys()) yield [name, extend(name, stored(name))];
    }
    const at = { stamp: state.stamp, rows: counters.get('rows') ?? 0, versions: columnVersions(plan, counters), seq: counters.get('seq') ?? 0, last: lastCountedId(db, surveyId) };
    saveColumns(db, surveyId, at, extended());
    // What this connection held for the survey is behind the file now.
    memory.get(db)?.delete(surveyId);
    return true;
  })();
}

/** What columns are built for: this builder, this BLOB format, the survey's latest version as it stands. */
export function columnStamp(db: Db, surveyId: string): string {
  const version = latestVersion(db, surveyId);
  return `${COLUMN_BUILDER_VERSION}:${COLUMN_FORMAT_VERSION}:${version.versionId}:${version.updatedAt}`;
}

/** The counters the triggers of migration 005 (and bulk writers, db/bulk-changes.ts) raise. */
export function readAnalysisCounters(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT scope, version FROM analysis_change').raw().all() as [string, number][];
  return new Map(rows);
}

/**
 * The answers version each column depends on: its own question's counter; inside a repeat, the sum over the
 * repeat's questions and the repeat's own count (any of them can change the instances). Counters only grow,
 * so a sum changes whenever one of its parts does.
 */
function columnVersions(plan: ColumnSet, counters: ReadonlyMap<string, number>): Map<string, number> {
  const own = (name: string) => counters.get(`q:${name}`) ?? 0;
  const byRepeat = new Map<string, number>();
  for (const column of plan.columns.values()) {
    if (column.repeat === null) continue;
    byRepeat.set(column.repeat, (byRepeat.get(column.repeat) ?? own(column.repeat)) + own(column.question));
  }
  const versions = new Map<string, number>();
  for (const [name, column] of plan.columns) versions.set(name, column.repeat === null ? own(name) : byRepeat.get(column.repeat)!);
  return versions;
}

/** The survey's counted responses, or those after id `after`. */
function countResponses(db: Db, surveyId: string, after = 0): number {
  return db.prepare(`SELECT count(*) FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${COUNTED} AND r.id > ?`).pluck().get(surveyId, after) as number;
}

/** How often `onRead` is told. */
const READ_STEP = 1000;

/** The responses as they come, telling `onRead` how many have passed every READ_STEP. */
function* counting(responses: Iterable<ResponseAnswers>, onRead: ((read: number) => void) | undefined): Generator<ResponseAnswers> {
  if (!onRead) return yield* responses;
  let read = 0;
  for (const response of responses) {
    yield response;
    if (++read % READ_STEP === 0) onRead(read);
  }
  onRead(read);
}

/**
 * How many responses `analysisColumns` would read to bring the survey's columns up to date now: 0 when every column
 * is fresh in memory or in the file, those after the last one held when the columns can be extended, else every
 * counted response (a rebuild, of all columns or of a few). It follows readColumns' choices without reading a BLOB,
 * so that a caller can send a long rebuild to a thread (columns-thread.ts); a wrong guess costs time, not answers.
 */
export function responsesToRead(db: Db, surveyId: string): number {
  return readTransaction(db, () => {
    const stamp = columnStamp(db, surveyId);
    const counters = readAnalysisCounters(db);
    const rows = counters.get('rows') ?? 0;
    const held = memory.get(db)?.get(surveyId);
    const heldNow = held && held.stamp === stamp ? held : undefined;
    const wanted = columnVersions(buildColumns(heldNow?.survey ?? getSurvey(db, surveyId), []), counters);
    const inMemory = (name: string, version: number) => heldNow?.rows === rows && heldNow.versions.get(name) === version && heldNow.set.columns.has(name);
    if ([...wanted].every(([name, version]) => inMemory(name, version))) return 0;
    // Read only when needed: the stored rows' last columns lie past their BLOBs (at a million responses, megabytes).
    const stored = storedColumnRows(db, surveyId);
    const storedByName = new Map(stored.map((row) => [row.name, row]));
    const fresh = (name: string, version: number) => {
      const row = storedByName.get(name);
      return inMemory(name, version) || (row !== undefined && builtAt(row, stamp, rows, wanted));
    };
    const stale = [...wanted].filter(([name, version]) => !fresh(name, version)).length;
    if (stale === 0) return 0;
    if (stale === wanted.size) {
      const base = heldNow && heldNow.rows !== rows ? heldNow : storedBaseRow(stored, stamp, wanted);
      if (base && unchangedUpTo(db, base.seq, base.last, counters.get('removed') ?? 0)) return countResponses(db, surveyId, base.last);
    }
    return countResponses(db, surveyId);
  })();
}

/** Up to this many stale top-level questions are read by seeking their keys; more, and every answer is walked. */
const SEEK_AT_MOST = 8;

/**
 * The counted responses in a stable order (their id, migration 009; version 1 of the builder went by uuid), each with its answers to
 * the questions asked for (answer-reader.ts). A few top-level questions are sought by key; otherwise, or when a
 * repeat is among them (its instances are keys `age[2]`, and its count sits under the repeat's name), every
 * answer of each response is read and the builder keeps what it needs.
 */
export function streamResponses(db: Db, surveyId: string, only: readonly string[], plan: ColumnSet): Iterable<ResponseAnswers> {
  const inRepeat = only.some((name) => plan.columns.get(name)?.repeat);
  return readCountedAnswers(db, surveyId, inRepeat || only.length > SEEK_AT_MOST ? null : only);
}

/**
 * Stores columns as built at `at`, and says the same of the stored columns that were fresh at `at` (built at
 * its counters), so that all of them can be extended together later; forgets the columns of questions gone.
 */
function saveColumns(db: Db, surveyId: string, at: Pick<Entry, 'stamp' | 'rows' | 'versions' | 'seq' | 'last'>, columns: Iterable<[string, Column]>): void {
  const upsert = db.prepare(
    `INSERT INTO analysis_column (form_id, question_name, stamp, rows_version, answers_version, bytes, built_at, built_seq, last_response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (form_id, question_name) DO UPDATE SET stamp = excluded.stamp, rows_version = excluded.rows_version,
       answers_version = excluded.answers_version, bytes = excluded.bytes, built_at = excluded.built_at,
       built_seq = excluded.built_seq, last_response = excluded.last_response`,
  );
  const restamp = db.prepare(
    `UPDATE analysis_column SET built_seq = ?, last_response = ?
     WHERE form_id = ? AND question_name = ? AND stamp = ? AND rows_version = ? AND answers_version = ?`,
  );
  const builtAt = new Date().toISOString();
  writeTransaction(db, () => {
    for (const [name, column] of columns) upsert.run(surveyId, name, at.stamp, at.rows, at.versions.get(name) ?? 0, encodeColumn(column), builtAt, at.seq, at.last);
    for (const [name, version] of at.versions) restamp.run(at.seq, at.last, surveyId, name, at.stamp, at.rows, version);
    // Columns of questions no longer in the survey.
    const stored = db.prepare('SELECT question_name FROM analysis_column WHERE form_id = ?').pluck().all(surveyId) as string[];
    const remove = db.prepare('DELETE FROM analysis_column WHERE form_id = ? AND question_name = ?');
    for (const name of stored) if (!at.versions.has(name)) remove.run(surveyId, name);
  })();
}
