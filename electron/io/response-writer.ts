/**
 * Writes an import's new responses into the project, up to 20 000 per transaction, giving the event loop a turn
 * between batches: the progress bar moves, and answers typed meanwhile on this laptop are saved. New responses get
 * the next numbers of the survey in the file's order (the number is also the paper code unless a typed code took
 * it), status complete, this device, and their source (file, row, when and by whom: the response's history shows it).
 * Should anything fail, `takeBack` removes what this writer wrote, so an import stays all or nothing.
 *
 * Speed (issue 7):
 * - the answer table is keyed by the responses' integer ids (migration 009), and new responses take the next ids
 *   in writing order: every answer row goes at the end of the table;
 * - an answer row names its question by a number (migration 011), looked up once per writer;
 * - an imported answer's time is its response's (`answered_at` NULL), and its state is written in the statement:
 *   fewer bytes to bind and store per row;
 * - `INSERT OR FAIL`: a row that fails ends its whole batch anyway (the transaction rolls back), so SQLite need not
 *   keep a journal to undo a single statement of many rows (about a tenth of the writing). Sending each response's
 *   answers as one JSON string for json_each to spread (one value to bind instead of three per answer) measured no
 *   faster here;
 * - the numbers of one `write` are reserved by its first batch, which also writes the response taking the highest
 *   one, so that a response typed meanwhile numbers after them;
 * - the analysis counters are raised once per batch and question (BulkChanges), not once per answer row;
 * - a larger page cache while writing.
 */
import type { PlannedResponse } from '../../core/io/response-plan';
import type { WritableResponse } from './packed-responses';
import { REFUSED } from '../../core/io/response-values';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import type { Actor } from '../db/audit';
import { BulkChanges } from '../db/bulk-changes';
import { AnswerKeys } from '../db/answer-keys';
import { latestVersion, publishSurvey } from '../db/survey-store';
import { writeTransaction } from '../db/transaction';

/**
 * Responses written per transaction: about a second of writing, during which the app waits. Fewer, larger
 * transactions write far less: each one writes every page of the uuid and audit indexes it touched, and random
 * uuids touch pages all over them (at a million responses, 2 000 a transaction wrote 20 GB for a 2 GB file; 20 000
 * wrote 10 GB, 35 % faster).
 */
const WRITE_BATCH = 20_000;
/** Up to this many responses in the project before an import, their ids are held in memory (about 10 MB). */
const IDS_HELD = 100_000;
/** Rows per INSERT statement. */
const BATCH_ROWS = 100;
/** Pages of the file SQLite keeps in memory while an import writes (KiB, negative as the pragma takes it). */
const IMPORT_CACHE_KIB = -65536;

interface Numbered<R> {
  response: R;
  /** Its place among the responses of one `write`, in the file's order. */
  index: number;
}

/** `R`: what the responses given are (planned responses, or those the writing thread unpacked), handed back to `onCommitted`. */
export class ResponseWriter<R extends WritableResponse = PlannedResponse> {
  /**
   * The response ids each committed batch took, first and last, for `takeBack`: a batch's ids are consecutive (a
   * response typed meanwhile takes an id between batches, never inside one), and two numbers a batch are all an
   * import of a million holds, where its uuids were 80 MB.
   */
  private readonly written: [first: number, last: number][] = [];
  private readonly rows: BatchInsert;
  private readonly answers: BatchInsert;
  private readonly refusals: BatchInsert;
  private readonly changes: BulkChanges;
  private readonly keys: AnswerKeys;
  private readonly existing: ExistingIds;
  private readonly codeTaken: Statement;
  private readonly maxNumber: Statement;
  private readonly maxId: Statement;
  private readonly batch: (batch: Numbered<R>[]) => [number, number];
  /** Told of each batch once committed: its responses in the order of their ids (column-append.ts listens), and those ids. */
  onCommitted?: (responses: R[], range: [first: number, last: number]) => void;
  /** The number before the first of the current `write`, once its first batch took it. */
  private base: number | null = null;
  private readonly cacheSize: number;

