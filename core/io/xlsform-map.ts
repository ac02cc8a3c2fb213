import type { QuestionType } from '../survey/model';

/**
 * Platform-free pieces of XLSForm import: how a column header, a `type` cell, a language name and a
 * yes/no cell map onto our survey model. The spreadsheet reading itself lives in electron/io.
 */

export type ModelLang = 'vi' | 'en';

/** Fields of the survey sheet we read; `ignored` columns are reported once and skipped. */
export type SurveyField =
  | 'type'
  | 'name'
  | 'label'
  | 'hint'
  | 'required'
  | 'required_message'
  | 'relevant'
  | 'constraint'
  | 'constraint_message'
  | 'calculation'
  | 'default'
  | 'read_only'
  | 'sensitive'
  | 'identifying'
  | 'appearance'
  | 'choice_filter'
  | 'parameters'
  | 'repeat_count'
  | 'image';

export const TRANSLATABLE_FIELDS: ReadonlySet<string> = new Set(['label', 'hint', 'constraint_message', 'required_message', 'image']);

const FIELD_ALIASES: Record<string, SurveyField> = {
  type: 'type',
  name: 'name',
  label: 'label',
  caption: 'label',
  hint: 'hint',
  required: 'required',
  required_message: 'required_message',
  requiredmsg: 'required_message',
  'jr:requiredmsg': 'required_message',
  relevant: 'relevant',
  relevance: 'relevant',
  constraint: 'constraint',
  constraint_message: 'constraint_message',
  constraint_msg: 'constraint_message',
  constraintmsg: 'constraint_message',
  'jr:constraintmsg': 'constraint_message',
  calculation: 'calculation',
  calculate: 'calculation',
  default: 'default',
  read_only: 'read_only',
  readonly: 'read_only',
  // Our safeguarding flags, as extra columns (KoboToolbox and pyxform leave columns they do not know alone).
  sensitive: 'sensitive',
  identifying: 'identifying',
  appearance: 'appearance',
  choice_filter: 'choice_filter',
  parameters: 'parameters',
  repeat_count: 'repeat_count',
  'jr:count': 'repeat_count',
  image: 'image',
};

/** Trims (incl. line breaks typed into a header cell) and collapses inner white space. */
export function cleanHeader(header: string): string {
  return header.replace(/\s+/g, ' ').trim();
}

export interface ParsedHeader {
  /** A known field, or the cleaned lower-case base name for anything else (kept for choice filters). */
  field: string;
  known: boolean;
  /** The language part as written (`English (en)`), when the column has one. */
  lang?: string;
}

/**
 * `label::English (en)`, `label:English`, `bind:relevant`, `bind:jr:constraintMsg`, `media::image::english`,
 * `constraint message`, `read only` → a field and an optional language.
 */
export function parseHeader(header: string): ParsedHeader {
  let rest = cleanHeader(header);
  if (/^bind::?/i.test(rest)) rest = rest.replace(/^bind::?/i, '');
  if (/^media::?/i.test(rest)) rest = rest.replace(/^media::?/i, '');
  const lower = rest.toLowerCase();
  // bind names with a namespace (jr:constraintMsg) are whole names, not a language suffix.
  if (lower.startsWith('jr:')) {
    const field = FIELD_ALIASES[lower];
    return field ? { field, known: true } : { field: lower, known: false };
  }
  const sep = rest.includes('::') ? rest.indexOf('::') : rest.indexOf(':');
  const base = (sep >= 0 ? rest.slice(0, sep) : rest).trim().toLowerCase().replace(/[\s-]+/g, '_');
  const lang = sep >= 0 ? rest.slice(sep + (rest.startsWith('::', sep) ? 2 : 1)).trim() : undefined;
  const field = FIELD_ALIASES[base];
  if (!field) return { field: base, known: false, ...(lang ? { lang } : {}) };
  if (lang && !TRANSLATABLE_FIELDS.has(field)) return { field: base, known: false, lang };
  return { field, known: true, ...(lang ? { lang } : {}) };
}

const EN_NAMES = new Set(['en', 'eng', 'english', 'tiếng anh', 'tieng anh']);
const VI_NAMES = new Set(['vi', 'vie', 'vietnamese', 'tiếng việt', 'tieng viet', 'việt', 'viet']);

/** `English (en)`, `english`, `EN`, `Tiếng Việt (vi)`, `vietnamese` → our language; anything else → null. */
export function modelLang(language: string): ModelLang | null {
  const text = language.normalize('NFC').trim().toLowerCase();
  const code = /\(([^)]+)\)\s*$/.exec(text)?.[1]?.trim();
  const name = text.replace(/\([^)]*\)\s*$/, '').trim();
  for (const candidate of [code, name]) {
    if (!candidate) continue;
    const primary = candidate.split(/[-_]/)[0] ?? candidate;
    if (EN_NAMES.has(candidate) || EN_NAMES.has(primary)) return 'en';
    if (VI_NAMES.has(candidate) || VI_NAMES.has(primary)) return 'vi';
  }
  return null;
}

