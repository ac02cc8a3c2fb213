/**
 * The thread a large import runs on (import-thread.ts starts it): its own connection to the project file, and the
 * import of one CSV file a piece at a time, exactly as it would run on the app's thread (responses-import.ts).
 *
 * Messages out: `progress` as the import goes; then `done` with its result (null: not a file for pieces, which the
 * app's thread then reads whole), or `failed` with the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openProjectDb, useNativeBinding } from '../db/open';
import type { Actor } from '../db/audit';
import { toThreadError, type ThreadError } from './thread-error';
import { importFileInPieces, type ResponsesImportOptions, type ResponsesImportResult } from './responses-import';

export interface ImportWorkerSetup {
  project: string;
  nativeBinding: string | undefined;
  file: string;
  actor: Actor;
  /** The import's options that can cross to a thread (no callbacks), with its time set (`at`). */
  options: Omit<ResponsesImportOptions, 'onProgress'>;
}

export type FromImportWorker =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; result: ResponsesImportResult | null }
  | { kind: 'failed'; error: ThreadError };

const port = parentPort!;
const setup = workerData as ImportWorkerSetup;
const send = (message: FromImportWorker) => port.postMessage(message);

useNativeBinding(setup.nativeBinding);
const db = openProjectDb(setup.project);
try {
  const result = await importFileInPieces(db, setup.file, setup.actor, { ...setup.options, onProgress: (done, total) => send({ kind: 'progress', done, total }) });
  send({ kind: 'done', result });
} catch (error) {
  send({ kind: 'failed', error: toThreadError(error) });
} finally {
  db.close();
}
