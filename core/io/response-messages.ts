/** Unmatched columns of an import as one line of text each, in the user's language (problems: see problemText). */
import { translate, type Lang, type MessageKey } from '../i18n/messages';
import type { UnmatchedColumn } from './response-plan';

export function unmatchedColumnText(lang: Lang, column: UnmatchedColumn): string {
  const place = translate(lang, column.sheet === undefined ? 'xlsform.where' : 'xlsform.whereSheet', { file: column.file, sheet: column.sheet ?? '' });
  return `${place}: ${translate(lang, `import.unmatched.${column.reason}` as MessageKey, { column: column.column, header: column.header, filled: column.filled })}`;
}
