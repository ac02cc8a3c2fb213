import { AppError } from '../../core/errors';
import { LANGS, type Lang } from '../../core/i18n/messages';
import type { HistoryEntry, ResponseCounts, ResponseListRow, ResponseSearch } from '../../core/api/responses';
import type { ResponseStatus } from '../../core/api/response';
import { answerSearchText, answerText, searchWords } from '../../core/survey/answer-text';
import { holdsAnswer, type Question, type SurveyContent } from '../../core/survey/model';
import { parseAnswerKey } from '../../core/survey/instances';
import { fold } from '../../core/text/vietnamese';
import type { Db } from './open';
import { now } from './clock';
import { audit, type Actor } from './audit';
import { findAnyResponse, writeAnswer } from './response-store';
import { latestVersion, readContent } from './survey-store';
import { RESPONSE_ID } from './response-key';
import { writeTransaction } from './transaction';

/**
 * Looking after responses once entered: corrections of complete responses (each one audited with the old and
 * the new value), soft delete and restore, the audit trail of a response, and the searchable list.
 * Children's answers go to the audit log of the project file on purpose, and nowhere else (never a console).
 */

/**
 * Writes a corrected answer and its audit row in one transaction. An unchanged value writes nothing.
 * The caller has checked that the response is complete and the value valid.
 */
export function editAnswer(
  db: Db,
  actor: Actor,
  responseId: string,
  question: string,
  value: string | null,
  reason?: string,
): { changed: boolean; updatedAt: string } {
  return writeTransaction(db, () => {
    const before = db
      .prepare(`SELECT value, state FROM answer WHERE response_id = ${RESPONSE_ID} AND question_name = ?`)
      .get(responseId, question) as { value: string | null; state: 'answered' | 'refused' } | undefined;
    const refused = before?.state === 'refused';
    const old = before && !refused ? before.value : null;
    const next = value === '' ? null : value;
    if (old === next && !refused) {
      const updatedAt = db.prepare('SELECT updated_at FROM response WHERE uuid = ?').pluck().get(responseId) as string;
      return { changed: false, updatedAt };
    }
    const updatedAt = writeAnswer(db, responseId, question, next);
    audit(db, actor, 'edit', 'response', responseId, {
      question,
      old,
      new: next,
      ...(refused ? { refused: true } : {}),
      ...(reason ? { reason } : {}),
    });
    return { changed: true, updatedAt };
  })();
}

/** Soft delete: the response and its answers stay in the file, marked with when and why. */
export function deleteResponse(db: Db, actor: Actor, responseId: string, reason: string): string {
  const at = now();
  writeTransaction(db, () => {
    const { changes } = db
      .prepare('UPDATE response SET deleted_at = ?, delete_reason = ? WHERE uuid = ? AND deleted_at IS NULL')
      .run(at, reason, responseId);
    if (changes !== 1) throw new AppError('response.notFound');
    audit(db, actor, 'delete', 'response', responseId, { reason });
  })();
  return at;
}

/** Undoes a soft delete; the reason it was deleted for stays in the audit log. */
export function restoreResponse(db: Db, actor: Actor, responseId: string): string {
  const at = now();
  writeTransaction(db, () => {
    if (!findAnyResponse(db, responseId).deletedAt) throw new AppError('responses.notDeleted');
    db.prepare('UPDATE response SET deleted_at = NULL, delete_reason = NULL WHERE uuid = ?').run(responseId);
    audit(db, actor, 'restore', 'response', responseId);
  })();
  return at;
}

/** The audit rows of one response, oldest first; an imported response's source first of all (migration 009). */
export function responseHistory(db: Db, responseId: string): HistoryEntry[] {
  findAnyResponse(db, responseId);
  const rows = db
    .prepare(
      `SELECT at, actor, deviceId, action, detail FROM (
         SELECT json_extract(source, '$.at') AS at, json_extract(source, '$.actor') AS actor, device_id AS deviceId, 'import' AS action,
           json_remove(source, '$.at', '$.actor') AS detail, 0 AS id
         FROM response WHERE uuid = ? AND source IS NOT NULL
         UNION ALL
         SELECT at, actor, device_id, action, detail, id FROM audit_log WHERE entity = 'response' AND entity_id = ?)
       ORDER BY at, id`,
    )
    .all(responseId, responseId) as (Omit<HistoryEntry, 'detail'> & { detail: string })[];
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as HistoryEntry['detail'] }));
}

