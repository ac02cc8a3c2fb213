import type { Discrepancy } from '../../core/api/response';
import type { Db } from './open';
import { RESPONSE_ID } from './response-key';

/** Every answer key of a response with its value, refusals marked, for comparing two typings of a paper. */
function answerStates(db: Db, responseId: string): Map<string, { value: string | null; refused: boolean }> {
  const rows = db
    .prepare(`SELECT question_name AS key, value, state FROM answer WHERE response_id = ${RESPONSE_ID}`)
    .all(responseId) as { key: string; value: string | null; state: 'answered' | 'refused' }[];
  return new Map(rows.map((row) => [row.key, { value: row.value, refused: row.state === 'refused' }]));
}

/** Where the first and the second typing of a paper differ, in answer-key order. */
export function discrepancies(db: Db, primaryId: string, verificationId: string): Discrepancy[] {
  const first = answerStates(db, primaryId);
  const second = answerStates(db, verificationId);
  const keys = [...new Set([...first.keys(), ...second.keys()])].sort();
  return keys.flatMap((key) => {
    const a = first.get(key) ?? { value: null, refused: false };
    const b = second.get(key) ?? { value: null, refused: false };
    if (a.refused === b.refused && a.value === b.value) return [];
    return [{ key, first: a.value, second: b.value, firstRefused: a.refused, secondRefused: b.refused }];
  });
}
