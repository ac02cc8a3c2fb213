import type { BinaryOp, Expr } from './ast';
import { ExpressionError } from './errors';
import { functionSpec } from './functions';
import { tokenize, type Sym, type Token } from './lexer';

export interface ParseOptions {
  /**
   * Parse an XLSForm choice_filter: there a bare name (`province = ${province}`) is a column of the choices sheet.
   * Elsewhere a bare name is an error, most often a forgotten ${…}.
   */
  choiceFilter?: boolean;
}

/** Deep enough for any real form, shallow enough that a pasted wall of brackets cannot overflow the stack. */
const MAX_DEPTH = 100;

// XPath 1.0 precedence, loosest first: or < and < equality < relational < additive < multiplicative < unary.
const LEVELS: readonly (readonly BinaryOp[])[] = [['or'], ['and'], ['=', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', 'div', 'mod']];
const WORD_OPERATORS = new Set<string>(['or', 'and', 'div', 'mod']);

/** Parses an expression; throws ExpressionError for the first syntax problem found. */
export function parseExpression(source: string, options: ParseOptions = {}): Expr {
  return new Parser(tokenize(source), options).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: ParseOptions,
  ) {}

  parseAll(): Expr {
    if (this.peek().type === 'end') throw new ExpressionError('empty', 0);
    const expr = this.binary(0);
    const rest = this.peek();
    if (rest.type === 'end') return expr;
    if (rest.type === 'symbol' && rest.value === ')') throw new ExpressionError('extraParenthesis', rest.position);
    throw unexpected(rest);
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.type !== 'end') this.index++;
    return token;
  }

  private isSymbol(value: Sym): boolean {
    const token = this.peek();
    return token.type === 'symbol' && token.value === value;
  }

  /** The operator at this point if it belongs to the given level: word operators only count in operator position. */
  private operator(level: readonly BinaryOp[]): BinaryOp | null {
    const token = this.peek();
    if (token.type === 'symbol' || (token.type === 'name' && WORD_OPERATORS.has(token.value))) {
      return (level as readonly string[]).includes(token.value) ? (token.value as BinaryOp) : null;
    }
    return null;
  }

  private binary(levelIndex: number): Expr {
    const level = LEVELS[levelIndex];
    if (!level) return this.unary();
    let left = this.binary(levelIndex + 1);
    for (let op = this.operator(level); op; op = this.operator(level)) {
      this.next();
      const right = this.binary(levelIndex + 1);
      left = { kind: 'binary', op, left, right, position: left.position };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isSymbol('-')) {
      const position = this.next().position;
      return this.nested(position, () => ({ kind: 'negate', operand: this.unary(), position }));
    }
    return this.primary();
  }

  private nested<T>(position: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError('tooDeep', position);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private primary(): Expr {
    const token = this.next();
    const { position } = token;
    switch (token.type) {
      case 'number':
        return { kind: 'number', value: token.value, position };
      case 'string':
        return { kind: 'string', value: token.value, position };
      case 'ref':
        return { kind: 'ref', name: token.value, position };
      case 'name':
        if (this.isSymbol('(')) return this.call(token);
        if (WORD_OPERATORS.has(token.value)) throw unexpected(token);
        if (this.options.choiceFilter) return { kind: 'column', name: token.value, position };
        throw new ExpressionError('bareName', position, { name: token.value });
      case 'end':
        throw new ExpressionError('unexpectedEnd', position);
      case 'symbol':
        if (token.value === '.') return { kind: 'current', position };
        if (token.value === '..') throw new ExpressionError('misplacedParent', position);
        if (token.value === '(') {
          return this.nested(position, () => {
            const inner = this.binary(0);
            this.close(position);
            return inner;
          });
        }
        throw unexpected(token);
    }
  }

  private close(open: number): void {
    if (this.isSymbol(')')) {
      this.next();
      return;
    }
    const token = this.peek();
    if (token.type === 'end') throw new ExpressionError('missingParenthesis', token.position, { open });
    throw unexpected(token);
  }

  private call(nameToken: Token & { type: 'name' }): Expr {
    const { value: name, position } = nameToken;
    const spec = functionSpec(name);
    if (!spec) throw new ExpressionError('unknownFunction', position, { name });
    const open = this.next().position;
    return this.nested(open, () => {
      const args: Expr[] = [];
      if (!this.isSymbol(')')) {
        args.push(this.argument(spec.parentArg === true, name, 0));
        while (this.isSymbol(',')) {
          this.next();
          args.push(this.argument(spec.parentArg === true, name, args.length));
        }
      }
      this.close(open);
      checkArity(name, position, spec.min, spec.max, args.length);
      for (const index of spec.refArgs ?? []) {
        const given = args[index];
        if (given && given.kind !== 'ref') throw new ExpressionError('referenceExpected', given.position, { name, argument: index + 1 });
      }
      return { kind: 'call', name, args, position };
    });
  }

  /** `..` is read only where position() expects it, and position() accepts nothing else. */
  private argument(parentExpected: boolean, name: string, index: number): Expr {
    if (!parentExpected) return this.binary(0);
    const token = this.peek();
    if (index === 0 && token.type === 'symbol' && token.value === '..') {
      this.next();
      return { kind: 'parent', position: token.position };
    }
    throw new ExpressionError('parentExpected', token.position, { name });
  }
}

function checkArity(name: string, position: number, min: number, max: number, count: number): void {
  if (count >= min && count <= max) return;
  if (max === Infinity) throw new ExpressionError('tooFewArguments', position, { name, min, count });
  // '1–2' reads the same in both languages.
  const expected = min === max ? String(min) : `${min}–${max}`;
  throw new ExpressionError('wrongArgumentCount', position, { name, expected, count });
}

function unexpected(token: Token): ExpressionError {
  if (token.type === 'end') return new ExpressionError('unexpectedEnd', token.position);
  return new ExpressionError('unexpectedToken', token.position, { token: token.text });
}

/** Parsed expressions (or their syntax errors) by source: a survey re-runs the same relevance on every answer. */
const cache = new Map<string, Expr | ExpressionError>();
const CACHE_LIMIT = 5000;

/** parseExpression with a cache; the tree is shared, so treat it as read-only. */
export function compile(source: string, options: ParseOptions = {}): Expr {
  const key = options.choiceFilter ? `choice\u0000${source}` : source;
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      entry = parseExpression(source, options);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      entry = error;
    }
    // Forget the oldest entry (Maps keep insertion order): enough to bound memory while a designer types.
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  if (entry instanceof ExpressionError) throw entry;
  return entry;
}
