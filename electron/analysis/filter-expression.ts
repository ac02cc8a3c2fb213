/**
 * `--filter EXPR` of `tiengnoi stats`: the XLSForm-style conditions an analyst already writes in relevance
 * columns, translated to core/analysis/filter.ts conditions (which are ANDed):
 *   ${province} = '10'      ${sex} != 'girl'       ${age} >= 12      ${age} < 15
 *   selected(${worries}, 'online')                 ${q} = ''  (not asked)   ${q} != ''
 *   A and B and …           not(A)
 * Anything else (or, count-selected, arithmetic, a question the survey does not have) is refused, naming the
 * part not understood.
 */
import type { ColumnKind } from '../../core/analysis/columns';
import type { FilterConditionInput } from '../../core/analysis/filter';
import type { MessageKey } from '../../core/i18n/messages';

export class FilterExpressionError extends Error {
  constructor(
    readonly part: string,
    readonly hint: MessageKey,
  ) {
    super(`filter not understood at "${part}"`);
    this.name = 'FilterExpressionError';
  }
}

type Token =
  | { kind: 'ref'; name: string; text: string }
  | { kind: 'string'; value: string; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'op'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; text: string }
  | { kind: 'word'; word: string; text: string }
  | { kind: 'punct'; char: '(' | ')' | ','; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/.exec(rest))) tokens.push({ kind: 'ref', name: m[1]!, text: m[0] });
    else if ((m = /^'([^']*)'|^"([^"]*)"/.exec(rest))) tokens.push({ kind: 'string', value: (m[1] ?? m[2])!, text: m[0] });
    else if ((m = /^-?(\d+(\.\d*)?|\.\d+)/.exec(rest))) tokens.push({ kind: 'number', value: Number(m[0]), text: m[0] });
    else if ((m = /^(!=|<=|>=|=|<|>)/.exec(rest))) tokens.push({ kind: 'op', op: m[0] as '=', text: m[0] });
    else if ((m = /^[A-Za-z][A-Za-z0-9_-]*/.exec(rest))) tokens.push({ kind: 'word', word: m[0], text: m[0] });
    else if ('(),'.includes(rest[0]!)) tokens.push({ kind: 'punct', char: rest[0] as '(', text: rest[0]! });
    else throw new FilterExpressionError(rest.slice(0, 20), 'analysis.filter.hintGeneral');
    at += m ? m[0].length : 1;
  }
  return tokens;
}

/** The conditions of an expression; `kindOf` gives a question's column kind (null when it has none). */
export function parseFilterExpression(source: string, kindOf: (question: string) => ColumnKind | null): FilterConditionInput[] {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const restText = () => tokens.slice(at, at + 4).map((t) => t.text).join(' ') || source.trim();
  const fail = (hint: MessageKey = 'analysis.filter.hintGeneral'): never => {
    throw new FilterExpressionError(restText(), hint);
  };
  const expect = (char: '(' | ')' | ',') => {
    const t = peek();
    if (t?.kind !== 'punct' || t.char !== char) fail();
    at++;
  };
  const question = (): { name: string; kind: ColumnKind } => {
    const t = peek();
    if (t?.kind !== 'ref') return fail();
    const kind = kindOf(t.name);
    if (kind === null || kind === 'text') return fail('analysis.filter.hintUnknown');
    at++;
    return { name: t.name, kind };
  };

  const condition = (): FilterConditionInput => {
    const t = peek();
    if (t?.kind === 'word' && t.word === 'not') {
      at++;
      expect('(');
      const inner = condition();
      if (peek()?.kind === 'word') fail('analysis.filter.hintNot');
      expect(')');
      return { ...inner, negate: !(inner.negate ?? false) };
    }
    if (t?.kind === 'word' && t.word === 'selected') {
      at++;
      expect('(');
      const q = question();
      if (q.kind === 'numeric') fail('analysis.filter.hintNumber');
      expect(',');
      const value = peek();
      if (value?.kind !== 'string' && value?.kind !== 'number') return fail();
      at++;
      expect(')');
      return { type: 'choice', question: q.name, values: [value.kind === 'string' ? value.value : value.text] };
    }
    if (t?.kind === 'punct' && t.char === '(') {
      at++;
      const inner = condition();
      expect(')');
      return inner;
    }
    const start = at;
    const q = question();
    const op = peek();
    if (op?.kind !== 'op') return fail();
    at++;
    const value = peek();
    if (value?.kind !== 'string' && value?.kind !== 'number') return fail();
    at++;
    if (value.kind === 'string' && value.value === '') {
      if (op.op !== '=' && op.op !== '!=') {
        at = start;
        return fail();
      }
      return { type: 'state', question: q.name, state: 'notAsked', negate: op.op === '!=' };
    }
    if (q.kind === 'numeric') {
      const x = value.kind === 'number' ? value.value : Number(value.value);
      if (!Number.isFinite(x) || (value.kind === 'string' && value.value.trim() === '')) {
        at = start;
        return fail('analysis.filter.hintNumber');
      }
      switch (op.op) {
        case '=':
          return { type: 'range', question: q.name, min: x, max: x };
        case '!=':
          // Not equal, among those with a number: below or above. Two ranges cannot be ANDed into one, so
          // "x != 12" is written as a negated equality restricted to numbers by a second condition.
          return { type: 'range', question: q.name, min: x, max: x, negate: true };
        case '>=':
          return { type: 'range', question: q.name, min: x };
        case '<=':
          return { type: 'range', question: q.name, max: x };
        case '>':
          return { type: 'range', question: q.name, min: nextUp(x) };
        case '<':
          return { type: 'range', question: q.name, max: nextDown(x) };
      }
    }
    if (q.kind === 'multiple') {
      at = start;
      return fail('analysis.filter.hintMultiple');
    }
    if (op.op !== '=' && op.op !== '!=') {
      at = start;
      return fail();
    }
    return { type: 'choice', question: q.name, values: [value.kind === 'string' ? value.value : value.text], negate: op.op === '!=' };
  };

  const conditions: FilterConditionInput[] = [];
  if (tokens.length === 0) return conditions;
  for (;;) {
    const made = condition();
    conditions.push(made);
    // "${age} != 12" keeps to children with a number, as XLSForm's comparison of a blank with 12 would not hold.
    if (made.type === 'range' && made.negate && made.min === made.max) conditions.push({ type: 'state', question: made.question, state: 'answered' });
    const next = peek();
    if (next === undefined) break;
    if (next.kind === 'word' && next.word === 'and') {
      at++;
      continue;
    }
    if (next.kind === 'word' && next.word === 'or') fail('analysis.filter.hintOr');
    fail();
  }
  return conditions;
}

const scratch = new Float64Array(1);
const bits = new BigInt64Array(scratch.buffer);
/** The next double above x (so "> 12" is the inclusive range from just above 12). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  scratch[0] = x;
  bits[0] = bits[0]! + (x > 0 ? 1n : -1n);
  return scratch[0]!;
}
function nextDown(x: number): number {
  return -nextUp(-x);
}
