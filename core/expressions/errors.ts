/**
 * Syntax errors of expressions. Each code has a message `expr.error.<code>` in core/i18n/expressions.*.ts
 * (a test checks it), so a code is also the thing a designer reads.
 */
export const EXPR_ERROR_CODES = [
  'empty',
  'unexpectedCharacter',
  /** “ ” ‘ ’ pasted from a word processor instead of ' or ". */
  'curlyQuote',
  'unclosedString',
  'unclosedReference',
  'badReferenceName',
  'unexpectedToken',
  'unexpectedEnd',
  'missingParenthesis',
  'extraParenthesis',
  /** A name without ${…}: XLSForm questions are referred to as ${name}. */
  'bareName',
  'unknownFunction',
  'wrongArgumentCount',
  'tooFewArguments',
  /** count(), sum(), indexed-repeat() need ${name} where they take a node-set. */
  'referenceExpected',
  /** position() takes exactly `..`. */
  'parentExpected',
  /** `..` anywhere but position(..). */
  'misplacedParent',
  'tooDeep',
] as const;
export type ExprErrorCode = (typeof EXPR_ERROR_CODES)[number];

export type ExprErrorParams = Record<string, string | number>;

export class ExpressionError extends Error {
  constructor(
    readonly code: ExprErrorCode,
    /** 0-based offset in the source where the problem is. */
    readonly position: number,
    readonly params: ExprErrorParams = {},
  ) {
    super(`${code} at ${position} ${JSON.stringify(params)}`);
    this.name = 'ExpressionError';
  }
}
