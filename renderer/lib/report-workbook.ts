/**
 * Every saved analysis of a survey in one Excel workbook, for the report: a contents sheet, then a sheet per
 * analysis with its title, its filter, the protected table (or number statistics) and the protection note.
 * Tables come from the same protected API as the screen, one at a time, so the progress can be shown.
 */
import type { AnalysisTable, SavedAnalysis } from '../../core/api/analysis';
import type { Survey } from '../../core/survey/model';
import type { ApiErrorValue } from '../../core/errors';
import { send } from './api';
import { locale } from './i18n.svelte';
import { NUMERIC_TYPES } from './analysis.svelte';
import { numericSheet, sheetName, sheetRows, tableSheet, type SheetCell } from './table-sheet';
import { filterText, sheetWords, tableLabel, type FilterLookup } from './table-words';

export interface ReportWorkbook {
  bytes: ArrayBuffer;
  /** Saved analyses left out, with why (a question the survey no longer has, or the table could not be made). */
  skipped: { title: string; reason: string }[];
}

export async function reportWorkbook(survey: Survey, saved: readonly SavedAnalysis[], lookup: FilterLookup, onProgress?: (done: number, total: number) => void): Promise<ReportWorkbook> {
  // Loaded on demand: SheetJS is large, and only exports need it in the renderer.
  const XLSX = await import('xlsx');
  const book = XLSX.utils.book_new();
  const taken = new Set<string>([locale.t('results.reportContents').toLowerCase()]);
  const contents: SheetCell[][] = [[locale.label(survey.title)], [], [locale.t('results.reportNumber'), locale.t('results.reportTitle'), locale.t('results.reportSheet'), locale.t('results.filters')]];
  const skipped: ReportWorkbook['skipped'] = [];
  const sheets: [string, SheetCell[][]][] = [];
  for (const [i, analysis] of saved.entries()) {
    onProgress?.(i, saved.length);
    const title = locale.label(analysis.title);
    const filter = analysis.spec.filter.map((c) => filterText(c, lookup)).join('; ');
    const heading = [title, ...(filter ? [locale.t('results.filterLine', { filters: filter })] : [])];
    const rows = analysis.missing.length > 0 ? locale.t('results.reportMissing', { questions: analysis.missing.join(', ') }) : await sheetOf(survey, analysis, heading);
    if (typeof rows === 'string') {
      skipped.push({ title, reason: rows });
      contents.push([i + 1, title, '', rows]);
      continue;
    }
    const name = sheetName(title, taken);
    sheets.push([name, rows]);
    contents.push([i + 1, title, name, filter]);
  }
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(sheetRows(contents)), locale.t('results.reportContents'));
  for (const [name, rows] of sheets) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(sheetRows(rows)), name);
  onProgress?.(saved.length, saved.length);
  return { bytes: XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer, skipped };
}

/** The sheet of one saved analysis, or why there is none. */
async function sheetOf(survey: Survey, analysis: SavedAnalysis, heading: string[]): Promise<SheetCell[][] | string> {
  const { spec } = analysis;
  const question = survey.questions.find((q) => q.name === spec.question);
  const failed = (error: ApiErrorValue) => locale.error(error);
  if (question && NUMERIC_TYPES.includes(question.type) && !spec.by) {
    const result = await send('analysis/numeric', { surveyId: survey.id, question: spec.question, filter: spec.filter });
    return result.ok ? numericSheet(result.value, heading, locale.t) : failed(result.error);
  }
  const result = await send('analysis/table', { surveyId: survey.id, question: spec.question, by: spec.by, layer: spec.layer, buckets: spec.buckets, filter: spec.filter, codeLevel: spec.codeLevel });
  if (!result.ok) return failed(result.error);
  const table: AnalysisTable = result.value;
  return tableSheet(table, heading, sheetWords(table, tableLabel(table)), spec.percentBy);
}
