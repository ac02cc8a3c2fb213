/**
 * The thread an older project file is brought up to date on (upgrade-thread.ts starts it): it opens the file, which
 * runs the missing migrations, and closes it.
 *
 * Messages out: `progress` (0 to 1) as the migrations go, `compacting` when the file is about to be written again
 * compactly; then `done`, or `failed` with the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openProjectDb, useNativeBinding } from '../db/open';
import { toThreadError, type ThreadError } from './thread-error';

export interface UpgradeWorkerSetup {
  project: string;
  nativeBinding: string | undefined;
}

export type FromUpgradeWorker =
  | { kind: 'progress'; fraction: number }
  | { kind: 'compacting'; bytes: number }
  | { kind: 'done' }
  | { kind: 'failed'; error: ThreadError };

const port = parentPort!;
const setup = workerData as UpgradeWorkerSetup;
const send = (message: FromUpgradeWorker) => port.postMessage(message);

useNativeBinding(setup.nativeBinding);
try {
  openProjectDb(setup.project, {
    onUpgrade: (fraction) => send({ kind: 'progress', fraction }),
    onCompacting: (bytes) => send({ kind: 'compacting', bytes }),
  }).close();
  send({ kind: 'done' });
} catch (error) {
  send({ kind: 'failed', error: toThreadError(error) });
}
