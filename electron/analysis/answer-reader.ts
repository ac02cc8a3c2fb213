/**
 * The answers of the counted responses (complete, not deleted, not a second typing), one response after another in
 * id order: the input of the column builder (core/analysis/columns.ts) when columns are rebuilt.
 *
 * Why it looks the way it does (a full rebuild at 100 000 responses took 12.8 s the plain way):
 * - The plain way (one row per answer, `LEFT JOIN answer … ORDER BY r.uuid`) made SQLite sort every answer row in
 *   a temporary B-tree and handed JavaScript 3.6 million rows, each with the response's uuid again. Here SQLite
 *   joins a response's answers into one string itself (`group_concat`, in C), so JavaScript gets one string per
 *   response, and a response's answers are one stretch of the `answer` primary key (response_id, question_name),
 *   read with no sort.
 * - The responses come in id order, which is the answers' key order (a forward walk, however random the uuids of
 *   an import), in pages of PAGE_SIZE by keyset (`id > last`), so nothing is held but one page of strings
 *   and the connection is free between pages (to re-read a response whose text holds a separator, below).
 * - Separators are control characters: GS (0x1d) between answers, US (0x1f) after the key. The count of answers
 *   travels with the string, so a value that itself holds a GS (pasted from somewhere odd) cannot be misread: the
 *   count disagrees and that response is read again row by row. A US inside a value is harmless (the key ends at
 *   the first one; keys are question names).
 */
import type { ResponseAnswers } from '../../core/analysis/columns';
import type { Db } from '../db/open';

/** Responses per page: large enough that the per-query cost vanishes, small enough to hold nothing big. */
const PAGE_SIZE = 2000;
const GS = '\x1d';
const US = '\x1f';
const US_CODE = 0x1f;
const REFUSED_TAG = 114; // 'r'

/**
 * The counted responses of a survey, as a statement other code can count or list with. Ordered by id through the
 * response table's primary key: the `+` before the other columns keeps SQLite from starting at their indexes and
 * sorting afterwards.
 */
const COUNTED_OF_SURVEY = `+r.form_version_id IN (SELECT id FROM form_version WHERE form_id = ?)
    AND +r.status = 'complete' AND r.deleted_at IS NULL AND +r.verifies IS NULL`;
export const COUNTED_BY_ID = `FROM response r
  WHERE r.id > ? AND ${COUNTED_OF_SURVEY}
  ORDER BY r.id LIMIT ?`;

/** The highest id of a survey's counted responses (0: none): a walk back from the end of the table. */
export function lastCountedId(db: Db, surveyId: string): number {
  return (db.prepare(`SELECT r.id FROM response r WHERE ${COUNTED_OF_SURVEY} ORDER BY r.id DESC LIMIT 1`).pluck().get(surveyId) as number | undefined) ?? 0;
}

/**
 * Yields every counted response's answers and refusals, or only those of the responses after id `after`.
 * `keys`: only these exact answer keys (a few stale top-level questions: SQLite then seeks them instead of
 * walking every answer); null: every answer.
 */
export function* readCountedAnswers(db: Db, surveyId: string, keys: readonly string[] | null, after = 0): Generator<ResponseAnswers> {
  const filter = keys === null ? '' : `AND a.question_name IN (${keys.map(() => '?').join(', ')})`;
  const page = db
    .prepare(
      `SELECT r.id,
         (SELECT count(*) || ${sqlChar(GS)} || group_concat(a.question_name || ${sqlChar(US)} || iif(a.state = 'refused', 'r', 'a') || coalesce(a.value, ''), ${sqlChar(GS)})
            FROM answer a WHERE a.response_id = r.id ${filter})
       ${COUNTED_BY_ID}`,
    )
    .raw();
  const params = keys ?? [];
  const predictor = new KeyPredictor();
  for (;;) {
    const rows = page.all(...params, after, surveyId, PAGE_SIZE) as [number, string | null][];
    for (const [id, joined] of rows) yield joined === null ? { answers: {} } : (parseJoined(joined, predictor) ?? readRowByRow(db, id, keys));
    if (rows.length < PAGE_SIZE) return;
    after = rows[rows.length - 1]![0];
  }
}

/**
 * The answer keys met so far, and after each key the key that followed it last time. Responses mostly hold the same
 * keys in the same (primary-key) order, so the next key is nearly always the one predicted: it is then recognised in
 * place with startsWith, and the same string object is used again, with no new string to make, hash and look up.
 */
class KeyPredictor {
  private readonly after = new Map<string, string>();
  private first: string | undefined;
  /** The key starting at `start`, ending at a US: the predicted one when it is there, else sliced out. */
  read(joined: string, start: number, end: number, previous: string | null): string | null {
    const predicted = previous === null ? this.first : this.after.get(previous);
    if (predicted !== undefined && joined.charCodeAt(start + predicted.length) === US_CODE && joined.startsWith(predicted, start)) return predicted;
    const cut = joined.indexOf(US, start);
    if (cut < 0 || cut >= end) return null;
    const key = joined.slice(start, cut);
    if (previous === null) this.first = key;
    else this.after.set(previous, key);
    return key;
  }
}

/** "count GS key US tag value GS key US tag value …" → answers; null when the count disagrees (a GS in a value). */
function parseJoined(joined: string, keys: KeyPredictor): ResponseAnswers | null {
  const answers: Record<string, string> = {};
  let refused: string[] | undefined;
  let at = joined.indexOf(GS);
  const count = Number(joined.slice(0, at));
  let seen = 0;
  let key: string | null = null;
  while (at < joined.length) {
    const start = at + 1;
    let end = joined.indexOf(GS, start);
    if (end < 0) end = joined.length;
    key = keys.read(joined, start, end, key);
    if (key === null) return null;
    const cut = start + key.length;
    if (joined.charCodeAt(cut + 1) === REFUSED_TAG) (refused ??= []).push(key);
    else answers[key] = end - cut - 2 < SLICE_MIN ? joined.slice(cut + 2, end) : ownCopy(joined, cut + 2, end);
    seen++;
    at = end;
  }
  return seen === count ? { answers, refused } : null;
}

/**
 * V8 gives a slice of 13 characters or more as a view into the whole string, which would keep every response's
 * joined string alive for as long as a text column holds one of its answers (a gigabyte at a million responses).
 * Slicing a concatenation makes V8 flatten it into a string of its own first; the slice then points into that.
 */
const SLICE_MIN = 13;
function ownCopy(joined: string, start: number, end: number): string {
  return (joined.slice(start, end) + ' ').slice(0, -1);
}

function readRowByRow(db: Db, id: number, keys: readonly string[] | null): ResponseAnswers {
  const rows = db.prepare('SELECT question_name, value, state FROM answer WHERE response_id = ?').raw().all(id) as [string, string | null, string][];
  const wanted = keys === null ? null : new Set(keys);
  const answers: Record<string, string | null> = {};
  const refused: string[] = [];
  for (const [key, value, state] of rows) {
    if (wanted && !wanted.has(key)) continue;
    if (state === 'refused') refused.push(key);
    else answers[key] = value;
  }
  return { answers, refused };
}

function sqlChar(c: string): string {
  return `char(${c.charCodeAt(0)})`;
}
