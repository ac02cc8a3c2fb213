/**
 * The thread a survey's analysis columns are rebuilt on (columns-thread.ts starts it): it opens the project file on a
 * connection of its own, brings the columns up to date, which saves them in the file, and closes it. The app's
 * thread then reads them from the file.
 *
 * Messages out: `progress` (responses read of the total) as it goes; then `done`, or `failed` with the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openProjectDb, useNativeBinding } from '../db/open';
import { toThreadError, type ThreadError } from '../io/thread-error';
import { analysisColumns, responsesToRead } from './column-cache';

export interface ColumnsWorkerSetup {
  project: string;
  surveyId: string;
  nativeBinding: string | undefined;
}

export type FromColumnsWorker = { kind: 'progress'; read: number; total: number } | { kind: 'done' } | { kind: 'failed'; error: ThreadError };

const port = parentPort!;
const setup = workerData as ColumnsWorkerSetup;
const send = (message: FromColumnsWorker) => port.postMessage(message);

useNativeBinding(setup.nativeBinding);
try {
  const db = openProjectDb(setup.project);
  try {
    const total = responsesToRead(db, setup.surveyId);
    analysisColumns(db, setup.surveyId, { onRead: (read) => send({ kind: 'progress', read, total: Math.max(total, read) }) });
  } finally {
    db.close();
  }
  send({ kind: 'done' });
} catch (error) {
  send({ kind: 'failed', error: toThreadError(error) });
}
