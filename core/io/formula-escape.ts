/**
 * Spreadsheet formula injection ("CSV injection"): a cell whose text begins with `=`, `+`, `-`, `@`, a tab or a
 * carriage return may be run as a formula by Excel, LibreOffice or Google Sheets, when a CSV is opened or when a
 * text cell of a workbook is edited. A child's open answer must never run on a researcher's computer.
 *
 * The convention is OWASP's: such a text is written with an apostrophe `'` in front, which every spreadsheet reads
 * as "this is text". The apostrophe stays in the data (a CSV has no other way to say it), so the rule is made
 * reversible: a text that already begins with apostrophes followed by one of those characters gets one more, and
 * `unescapeFormula` takes exactly one off. Plain numbers ("-5", "+84", "-1.5e3") are left alone: no spreadsheet
 * runs them, and the refusal code -99 and negative answers stay numbers.
 *
 * Only text cells are escaped; number cells of a workbook hold numbers, never formulas.
 */

const TRIGGER = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** True when the text would be written with a leading apostrophe. */
export function needsFormulaEscape(text: string): boolean {
  return TRIGGER.test(text) && !PLAIN_NUMBER.test(text);
}

/** The text as written to a spreadsheet cell: `'=1+1` for `=1+1`, unchanged when it cannot start a formula. */
export function escapeFormula(text: string): string {
  return needsFormulaEscape(text) ? `'${text}` : text;
}

/** The original text of a cell written by escapeFormula (for importers reading our exports back). */
export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && needsFormulaEscape(cell.slice(1)) ? cell.slice(1) : cell;
}

/** unescapeFormula on every cell of a record just read, in place: a large file has millions of cells, few escaped. */
export function unescapeFormulas(cells: string[]): string[] {
  for (let i = 0; i < cells.length; i++) {
    // 39 is the apostrophe: only such a cell can change.
    if (cells[i]!.charCodeAt(0) === 39) cells[i] = unescapeFormula(cells[i]!);
  }
  return cells;
}
