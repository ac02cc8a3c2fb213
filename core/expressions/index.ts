/**
 * The XLSForm/ODK expression language (relevance, constraint, calculation, choice_filter, repeat_count, default):
 * parse once with compile(), evaluate many times with evaluate(); checkExpression() explains problems to designers.
 */
export type { BinaryOp, Expr, Value } from './ast';
export { references, walk } from './ast';
export { EXPR_ERROR_CODES, ExpressionError, type ExprErrorCode, type ExprErrorParams } from './errors';
export { compile, parseExpression, type ParseOptions } from './parser';
export { evaluate, evaluateSource, type EvalContext } from './evaluate';
export { FUNCTIONS } from './functions';
export { toBoolean, toNumber, toText, dateToDays, daysToDate } from './values';
export {
  checkExpression,
  dependencies,
  editDistance,
  suggestName,
  EXPRESSION_FIELDS,
  type CheckOptions,
  type ExpressionField,
  type ExpressionMessageKey,
  type ExpressionProblem,
} from './check';
export { findCycles } from './cycles';