export interface SearchFilters {
  query?: string;
  status?: ResponseStatus;
  deleted?: boolean;
  from?: string;
  to?: string;
  device?: string;
}

interface Candidate {
  id: string;
  number: number;
  status: ResponseStatus;
  createdAt: string;
  updatedAt: string;
  deviceId: string;
  paperCode: string | null;
  deletedAt: string | null;
  deleteReason: string | null;
  versionId: number;
}

/** A survey version prepared for reading answers: each question by name, with its place in the survey. */
interface VersionIndex {
  survey: SurveyContent;
  byName: Map<string, { question: Question; position: number }>;
}

/** What a search needs of one response, kept while its `updated_at` stays the same. */
interface IndexedResponse {
  updatedAt: string;
  /** Its answers (and the labels of its choices), folded. */
  text: string;
  /** The list's preview in each language. */
  preview: Record<Lang, string>;
}

/**
 * Search entries per open project file, by response id. Every write of an answer also sets the response's
 * `updated_at` (writeAnswer, writeRefusal), so an entry whose time still matches is still right; reading the
 * times is one cheap query, and only changed responses are read again. Dropped with the connection.
 */
const searchIndexes = new WeakMap<Db, Map<string, IndexedResponse>>();
/** Above this many responses to (re)read, one query for the whole survey beats one query each. */
const BULK_READ = 200;
const PREVIEW_LENGTH = 140;

/**
 * The responses of a survey matching the search words (in any answer, tone marks optional), the dates (of entry)
 * and the device; then the status filter, or the deleted ones alone. Counts cover every status of the matches.
 */
export function searchResponses(db: Db, surveyId: string, filters: SearchFilters, lang: Lang): ResponseSearch {
  latestVersion(db, surveyId); // an unknown survey is an error, not an empty list
  // A second, blind typing of a paper (double entry) is a check, not a response of its own.
  const where = ['v.form_id = ?', 'r.verifies IS NULL'];
  const params: string[] = [surveyId];
  if (filters.from) {
    where.push('r.created_at >= ?');
    params.push(lowerBound(filters.from));
  }
  if (filters.to) {
    where.push('r.created_at <= ?');
    params.push(upperBound(filters.to));
  }
  if (filters.device) {
    where.push('r.device_id = ?');
    params.push(filters.device);
  }
  let candidates = db
    .prepare(
      `SELECT r.uuid AS id, r.number, r.status, r.created_at AS createdAt, r.updated_at AS updatedAt, r.device_id AS deviceId,
         r.paper_code AS paperCode, r.deleted_at AS deletedAt, r.delete_reason AS deleteReason, r.form_version_id AS versionId
       FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${where.join(' AND ')} ORDER BY r.number`,
    )
    .all(...params) as Candidate[];
  const index = indexed(db, surveyId, candidates);

  const words = searchWords(filters.query ?? '');
  if (words.length > 0) {
    // A facilitator holding a paper form types its code ("12-2") or its number to find it.
    const code = words.join(' ');
    candidates = candidates.filter((c) => {
      if (code === String(c.number) || (c.paperCode !== null && code === searchWords(c.paperCode).join(' '))) return true;
      const text = index.get(c.id)!.text;
      return words.every((word) => text.includes(word));
    });
  }

  const counts: ResponseCounts = { total: 0, complete: 0, draft: 0, deleted: 0 };
  for (const candidate of candidates) {
    if (candidate.deletedAt) counts.deleted++;
    else counts[candidate.status]++;
  }
  counts.total = counts.complete + counts.draft;

  const rows: ResponseListRow[] = candidates
    .filter((c) => (filters.deleted ? c.deletedAt !== null : c.deletedAt === null && (!filters.status || c.status === filters.status)))
    .map((c) => ({
      id: c.id,
      number: c.number,
      status: c.status,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      deviceId: c.deviceId,
      paperCode: c.paperCode,
      preview: index.get(c.id)!.preview[lang],
      ...(c.deletedAt ? { deletedAt: c.deletedAt, deleteReason: c.deleteReason ?? '' } : {}),
    }));

  const devices = db
    .prepare(`SELECT DISTINCT r.device_id FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ? ORDER BY 1`)
    .pluck()
    .all(surveyId) as string[];
  return { rows, counts, devices };
}

