/** Import problems and unmatched columns as one line of text each, in the user's language. */
import { translate, type Lang, type MessageKey } from '../i18n/messages';
import { problemText, type FileProblem } from './problems';
import type { UnmatchedColumn } from './response-plan';

/**
 * Like problemText, and for a CSV file (no sheets) it still names the row and the column:
 * "good.csv, row 4, column B: …".
 */
export function importProblemText(lang: Lang, problem: FileProblem): string {
  if (problem.sheet !== undefined || problem.row === undefined) return problemText(lang, problem);
  const whereKey: MessageKey = problem.column === undefined ? 'import.whereRow' : 'import.whereCell';
  const place = translate(lang, whereKey, { file: problem.file, row: problem.row, column: problem.column ?? '' });
  return `${place}: ${translate(lang, problem.code as MessageKey, problem.params)}`;
}

export function unmatchedColumnText(lang: Lang, column: UnmatchedColumn): string {
  const place = translate(lang, column.sheet === undefined ? 'xlsform.where' : 'xlsform.whereSheet', { file: column.file, sheet: column.sheet ?? '' });
  return `${place}: ${translate(lang, `import.unmatched.${column.reason}` as MessageKey, { column: column.column, header: column.header, filled: column.filled })}`;
}
