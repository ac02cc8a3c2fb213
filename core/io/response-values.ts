/**
 * One cell of a Kobo/ODK data export → the value we store for a question, or the reason it cannot be stored.
 * Values are stored as XLSForm stores them (see core/survey/answers.ts): choice codes, ISO dates and times.
 * Nothing here guesses silently: a value that does not fit is a problem the importer reports with its cell.
 */
import { checkAnswer, MAX_TEXT_ANSWER, OTHER_CHOICE, splitMultiple } from '../survey/answers';
import { CHOICE_NAME_PATTERN, choicesOf, type Question, type SurveyContent } from '../survey/model';
import { fold, nfc } from '../text/vietnamese';
import { REFUSAL_CODE } from './response-columns';
import { LANGS, translate } from '../i18n/messages';

/** A number the spreadsheet formats as a date or time (an Excel serial: days since 1900, fraction = time of day). */
export interface DateSerial {
  serial: number;
}
/** A cell as read: text (everything in a CSV), a number, a boolean, or a date-formatted number. */
export type CellValue = string | number | boolean | DateSerial;

export interface ValueContext {
  /** The workbook counts days from 1904 (old Mac Excel). */
  date1904?: boolean;
  /** The file writes decimals with a comma ("1,5"): a `;`-separated CSV from a Vietnamese or European Excel. */
  decimalComma?: boolean;
  /** A Tiếng Nói export: its refusal code (-99) and word ("từ chối trả lời", "refused") mean "the child chose not to answer". */
  refusals?: boolean;
}

/** Stands for a refusal among planned answers; written as an answer row in the `refused` state with no value. */
export const REFUSED = '\u0000refused';

/** The word an export in labels mode writes for a refusal, in each language, folded for comparison. */
const REFUSAL_WORDS = new Set(LANGS.map((lang) => fold(translate(lang, 'export.refusedValue'))));

/** A cell of a Tiếng Nói export that says the child chose not to answer. */
export function isRefusalCell(cell: CellValue, ctx: ValueContext): boolean {
  if (!ctx.refusals) return false;
  if (cell === Number(REFUSAL_CODE)) return true;
  return typeof cell === 'string' && (cell.trim() === REFUSAL_CODE || REFUSAL_WORDS.has(fold(cell).trim()));
}

export interface ValueProblem {
  code: string;
  params: Record<string, string | number>;
}
/** A value to store (with a warning when it is kept though the form would not offer it), or why it cannot be. */
export type Converted = { value: string | null; warning?: ValueProblem } | { problem: ValueProblem };

const DAY_MS = 86_400_000;
/** What Kobo and onadata write for a question that was not asked (skipped by relevance). */
const NOT_APPLICABLE = 'n/a';
const SHOWN_VALUE_LENGTH = 40;

export function isDateSerial(cell: CellValue): cell is DateSerial {
  return typeof cell === 'object' && cell !== null && 'serial' in cell;
}

/** True for a blank cell or Kobo's "n/a": no answer, nothing to store. */
export function isBlank(cell: CellValue | undefined): boolean {
  if (cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  // Hot path (every cell of a large file): look at the text only when it is short or padded.
  if (cell.length > 3 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32) return false;
  const text = cell.trim();
  return text === '' || (text.length === 3 && text.toLowerCase() === NOT_APPLICABLE);
}

/** The cell shown in a message: short, so a problem list never becomes a copy of the children's answers. */
export function shownValue(cell: CellValue): string {
  const text = isDateSerial(cell) ? String(cell.serial) : String(cell);
  return text.length > SHOWN_VALUE_LENGTH ? `${text.slice(0, SHOWN_VALUE_LENGTH)}…` : text;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * An Excel serial as a date and a time of day. Excel's 1900 system counts 1900 as a leap year (Lotus's bug):
 * serial 60 is the 29 February 1900 that never was (null), and serials below 60 are one day later than a
 * plain count from 1899-12-30 would say. The 1904 system counts from 1904-01-01.
 */
export function serialParts(serial: number, date1904 = false): { date: string | null; time: string } | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465) return null;
  let days = Math.floor(serial);
  let ms = Math.round((serial - days) * DAY_MS);
  // Float noise: 15:37:21.999 is 15:37:22 written through a double.
  const second = Math.round(ms / 1000) * 1000;
  if (Math.abs(ms - second) <= 2) ms = second;
  if (ms >= DAY_MS) {
    days += 1;
    ms -= DAY_MS;
  }
  const time = `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${ms % 1000 ? `.${pad(ms % 1000, 3)}` : ''}`;
  let date: string | null = null;
  if (date1904) date = isoDay(Date.UTC(1904, 0, 1) + days * DAY_MS);
  else if (days >= 1 && days < 60) date = isoDay(Date.UTC(1899, 11, 31) + days * DAY_MS);
  else if (days > 60) date = isoDay(Date.UTC(1899, 11, 30) + days * DAY_MS);
  return { date, time };
}

