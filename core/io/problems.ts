import { translate, type Lang, type MessageKey } from '../i18n/messages';

/** A problem found in a file someone gave us, placed as their spreadsheet shows it. */
export interface FileProblem {
  file: string;
  sheet?: string;
  /** 1-based, as the spreadsheet shows it. */
  row?: number;
  /** The column letter ("E"). */
  column?: string;
  code: string;
  params: Record<string, string | number>;
}

/**
 * "form.xlsx, sheet survey, row 4, column A: There is no choice list …", in the user's language; a CSV file has no
 * sheets: "good.csv, row 4, column B: …".
 */
export function problemText(lang: Lang, problem: FileProblem): string {
  const place = { file: problem.file, sheet: problem.sheet ?? '', row: problem.row ?? '', column: problem.column ?? '' };
  const whereKey: MessageKey =
    problem.row === undefined
      ? problem.sheet === undefined
        ? 'xlsform.where'
        : 'xlsform.whereSheet'
      : problem.sheet === undefined
        ? problem.column === undefined
          ? 'import.whereRow'
          : 'import.whereCell'
        : problem.column === undefined
          ? 'xlsform.whereRow'
          : 'xlsform.whereCell';
  return `${translate(lang, whereKey, place)}: ${translate(lang, problem.code as MessageKey, problem.params)}`;
}
