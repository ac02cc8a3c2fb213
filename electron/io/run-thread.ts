import { Worker, type WorkerOptions } from 'node:worker_threads';
import { fromThreadError, type ThreadError } from './thread-error';

/** How a thread's message ends its work: with a value, with an error, or not (undefined: more to come). */
export type ThreadEnd<T> = { value: T } | { error: ThreadError } | undefined;

/**
 * Runs a thread that does one piece of work and says when it is done (the import thread, the upgrade thread):
 * settles once, with what `onMessage` makes of the message that ends it, or with `lost()` when the thread stops
 * without one (out of memory, a crash). null: the thread could not start, and `lost` is not called.
 */
export function runThread<M, T>(entry: string, options: WorkerOptions, onMessage: (message: M) => ThreadEnd<T>, lost: () => T): Promise<T | null> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(entry, options);
    } catch {
      resolve(null);
      return;
    }
    let settled = false;
    worker.on('message', (message: M) => {
      const end = onMessage(message);
      if (!end || settled) return;
      settled = true;
      if ('value' in end) resolve(end.value);
      else reject(fromThreadError(end.error));
    });
    const stopped = () => {
      if (settled) return;
      settled = true;
      try {
        resolve(lost());
      } catch (error) {
        reject(error as Error);
      }
    };
    worker.on('error', stopped);
    worker.on('exit', stopped);
  });
}
