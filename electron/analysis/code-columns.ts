/**
 * The codes of an open question as a multiple-choice column over the same responses, in the same order, as the
 * survey's cached analysis columns (column-cache.ts: complete, not deleted, not second typings, by id), so it can
 * join any table beside them. Built on demand from coding_assignment (a few thousand rows; not cached); the
 * responses and refusals it is laid over are held while the answers stay the same.
 */
import { buildCodeColumn, type CodeLevel } from '../../core/coding/code-column';
import type { MultipleChoiceColumn } from '../../core/analysis/columns';
import { codebookNodes } from '../db/coding-store';
import type { Db } from '../db/open';
import { COUNTED, KEY_NAMED, KEY_OF, keyOfParams, whileUnchanged } from '../db/counted';

export function codeColumn(db: Db, surveyId: string, question: string, level: CodeLevel): MultipleChoiceColumn {
  // Both change only with the answers (the analysis counters); the assignments change with every code given.
  const responses = whileUnchanged(db, `counted ${surveyId}`, ['rows'], () =>
    db.prepare(`SELECT r.uuid FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${COUNTED} ORDER BY r.id`).pluck().all(surveyId),
  ) as string[];
  const refused = whileUnchanged(db, `refused ${surveyId} ${question}`, ['rows', `q:${question}`], () =>
    db
      .prepare(
        `SELECT r.uuid FROM response r JOIN form_version v ON v.id = r.form_version_id
         WHERE ${COUNTED} AND EXISTS (SELECT 1 FROM answer_value a WHERE a.response_id = r.id AND ${KEY_OF} AND a.state = 'refused')`,
      )
      .pluck()
      .all(surveyId, ...keyOfParams(question)),
  ) as string[];
  const assignments = db
    .prepare(
      `SELECT c.response_uuid AS responseId, c.theme_id AS themeId FROM coding_assignment c
       JOIN coding_theme t ON t.id = c.theme_id AND t.deleted_at IS NULL AND t.form_id = ? AND (t.question_name = ? OR t.question_name IS NULL)
       JOIN response r ON r.uuid = c.response_uuid
       JOIN answer_value a ON a.response_id = r.id AND ${KEY_NAMED('c.answer_key')} AND a.state = 'answered'
       WHERE ${KEY_OF}`,
    )
    .all(surveyId, question, ...keyOfParams(question)) as { responseId: string; themeId: string }[];
  return buildCodeColumn({ question, themes: codebookNodes(db, surveyId, question), level, responses, assignments, refused });
}
