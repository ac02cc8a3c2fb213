import { AppError } from '../../core/errors';
import type { Lang } from '../../core/i18n/messages';
import type { HistoryEntry, ResponseCounts, ResponseListRow, ResponseSearch } from '../../core/api/responses';
import type { ResponseStatus } from '../../core/api/response';
import { answerText, searchWords } from '../../core/survey/answer-text';
import { holdsAnswer, type Question } from '../../core/survey/model';
import type { Db } from './open';
import { now } from './clock';
import { audit, type Actor } from './audit';
import { findAnyResponse, writeAnswer } from './response-store';
import { latestVersion } from './survey-store';
import { RESPONSE_ID } from './response-key';
import { writeTransaction } from './transaction';
import { readResponseAnswers, type StoredAnswers } from '../analysis/answer-reader';
import { idsWithWords, nameOf, prepareSearch, versionIndex, type BuildProgress, type VersionIndex } from './response-search-index';

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
  /** Rows to list, the first ones by number (all when absent); the counts cover every match. */
  limit?: number;
}

interface ListedRow {
  rowId: number;
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

const PREVIEW_LENGTH = 140;
/**
 * Up to this many responses, the search index is made as soon as the list opens (about 25 MB and 3 s at 100 000,
 * in pieces with other work let in between). Above, only when someone searches, with a bar: at a million the index
 * holds 240 MB and takes 25 s to make, and the making raised the app's peak from 555 MB (Results, coding) to
 * 960 MB (bench/analysis.ts), too much to spend on everyone who only looks through the list.
 */
const PREPARE_SEARCH_UP_TO = 250_000;

/**
 * The responses of a survey matching the search words (in any answer, tone marks optional), the dates (of entry)
 * and the device; then the status filter, or the deleted ones alone. Counts cover every status of the matches.
 * SQLite filters, counts and orders; only the rows sent are read for their preview, so opening the list of
 * 100 000 responses reads a hundred of them. `onIndexProgress` hears how far the search index's first build got
 * (a search waits for it; the list begins it as it opens).
 */
export async function searchResponses(db: Db, surveyId: string, filters: SearchFilters, lang: Lang, onIndexProgress?: BuildProgress): Promise<ResponseSearch> {
  latestVersion(db, surveyId); // an unknown survey is an error, not an empty list
  // A second, blind typing of a paper (double entry) is a check, not a response of its own.
  const where = ['v.form_id = ?', 'r.verifies IS NULL'];
  const params: (string | number)[] = [surveyId];
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
  const words = searchWords(filters.query ?? '');
  if (words.length > 0) {
    // A facilitator holding a paper form types its code ("12-2") or its number to find it.
    const code = words.join(' ');
    where.push(`(r.id IN (SELECT value FROM json_each(?)) OR r.number = ? OR lower(r.paper_code) = ?)`);
    params.push(JSON.stringify(await idsWithWords(db, surveyId, words, onIndexProgress)), /^\d+$/.test(code) ? Number(code) : -1, code);
  }
  const from = `FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${where.join(' AND ')}`;

  const counts: ResponseCounts = { total: 0, complete: 0, draft: 0, deleted: 0 };
  const groups = db.prepare(`SELECT r.status, r.deleted_at IS NOT NULL, count(*) ${from} GROUP BY 1, 2`).raw().all(...params) as [ResponseStatus, 0 | 1, number][];
  for (const [status, deleted, count] of groups) {
    if (deleted) counts.deleted += count;
    else counts[status] += count;
  }
  counts.total = counts.complete + counts.draft;
  // The list is open: its search index is made meanwhile, unless the survey is so large it would not fit well.
  // Begun once this reply is on its way (its first page would hold it up). A project closed meanwhile: no matter.
  if (words.length === 0 && counts.total + counts.deleted <= PREPARE_SEARCH_UP_TO) setImmediate(() => prepareSearch(db, surveyId, onIndexProgress).catch(() => {}));

  const listed = filters.deleted ? 'r.deleted_at IS NOT NULL' : `r.deleted_at IS NULL${filters.status ? ' AND r.status = ?' : ''}`;
  const listedParams = !filters.deleted && filters.status ? [filters.status] : [];
  const matched = filters.deleted ? counts.deleted : filters.status ? counts[filters.status] : counts.total;
  const found = db
    .prepare(
      `SELECT r.id AS rowId, r.uuid AS id, r.number, r.status, r.created_at AS createdAt, r.updated_at AS updatedAt, r.device_id AS deviceId,
         r.paper_code AS paperCode, r.deleted_at AS deletedAt, r.delete_reason AS deleteReason, r.form_version_id AS versionId
       ${from} AND ${listed} ORDER BY r.number LIMIT ?`,
    )
    .all(...params, ...listedParams, filters.limit ?? -1) as ListedRow[];
  const versions = new Map<number, VersionIndex>();
  const rows: ResponseListRow[] = found.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    deviceId: r.deviceId,
    paperCode: r.paperCode,
    preview: preview(versionIndex(db, versions, r.versionId), readResponseAnswers(db, r.rowId).answers, lang),
    ...(r.deletedAt ? { deletedAt: r.deletedAt, deleteReason: r.deleteReason ?? '' } : {}),
  }));

  const devices = db
    .prepare(`SELECT DISTINCT r.device_id FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ? ORDER BY 1`)
    .pluck()
    .all(surveyId) as string[];
  return { rows, matched, counts, devices };
}

/** The first answers in the survey's order, as people read them; identifying answers are left out of lists. */
function preview({ survey, byName }: VersionIndex, answers: StoredAnswers['answers'], lang: Lang): string {
  const shown = Object.entries(answers)
    .map(([key, value]) => ({ key, value, at: byName.get(nameOf(key)) }))
    .filter((a): a is { key: string; value: string; at: { question: Question; position: number } } =>
      Boolean(a.value && a.at && holdsAnswer(a.at.question) && !a.at.question.identifying),
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

/** Stored times are `toISOString()` text, so bounds are written the same way and compared as text. */
function lowerBound(bound: string): string {
  return bound.length === 10 ? `${bound}T00:00:00.000Z` : new Date(bound).toISOString();
}

function upperBound(bound: string): string {
  return bound.length === 10 ? `${bound}T23:59:59.999Z` : new Date(bound).toISOString();
}