  constructor(
    private readonly db: Db,
    private readonly surveyId: string,
    private readonly actor: Actor,
    private readonly at: string,
    private readonly batchSize = WRITE_BATCH,
  ) {
    this.rows = batchInsert(
      db,
      'INSERT OR FAIL INTO response (id, uuid, form_version_id, number, device_id, status, created_at, updated_at, completed_at, paper_code, source, changed) VALUES',
      "(?, ?, ?, ?, ?, 'complete', ?, ?, ?, ?, ?, ?)",
      11,
    );
    this.answers = batchInsert(db, 'INSERT OR FAIL INTO answer_value (response_id, key_id, value, state, answered_at) VALUES', "(?, ?, ?, 'answered', NULL)", 3);
    this.refusals = batchInsert(db, 'INSERT OR FAIL INTO answer_value (response_id, key_id, value, state, answered_at) VALUES', "(?, ?, NULL, 'refused', NULL)", 2);
    this.keys = new AnswerKeys(db);
    this.changes = new BulkChanges(db);
    this.existing = new ExistingIds(db);
    // One indexed look-up per response: reading every code of the survey per batch grew with the square of the file.
    this.codeTaken = db
      .prepare(
        `SELECT 1 FROM response r JOIN form_version v ON v.id = r.form_version_id
         WHERE r.paper_code = ? AND v.form_id = ? AND r.verifies IS NULL AND r.deleted_at IS NULL LIMIT 1`,
      )
      .pluck();
    this.maxNumber = db.prepare(`SELECT coalesce(max(r.number), 0) FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ?`).pluck();
    this.maxId = db.prepare('SELECT coalesce(max(id), 0) FROM response').pluck();
    // A bigger page cache while writing: a batch's pages stay in memory until its commit (restored by close).
    this.cacheSize = db.pragma('cache_size', { simple: true }) as number;
    db.pragma(`cache_size = ${Math.min(this.cacheSize, IMPORT_CACHE_KIB)}`);
    this.batch = writeTransaction(db, (batch: Numbered<R>[]) => this.writeBatch(batch));
  }

  /** The responses not yet in the project (same id): importing a file twice adds nothing. */
  fresh(responses: R[]): R[] {
    return this.existing.fresh(responses);
  }

