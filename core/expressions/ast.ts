/**
 * The syntax tree of an XLSForm/ODK expression. Every node keeps the 0-based offset of where it starts in
 * the source, so problems can point at the exact place.
 */

/** A value during evaluation. Arrays are XPath node-sets: the instances of a question inside a repeat. */
export type Value = string | number | boolean | Value[];

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

export type Expr =
  | { kind: 'number'; value: number; position: number }
  | { kind: 'string'; value: string; position: number }
  /** `${name}`: a question of the survey. */
  | { kind: 'ref'; name: string; position: number }
  /** A bare name: a column of the choices sheet; only in choice filters. */
  | { kind: 'column'; name: string; position: number }
  /** `.`: the value of the question the expression belongs to (constraints). */
  | { kind: 'current'; position: number }
  /** `..`: only as the argument of position(..). */
  | { kind: 'parent'; position: number }
  | { kind: 'negate'; operand: Expr; position: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; position: number }
  | { kind: 'call'; name: string; args: Expr[]; position: number };

/** Children in source order, so walks meet references left to right. */
export function children(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'negate':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'call':
      return expr.args;
    default:
      return [];
  }
}

/** Every node of the tree, depth first, in source order. */
export function* walk(expr: Expr): Generator<Expr> {
  yield expr;
  for (const child of children(expr)) yield* walk(child);
}

/** The `${name}` references of an expression, in source order (repeats included). */
export function references(expr: Expr): { name: string; position: number }[] {
  const found: { name: string; position: number }[] = [];
  for (const node of walk(expr)) if (node.kind === 'ref') found.push({ name: node.name, position: node.position });
  return found;
}
