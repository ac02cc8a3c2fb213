import type { Db } from '../../electron/db/open';

/**
 * The responses the analysis counts, written out independently of electron/db/counted.ts: complete, not deleted,
 * not a second typing. Aliases `r` response, `v` form_version; takes the survey id.
 */
export const COUNTED = `v.form_id = ? AND r.status = 'complete' AND r.deleted_at IS NULL AND r.verifies IS NULL`;

/** Independent counts: SQLite GROUP BY over the answer table, of one question's answers among the counted responses. */
export function sqlCounts(db: Db, surveyId: string, question: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT a.value, count(*) AS n FROM response r JOIN form_version v ON v.id = r.form_version_id
       JOIN answer a ON a.response_id = r.id AND a.question_name = ? AND a.state = 'answered'
       WHERE ${COUNTED} GROUP BY a.value`,
    )
    .all(question, surveyId) as { value: string; n: number }[];
  return new Map(rows.map((r) => [r.value, r.n]));
}
