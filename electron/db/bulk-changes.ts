import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

/** The marker row of migration 008: while it exists, the analysis counters' triggers do nothing. */
const MARKER = 'bulk';

/**
 * Lets a bulk writer (an import, a merge) skip the analysis counters' per-row triggers inside one transaction and
 * raise each counter it touched once instead. Call `begin` first and `finish` last in the same transaction: the
 * marker is never committed (a rollback or a crash takes it away with the rows), and other writers' rows keep
 * raising the counters one by one. The counters keep their meaning for the column cache: a question's counter
 * moves whenever its answers may have changed, `rows` whenever responses were added, removed or changed status.
 */
export class BulkChanges {
  private readonly questions = new Set<string>();
  private rows = false;
  private readonly bump: Statement;

  constructor(private readonly db: Db) {
    this.bump = db.prepare(`INSERT INTO analysis_change (scope, version) VALUES (?, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1`);
  }

  begin(): void {
    if (!this.db.inTransaction) throw new Error('BulkChanges.begin must run inside a transaction');
    this.questions.clear();
    this.rows = false;
    this.db.prepare(`INSERT INTO analysis_change (scope, version) VALUES (?, 0) ON CONFLICT (scope) DO NOTHING`).run(MARKER);
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
    for (const name of this.questions) this.bump.run(`q:${name}`);
    if (this.rows) this.bump.run('rows');
    this.db.prepare('DELETE FROM analysis_change WHERE scope = ?').run(MARKER);
    this.questions.clear();
    this.rows = false;
  }
}
