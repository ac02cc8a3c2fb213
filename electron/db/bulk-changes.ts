import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

/**
 * Lets a bulk writer (an import, a merge) work without the analysis counters' per-row triggers inside one
 * transaction and raise each counter it touched once instead. Call `begin` first and `finish` last in the same
 * transaction: `begin` drops the triggers and `finish` makes them again from their own SQL, so the file never
 * commits without them (a rollback or a crash brings them back with the rows), and other writers' rows keep
 * raising the counters one by one. The counters keep their meaning for the column cache: a question's counter
 * moves whenever its answers may have changed, `rows` whenever responses were added, removed or changed status.
 * `begin` also raises the change sequence once (migration 010): the writer puts `seq` in the `changed` column of
 * every response it adds or changes (the triggers would have marked each one).
 *
 * Why drop them rather than let them see a marker row (migration 008's `WHEN`, gone since migration 010): the
 * trigger's test ran once per answer row, about a microsecond each, four seconds of an import of 100 000 responses.
 */
export class BulkChanges {
  private readonly questions = new Set<string>();
  private rows = false;
  private readonly bump: Statement;
  /** Each counter raised so far and by how much, over every transaction (column-append.ts checks against it). */
  readonly raised = new Map<string, number>();
  /** The triggers dropped by `begin`, as SQLite stored them. */
  private dropped: { name: string; sql: string }[] = [];
  private readonly readSeq: Statement;
  /** The change sequence of this transaction, for the `changed` column of the responses written (set by `begin`). */
  seq = 0;

  constructor(private readonly db: Db) {
    this.bump = db.prepare(`INSERT INTO analysis_change (scope, version) VALUES (?, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1`);
    this.readSeq = db.prepare(`SELECT version FROM analysis_change WHERE scope = 'seq'`).pluck();
  }

  begin(): void {
    if (!this.db.inTransaction) throw new Error('BulkChanges.begin must run inside a transaction');
    this.questions.clear();
    this.rows = false;
    this.dropped = this.db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'analysis\\_%' ESCAPE '\\' ORDER BY name`)
      .all() as { name: string; sql: string }[];
    for (const { name } of this.dropped) this.db.exec(`DROP TRIGGER "${name}"`);
    this.raise('seq');
    this.seq = this.readSeq.get() as number;
  }

  /** An answer row of this key (`age`, `age[2]`) was written or removed. */
  answer(key: string): void {
    const bracket = key.indexOf('[');
    this.questions.add(bracket < 0 ? key : key.slice(0, bracket));
  }

  /** A response was added, removed, or changed status. */
  response(): void {
    this.rows = true;
  }

  finish(): void {
    const scopes = [...this.questions].map((name) => `q:${name}`);
    if (this.rows) scopes.push('rows');
    for (const scope of scopes) this.raise(scope);
    for (const { sql } of this.dropped) this.db.exec(sql);
    this.dropped = [];
    this.questions.clear();
    this.rows = false;
  }

  private raise(scope: string): void {
    this.bump.run(scope);
    this.raised.set(scope, (this.raised.get(scope) ?? 0) + 1);
  }
}
