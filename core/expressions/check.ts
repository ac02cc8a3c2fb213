import type { expressionsVi } from '../i18n/expressions.vi';
import { references, walk, type Expr } from './ast';
import { ExpressionError } from './errors';
import { compileRegex } from './functions';
import { compile } from './parser';

export type ExpressionField = 'relevance' | 'constraint' | 'calculation' | 'choiceFilter' | 'repeatCount' | 'default';
export const EXPRESSION_FIELDS: readonly ExpressionField[] = ['relevance', 'constraint', 'calculation', 'choiceFilter', 'repeatCount', 'default'];

export type ExpressionMessageKey = keyof typeof expressionsVi;

/**
 * A problem found in one expression of one question, ready to be translated.
 * `params.field` is the raw field id ('relevance'…); the caller shows it in words:
 *   translate(lang, problem.key, { ...problem.params, field: translate(lang, `expr.field.${problem.params.field}`) })
 * `params.position` is the 0-based offset (for underlining), `params.column` the same, 1-based, for people.
 */
export interface ExpressionProblem {
  key: ExpressionMessageKey;
  /** 0-based offset in the source, the same as params.position. */
  position: number;
  params: { question: string; field: ExpressionField; position: number; column: number } & Record<string, string | number>;
}

export interface CheckOptions {
  field: ExpressionField;
  /** The question the expression belongs to. */
  question: string;
  /** Every question name of the survey, in order (suggestions prefer the earlier of equally close names). */
  known: readonly string[];
}

/** Checks one expression of a question: syntax, unknown ${names} (with a "did you mean"), self-references, regexes. */
export function checkExpression(source: string, options: CheckOptions): ExpressionProblem[] {
  if (source.trim() === '') return [];
  if (options.field === 'default' && !isDynamicDefault(source)) return [];
  const problem = (key: ExpressionMessageKey, position: number, extra: Record<string, string | number> = {}): ExpressionProblem => ({
    key,
    position,
    params: { ...extra, question: options.question, field: options.field, position, column: position + 1 },
  });

  let expr: Expr;
  try {
    expr = compile(source, { choiceFilter: options.field === 'choiceFilter' });
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return [problem(`expr.error.${error.code}`, error.position, error.params)];
  }

  const problems: ExpressionProblem[] = [];
  const known = new Set(options.known);
  // A constraint may read its own question as ${name} (the same as `.`); anywhere else that is a loop.
  const selfAllowed = options.field === 'constraint';
  for (const { name, position } of references(expr)) {
    if (name === options.question && !selfAllowed) {
      problems.push(problem('expr.selfReference', position, { ref: name }));
    } else if (!known.has(name)) {
      const candidates = selfAllowed ? options.known : options.known.filter((n) => n !== options.question);
      const suggestion = suggestName(name, candidates);
      problems.push(
        suggestion
          ? problem('expr.unknownQuestion', position, { ref: name, suggestion })
          : problem('expr.unknownQuestionNoSuggestion', position, { ref: name }),
      );
    }
  }
  for (const node of walk(expr)) {
    const pattern = node.kind === 'call' && node.name === 'regex' ? node.args[1] : undefined;
    if (pattern?.kind === 'string' && compileRegex(pattern.value) === null) {
      problems.push(problem('expr.badRegex', pattern.position, { pattern: pattern.value }));
    }
  }
  return problems.sort((a, b) => a.position - b.position);
}

/**
 * XLSForm defaults are plain values ("0", "Hà Nội") unless they refer to a question or call a function,
 * which is when pyxform makes them dynamic; only those are expressions.
 */
function isDynamicDefault(source: string): boolean {
  return source.includes('${') || /[A-Za-z_][\w-]*\s*\(/.test(source);
}

/**
 * The ${names} an expression reads, once each, in order of first use: the edges callers need for cycle checks.
 * A broken expression still yields the names it mentions, so a syntax error does not hide a loop.
 */
export function dependencies(source: string): string[] {
  let names: string[];
  try {
    names = references(compile(source)).map((r) => r.name);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    names = [...source.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g)].map((m) => m[1]!);
  }
  return [...new Set(names)];
}

/**
 * The closest known name to a misspelt one, or null when none is close enough: at most one edit for short names,
 * a third of the length for longer ones. Case differences are cheap (Age → age), a swap of two letters is one edit.
 */
export function suggestName(name: string, known: readonly string[]): string | null {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance > limit || distance >= Math.max(name.length, candidate.length)) continue;
    // Same letters in another case rank just after an exact-case match at the same distance.
    const score = distance * 2 + (editDistance(name, candidate) > distance ? 1 : 0);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j]!;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}
