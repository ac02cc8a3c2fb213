import type { Expr, Value } from './ast';
import { FUNCTIONS, type Runner } from './functions';
import { compile } from './parser';
import { compare, toBoolean, toNumber } from './values';

/**
 * What an expression can see. The survey runner implements it; answers are strings as stored
 * (select_multiple 'a c', dates 'YYYY-MM-DD'), and '' for a question not answered (or not relevant).
 */
export interface EvalContext {
  /** ${name} as seen from here: inside a repeat, the same instance. */
  get(name: string): Value;
  /** Every instance of ${name} across repeats, for count() and sum(); for a repeat itself, one item per instance. */
  getAll(name: string): Value[];
  /** `.`: the value of the question the expression belongs to. */
  current(): Value;
  /** 1-based index of the enclosing repeat instance: position(..). */
  position(): number;
  /** indexed-repeat(${name}, ${repeat}, index): index is 1-based. */
  indexed(name: string, repeat: string, index: number): Value;
  /** The clock of today() and now(): injected so tests and replays are reproducible. */
  now(): Date;
  /** In a choice filter, a column of the choice being filtered (`name`, or an extra column). */
  column?(name: string): Value;
}

/** Evaluates a parsed expression. It never throws for data: bad numbers become NaN, missing answers ''. */
export function evaluate(expr: Expr, ctx: EvalContext): Value {
  const run: Runner = {
    ctx,
    value: (e) => evaluateNode(e, run),
    nodes: (e) => {
      if (e.kind === 'ref') return ctx.getAll(e.name);
      const value = evaluateNode(e, run);
      return Array.isArray(value) ? value : [value];
    },
  };
  return evaluateNode(expr, run);
}

/** Parses (once, through the compile cache) and evaluates. Throws ExpressionError for a syntax error. */
export function evaluateSource(source: string, ctx: EvalContext): Value {
  return evaluate(compile(source), ctx);
}

function evaluateNode(expr: Expr, run: Runner): Value {
  switch (expr.kind) {
    case 'number':
    case 'string':
      return expr.value;
    case 'ref':
      return run.ctx.get(expr.name);
    case 'column':
      return run.ctx.column?.(expr.name) ?? '';
    case 'current':
      return run.ctx.current();
    case 'parent':
      // Only ever the argument of position(), which does not evaluate it.
      return '';
    case 'negate':
      return -toNumber(evaluateNode(expr.operand, run));
    case 'call':
      // The parser accepts known functions only.
      return FUNCTIONS[expr.name]!.call(expr.args, run);
    case 'binary': {
      const { op } = expr;
      if (op === 'and') return toBoolean(evaluateNode(expr.left, run)) && toBoolean(evaluateNode(expr.right, run));
      if (op === 'or') return toBoolean(evaluateNode(expr.left, run)) || toBoolean(evaluateNode(expr.right, run));
      const left = evaluateNode(expr.left, run);
      const right = evaluateNode(expr.right, run);
      switch (op) {
        case '+':
          return toNumber(left) + toNumber(right);
        case '-':
          return toNumber(left) - toNumber(right);
        case '*':
          return toNumber(left) * toNumber(right);
        case 'div':
          // IEEE division, as XPath: 1 div 0 is Infinity, 0 div 0 is NaN.
          return toNumber(left) / toNumber(right);
        case 'mod':
          // XPath mod keeps the sign of the dividend, like JavaScript's %.
          return toNumber(left) % toNumber(right);
        default:
          return compare(op, left, right);
      }
    }
  }
}
