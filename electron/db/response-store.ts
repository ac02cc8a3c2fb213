import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { ResponseDetail, ResponseSummary } from '../../core/api/response';
import type { Db } from './open';
import { now } from './clock';
import { audit, type Actor } from './audit';
import { latestVersion, publishSurvey } from './survey-store';
import { RESPONSE_ID } from './response-key';
import { ENSURE_KEY, KEY_ID } from './answer-keys';
import { writeTransaction } from './transaction';

export interface ResponseRow extends ResponseSummary {
  surveyId: string;
  versionId: number;
}

const responseColumns = `r.uuid AS id, r.number, r.status, r.created_at AS createdAt, r.updated_at AS updatedAt,
  r.paper_code AS paperCode, r.verifies, v.form_id AS surveyId, r.form_version_id AS versionId`;

/** A response that is not deleted (a deleted one reads as not found). */
export function findResponse(db: Db, responseId: string): ResponseRow {
  const row = db
    .prepare(
      `SELECT ${responseColumns} FROM response r JOIN form_version v ON v.id = r.form_version_id
       WHERE r.uuid = ? AND r.deleted_at IS NULL`,
    )
    .get(responseId) as ResponseRow | undefined;
  if (!row) throw new AppError('response.notFound');
  return row;
}

export interface AnyResponseRow extends ResponseRow {
  /** The survey version's number (versionId is its row id). */
  version: number;
  deviceId: string;
  deletedAt: string | null;
  deleteReason: string | null;
}

/** A response whether deleted or not, for viewing, history and restore. */
export function findAnyResponse(db: Db, responseId: string): AnyResponseRow {
  const row = db
    .prepare(
      `SELECT ${responseColumns}, v.version, r.device_id AS deviceId, r.deleted_at AS deletedAt, r.delete_reason AS deleteReason
       FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE r.uuid = ?`,
    )
    .get(responseId) as AnyResponseRow | undefined;
  if (!row) throw new AppError('response.notFound');
  return row;
}

/**
 * Starts a response. A paper's code is unique within the survey; without one, the response's own number is its
 * code. A second typing (`verifies`) takes the version and code of the response it checks and gets no number.
 */
