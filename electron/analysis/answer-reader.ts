/**
 * The answers of the counted responses (complete, not deleted, not a second typing), one response after another in
 * id order: the input of the column builder (core/analysis/columns.ts) when columns are rebuilt.
 *
 * Why it looks the way it does (a full rebuild at 100 000 responses took 12.8 s the plain way):
 * - The plain way (one row per answer, `LEFT JOIN answer … ORDER BY r.uuid`) made SQLite sort every answer row in
 *   a temporary B-tree and handed JavaScript 3.6 million rows, each with the response's uuid again. Here SQLite
 *   joins a response's answers into one string itself (`group_concat`, in C), so JavaScript gets one string per
 *   response, and a response's answers are one stretch of the `answer_value` primary key (response_id, key_id),
 *   read with no sort. Keys travel as their numbers (migration 011), named here from `answer_key`: the same
 *   string objects every time, with no name to slice, hash and look up per answer.
 * - The responses come in id order, which is the answers' key order (a forward walk, however random the uuids of
 *   an import), in pages of PAGE_SIZE by keyset (`id > last`), so nothing is held but one page of strings
 *   and the connection is free between pages (to re-read a response whose text holds a separator, below).
 * - Answers are separated by a control character, GS (0x1d); each is the key's number, a tag (`a` answered, `r`
 *   refused) and the value. The count of answers travels with the string, so a value that itself holds a GS
 *   (pasted from somewhere odd) cannot be misread: the count disagrees and that response is read again row by row.
 */
import type { ResponseAnswers } from '../../core/analysis/columns';
import type { Db } from '../db/open';
import { AnswerKeyNames } from '../db/answer-keys';

/** One response's answers as read here: always a plain record (what the column builder also takes). */
export interface StoredAnswers extends ResponseAnswers {
  answers: Record<string, string | null>;
  refused?: string[];
}

/** Responses per page: large enough that the per-query cost vanishes, small enough to hold nothing big. */
const PAGE_SIZE = 2000;
const GS = '\x1d';
const REFUSED_TAG = 114; // 'r'
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * The counted responses of a survey, as a statement other code can count or list with. Ordered by id through the
 * response table's primary key: the `+` before the other columns keeps SQLite from starting at their indexes and
 * sorting afterwards.
 */
export const COUNTED_OF_SURVEY = `+r.form_version_id IN (SELECT id FROM form_version WHERE form_id = ?)
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
  for (const [, answers] of readPaged(db, COUNTED_BY_ID, surveyId, keys, after)) yield answers;
}

/**
 * Every response of a survey, whatever its status (drafts, deleted ones, second typings too), by its row id, with
 * its version: what the search of the responses list reads.
 */
export function readSurveyAnswers(db: Db, surveyId: string): Generator<[id: number, answers: StoredAnswers, versionId: number]> {
  return readPaged(db, ALL_OF_SURVEY_BY_ID, surveyId, null, 0);
}

const ALL_OF_SURVEY_BY_ID = `FROM response r
  WHERE r.id > ? AND +r.form_version_id IN (SELECT id FROM form_version WHERE form_id = ?)
  ORDER BY r.id LIMIT ?`;

/** `responses`: a FROM … WHERE … ORDER BY r.id LIMIT ? clause taking (after, surveyId, limit). */
function* readPaged(
  db: Db,
  responses: string,
  surveyId: string,
  keys: readonly string[] | null,
  after: number,
): Generator<[id: number, answers: StoredAnswers, versionId: number]> {
  const filter = keys === null ? '' : `AND a.key_id IN (SELECT id FROM answer_key WHERE name IN (${keys.map(() => '?').join(', ')}))`;
  const page = db
    .prepare(
      `SELECT r.id, r.form_version_id,
         (SELECT count(*) || ${sqlChar(GS)} || group_concat(a.key_id || iif(a.state = 'refused', 'r', 'a') || coalesce(a.value, ''), ${sqlChar(GS)})
            FROM answer_value a WHERE a.response_id = r.id ${filter})
       ${responses}`,
    )
    .raw();
  const params = keys ?? [];
  const names = new AnswerKeyNames(db);
  for (;;) {
    const rows = page.all(...params, after, surveyId, PAGE_SIZE) as [number, number, string | null][];
    for (const [id, versionId, joined] of rows) yield [id, joined === null ? { answers: {} } : (parseJoined(joined, names) ?? readRowByRow(db, id, keys)), versionId];
    if (rows.length < PAGE_SIZE) return;
    after = rows[rows.length - 1]![0];
  }
}

/** "count GS id tag value GS id tag value …" → answers; null when the count disagrees (a GS in a value). */
function parseJoined(joined: string, keys: AnswerKeyNames): StoredAnswers | null {
  const answers: Record<string, string> = {};
  let refused: string[] | undefined;
  let at = joined.indexOf(GS);
  const count = Number(joined.slice(0, at));
  let seen = 0;
  while (at < joined.length) {
    const start = at + 1;
    let end = joined.indexOf(GS, start);
    if (end < 0) end = joined.length;
    // The key's number, up to its tag (a letter).
    let id = 0;
    let cut = start;
    for (let c = joined.charCodeAt(cut); c >= DIGIT_0 && c <= DIGIT_9; c = joined.charCodeAt(++cut)) id = id * 10 + c - DIGIT_0;
    const key = cut > start ? keys.name(id) : undefined;
    if (key === undefined) return null;
    if (joined.charCodeAt(cut) === REFUSED_TAG) (refused ??= []).push(key);
    else answers[key] = end - cut - 1 < SLICE_MIN ? joined.slice(cut + 1, end) : ownCopy(joined, cut + 1, end);
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

/** One response's answers and refusals, by its row id. */
export function readResponseAnswers(db: Db, id: number): StoredAnswers {
  return readRowByRow(db, id, null);
}

function readRowByRow(db: Db, id: number, keys: readonly string[] | null): StoredAnswers {
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
