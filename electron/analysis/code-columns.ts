/**
 * The codes of an open question as a multiple-choice column over the same responses, in the same order, as the
 * survey's cached analysis columns (column-cache.ts: complete, not deleted, not second typings, by id), so it can
 * join any table beside them. Built on demand from coding_assignment (a few thousand rows; not cached).
 *
 * Where a response sits is found from its row id among the counted ids (held while the set of responses stays the
 * same), by halving; its refusals are read from the question's own analysis column. At a million responses the
 * uuids and a map of them took 1.2 s a call, and the refusals 2.3 s to find in SQL.
 */
import { ANSWERED, REFUSED, type ColumnSet, type MultipleChoiceColumn } from '../../core/analysis/columns';
import { AnalysisError } from '../../core/analysis/analysis-error';
import { buildCodeColumn, type CodeLevel, type ResponsePlaces } from '../../core/coding/code-column';
import { codebookNodes } from '../db/coding-store';
import type { Db } from '../db/open';
import { COUNTED, KEY_NAMED, KEY_OF, keyOfParams, whileUnchanged } from '../db/counted';
import { analysisColumns } from './column-cache';

export function codeColumn(db: Db, surveyId: string, question: string, level: CodeLevel): MultipleChoiceColumn {
  const { set, ids } = columnsWithIds(db, surveyId);
  const assignments = db
    .prepare(
      `SELECT r.id AS responseId, c.theme_id AS themeId FROM coding_assignment c
       JOIN coding_theme t ON t.id = c.theme_id AND t.deleted_at IS NULL AND t.form_id = ? AND (t.question_name = ? OR t.question_name IS NULL)
       JOIN response r ON r.uuid = c.response_uuid
       JOIN answer_value a ON a.response_id = r.id AND ${KEY_NAMED('c.answer_key')} AND a.state = 'answered'
       WHERE ${KEY_OF}`,
    )
    .all(surveyId, question, ...keyOfParams(question)) as { responseId: number; themeId: string }[];
  return buildCodeColumn({ question, themes: codebookNodes(db, surveyId, question), level, responses: placesById(ids), assignments, refusedAt: refusalsOf(set, question) });
}

/** The survey's columns and the ids of their responses, in order, as of the same set of responses. */
function columnsWithIds(db: Db, surveyId: string): { set: ColumnSet; ids: Float64Array } {
  // Another connection (an import's thread) may add responses between the two reads: read again until they agree.
  for (let attempt = 0; attempt < 3; attempt++) {
    const ids = whileUnchanged(db, `counted ids ${surveyId}`, ['rows'], () =>
      Float64Array.from(db.prepare(`SELECT r.id FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${COUNTED} ORDER BY r.id`).pluck().all(surveyId) as number[]),
    );
    const { set } = analysisColumns(db, surveyId);
    if (set.responseCount === ids.length) return { set, ids };
  }
  throw new AnalysisError('lengthMismatch', 'the counted responses changed while the codes were read');
}

/** Places by row id, found by halving the ascending ids. */
function placesById(ids: Float64Array): ResponsePlaces<number> {
  return {
    length: ids.length,
    placeOf: (id) => {
      let low = 0;
      let high = ids.length - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const at = ids[middle]!;
        if (at === id) return middle;
        if (at < id) low = middle + 1;
        else high = middle - 1;
      }
      return undefined;
    },
  };
}

/** The places of the responses that refused the question (in a repeat: any of its instances). */
function* refusalsOf(set: ColumnSet, question: string): Generator<number> {
  const column = set.columns.get(question);
  if (!column || column.kind !== 'text') return;
  for (let i = 0; i < column.length; i++) if (column.state[i] === REFUSED) yield column.parent ? column.parent[i]! : i;
}

/**
 * How many answers an open question has among the counted responses, its repeat instances included: the entries of
 * its column that hold words. At a million responses, 2.7 s through SQL; a count of bytes here.
 */
export function answeredCount(set: ColumnSet, question: string): number {
  const column = set.columns.get(question);
  if (!column || column.kind !== 'text') return 0;
  let count = 0;
  for (let i = 0; i < column.length; i++) if (column.state[i] === ANSWERED) count++;
  return count;
}