  /** Writes new responses, numbered in the order given, batch by batch; `onBatch` gets how many are written. */
  async write(fresh: R[], onBatch?: (done: number) => void): Promise<void> {
    if (!fresh.length) return;
    const { db } = this;
    const numbered = writingOrder(fresh.map((response, index) => ({ response, index })));
    this.base = null;
    for (let done = 0; done < numbered.length; done += this.batchSize) {
      const batch = numbered.slice(done, done + this.batchSize);
      // No foreign-key check per answer row (a quarter of the writing): each row points at a response the same
      // transaction has just written. Set between transactions, as SQLite requires; on again for everyone else.
      db.pragma('foreign_keys = OFF');
      try {
        // Recorded once committed: the ids of a batch that failed may be taken by a response typed meanwhile.
        this.written.push(this.batch(batch));
      } catch (error) {
        this.keys.forget();
        throw error;
      } finally {
        db.pragma('foreign_keys = ON');
      }
      this.onCommitted?.(
        batch.map((numbered) => numbered.response),
        this.written.at(-1)!,
      );
      onBatch?.(Math.min(done + this.batchSize, numbered.length));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Writes one batch; returns the ids it took, first and last. */
  private writeBatch(batch: Numbered<R>[]): [number, number] {
    const { db, surveyId, actor, at } = this;
    publishSurvey(db, surveyId, actor);
    const versionId = latestVersion(db, surveyId).versionId;
    const base = this.base ?? (this.maxNumber.get(surveyId) as number);
    // Asked per batch: a response typed between two batches took the next id.
    let key = this.maxId.get() as number;
    const ids: [number, number] = [key + 1, key + batch.length];
    // Codes given in this batch (some rows are still waiting to be inserted), and those in the file already.
    const codes = new Set<string>();
    const taken = (code: string) => codes.has(code) || this.codeTaken.get(code, surveyId) !== undefined;
    this.changes.begin();
    // A hundred responses at a time: their rows, then their answers (whose foreign key points at them).
    for (let start = 0; start < batch.length; start += BATCH_ROWS) {
      const chunk = batch.slice(start, start + BATCH_ROWS);
      const first = key + 1;
      for (const { response, index } of chunk) {
        const number = base + index + 1;
        let code = String(number);
        for (let n = 2; taken(code); n++) code = `${number}-${n}`;
        codes.add(code);
        const created = response.createdAt ?? at;
        const source = JSON.stringify({ ...response.source, at, actor: actor.name });
        this.rows.add(++key, response.id, versionId, number, actor.deviceId, created, at, response.completedAt ?? created, code, source, this.changes.seq);
        this.changes.response();
      }
      this.rows.flush();
      let id = first;
      for (const { response } of chunk) {
        for (const [name, value] of response.answers) {
          if (value === REFUSED) this.refusals.add(id, this.keys.id(name));
          else this.answers.add(id, this.keys.id(name), value);
          this.changes.answer(name);
        }
        id++;
      }
    }
    this.answers.flush();
    this.refusals.flush();
    this.changes.finish();
    // Reserved once the first batch, holding the highest number, is in.
    this.base = base;
    return ids;
  }

  /** The analysis counters this writer raised, and by how much. */
  get raised(): ReadonlyMap<string, number> {
    return this.changes.raised;
  }

  /** The import's own audit row, once every batch is in. */
  finished(files: string[], imported: number, skipped: number): void {
    recordImport(this.db, this.surveyId, this.actor, this.at, { files, imported, skipped });
  }

  /** Removes the responses this writer wrote: they were never the project's, only this import's. */
  takeBack(): void {
    takeBackWritten(this.db, this.written);
    this.written.length = 0;
  }

  close(): void {
    this.db.pragma(`cache_size = ${this.cacheSize}`);
  }
}

/**
 * The order `write` writes responses in, so their ids (the analysis columns follow ids): the file's order, after the
 * last response, which holds the highest number (see `write`).
 */
export function writingOrder<T>(fresh: readonly T[]): T[] {
  return fresh.length ? [fresh.at(-1)!, ...fresh.slice(0, -1)] : [];
}

/**
 * Tells which responses are not yet in the project (same id). Only responses there before the first look can share
 * an id with the file: an import's own responses all have different ids, and one typed meanwhile has a new random
 * one. When those are few, their ids are read once instead of looking each response up (at a million rows the
 * look-ups were a tenth of the writing).
 */
export class ExistingIds {
  /** The ids there before the first look, when few enough to hold; null: looked up one by one. */
  private before: Set<string> | null | undefined;
  private readonly exists: Statement;

  constructor(private readonly db: Db) {
    this.exists = db.prepare('SELECT 1 FROM response WHERE uuid = ?').pluck();
  }

  fresh<R extends { id: string }>(responses: R[]): R[] {
    if (this.before === undefined) {
      const count = this.db.prepare('SELECT count(*) FROM response').pluck().get() as number;
      this.before = count <= IDS_HELD ? new Set(this.db.prepare('SELECT uuid FROM response').pluck().all() as string[]) : null;
    }
    const before = this.before;
    return responses.filter((r) => (before ? !before.has(r.id) : !this.exists.get(r.id)));
  }
}

/** The audit row of an import (the file, how many responses were added and skipped). */
export function recordImport(db: Db, surveyId: string, actor: Actor, at: string, detail: { files: string[]; imported: number; skipped: number }): void {
  db.prepare(`INSERT INTO audit_log (at, actor, device_id, action, entity, entity_id, detail) VALUES (?, ?, ?, 'importResponses', 'form', ?, ?)`).run(
    at,
    actor.name,
    actor.deviceId,
    surveyId,
    JSON.stringify(detail),
  );
}

/** Removes the responses of the committed batches given (their ids, first and last), with their answers. */
export function takeBackWritten(db: Db, written: readonly [first: number, last: number][]): void {
  const answers = db.prepare('DELETE FROM answer_value WHERE response_id BETWEEN ? AND ?');
  const responses = db.prepare('DELETE FROM response WHERE id BETWEEN ? AND ?');
  const forget = writeTransaction(db, ([first, last]: [number, number]) => {
    answers.run(first, last);
    responses.run(first, last);
  });
  for (const range of written) forget(range);
}

/**
 * Removes the responses an import wrote that no one can tell the ids of any more (its thread stopped before saying
 * them, import-thread.ts): those after id `after` whose source names the import's time and actor. A response typed
 * meanwhile has no source, and another import another time.
 */
export function takeBackImported(db: Db, after: number, at: string, actor: Actor): void {
  const ours = `SELECT id FROM response WHERE id > ? AND json_extract(source, '$.at') = ? AND json_extract(source, '$.actor') = ?`;
  writeTransaction(db, () => {
    db.prepare(`DELETE FROM answer_value WHERE response_id IN (${ours})`).run(after, at, actor.name);
    db.prepare(`DELETE FROM response WHERE id IN (${ours})`).run(after, at, actor.name);
  })();
}

type BatchInsert = ReturnType<typeof batchInsert>;

/** Inserts rows a hundred at a time: one statement call per hundred rows instead of one each. */
function batchInsert(db: Db, head: string, row: string, width: number) {
  const many = db.prepare(`${head} ${Array.from({ length: BATCH_ROWS }, () => row).join(', ')}`);
  const one = db.prepare(`${head} ${row}`);
  const params: unknown[] = new Array(BATCH_ROWS * width);
  let filled = 0;
  return {
    /** One row's values, as many as the row has placeholders (named, not spread: this runs a million times). */
    add(a: unknown, b: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown, h?: unknown, i?: unknown, j?: unknown, k?: unknown) {
      params[filled++] = a;
      params[filled++] = b;
      if (width > 2) params[filled++] = c;
      if (width > 3) params[filled++] = d;
      if (width > 4) params[filled++] = e;
      if (width > 5) params[filled++] = f;
      if (width > 6) params[filled++] = g;
      if (width > 7) params[filled++] = h;
      if (width > 8) params[filled++] = i;
      if (width > 9) params[filled++] = j;
      if (width > 10) params[filled++] = k;
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
