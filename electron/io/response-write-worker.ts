/**
 * The thread that writes an import's responses (piece-writer.ts starts it): its own connection to the project file,
 * a ResponseWriter on it, and the pieces the import's thread sends, written in the order they come. Meanwhile the
 * import's thread reads and checks the next piece: on two cores, the writing (the larger half of an import) no longer
 * waits for the reading, nor the reading for the writing.
 *
 * Messages in: `write` (a piece's new responses, packed-responses.ts), then `close`. Out: `ready` once the file is
 * open; per committed batch, `committed` (its ids, first and last, the counters raised so far, the share of the piece
 * written); per piece, `written`; `failed` with the error, after which nothing more is written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openProjectDb, useNativeBinding } from '../db/open';
import type { Actor } from '../db/audit';
import { ResponseWriter } from './response-writer';
import { unpackResponses, type PackedResponses, type WritableResponse } from './packed-responses';
import { toThreadError, type ThreadError } from './thread-error';

export interface WorkerSetup {
  file: string;
  nativeBinding: string | undefined;
  surveyId: string;
  actor: Actor;
  at: string;
  batchSize: number | undefined;
}

export type ToWorker = { kind: 'write'; piece: number; responses: PackedResponses } | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'committed'; piece: number; range: [number, number]; raised: [string, number][]; share: number }
  | { kind: 'written'; piece: number }
  | { kind: 'failed'; error: ThreadError };

const port = parentPort!;
const setup = workerData as WorkerSetup;
const send = (message: FromWorker) => port.postMessage(message);

useNativeBinding(setup.nativeBinding);
const db = openProjectDb(setup.file);
const writer = new ResponseWriter<WritableResponse>(db, setup.surveyId, setup.actor, setup.at, setup.batchSize);
let failed = false;
/** The pieces wait their turn: each is written whole before the next begins (write yields between batches). */
let queue = Promise.resolve();

async function write(piece: number, packed: PackedResponses): Promise<void> {
  if (failed) return;
  let done = 0;
  writer.onCommitted = (batch, range) => {
    done += batch.length;
    send({ kind: 'committed', piece, range, raised: [...writer.raised], share: done / packed.count });
  };
  try {
    await writer.write(unpackResponses(packed));
    send({ kind: 'written', piece });
  } catch (error) {
    failed = true;
    send({ kind: 'failed', error: toThreadError(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'write') queue = queue.then(() => write(message.piece, message.responses));
  else
    void queue.then(() => {
      writer.close();
      db.close();
      port.close();
    });
});
send({ kind: 'ready' });