export function createResponse(
  db: Db,
  surveyId: string,
  actor: Actor,
  options: { paperCode?: string; verifies?: ResponseRow } = {},
): string {
  const id = randomUUID();
  const at = now();
  writeTransaction(db, () => {
    // The first answer freezes the version it is given to (later edits start a new version).
    publishSurvey(db, surveyId, actor);
    const checked = options.verifies;
    const versionId = checked ? checked.versionId : latestVersion(db, surveyId).versionId;
    const number = checked
      ? 0
      : ((db
          .prepare(
            `SELECT coalesce(max(r.number), 0) + 1 FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ?`,
          )
          .pluck()
          .get(surveyId) as number) ?? 1);
    const code = checked ? checked.paperCode : (options.paperCode ?? uniqueCode(db, surveyId, String(number)));
    if (!checked && code) assertCodeFree(db, surveyId, code, null);
    db.prepare(
      `INSERT INTO response (uuid, form_version_id, number, device_id, created_at, updated_at, paper_code, verifies) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, versionId, number, actor.deviceId, at, at, code, checked?.id ?? null);
    audit(db, actor, checked ? 'verify' : 'create', 'response', id, checked ? { verifies: checked.id } : {});
  })();
  return id;
}

/** The response (not a second typing, not deleted) that carries a paper code, if any. */
export function findByPaperCode(db: Db, surveyId: string, code: string): ResponseRow | undefined {
  return db
    .prepare(
      `SELECT ${responseColumns} FROM response r JOIN form_version v ON v.id = r.form_version_id
       WHERE v.form_id = ? AND r.paper_code = ? AND r.verifies IS NULL AND r.deleted_at IS NULL`,
    )
    .get(surveyId, code) as ResponseRow | undefined;
}

function assertCodeFree(db: Db, surveyId: string, code: string, self: string | null): void {
  const holder = findByPaperCode(db, surveyId, code);
  if (holder && holder.id !== self) throw new AppError('response.paperCodeTaken', { code, number: holder.number });
}

/** The number as a code, unless a typed code already took it ("12" typed on paper 7): then the next free one. */
function uniqueCode(db: Db, surveyId: string, wanted: string): string {
  let code = wanted;
  for (let n = 2; findByPaperCode(db, surveyId, code); n++) code = `${wanted}-${n}`;
  return code;
}

export function setPaperCode(db: Db, responseId: string, code: string, actor: Actor): void {
  writeTransaction(db, () => {
    const response = findResponse(db, responseId);
    assertCodeFree(db, response.surveyId, code, responseId);
    db.prepare('UPDATE response SET paper_code = ?, updated_at = ? WHERE uuid = ?').run(code, now(), responseId);
    audit(db, actor, 'paperCode', 'response', responseId, { old: response.paperCode, new: code });
  })();
}

/** The answers given (a refusal reads as no answer here; see refusedKeys). */
export function readAnswers(db: Db, responseId: string): Record<string, string | null> {
  const rows = db
    .prepare(`SELECT question_name AS name, value FROM answer WHERE response_id = ${RESPONSE_ID} AND state = 'answered'`)
    .all(responseId) as { name: string; value: string | null }[];
  return Object.fromEntries(rows.map((row) => [row.name, row.value]));
}

export function refusedKeys(db: Db, responseId: string): string[] {
  return db.prepare(`SELECT question_name FROM answer WHERE response_id = ${RESPONSE_ID} AND state = 'refused' ORDER BY question_name`).pluck().all(responseId) as string[];
}

export function getResponse(db: Db, responseId: string): ResponseDetail {
  const { versionId: _versionId, ...row } = findResponse(db, responseId);
  return { ...row, answers: readAnswers(db, responseId), refused: refusedKeys(db, responseId) };
}

/** "I'd rather not say": kept as a refusal, apart from a question never reached (which has no row). */
export function writeRefusal(db: Db, responseId: string, question: string): string {
  const at = now();
  writeTransaction(db, () => {
    db.prepare(ENSURE_KEY).run(question);
    db.prepare(
      `INSERT INTO answer_value (response_id, key_id, value, state, answered_at) VALUES (${RESPONSE_ID}, ${KEY_ID}, NULL, 'refused', ?)
       ON CONFLICT (response_id, key_id) DO UPDATE SET value = NULL, state = 'refused', answered_at = excluded.answered_at`,
    ).run(responseId, question, at);
    db.prepare('UPDATE response SET updated_at = ? WHERE uuid = ?').run(at, responseId);
  })();
  return at;
}

/** One answer, one transaction, committed before the call returns: what was acknowledged survives a crash. */
export function writeAnswer(db: Db, responseId: string, question: string, value: string | null): string {
  const at = now();
  writeTransaction(db, () => {
    if (value === null || value === '') {
      db.prepare(`DELETE FROM answer_value WHERE response_id = ${RESPONSE_ID} AND key_id = ${KEY_ID}`).run(responseId, question);
    } else {
      db.prepare(ENSURE_KEY).run(question);
      db.prepare(
        `INSERT INTO answer_value (response_id, key_id, value, answered_at) VALUES (${RESPONSE_ID}, ${KEY_ID}, ?, ?)
         ON CONFLICT (response_id, key_id) DO UPDATE SET value = excluded.value, state = 'answered', answered_at = excluded.answered_at`,
      ).run(responseId, question, value, at);
    }
    db.prepare('UPDATE response SET updated_at = ? WHERE uuid = ?').run(at, responseId);
  })();
  return at;
}

export function completeResponse(db: Db, responseId: string, actor: Actor): void {
  const at = now();
  writeTransaction(db, () => {
    db.prepare(`UPDATE response SET status = 'complete', completed_at = ?, updated_at = ? WHERE uuid = ?`).run(at, at, responseId);
    audit(db, actor, 'complete', 'response', responseId);
  })();
}

export function listResponses(db: Db, surveyId: string): ResponseSummary[] {
  return db
    .prepare(
      `SELECT r.uuid AS id, r.number, r.status, r.created_at AS createdAt, r.updated_at AS updatedAt, r.paper_code AS paperCode, r.verifies
       FROM response r JOIN form_version v ON v.id = r.form_version_id
       WHERE v.form_id = ? AND r.deleted_at IS NULL AND r.verifies IS NULL ORDER BY r.number`,
    )
    .all(surveyId) as ResponseSummary[];
}
