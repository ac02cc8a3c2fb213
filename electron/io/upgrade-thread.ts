/**
 * Brings an older project file up to date on a thread of its own (upgrade-worker.ts), so that the window can show
 * how far it got: the migrations of a large file take minutes (a million responses from version 9: 80 s), and on
 * the app's thread nothing could reach the window until they were over.
 * Should the thread not start, or stop before it is done (its transaction then leaves the file as it was), the
 * caller opens the file on its own thread, which upgrades it there as before.
 */
import fs from 'node:fs';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { MIGRATING_SHARE, nativeBindingInUse, openProjectDb } from '../db/open';
import type { FromUpgradeWorker, UpgradeWorkerSetup } from './upgrade-worker';
import { workerEntry } from './worker-entry';
import { runThread } from './run-thread';

/**
 * Whether the file is a project file of an older version, to be upgraded before it is used. Refuses, as opening
 * would, a file that is missing, damaged, not ours or newer than this app.
 */
export function needsUpgrade(file: string): boolean {
  const db = openProjectDb(file, { readonly: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    return version > 0 && version < LATEST_SCHEMA_VERSION;
  } finally {
    db.close();
  }
}

/** true: upgraded on the thread; false: not done there (the caller's open upgrades it). Rejects with its error. */
export function upgradeInThread(file: string, onProgress: (fraction: number) => void): Promise<boolean> {
  const entry = workerEntry('upgrade-worker');
  if (!entry) return Promise.resolve(false);
  const setup: UpgradeWorkerSetup = { project: file, nativeBinding: nativeBindingInUse() };
  let watch: ReturnType<typeof setInterval> | undefined;
  const upgraded = runThread<FromUpgradeWorker, boolean>(
    entry,
    { workerData: setup },
    (message) => {
      if (message.kind === 'progress') {
        clearInterval(watch); // the last one comes after the compaction
        onProgress(message.fraction);
      } else if (message.kind === 'compacting') watch = watchCompaction(file, message.bytes, onProgress);
      else return message.kind === 'done' ? { value: true } : { error: message.error };
    },
    () => false,
  );
  return upgraded.then((done) => done ?? false).finally(() => clearInterval(watch));
}

/** How often the compaction's `-wal` file is looked at. */
const WATCH_MS = 250;

/**
 * The compaction's progress, read from the size of the `-wal` file it writes the file's new content into (most of
 * its time; copying it back into the file afterwards is the rest, shown as the bar's last step).
 */
export function watchCompaction(file: string, bytes: number, onProgress: (fraction: number) => void): ReturnType<typeof setInterval> {
  return setInterval(() => {
    let written = 0;
    try {
      written = fs.statSync(`${file}-wal`).size;
    } catch {
      return; // not there yet
    }
    onProgress(MIGRATING_SHARE + (1 - MIGRATING_SHARE) * 0.95 * Math.min(1, written / Math.max(1, bytes)));
  }, WATCH_MS);
}
