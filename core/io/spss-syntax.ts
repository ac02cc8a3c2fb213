import { translate } from '../i18n/messages';
import { labelIn } from '../survey/labels';
import type { SurveyContent } from '../survey/model';
import { columnCodes, columnLabel } from './codebook';
import { REFUSAL_CODE, type CellOptions, type ExportColumn, type ExportTable } from './response-columns';
import { spssName, spssNames } from './spss-names';

/** Codes of the template's "don't know" (98) and "I'd rather not say" (99), declared missing when their label says so. */
const NON_SUBSTANTIVE_CODES: ReadonlySet<string> = new Set(['98', '99']);
const NON_SUBSTANTIVE_LABEL = /rather not|prefer not|don['’]t know|do not know|refuse|không muốn|không biết/iu;

/**
 * The SPSS syntax (.sps) written beside a CSV export: it reads every CSV of the export (the survey's table and
 * one per repeat) into a named dataset with GET DATA /TYPE=TXT (UTF-8, comma, double-quote qualifier, header
 * skipped), then gives VARIABLE LABELS, VALUE LABELS for choice codes and 0/1 columns, the refusal code -99 as a
 * user-missing value, display formats and measurement levels. Checked with GNU PSPP.
 *
 * In values mode codes of a list coded 1, 2, 3… are read as numbers, other codes ("girl", "01") as strings with
 * value labels on the strings; integers and decimals as numbers; dates, times, date-times and text as strings as
 * wide as their longest value (a date column may hold the refusal code, which no SPSS date format reads). In labels mode the cells already hold labels (and the word for a
 * refusal), so question columns are read as strings and get variable labels only.
 *
 * SPSS cannot read line breaks inside quoted fields; the CSV writer puts a space in their place.
 */

export interface SpssTable {
  table: ExportTable;
  /** The CSV file's name, beside the .sps. */
  file: string;
  /** Widest value of each column, in UTF-8 bytes (SPSS string widths are bytes). */
  widths: readonly number[];
  /** Most decimals seen in each column's numbers (for the display format). */
  decimals: readonly number[];
}

export interface SpssOptions extends CellOptions {
  survey: SurveyContent;
  /** The folder of the CSV files, for the CD command (change it when the files move). */
  folder: string;
}

const MAX_STRING = 32767;
/** SPSS truncates variable labels beyond 255 bytes and value labels beyond 120. */
const VARIABLE_LABEL_BYTES = 255;
const VALUE_LABEL_BYTES = 120;
/** Long quoted strings are cut into pieces joined with + so that no line is long. */
const PIECE_BYTES = 90;

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text).length;

/** Cuts a text to at most `max` UTF-8 bytes without breaking a character. */
export function cutBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  let out = '';
  let size = 0;
  for (const ch of text) {
    const n = bytes(ch);
    if (size + n > max) break;
    out += ch;
    size += n;
  }
  return out;
}

