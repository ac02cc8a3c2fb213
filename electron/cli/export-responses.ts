import path from 'node:path';
import { isLang, translate, type Lang } from '../../core/i18n/messages';
import { ExportError, exportFormatOf, exportResponsesFromFile } from '../io/responses-export';

/** The options of `tiengnoi export-responses` (parsed by electron/cli/main.ts). */
export interface ExportResponsesFlags {
  json?: boolean;
  labels?: boolean;
  lang?: string;
  survey?: string;
  'include-identifying'?: boolean;
  'complete-only'?: boolean;
}

/**
 * `tiengnoi export-responses FILE OUT.(xlsx|csv) [--labels] [--lang vi|en] [--include-identifying] [--complete-only]
 * [--survey ID] [--json]`. Prints the files written (or the counts as JSON), says how many identifying columns were
 * left out, and warns on stderr when identifying data was exported. Exit code 1 on any failure.
 */
export async function exportResponsesCli(file: string, out: string, flags: ExportResponsesFlags, lang: Lang): Promise<number> {
  const fail = (text: string) => {
    console.error(text);
    return 1;
  };
  if (flags.lang !== undefined && !isLang(flags.lang)) return fail(translate(lang, 'cli.badOption', { detail: `--lang ${flags.lang}` }));
  const format = exportFormatOf(out);
  if (!format) return fail(translate(lang, 'export.error.format', { file: path.basename(out) }));
  let result;
  try {
    result = await exportResponsesFromFile(file, out, {
      format,
      labels: Boolean(flags.labels),
      lang,
      includeIdentifying: Boolean(flags['include-identifying']),
      completeOnly: Boolean(flags['complete-only']),
      surveyId: flags.survey,
    });
  } catch (error) {
    if (error instanceof ExportError) return fail(translate(lang, error.key, error.params));
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      return fail(translate(lang, 'export.error.write', { file: path.resolve(out), detail: (error as Error).message }));
    }
    throw error;
  }
  if (result.includedIdentifying.length > 0) console.error(translate(lang, 'export.includedWarning', { names: result.includedIdentifying.join(', ') }));
  if (flags.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  console.log(translate(lang, 'export.done', { responses: result.responses, columns: result.columns }));
  for (const written of result.files) console.log(`  ${written}`);
  if (result.leftOutQuestions.length > 0) {
    console.log(translate(lang, 'export.leftOut', { count: result.leftOutQuestions.length, columns: result.leftOutIdentifying, names: result.leftOutQuestions.join(', ') }));
  }
  return 0;
}
