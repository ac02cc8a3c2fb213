import type { BinaryOp, Value } from './ast';

/**
 * Conversions between values, as XPath 1.0 / JavaRosa do them. Answers arrive as strings (core/survey/answers.ts),
 * so a few rules stand in for ODK's typed nodes: a YYYY-MM-DD answer behaves as a date, '' as "no answer".
 */

const XPATH_NUMBER = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 86_400_000;

/** A node-set stands for its first node (XPath string-value); an empty one for "no answer". */
function first(value: Value): string | number | boolean {
  while (Array.isArray(value)) value = value[0] ?? '';
  return value;
}

/** XPath boolean(): non-empty string, non-zero number, non-empty node-set. */
export function toBoolean(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return value;
}

/**
 * XPath number(): '' and words are NaN. A date or date-time answer counts as days since 1970-01-01, as JavaRosa
 * does for date nodes, so ODK idioms like `(today() - ${dob}) div 365.25` keep working on string answers.
 */
export function toNumber(value: Value): number {
  const scalar = first(value);
  if (typeof scalar === 'number') return scalar;
  if (typeof scalar === 'boolean') return scalar ? 1 : 0;
  if (XPATH_NUMBER.test(scalar)) return Number(scalar);
  return dateToDays(scalar.trim());
}

/** XPath string(): integers without ".0", NaN and Infinity spelled out, booleans as 'true'/'false'. */
export function toText(value: Value): string {
  const scalar = first(value);
  if (typeof scalar === 'string') return scalar;
  if (typeof scalar === 'boolean') return scalar ? 'true' : 'false';
  if (Object.is(scalar, -0)) return '0';
  return String(scalar);
}

/** Days since the epoch of 'YYYY-MM-DD' or an ISO date-time (fractional, UTC when no offset is given); else NaN. */
export function dateToDays(text: string): number {
  const date = DATE.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    // 2023-02-30 is not a date: no silent roll-over into March.
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return NaN;
    return ms / DAY_MS;
  }
  if (DATE_TIME.test(text)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text.slice(10));
    const ms = Date.parse(hasZone ? text : `${text}Z`);
    return Number.isNaN(ms) ? NaN : ms / DAY_MS;
  }
  return NaN;
}

/** The YYYY-MM-DD of a day count (the inverse of dateToDays, truncating a time of day). */
export function daysToDate(days: number): string {
  if (!Number.isFinite(days)) return '';
  const date = new Date(Math.floor(days) * DAY_MS);
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(0, 10);
}

export function isDateText(text: string): boolean {
  return DATE.test(text) || DATE_TIME.test(text);
}

/** Local calendar date, as ODK's today() gives it on the device. */
export function localDate(now: Date): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Local date-time with its offset, the way ODK writes now(): 2024-05-15T10:30:00.000+07:00. */
export function localDateTime(now: Date): string {
  const offset = -now.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}`;
  return `${localDate(now)}T${time}${zone}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export type Comparison = Extract<BinaryOp, '=' | '!=' | '<' | '<=' | '>' | '>='>;

/**
 * XPath comparison. A node-set compares true when any of its nodes does (XPath 1.0); an empty one compares as ''
 * (JavaRosa: an unanswered question). For = and !=: a boolean on either side compares booleans, else a number on
 * either side compares numbers, else strings. For < <= > >=: two dates (or two times) compare as text, which is
 * their calendar order; anything else compares as numbers, as XPath says (so '10' > '9' for two integer answers).
 */
export function compare(op: Comparison, left: Value, right: Value): boolean {
  const lefts = Array.isArray(left) && left.length > 0 ? left : [first(left)];
  const rights = Array.isArray(right) && right.length > 0 ? right : [first(right)];
  return lefts.some((a) => rights.some((b) => compareScalars(op, first(a), first(b))));
}

function compareScalars(op: Comparison, a: string | number | boolean, b: string | number | boolean): boolean {
  if (op === '=' || op === '!=') {
    let equal: boolean;
    if (typeof a === 'boolean' || typeof b === 'boolean') equal = toBoolean(a) === toBoolean(b);
    else if (typeof a === 'number' || typeof b === 'number') equal = toNumber(a) === toNumber(b);
    else equal = a === b;
    return op === '=' ? equal : !equal;
  }
  if (typeof a === 'string' && typeof b === 'string' && sameCalendarKind(a, b)) return order(op, a < b ? -1 : a > b ? 1 : 0);
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return order(op, x < y ? -1 : x > y ? 1 : 0);
}

function sameCalendarKind(a: string, b: string): boolean {
  return (DATE.test(a) && DATE.test(b)) || (TIME.test(a) && TIME.test(b));
}

function order(op: '<' | '<=' | '>' | '>=', sign: number): boolean {
  switch (op) {
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
  }
}
