/**
 * SQL fragments shared by the readers that count responses (analysis, coding): which responses count, and which
 * answer rows belong to a question. Aliases: `r` response, `v` form_version, `a` answer.
 */
import type { Db } from './open';

/** Responses counted: complete, not deleted, not a second typing (double entry); takes the survey id. */
export const COUNTED = `v.form_id = ? AND r.status = 'complete' AND r.deleted_at IS NULL AND r.verifies IS NULL`;

/**
 * An answer row of question ? (its own key or a repeat instance `name[i]`); takes the name 5 times (see `five`).
 * The range comes first so SQLite searches the answer's primary key (response_id, question_name) instead of
 * reading every answer of each response ("\\" is the character after "["); the test after it is the exact one.
 */
export const KEY_OF = `a.question_name >= ? AND a.question_name < ? || '\\' AND (a.question_name = ? OR substr(a.question_name, 1, length(?) + 1) = ? || '[')`;

/** The five parameters of KEY_OF. */
export const five = (name: string) => [name, name, name, name, name];

/**
 * Whether what was read of the responses up to id `last`, at change sequence `seq` (migration 010), still holds: no
 * response up to `last` changed since, and none was removed since (a removed row leaves no mark). Then only the
 * responses after `last` need reading to bring it up to date. `removed`: the counter of that name.
 */
export function unchangedUpTo(db: Db, seq: number, last: number, removed: number): boolean {
  if (removed > seq) return false;
  return !db.prepare('SELECT EXISTS (SELECT 1 FROM response WHERE changed > ? AND id <= ?)').pluck().get(seq, last);
}
