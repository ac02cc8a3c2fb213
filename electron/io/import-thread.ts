/**
 * Runs the import of a large CSV file on a thread of its own (import-worker.ts), with its own connection to the
 * project file (issue 7):
 * - the app's thread stays free for the window (a facilitator typing papers, Results) during a long import;
 * - the thread's heap is bounded. On the app's thread V8 let the heap of an import of a million rows grow to
 *   600 MB, most of it garbage it had not yet collected, and the process peaked at 1.04–1.24 GB. Bounded, V8
 *   collects sooner: at 768 MB the process peaked at 961 MB (93.5 s, against 86.5 s on the app's thread in the same
 *   hour); at 512 MB, 946 MB but 100 s.
 * Should the thread not start (an in-memory database, a packaging that cannot run it) or stop before it is done (out
 * of memory: a file far larger than a million rows), whatever it wrote is taken back and the caller imports on its
 * own thread instead, as before.
 */
import { nativeBindingInUse, type Db } from '../db/open';
import type { Actor } from '../db/audit';
import { now } from '../db/clock';
import type { FromImportWorker, ImportWorkerSetup } from './import-worker';
import { takeBackImported } from './response-writer';
import type { ResponsesImportOptions, ResponsesImportResult } from './responses-import';
import { workerEntry } from './worker-entry';
import { runThread } from './run-thread';

/**
 * The import thread's heap: what a million rows hold, with room for garbage. Since the ids met are kept in typed
 * arrays (id-table.ts: 50 MB, where a Map held 109 MB) the process peaks near 740 MB at a million rows with any bound
 * from 384 to 768 MB; the larger bound is room for files far larger than that.
 */
const IMPORT_HEAP_MB = 768;

/** The import done on the thread (its result null: not a file for pieces); null: not done there, do it here. */
export async function importInThread(db: Db, file: string, actor: Actor, options: ResponsesImportOptions): Promise<{ result: ResponsesImportResult | null } | null> {
  const entry = workerEntry('import-worker');
  if (!entry || db.memory || db.readonly) return null;
  const { onProgress, ...rest } = options;
  const at = options.at ?? now();
  const before = db.prepare('SELECT coalesce(max(id), 0) FROM response').pluck().get() as number;
  const setup: ImportWorkerSetup = { project: db.name, nativeBinding: nativeBindingInUse(), file, actor, options: { ...rest, at } };
  return runThread<FromImportWorker, { result: ResponsesImportResult | null } | null>(
    entry,
    { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: options.threadHeapMb ?? IMPORT_HEAP_MB } },
    (message) => {
      if (message.kind === 'progress') onProgress?.(message.done, message.total);
      else return message.kind === 'done' ? { value: { result: message.result } } : { error: message.error };
    },
    () => {
      takeBackImported(db, before, at, actor);
      return null;
    },
  );
}