function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A date-formatted cell as text: a date, a time (serial below 1) or both. */
function serialText(cell: DateSerial, ctx: ValueContext): string | null {
  const parts = serialParts(cell.serial, ctx.date1904);
  if (!parts) return null;
  if (cell.serial < 1 && !ctx.date1904) return parts.time;
  if (!parts.date) return null;
  return parts.time === '00:00:00' ? parts.date : `${parts.date}T${parts.time}`;
}

/** Text of a cell that is not a date: numbers as JavaScript writes them (no thousands separators), NFC text. */
function plainText(cell: CellValue, ctx: ValueContext): string | null {
  if (isDateSerial(cell)) return serialText(cell, ctx);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  return toNfc(cell.trim());
}

/** NFC, skipping the work for plain ASCII (most codes, numbers and dates), which is NFC already. */
function toNfc(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? nfc(text) : text;
}

const MIDNIGHT_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)$/;

function toDate(cell: CellValue, ctx: ValueContext): string | null {
  if (typeof cell === 'number' || isDateSerial(cell)) {
    // A date-time cell is a date only at midnight: a time of day would be lost.
    const parts = serialParts(typeof cell === 'number' ? cell : cell.serial, ctx.date1904);
    return parts?.time === '00:00:00' ? parts.date : null;
  }
  const text = plainText(cell, ctx) ?? '';
  return MIDNIGHT_DATE.exec(text)?.[1] ?? text;
}

function toTime(cell: CellValue, ctx: ValueContext): string | null {
  if (typeof cell === 'number' || isDateSerial(cell)) {
    const serial = typeof cell === 'number' ? cell : cell.serial;
    return serial >= 0 && serial < 1 ? (serialParts(serial, ctx.date1904)?.time ?? null) : null;
  }
  return plainText(cell, ctx);
}

function toDateTime(cell: CellValue, ctx: ValueContext): string | null {
  if (typeof cell === 'number' || isDateSerial(cell)) {
    const parts = serialParts(typeof cell === 'number' ? cell : cell.serial, ctx.date1904);
    return parts?.date ? `${parts.date}T${parts.time}` : null;
  }
  const text = plainText(cell, ctx) ?? '';
  const match = DATE_TIME.exec(text);
  return match ? `${match[1]}T${/^\d:/.test(match[2]!) ? `0${match[2]}` : match[2]}` : text;
}

function toInteger(cell: CellValue, ctx: ValueContext): string | null {
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : null;
  const text = plainText(cell, ctx) ?? '';
  const match = /^([-+]?\d+)(?:\.0+)?$/.exec(text);
  return match ? String(match[1]).replace(/^\+/, '') : text;
}

function toDecimal(cell: CellValue, ctx: ValueContext): string | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  const text = plainText(cell, ctx) ?? '';
  return ctx.decimalComma && /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
}

export type ChoiceMatch = { code: string } | { ambiguous: string[] } | null;

/**
 * The choice a cell names: its code as written, else a label in any language of the form (exactly, then ignoring
 * case, tone marks and diacritics), else a code ignoring case. Two choices at the same step → ambiguous.
 */
export function matchChoice(survey: SurveyContent, question: Question, text: string): ChoiceMatch {
  const choices = choicesOf(survey, question);
  const wanted = toNfc(text.trim()).replace(/\s+/g, ' ');
  if (choices.some((c) => c.name === wanted) || (question.orOther && wanted === OTHER_CHOICE)) return { code: wanted };
  const folded = fold(wanted);
  if (question.orOther && folded === OTHER_CHOICE) return { code: OTHER_CHOICE };
  const labelOf = (c: (typeof choices)[number]) => Object.values(c.label).filter((l): l is string => typeof l === 'string').map((l) => nfc(l.trim()).replace(/\s+/g, ' '));
  const steps: ((c: (typeof choices)[number]) => boolean)[] = [
    (c) => labelOf(c).includes(wanted),
    (c) => labelOf(c).some((l) => fold(l) === folded),
    (c) => fold(c.name) === folded,
  ];
  for (const step of steps) {
    const found = [...new Set(choices.filter(step).map((c) => c.name))];
    if (found.length === 1) return { code: found[0]! };
    if (found.length > 1) return { ambiguous: found };
  }
  return null;
}