const TRUE_WORDS = new Set(['yes', 'true', 'true()', '1', 'y']);
const FALSE_WORDS = new Set(['', 'no', 'false', 'false()', '0', 'n']);

/** yes/true/TRUE()/1 → true, no/false/blank → false, anything else (an expression) → null. */
export function parseYesNo(value: string): boolean | null {
  const text = value.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

/** Types a laptop does not collect (location, media, device metadata): kept as `not_collected`, with a warning. */
const NOT_COLLECTED = new Set([
  'gps',
  'geopoint',
  'geotrace',
  'geoshape',
  'start-geopoint',
  'background-geopoint',
  'osm',
  'image',
  'photo',
  'audio',
  'background-audio',
  'video',
  'barcode',
  'file',
  'start',
  'end',
  'today',
  'deviceid',
  'uri:deviceid',
  'imei',
  'simserial',
  'subscriberid',
  'phonenumber',
  'phone number',
  'phone',
  'username',
  'email',
  'audit',
  'xml-external',
  'csv-external',
  'select_one_external',
  'select_multiple_external',
  'select_one_from_file',
  'select_multiple_from_file',
  'signature',
]);

/** Not-collected types whose values say nothing about who the child is or where; every other one is treated as personal data. */
const NOT_IDENTIFYING = new Set(['start', 'end', 'today', 'audit', 'xml-external', 'csv-external', 'select_one_external', 'select_multiple_external', 'select_one_from_file', 'select_multiple_from_file']);

const SIMPLE: Record<string, QuestionType> = {
  integer: 'integer',
  int: 'integer',
  decimal: 'decimal',
  text: 'text',
  string: 'text',
  note: 'note',
  date: 'date',
  time: 'time',
  datetime: 'datetime',
  acknowledge: 'acknowledge',
  trigger: 'acknowledge',
  calculate: 'calculate',
  range: 'range',
  begin_group: 'begin_group',
  end_group: 'end_group',
  begin_repeat: 'begin_repeat',
  end_repeat: 'end_repeat',
  end_loop: 'end_repeat',
};

export type ParsedType =
  | { kind: 'blank' }
  | { kind: 'question'; type: QuestionType; listName?: string; orOther?: boolean; loop?: boolean }
  /** Kept in the survey as `not_collected`; `identifying` for location, contact, device and media data. */
  | { kind: 'notCollected'; type: string; identifying: boolean }
  | { kind: 'unknown'; type: string };

/**
 * An XLSForm `type` cell: `select_one x`, `select_one x or_other`, legacy `select one from x`,
 * `select all that apply from x or specify other`, `begin group`, `begin loop over x`, `int`, `trigger`, …
 */
export function parseType(raw: string): ParsedType {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return { kind: 'blank' };
  const lower = text.toLowerCase();

  const legacy = /^(select one|select all that apply) from (\S+)( or specify other)?$/i.exec(text);
  if (legacy) {
    const type = legacy[1]!.toLowerCase() === 'select one' ? 'select_one' : 'select_multiple';
    return { kind: 'question', type, listName: legacy[2]!, ...(legacy[3] ? { orOther: true } : {}) };
  }
  const loop = /^begin[ _]loop (?:over )?(\S+)$/i.exec(text);
  if (loop) return { kind: 'question', type: 'begin_repeat', listName: loop[1]!, loop: true };

  const words = text.split(' ');
  const head = (words[0] ?? '').toLowerCase();
  if (head === 'select_one' || head === 'select_multiple' || head === 'rank') {
    const listName = words[1];
    const tail = words.slice(2).join(' ').toLowerCase();
    if (!listName || (tail !== '' && tail !== 'or_other')) return { kind: 'unknown', type: text };
    return { kind: 'question', type: head, listName, ...(tail === 'or_other' ? { orOther: true } : {}) };
  }
  const simple = SIMPLE[lower.replace(/ /g, '_')];
  if (simple) return { kind: 'question', type: simple };
  // `osm c1`, `select_one_external c1`: the first word decides (but `end group` is not the `end` timestamp).
  if (NOT_COLLECTED.has(lower) || NOT_COLLECTED.has(head)) return { kind: 'notCollected', type: text, identifying: !NOT_IDENTIFYING.has(head) };
  return { kind: 'unknown', type: text };
}
