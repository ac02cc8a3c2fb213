/**
 * SQL fragments shared by the readers that count responses (analysis, coding): which responses count, and which
 * answer rows belong to a question. Aliases: `r` response, `v` form_version, `a` answer.
 */
import type { Db } from './open';

/** Responses counted: complete, not deleted, not a second typing (double entry); takes the survey id. */
export const COUNTED = `v.form_id = ? AND r.status = 'complete' AND r.deleted_at IS NULL AND r.verifies IS NULL`;

/**
 * An answer row of question ? (its own key or a repeat instance `name[i]`), `a` being `answer_value` (migration
 * 011), not the view `answer`: the question's key numbers are found first, then SQLite searches the primary key
 * (response_id, key_id) of each response for them (through the view, it read every answer of each response and
 * looked up its name). Takes the name three times (see `keyOfParams`).
 */
export const KEY_OF = `a.key_id IN (SELECT id FROM answer_key WHERE name = ? OR substr(name, 1, length(?) + 1) = ? || '[')`;

/** The parameters of KEY_OF. */
export const keyOfParams = (name: string) => [name, name, name];

/** The answer row (`a`, of `answer_value`) whose key is named by the column given (a coding row's `answer_key`). */
export const KEY_NAMED = (column: string) => `a.key_id = (SELECT id FROM answer_key WHERE name = ${column})`;

/**
 * Whether what was read of the responses up to id `last`, at change sequence `seq` (migration 010), still holds: no
 * response up to `last` changed since, and none was removed since (a removed row leaves no mark). Then only the
 * responses after `last` need reading to bring it up to date. `removed`: the counter of that name.
 */
export function unchangedUpTo(db: Db, seq: number, last: number, removed: number): boolean {
  if (removed > seq) return false;
  return !db.prepare('SELECT EXISTS (SELECT 1 FROM response WHERE changed > ? AND id <= ?)').pluck().get(seq, last);
}

const memos = new WeakMap<Db, Map<string, { stamp: string; value: unknown }>>();

/**
 * A value read from the counted answers, kept in memory while the analysis counters it depends on (migration 005:
 * `rows`, `q:<question>`) stay the same; the triggers raise them on every write, by any connection. For counts
 * the coding screen asks for again after every code assigned (at 100 000 responses, 0.1–0.2 s each).
 */
export function whileUnchanged<T>(db: Db, name: string, scopes: readonly string[], read: () => T): T {
  const versions = db.prepare(`SELECT scope, version FROM analysis_change WHERE scope IN (${scopes.map(() => '?').join(', ')})`).raw().all(...scopes) as [string, number][];
  const stamp = JSON.stringify(Object.fromEntries(versions));
  let held = memos.get(db);
  if (!held) memos.set(db, (held = new Map()));
  const known = held.get(name);
  if (known?.stamp === stamp) return known.value as T;
  const value = read();
  held.set(name, { stamp, value });
  return value;
}
