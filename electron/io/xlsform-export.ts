import fs from 'node:fs';
import * as XLSX from 'xlsx';
import type { SurveyContent } from '../../core/survey/model';
import { xlsFormSheets } from '../../core/io/xlsform-rows';

XLSX.set_fs(fs);

/** Writes a survey as an XLSForm workbook that KoboToolbox, ODK and pyxform read. */
export function exportXlsForm(survey: SurveyContent, formId: string, filePath: string, version?: number): void {
  XLSX.writeFile(xlsFormBook(survey, formId, version), filePath, { bookType: filePath.toLowerCase().endsWith('.xls') ? 'biff8' : 'xlsx' });
}

/** The same workbook as .xlsx bytes, for the app to offer as a download. */
export function xlsFormBytes(survey: SurveyContent, formId: string, version?: number): Buffer {
  return XLSX.write(xlsFormBook(survey, formId, version), { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

function xlsFormBook(survey: SurveyContent, formId: string, version?: number): XLSX.WorkBook {
  const sheets = xlsFormSheets(survey, formId, version);
  const book = XLSX.utils.book_new();
  for (const name of ['survey', 'choices', 'settings'] as const) {
    // Every cell as text: codes like "01" must stay "01", and nothing is read as a formula.
    const sheet = XLSX.utils.aoa_to_sheet(sheets[name].map((row) => row.map((value) => ({ t: 's', v: value }))));
    XLSX.utils.book_append_sheet(book, sheet, name);
  }
  return book;
}
