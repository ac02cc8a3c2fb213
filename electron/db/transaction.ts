import type { Db } from './open';

/**
 * Transactions of the app, always through these two (a lint rule keeps it so).
 *
 * A transaction that writes begins IMMEDIATE: it takes the file's write lock at once, waiting its turn (busy_timeout)
 * while another connection writes (the thread of a large import, piece-writer.ts, or the command line). Begun the
 * default way, it would read first and ask for the lock only at its first write; had the other connection committed
 * meanwhile, SQLite would refuse at once ("database is locked"), without waiting: a facilitator's answer not saved.
 */
export function writeTransaction<A extends unknown[], R>(db: Db, body: (...args: A) => R): (...args: A) => R {
  return db.transaction(body).immediate;
}

/** Reads done together, from one snapshot of the file; it never waits for a writer. */
export function readTransaction<A extends unknown[], R>(db: Db, body: (...args: A) => R): (...args: A) => R {
  return db.transaction(body).deferred;
}