/**
 * The codes of a select_multiple cell: space-separated codes as Kobo writes them, or the choices' labels one
 * after another (a labels export), found by splitting the words in the only way where every part is a choice.
 */
export function matchChoices(survey: SurveyContent, question: Question, text: string): { codes: string[] } | { ambiguous: string[] } | null {
  const tokens = splitMultiple(toNfc(text));
  const asCodes = tokens.map((t) => matchCode(survey, question, t));
  if (asCodes.every((c) => c !== null)) return { codes: unique(asCodes as string[]) };
  const segmented = segmentLabels(survey, question, tokens);
  if (segmented) return segmented;
  // "Red; Blue" or "Red, Blue": labels with a separator.
  const parts = text.split(/\s*[;,]\s*/).filter(Boolean);
  if (parts.length < 2) return null;
  const codes: string[] = [];
  for (const part of parts) {
    const match = matchChoice(survey, question, part);
    if (!match || 'ambiguous' in match) return match;
    codes.push(match.code);
  }
  return { codes: unique(codes) };
}

function matchCode(survey: SurveyContent, question: Question, token: string): string | null {
  if (question.orOther && token === OTHER_CHOICE) return token;
  return choicesOf(survey, question).some((c) => c.name === token) ? token : null;
}

const unique = (items: string[]) => [...new Set(items)];

/** Splits words into choice labels; at most two ways are followed (one is an answer, two is ambiguous). */
function segmentLabels(survey: SurveyContent, question: Question, words: string[]): { codes: string[] } | { ambiguous: string[] } | null {
  const ways: string[][][] = [[[]]];
  for (let end = 1; end <= words.length; end++) {
    const here: string[][] = [];
    for (let start = end - 1; start >= 0 && here.length < 2; start--) {
      if (!ways[start]?.length) continue;
      const match = matchChoice(survey, question, words.slice(start, end).join(' '));
      if (!match) continue;
      if ('ambiguous' in match) return match;
      for (const way of ways[start]!) if (here.length < 2) here.push([...way, match.code]);
    }
    ways[end] = here;
  }
  const found = ways[words.length] ?? [];
  if (found.length === 1) return { codes: unique(found[0]!) };
  if (found.length > 1) return { ambiguous: unique(found.flat()) };
  return null;
}

/**
 * A split select_multiple column (`colors/red`): whether the choice was picked. Kobo writes 1/0, onadata
 * True/False; a cell holding the choice's own code or label also counts as picked. null = no answer.
 */
export function splitFlag(survey: SurveyContent, question: Question, choice: string, cell: CellValue | undefined): boolean | null | 'bad' {
  if (isBlank(cell) || cell === undefined) return null;
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : 'bad';
  if (isDateSerial(cell)) return 'bad';
  const text = cell.trim().toLowerCase();
  if (['1', 'true', 'yes', 'x', '1.0'].includes(text)) return true;
  if (['0', 'false', 'no', '0.0'].includes(text)) return false;
  const match = matchChoice(survey, question, cell);
  return match && 'code' in match && match.code === choice ? true : 'bad';
}

const GEO_POINT = /^-?\d+(\.\d+)?\s+-?\d+(\.\d+)?(\s+-?\d+(\.\d+)?){0,2}$/;

