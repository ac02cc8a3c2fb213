import type { MessageKey } from '../i18n/messages';
import { choicesOf, holdsAnswer, type Question, type SurveyContent } from './model';
import { MAX_INSTANCES, parseAnswerKey, repeatDepths } from './instances';

export const MAX_TEXT_ANSWER = 10_000;
/** The choice name XLSForm's or_other adds; its text goes to `<name>_other`. */
export const OTHER_CHOICE = 'other';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?$/;

/**
 * Checks one answer as given (null clears it). Returns the message key of the problem, or null when valid.
 * Values are stored as XLSForm stores them: select_multiple and rank as space-separated choice names,
 * dates as YYYY-MM-DD, times as HH:MM[:SS], date-times as ISO 8601.
 */
export function checkAnswer(survey: SurveyContent, question: Question, value: string | null): MessageKey | null {
  if (value === null || value === '') return null;
  if (question.type === 'calculate') return value.length <= MAX_TEXT_ANSWER ? null : 'validation.tooLong';
  if (question.type === 'begin_repeat') return /^\d{1,3}$/.test(value) && Number(value) <= MAX_INSTANCES ? null : 'validation.integer';
  if (!holdsAnswer(question)) return 'validation.noAnswerHere';
  switch (question.type) {
    case 'select_one':
      return isChoice(survey, question, value) ? null : 'validation.choice';
    case 'select_multiple': {
      const parts = splitMultiple(value);
      return parts.every((part) => isChoice(survey, question, part)) ? null : 'validation.choice';
    }
    case 'rank': {
      const parts = splitMultiple(value);
      const distinct = new Set(parts).size === parts.length;
      return distinct && parts.every((part) => isChoice(survey, question, part)) ? null : 'validation.choice';
    }
    case 'integer':
      return /^-?\d{1,15}$/.test(value.trim()) ? null : 'validation.integer';
    case 'decimal':
      return parseDecimal(value) === null ? 'validation.decimal' : null;
    case 'range':
      return checkRange(question, value);
    case 'date':
      return DATE.test(value) && isRealDate(value) ? null : 'validation.date';
    case 'time':
      return TIME.test(value) ? null : 'validation.time';
    case 'datetime': {
      const [date, time] = value.split('T');
      return date && time && DATE.test(date) && isRealDate(date) && TIME.test(time) ? null : 'validation.datetime';
    }
    case 'acknowledge':
      return value === 'OK' ? null : 'validation.choice';
    default:
      return value.length <= MAX_TEXT_ANSWER ? null : 'validation.tooLong';
  }
}

export function splitMultiple(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}

function isChoice(survey: SurveyContent, question: Question, name: string): boolean {
  if (question.orOther && name === OTHER_CHOICE) return true;
  return choicesOf(survey, question).some((choice) => choice.name === name);
}

function parseDecimal(value: string): number | null {
  const trimmed = value.trim();
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : null;
}

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** XLSForm range parameters ("start=1 end=5 step=1"); ODK's defaults are 1, 10, 1. */
export function rangeParameters(question: Question): { start: number; end: number; step: number } {
  const params = Object.fromEntries(
    (question.parameters ?? '')
      .split(/[\s;,]+/)
      .map((part) => part.split('='))
      .filter((pair): pair is [string, string] => pair.length === 2)
      .map(([key, value]) => [key.trim().toLowerCase(), Number(value)]),
  ) as Record<string, number>;
  const pick = (key: string, fallback: number) => (Number.isFinite(params[key]) ? params[key]! : fallback);
  return { start: pick('start', 1), end: pick('end', 10), step: pick('step', 1) };
}

function checkRange(question: Question, value: string): MessageKey | null {
  const number = parseDecimal(value);
  if (number === null) return 'validation.decimal';
  const { start, end, step } = rangeParameters(question);
  const [low, high] = start <= end ? [start, end] : [end, start];
  if (number < low || number > high) return 'validation.range';
  const steps = (number - start) / step;
  return Math.abs(steps - Math.round(steps)) < 1e-9 ? null : 'validation.range';
}

/**
 * The question an answer key is for, and its repeat instance. Besides the survey's own questions there is,
 * for each question with "other, please specify", the text `<name>_other` (as pyxform names it), and for each
 * repeat its number of instances, kept under the repeat's own name in the enclosing instance.
 */
export function answerTarget(survey: SurveyContent, key: string): { question: Question; path: number[] } | undefined {
  const parsed = parseAnswerKey(key);
  if (!parsed) return undefined;
  const { name, path } = parsed;
  const depths = repeatDepths(survey);
  let index = survey.questions.findIndex((q) => q.name === name);
  let question = survey.questions[index];
  if (!question && name.endsWith(OTHER_SUFFIX)) {
    index = survey.questions.findIndex((q) => q.name === name.slice(0, -OTHER_SUFFIX.length));
    const base = survey.questions[index];
    if (base?.orOther) question = { name, type: 'text', label: base.label, hint: {}, required: false };
  }
  if (!question) return undefined;
  // The instance path must be exactly as deep as the repeats around the question (a repeat's count: one less).
  const depth = depths[index]! - (question.type === 'begin_repeat' ? 1 : 0);
  return path.length === depth ? { question, path } : undefined;
}

export const OTHER_SUFFIX = '_other';
