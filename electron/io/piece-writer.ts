/**
 * Writes an import's responses piece by piece while the import goes on reading and checking the next pieces
 * (issue 7: an import of 100 000 responses is about half reading and checking, half writing; on two cores the two
 * halves now overlap). The writing is done by a thread of its own (response-write-worker.ts) on its own connection
 * to the project file; should that thread not start (an in-memory database, a packaging that cannot run it), the
 * pieces are written here instead, one after the other, as before.
 *
 * Whatever thread writes, the committed batches' ids are known here, so `takeBack` removes them on this connection,
 * and the import's audit row is written here once everything is in.
 */
import { Worker } from 'node:worker_threads';
import type { PlannedResponse } from '../../core/io/response-plan';
import { nativeBindingInUse, type Db } from '../db/open';
import type { Actor } from '../db/audit';
import { recordImport, ResponseWriter, takeBackWritten } from './response-writer';
import type { FromWorker, ToWorker, WorkerSetup } from './response-write-worker';
import { packedBuffers, packResponses } from './packed-responses';
import { workerEntry } from './worker-entry';
import { fromThreadError } from './thread-error';

export interface PieceWriter {
  /** Told as a piece is written: the how-manieth handed over (from 0), and the share of it written (1 once whole). */
  onWritten?: (piece: number, share: number) => void;
  /** The analysis counters the writing raised, and by how much. */
  readonly raised: ReadonlyMap<string, number>;
  /**
   * Hands over the next piece's new responses (ExistingIds.fresh), in file order; waits while the writing is more
   * than a piece behind. Rejects once a write failed.
   */
  submit(fresh: PlannedResponse[]): Promise<void>;
  /** Waits until every piece handed over is written; rejects with the failure if a write failed. */
  drain(): Promise<void>;
  /** Removes every response written (after `drain`, or after a failure). */
  takeBack(): void;
  /** The import's audit row, once every piece is written. */
  finished(files: string[], imported: number, skipped: number): void;
  close(): Promise<void>;
}

export interface PieceWriterOptions {
  /** Responses written per transaction (response-writer.ts). */
  batchSize?: number;
  /** Whether to write on a thread of its own: worth its start (a few hundred milliseconds) only for a large file. */
  thread?: boolean;
}

/** Pieces handed over and not yet written: one being written, one waiting (held packed meanwhile). */
const PIECES_AHEAD = 2;
/**
 * The writing thread's heap: a piece's texts and little else. Without a bound V8 let it grow to several hundred
 * megabytes of garbage (a million rows peaked at 1.8 GB in all; 1.4 GB with it).
 */
const THREAD_HEAP_MB = 256;

/** Starts the writing thread (in the background: call it before reading the first piece); falls back to writing here. */
export async function startPieceWriter(db: Db, surveyId: string, actor: Actor, at: string, options: PieceWriterOptions = {}): Promise<PieceWriter> {
  const entry = workerEntry('response-write-worker');
  if (options.thread && entry && !db.memory && !db.readonly) {
    const setup: WorkerSetup = { file: db.name, nativeBinding: nativeBindingInUse(), surveyId, actor, at, batchSize: options.batchSize };
    const threaded = await ThreadWriter.start(db, entry, setup);
    if (threaded) return threaded;
  }
  return new LocalWriter(db, surveyId, actor, at, options.batchSize);
}

class ThreadWriter implements PieceWriter {
  onWritten?: (piece: number, share: number) => void;
  readonly raised = new Map<string, number>();
  private readonly written: [number, number][] = [];
  /** Pieces handed over and not yet written. */
  private pending = 0;
  private pieces = 0;
  private failure: Error | null = null;
  /** Called when a piece is written or the writing failed: whoever waits looks again. */
  private wake: (() => void) | null = null;
  private readonly exited: Promise<void>;
  private closing = false;

  private constructor(
    private readonly db: Db,
    private readonly worker: Worker,
    private readonly setup: WorkerSetup,
  ) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        if (!this.closing) this.fail(new Error('the writing thread stopped'));
        resolve();
      }),
    );
  }

  /** The writer once its thread has opened the file; null when it could not. */
  static start(db: Db, entry: string, setup: WorkerSetup): Promise<ThreadWriter | null> {
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(entry, { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
      } catch {
        resolve(null);
        return;
      }
      const failed = () => {
        void worker.terminate();
        resolve(null);
      };
      worker.once('error', failed);
      worker.once('exit', failed);
      worker.once('message', (message: FromWorker) => {
        worker.off('error', failed);
        worker.off('exit', failed);
        if (message.kind === 'ready') resolve(new ThreadWriter(db, worker, setup));
        else failed();
      });
    });
  }

  async submit(fresh: PlannedResponse[]): Promise<void> {
    await this.until(() => this.pending < PIECES_AHEAD);
    const piece = this.pieces++;
    this.pending++;
    const packed = packResponses(fresh);
    this.worker.postMessage({ kind: 'write', piece, responses: packed } satisfies ToWorker, packedBuffers(packed));
  }

  drain(): Promise<void> {
    return this.until(() => this.pending === 0);
  }

  takeBack(): void {
    takeBackWritten(this.db, this.written);
    this.written.length = 0;
  }

  finished(files: string[], imported: number, skipped: number): void {
    recordImport(this.db, this.setup.surveyId, this.setup.actor, this.setup.at, { files, imported, skipped });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.worker.postMessage({ kind: 'close' } satisfies ToWorker);
    await this.exited;
  }

  private receive(message: FromWorker): void {
    switch (message.kind) {
      case 'committed':
        this.written.push(message.range);
        for (const [scope, times] of message.raised) this.raised.set(scope, times);
        this.onWritten?.(message.piece, message.share);
        break;
      case 'written':
        this.pending--;
        this.onWritten?.(message.piece, 1);
        break;
      case 'failed':
        this.fail(fromThreadError(message.error));
        break;
    }
    this.wake?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
  }

  private async until(done: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (done()) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

/** Writes each piece here, before the next is read (no thread, or none could start). */
class LocalWriter implements PieceWriter {
  onWritten?: (piece: number, share: number) => void;
  private pieces = 0;
  private readonly writer: ResponseWriter;

  constructor(db: Db, surveyId: string, actor: Actor, at: string, batchSize?: number) {
    this.writer = new ResponseWriter(db, surveyId, actor, at, batchSize);
  }

  get raised(): ReadonlyMap<string, number> {
    return this.writer.raised;
  }

  async submit(fresh: PlannedResponse[]): Promise<void> {
    const piece = this.pieces++;
    await this.writer.write(fresh, (done) => this.onWritten?.(piece, done / fresh.length));
  }

  async drain(): Promise<void> {}

  takeBack(): void {
    this.writer.takeBack();
  }

  finished(files: string[], imported: number, skipped: number): void {
    this.writer.finished(files, imported, skipped);
  }

  async close(): Promise<void> {
    this.writer.close();
  }
}
