import path from 'node:path';
import { translate, type Lang } from '../../core/i18n/messages';
import { unmatchedColumnText } from '../../core/io/response-messages';
import { problemText } from '../../core/io/problems';
import { openProjectDb } from '../db/open';
import { appConfigDir, localActor } from '../device';
import { importResponses } from '../io/responses-import';

/**
 * `tiengnoi import-responses FILE DATA… [--survey ID] [--json]`: adds the responses of a Kobo/ODK export to a
 * survey of the project. Problems go to stderr one a line (file, sheet, row, column) and the exit code is 1;
 * nothing is written then. Values are never printed, except the short bad ones a problem names.
 */
export async function importResponsesCommand(file: string, dataFiles: string[], options: { survey?: string; json?: boolean }, lang: Lang): Promise<number> {
  const db = openProjectDb(path.resolve(file));
  try {
    const result = await importResponses(db, dataFiles.map((f) => path.resolve(f)), localActor(appConfigDir()), { survey: options.survey });
    const failed = result.problems.length > 0;
    if (options.json) {
      console.log(JSON.stringify(result));
      return failed ? 1 : 0;
    }
    for (const column of result.unmatchedColumns) console.log(unmatchedColumnText(lang, column));
    for (const warning of result.warnings) console.log(problemText(lang, warning));
    if (failed) {
      for (const problem of result.problems) console.error(problemText(lang, problem));
      console.error(translate(lang, 'import.failed'));
      return 1;
    }
    console.log(translate(lang, 'import.done', { imported: result.imported, skipped: result.skipped, rows: result.rows }));
    return 0;
  } finally {
    db.close();
  }
}
