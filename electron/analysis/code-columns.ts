/**
 * The codes of an open question as a multiple-choice column over the same responses, in the same order, as the
 * survey's cached analysis columns (column-cache.ts: complete, not deleted, not second typings, by id), so it can
 * join any table beside them. Built on demand from coding_assignment (a few thousand rows; not cached).
 */
import { buildCodeColumn, type CodeLevel } from '../../core/coding/code-column';
import type { MultipleChoiceColumn } from '../../core/analysis/columns';
import { codebookNodes } from '../db/coding-store';
import type { Db } from '../db/open';
import { COUNTED, KEY_NAMED, KEY_OF, keyOfParams } from '../db/counted';

export function codeColumn(db: Db, surveyId: string, question: string, level: CodeLevel): MultipleChoiceColumn {
  const responses = db
    .prepare(`SELECT r.uuid FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${COUNTED} ORDER BY r.id`)
    .pluck()
    .all(surveyId) as string[];
  const assignments = db
    .prepare(
      `SELECT c.response_uuid AS responseId, c.theme_id AS themeId FROM coding_assignment c
       JOIN coding_theme t ON t.id = c.theme_id AND t.deleted_at IS NULL AND t.form_id = ? AND (t.question_name = ? OR t.question_name IS NULL)
       JOIN response r ON r.uuid = c.response_uuid
       JOIN answer_value a ON a.response_id = r.id AND ${KEY_NAMED('c.answer_key')} AND a.state = 'answered'
       WHERE ${KEY_OF}`,
    )
    .all(surveyId, question, ...keyOfParams(question)) as { responseId: string; themeId: string }[];
  const refused = db
    .prepare(`SELECT DISTINCT r.uuid FROM answer_value a JOIN response r ON r.id = a.response_id WHERE ${KEY_OF} AND a.state = 'refused'`)
    .pluck()
    .all(...keyOfParams(question)) as string[];
  return buildCodeColumn({ question, themes: codebookNodes(db, surveyId, question), level, responses, assignments, refused });
}