/** A question kept from the form but not asked here (location, start time…): its value is checked by its XLSForm type. */
function convertNotCollected(question: Question, cell: CellValue, ctx: ValueContext): Converted {
  const kind = (question.xlsformType ?? '').trim().split(/\s+/)[0]!.toLowerCase();
  const bad = (code: string) => problem(code, question, cell);
  if (kind === 'today' || kind === 'date') {
    const value = toDate(cell, ctx);
    return value !== null && checkAnswer(dateSurvey, { ...question, type: 'date' }, value) === null ? { value } : bad('import.badDate');
  }
  if (kind === 'start' || kind === 'end' || kind === 'datetime') {
    const value = toDateTime(cell, ctx);
    return value !== null && checkAnswer(dateSurvey, { ...question, type: 'datetime' }, value) === null ? { value } : bad('import.badDatetime');
  }
  const value = plainText(cell, ctx);
  if (value === null) return bad('import.badValue');
  if (kind === 'geopoint' || kind === 'gps') return GEO_POINT.test(value) ? { value } : bad('import.badGeopoint');
  if (kind === 'geotrace' || kind === 'geoshape') {
    const points = value.split(';').map((p) => p.trim()).filter(Boolean);
    return points.length > 0 && points.every((p) => GEO_POINT.test(p)) ? { value } : bad('import.badGeopoint');
  }
  return value.length <= MAX_TEXT_ANSWER ? { value } : { problem: { code: 'import.tooLong', params: { question: question.name } } };
}

const dateSurvey: SurveyContent = { title: {}, questions: [], choiceLists: {} };

const CHECK_CODES: Record<string, string> = {
  'validation.choice': 'import.badChoice',
  'validation.integer': 'import.badInteger',
  'validation.decimal': 'import.badDecimal',
  'validation.range': 'import.badRange',
  'validation.date': 'import.badDate',
  'validation.time': 'import.badTime',
  'validation.datetime': 'import.badDatetime',
  'validation.tooLong': 'import.tooLong',
};

/** Only length can be wrong with these, and the message does not show the text. */
const FREE_TEXT: readonly Question['type'][] = ['text', 'calculate'];

function problem(code: string, question: Question, cell: CellValue, extra: Record<string, string | number> = {}): { problem: ValueProblem } {
  // A free-text answer is the child's own words: never repeated in a message. Other values are shown cut short.
  const params: Record<string, string | number> = { question: question.name, ...extra };
  if (!FREE_TEXT.includes(question.type)) params.value = shownValue(cell);
  return { problem: { code, params } };
}

/** The value to store for a cell under a question, checked with the same rules as an answer typed in the app. */
export function convertCell(survey: SurveyContent, question: Question, cell: CellValue | undefined, ctx: ValueContext = {}): Converted {
  if (cell === undefined || isBlank(cell)) return { value: null };
  if (question.type === 'not_collected') return convertNotCollected(question, cell, ctx);
  let value: string | null;
  switch (question.type) {
    case 'select_one': {
      const match = matchChoice(survey, question, typeof cell === 'string' ? cell : (plainText(cell, ctx) ?? ''));
      if (match && 'ambiguous' in match) return problem('import.ambiguousChoice', question, cell, { choices: match.ambiguous.join(', ') });
      value = match ? match.code : (plainText(cell, ctx) ?? '');
      break;
    }
    case 'select_multiple':
    case 'rank': {
      const match = matchChoices(survey, question, plainText(cell, ctx) ?? '');
      if (match && 'ambiguous' in match) return problem('import.ambiguousChoice', question, cell, { choices: match.ambiguous.join(', ') });
      value = match ? match.codes.join(' ') : (plainText(cell, ctx) ?? '');
      break;
    }
    case 'integer':
      value = toInteger(cell, ctx);
      break;
    case 'decimal':
    case 'range':
      value = toDecimal(cell, ctx);
      break;
    case 'date':
      value = toDate(cell, ctx);
      break;
    case 'time':
      value = toTime(cell, ctx);
      break;
    case 'datetime':
      value = toDateTime(cell, ctx);
      break;
    case 'acknowledge':
      value = cell === true || cell === 1 || (typeof cell === 'string' && ['ok', '1', 'true', 'yes'].includes(cell.trim().toLowerCase())) ? 'OK' : plainText(cell, ctx);
      break;
    default:
      value = plainText(cell, ctx);
  }
  const code = value === null ? 'validation.' + question.type : checkAnswer(survey, question, value);
  if (code === null) return { value };
  // A single choice no longer in the list is most often one an earlier version of the form offered: the answer is
  // kept as written (analysis and exports show it apart), with a warning naming the cell.
  if (code === 'validation.choice' && question.type === 'select_one' && value !== null && CHOICE_NAME_PATTERN.test(value)) {
    return { value, warning: { code: 'import.keptUnknownChoice', params: { question: question.name, value } } };
  }
  return problem(CHECK_CODES[code] ?? 'import.badValue', question, cell);
}