/** A quoted SPSS string: quotes doubled, line breaks as spaces, long ones in pieces joined with +. */
export function spssString(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  const pieces: string[] = [];
  let piece = '';
  for (const ch of flat) {
    if (bytes(piece + ch) > PIECE_BYTES) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  pieces.push(piece);
  return pieces.map((p) => `'${p.replace(/'/g, "''")}'`).join(' +\n    ');
}

interface Variable {
  name: string;
  column: ExportColumn;
  /** Input format (GET DATA /VARIABLES). */
  input: string;
  /** Display format, when it differs from the input format. */
  display?: string;
  numeric: boolean;
  level: 'NOMINAL' | 'ORDINAL' | 'SCALE';
  /** A question column (refusals may appear in it). */
  question: boolean;
}

function variables(table: SpssTable, options: SpssOptions): Variable[] {
  const names = spssNames(table.table.columns.map((c) => c.name));
  return table.table.columns.map((column, c) => {
    const width = Math.min(MAX_STRING, Math.max(1, table.widths[c] ?? 1));
    const kind = column.source.kind;
    const question = kind === 'answer' || kind === 'flag' || kind === 'other';
    const string = (min = 1): Omit<Variable, 'name' | 'column' | 'question'> => ({ input: `A${Math.min(MAX_STRING, Math.max(min, width))}`, numeric: false, level: 'NOMINAL' });
    const numberWidth = Math.min(40, Math.max(3, width));
    const number = (level: Variable['level']): Omit<Variable, 'name' | 'column' | 'question'> => ({ input: `F${numberWidth}.0`, numeric: true, level });
    let spec: Omit<Variable, 'name' | 'column' | 'question'>;
    if (options.labels && question) {
      spec = string();
    } else {
      switch (column.format) {
        case 'integer':
          spec = number(kind === 'answer' || kind === 'count' ? 'SCALE' : 'NOMINAL');
          break;
        case 'decimal': {
          const decimals = Math.min(16, table.decimals[c] ?? 0);
          spec = { ...number('SCALE'), display: `F${Math.min(40, Math.max(numberWidth, decimals + 3))}.${decimals}` };
          break;
        }
        case 'flag':
          spec = { input: 'F3.0', numeric: true, level: 'NOMINAL' };
          break;
        case 'choice':
          if (column.numericCodes) {
            const likert = kind === 'answer' && /likert/i.test(column.source.question.appearance ?? '');
            spec = number(likert ? 'ORDINAL' : 'NOMINAL');
            break;
          }
          spec = string(Math.max(REFUSAL_CODE.length, ...columnCodes(options.survey, column, options).map((code) => bytes(code.value))));
          break;
        default:
          spec = string(question ? REFUSAL_CODE.length : 1);
      }
    }
    return { name: names[c]!, column, question, ...spec };
  });
}

/** The .sps text for the CSV files of one export. */
export function spssSyntax(tables: readonly SpssTable[], options: SpssOptions): string {
  const { survey, lang } = options;
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params);
  const lines: string[] = [
    '* Encoding: UTF-8.',
    `* ${t('export.spss.title', { title: labelIn(survey.title, lang).replace(/[\r\n]+/g, ' ') })}`,
    `* ${t(options.labels ? 'export.spss.modeLabels' : 'export.spss.modeValues', { code: REFUSAL_CODE })}`,
    `* ${t('export.spss.folder')}`,
    '',
    `CD ${spssString(options.folder)}.`,
  ];
  const datasets = spssNames(tables.map((table) => spssName(table.table.name)));
  tables.forEach((table, index) => {
    const vars = variables(table, options);
    lines.push(
      '',
      `* ${t('export.spss.table', { table: table.table.name, file: table.file })}`,
      'GET DATA',
      '  /TYPE=TXT',
      `  /FILE=${spssString(table.file)}`,
      "  /ENCODING='UTF8'",
      '  /DELCASE=LINE',
      '  /DELIMITERS=","',
      `  /QUALIFIER='"'`,
      '  /ARRANGEMENT=DELIMITED',
      '  /FIRSTCASE=2',
      '  /VARIABLES=',
      ...vars.map((v) => `    ${v.name} ${v.input}`),
      '.',
      '',
      'VARIABLE LABELS',
      list(vars.map((v) => `${v.name} ${spssString(cutBytes(columnLabel(survey, v.column, lang), VARIABLE_LABEL_BYTES))}`)),
    );

    if (!options.labels) {
      const valueLabels = vars.flatMap((v) => {
        if (!v.question || v.column.source.kind === 'other') return [];
        const codes = columnCodes(survey, v.column, options).filter((code) => !v.numeric || /^-?\d+$/.test(code.value));
        if (codes.length === 0) return [];
        const entries = codes.map((code) => {
          const value = v.numeric ? code.value : spssString(code.value);
          return `    ${value} ${spssString(cutBytes(labelIn(code.label, lang) || code.value, VALUE_LABEL_BYTES))}`;
        });
        return [`${v.name}\n${entries.join('\n')}`];
      });
      if (valueLabels.length > 0) lines.push('', 'VALUE LABELS', list(valueLabels));
      const missing = vars.filter((v) => v.question && v.column.source.kind !== 'other');
      if (missing.length > 0) {
        const declared = (v: (typeof missing)[number]) => {
          // "Don't know" and "I'd rather not say" choices (98, 99) are missing too, as researchers declare them.
          const own = columnCodes(survey, v.column, options).filter((code) => NON_SUBSTANTIVE_CODES.has(code.value) && NON_SUBSTANTIVE_LABEL.test(`${code.label.vi ?? ''} ${code.label.en ?? ''}`));
          return [REFUSAL_CODE, ...own.map((code) => code.value)].map((value) => (v.numeric ? value : spssString(value))).join(', ');
        };
        lines.push('', 'MISSING VALUES', list(missing.map((v) => `${v.name} (${declared(v)})`)));
      }
    }

    const display = vars.filter((v) => v.display);
    if (display.length > 0) lines.push('', 'FORMATS', list(display.map((v) => `${v.name} (${v.display})`)));
    const levels = (['NOMINAL', 'ORDINAL', 'SCALE'] as const)
      .map((level) => ({ level, names: vars.filter((v) => v.level === level && (v.numeric || level === 'NOMINAL')).map((v) => v.name) }))
      .filter((group) => group.names.length > 0);
    if (levels.length > 0) lines.push('', 'VARIABLE LEVEL', list(levels.map((g) => `${wrap(g.names)} (${g.level})`)));
    lines.push('EXECUTE.');
    // One dataset per table. With several, each is kept as a named copy (reading the next file replaces the active
    // dataset in PSPP, named or not), and the survey's own is made active at the end.
    lines.push(tables.length > 1 ? `DATASET COPY ${datasets[index]}.` : `DATASET NAME ${datasets[index]}.`);
  });
  if (tables.length > 1) lines.push('', `DATASET ACTIVATE ${datasets[0]}.`);
  return `${lines.join('\n')}\n`;
}

/** The parts of a command, one a line, separated by slashes, ended with a period. */
function list(parts: string[]): string {
  return `  ${parts.join('\n  /')}.`;
}

/** Names a few to a line. */
function wrap(names: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < names.length; i += 6) out.push(names.slice(i, i + 6).join(' '));
  return out.join('\n    ');
}
