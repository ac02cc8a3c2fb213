import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

/**
 * Answer rows name their question by a number, `answer_key.id` (migration 011); readers see names through the view
 * `answer`. A statement writing one row turns the name parameter into the number with this subquery, once
 * `ENSURE_KEY` has made sure the name has one.
 */
export const KEY_ID = '(SELECT id FROM answer_key WHERE name = ?)';
export const ENSURE_KEY = 'INSERT INTO answer_key (name) VALUES (?) ON CONFLICT (name) DO NOTHING';

/**
 * The numbers of answer keys, for a writer of many rows (an import, a merge): looked up or given once, then held.
 * A number never changes once committed, but one given inside a transaction that rolls back is gone: `forget` after
 * a rollback.
 */
export class AnswerKeys {
  private readonly ids = new Map<string, number>();
  private readonly ensure: Statement;
  private readonly find: Statement;

  constructor(db: Db) {
    this.ensure = db.prepare(ENSURE_KEY);
    this.find = db.prepare(`SELECT id FROM answer_key WHERE name = ?`).pluck();
  }

  /** The key's number, given now if it has none (inside the caller's write transaction). */
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      this.ensure.run(name);
      id = this.find.get(name) as number;
      this.ids.set(name, id);
    }
    return id;
  }

  forget(): void {
    this.ids.clear();
  }
}

/**
 * The names of answer keys by number, for a reader of many rows that reads the numbers (`answer_value.key_id`)
 * rather than join each row to its name: read again when a number not seen yet turns up (a key added meanwhile).
 */
export class AnswerKeyNames {
  private readonly names: string[] = [];
  constructor(private readonly db: Db) {}

  /** undefined: no such key. */
  name(id: number): string | undefined {
    if (this.names[id] === undefined) {
      for (const [key, name] of this.db.prepare('SELECT id, name FROM answer_key').raw().all() as [number, string][]) this.names[key] = name;
    }
    return this.names[id];
  }
}