/** The search entries of the candidates, reading again only the responses changed since they were indexed. */
function indexed(db: Db, surveyId: string, candidates: readonly Candidate[]): Map<string, IndexedResponse> {
  let index = searchIndexes.get(db);
  if (!index) searchIndexes.set(db, (index = new Map()));
  const stale = candidates.filter((c) => index.get(c.id)?.updatedAt !== c.updatedAt);
  if (stale.length === 0) return index;

  const answers = new Map<string, [key: string, value: string][]>(stale.map((c) => [c.id, []]));
  const add = ([id, key, value]: [string, string, string]) => answers.get(id)?.push([key, value]);
  if (stale.length > BULK_READ) {
    const rows = db
      .prepare(
        `SELECT r.uuid, a.question_name, a.value FROM answer a JOIN response r ON r.id = a.response_id
         JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ? AND a.state = 'answered' AND a.value IS NOT NULL`,
      )
      .raw()
      .all(surveyId) as [string, string, string][];
    for (const row of rows) add(row);
  } else {
    const read = db
      .prepare(`SELECT r.uuid, a.question_name, a.value FROM response r JOIN answer a ON a.response_id = r.id WHERE r.uuid = ? AND a.state = 'answered' AND a.value IS NOT NULL`)
      .raw();
    for (const c of stale) for (const row of read.all(c.id) as [string, string, string][]) add(row);
  }

  const versions = new Map<number, VersionIndex>();
  for (const c of stale) {
    let version = versions.get(c.versionId);
    if (!version) {
      const survey = readContent(db, c.versionId);
      version = { survey, byName: new Map(survey.questions.map((question, position) => [question.name, { question, position }])) };
      versions.set(c.versionId, version);
    }
    const given = answers.get(c.id)!;
    const { survey, byName } = version;
    index.set(c.id, {
      updatedAt: c.updatedAt,
      text: fold(given.map(([key, value]) => answerSearchText(survey, byName.get(nameOf(key))?.question, value)).join('\n')),
      preview: Object.fromEntries(LANGS.map((l) => [l, preview(version, given, l)])) as Record<Lang, string>,
    });
  }
  return index;
}

/** The first answers in the survey's order, as people read them; identifying answers are left out of lists. */
function preview({ survey, byName }: VersionIndex, answers: readonly [string, string][], lang: Lang): string {
  const shown = answers
    .map(([key, value]) => ({ key, value, at: byName.get(nameOf(key)) }))
    .filter((a): a is { key: string; value: string; at: { question: Question; position: number } } =>
      Boolean(a.at && holdsAnswer(a.at.question) && !a.at.question.identifying),
    )
    .sort((a, b) => a.at.position - b.at.position || a.key.localeCompare(b.key));
  let text = '';
  for (const { at, value } of shown) {
    const part = answerText(survey, at.question, value, lang);
    if (!part) continue;
    text += (text ? ' · ' : '') + part;
    if (text.length >= PREVIEW_LENGTH) break;
  }
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…` : text;
}

function nameOf(key: string): string {
  return parseAnswerKey(key)?.name ?? key;
}

/** Stored times are `toISOString()` text, so bounds are written the same way and compared as text. */
function lowerBound(bound: string): string {
  return bound.length === 10 ? `${bound}T00:00:00.000Z` : new Date(bound).toISOString();
}

function upperBound(bound: string): string {
  return bound.length === 10 ? `${bound}T23:59:59.999Z` : new Date(bound).toISOString();
}
