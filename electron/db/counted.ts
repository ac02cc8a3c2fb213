/**
 * SQL fragments shared by the readers that count responses (analysis, coding): which responses count, and which
 * answer rows belong to a question. Aliases: `r` response, `v` form_version, `a` answer.
 */

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
