import type { Expr, Value } from './ast';
import type { EvalContext } from './evaluate';
import { dateToDays, daysToDate, isDateText, localDate, localDateTime, toBoolean, toNumber, toText } from './values';

/** What a function gets: its arguments unevaluated (if() evaluates one branch only), and ways to evaluate them. */
export interface Runner {
  ctx: EvalContext;
  value(expr: Expr): Value;
  /** The argument as a node-set: every instance of a ${question} across repeats, or the value's items. */
  nodes(expr: Expr): Value[];
}

export interface FunctionSpec {
  min: number;
  max: number;
  /** 0-based indexes of arguments that must be written ${name} (they stand for node-sets or repeats). */
  refArgs?: readonly number[];
  /** position(..): the only argument is `..`. */
  parentArg?: boolean;
  call(args: readonly Expr[], run: Runner): Value;
}

const arg = (args: readonly Expr[], i: number): Expr => args[i]!;
const num = (run: Runner, args: readonly Expr[], i: number) => toNumber(run.value(arg(args, i)));
const str = (run: Runner, args: readonly Expr[], i: number) => toText(run.value(arg(args, i)));

/** select_multiple answers are choice names joined by spaces. */
const splitSelected = (text: string) => text.split(/\s+/).filter(Boolean);

/** Code points, not UTF-16 units: string-length('Tiếng') is 5. */
const chars = (text: string) => [...text];

/** Regexes used by regex(), compiled once: constraints run on every keystroke. */
const regexCache = new Map<string, RegExp | null>();
export function compileRegex(pattern: string): RegExp | null {
  let compiled = regexCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern);
    } catch {
      compiled = null;
    }
    if (regexCache.size >= 500) regexCache.clear();
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

