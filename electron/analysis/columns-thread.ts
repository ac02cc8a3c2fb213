/**
 * Long rebuilds of a survey's analysis columns run on a thread of their own (columns-worker.ts). Columns are rebuilt
 * from every answer after a merge, a change to the survey, a deleted response or a new column format: 3–4 s at
 * 100 000 responses and about 20 s at a million, during which the app's thread answered nothing else and the window
 * could say only "preparing". On the thread the window gets a bar, and other calls go on.
 *
 * Short work (a few responses typed since Results opened) stays on the app's thread, where it is quicker than
 * starting a thread. Should the thread not start or stop before it is done, the app's thread does the work, as before.
 */
import type { Db } from '../db/open';
import { nativeBindingInUse } from '../db/open';
import { runThread } from '../io/run-thread';
import { workerEntry } from '../io/worker-entry';
import { responsesToRead } from './column-cache';
import type { ColumnsWorkerSetup, FromColumnsWorker } from './columns-worker';

/** Below this many responses to read, the columns are brought up to date where they are asked for (about 1 s). */
export const THREAD_AT_LEAST = 20_000;

/** Rebuilds under way, per database and survey: a second call waits for the first. */
const underWay = new WeakMap<Db, Map<string, Promise<void>>>();

/**
 * Brings a survey's columns up to date on a thread when that means reading many responses, telling `onProgress`
 * (responses read, of how many). Resolves when they are saved in the file, or when the thread failed, or at once when
 * there is little to do: in each case the caller's `analysisColumns` does what is left.
 */
export function prepareColumns(db: Db, surveyId: string, onProgress: (read: number, total: number) => void, atLeast = THREAD_AT_LEAST): Promise<void> {
  let perDb = underWay.get(db);
  const pending = perDb?.get(surveyId);
  if (pending) return pending;
  // Read-only or in-memory files cannot be reached from another connection, or take the columns back.
  if (db.readonly || db.memory) return Promise.resolve();
  const total = responsesToRead(db, surveyId);
  const entry = total >= atLeast ? workerEntry('columns-worker', import.meta.url) : null;
  if (!entry) return Promise.resolve();
  onProgress(0, total);
  const setup: ColumnsWorkerSetup = { project: db.name, surveyId, nativeBinding: nativeBindingInUse() };
  const done = runThread<FromColumnsWorker, void>(
    entry,
    { workerData: setup },
    (message) => {
      if (message.kind === 'progress') onProgress(message.read, message.total);
      // A failure is left to the app's thread, which tries again and says what went wrong as it always did.
      else return { value: undefined };
    },
    () => undefined,
  ).then(() => undefined);
  if (!perDb) underWay.set(db, (perDb = new Map()));
  const tracked = done.finally(() => perDb.delete(surveyId));
  perDb.set(surveyId, tracked);
  return tracked;
}