/** XPath/JavaRosa round: half up (round(2.5) = 3, round(-2.5) = -2), optionally to some decimal places. */
function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const d = Math.trunc(digits);
  if (!Number.isFinite(d) || d === 0) return Math.round(x);
  // Shift through the decimal text so that round(1.005, 2) is 1.01, not 1 (1.005 * 100 = 100.49999…).
  const [mantissa, exponent = '0'] = String(x).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + d}`));
  const [m2, e2 = '0'] = String(shifted).split('e');
  return Number(`${m2}e${Number(e2) - d}`);
}

/** min()/max(): over a node-set when given one ${question}, else over the arguments; any NaN gives NaN, as in ODK. */
function extreme(args: readonly Expr[], run: Runner, pick: (a: number, b: number) => number): number {
  const single = args.length === 1 && arg(args, 0).kind === 'ref';
  const values = single ? run.nodes(arg(args, 0)) : args.flatMap((a) => flatten(run.value(a)));
  if (values.length === 0) return NaN;
  return values.map(toNumber).reduce(pick);
}

function flatten(value: Value): Value[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

const nanAwareMin = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));
const nanAwareMax = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  // select_multiple
  selected: { min: 2, max: 2, call: (a, run) => splitSelected(str(run, a, 0)).includes(str(run, a, 1).trim()) },
  'count-selected': { min: 1, max: 1, call: (a, run) => splitSelected(str(run, a, 0)).length },
  /** 0-based; past the end gives '' rather than JavaRosa's error, so a relevance just stays false. */
  'selected-at': {
    min: 2,
    max: 2,
    call: (a, run) => {
      const index = num(run, a, 1);
      return Number.isInteger(index) && index >= 0 ? (splitSelected(str(run, a, 0))[index] ?? '') : '';
    },
  },

  // logic
  if: { min: 3, max: 3, call: (a, run) => run.value(arg(a, toBoolean(run.value(arg(a, 0))) ? 1 : 2)) },
  not: { min: 1, max: 1, call: (a, run) => !toBoolean(run.value(arg(a, 0))) },
  true: { min: 0, max: 0, call: () => true },
  false: { min: 0, max: 0, call: () => false },
  boolean: { min: 1, max: 1, call: (a, run) => toBoolean(run.value(arg(a, 0))) },
  /** The first argument unless it is empty: lazy, like if(). */
  coalesce: {
    min: 2,
    max: 2,
    call: (a, run) => {
      const first = run.value(arg(a, 0));
      return toText(first) !== '' ? first : run.value(arg(a, 1));
    },
  },

  // text
  concat: { min: 1, max: Infinity, call: (a, run) => a.map((e) => toText(run.value(e))).join('') },
  'string-length': {
    min: 0,
    max: 1,
    call: (a, run) => chars(toText(a.length ? run.value(arg(a, 0)) : run.ctx.current())).length,
  },
  /** JavaRosa searches (find), it does not match the whole text: anchor with ^…$ for that. */
  regex: {
    min: 2,
    max: 2,
    call: (a, run) => compileRegex(str(run, a, 1))?.test(str(run, a, 0)) ?? false,
  },
  contains: { min: 2, max: 2, call: (a, run) => str(run, a, 0).includes(str(run, a, 1)) },
  'starts-with': { min: 2, max: 2, call: (a, run) => str(run, a, 0).startsWith(str(run, a, 1)) },
  /** ODK's substr(text, start, end?): 0-based, end excluded (not XPath's 1-based substring()). */
  substr: {
    min: 2,
    max: 3,
    call: (a, run) => {
      const text = chars(str(run, a, 0));
      const start = Math.max(0, Math.trunc(num(run, a, 1)) || 0);
      const end = a.length > 2 ? Math.trunc(num(run, a, 2)) : text.length;
      return Number.isNaN(end) ? '' : text.slice(start, Math.max(start, end)).join('');
    },
  },
  string: { min: 0, max: 1, call: (a, run) => toText(a.length ? run.value(arg(a, 0)) : run.ctx.current()) },

  // numbers
  number: { min: 0, max: 1, call: (a, run) => toNumber(a.length ? run.value(arg(a, 0)) : run.ctx.current()) },
  /** Truncates toward zero, as JavaRosa does. */
  int: { min: 1, max: 1, call: (a, run) => Math.trunc(num(run, a, 0)) },
  round: { min: 1, max: 2, call: (a, run) => roundTo(num(run, a, 0), a.length > 1 ? num(run, a, 1) : 0) },
  floor: { min: 1, max: 1, call: (a, run) => Math.floor(num(run, a, 0)) },
  ceiling: { min: 1, max: 1, call: (a, run) => Math.ceil(num(run, a, 0)) },
  abs: { min: 1, max: 1, call: (a, run) => Math.abs(num(run, a, 0)) },
  min: { min: 1, max: Infinity, call: (a, run) => extreme(a, run, nanAwareMin) },
  max: { min: 1, max: Infinity, call: (a, run) => extreme(a, run, nanAwareMax) },

  // dates
  today: { min: 0, max: 0, call: (_a, run) => localDate(run.ctx.now()) },
  now: { min: 0, max: 0, call: (_a, run) => localDateTime(run.ctx.now()) },
  /** date(x): a day count or a date(-time) text, as YYYY-MM-DD; '' when it is not a date. */
  date: {
    min: 1,
    max: 1,
    call: (a, run) => {
      const value = run.value(arg(a, 0));
      const text = toText(value).trim();
      // A date-time keeps its own calendar day, whatever its offset.
      if (typeof value === 'string' && isDateText(text)) return Number.isNaN(dateToDays(text)) ? '' : text.slice(0, 10);
      return daysToDate(toNumber(value));
    },
  },

  // repeats
  position: { min: 1, max: 1, parentArg: true, call: (_a, run) => run.ctx.position() },
  'indexed-repeat': {
    min: 3,
    max: 3,
    refArgs: [0, 1],
    call: (a, run) => {
      const [question, repeat] = [arg(a, 0), arg(a, 1)];
      if (question.kind !== 'ref' || repeat.kind !== 'ref') return '';
      return run.ctx.indexed(question.name, repeat.name, num(run, a, 2));
    },
  },
  count: { min: 1, max: 1, refArgs: [0], call: (a, run) => run.nodes(arg(a, 0)).length },
  /** XPath sum(): one empty answer makes NaN, as in ODK; no instance at all makes 0. */
  sum: { min: 1, max: 1, refArgs: [0], call: (a, run) => run.nodes(arg(a, 0)).reduce<number>((t, v) => t + toNumber(v), 0) },
};

export function functionSpec(name: string): FunctionSpec | undefined {
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}
