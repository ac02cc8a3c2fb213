/**
 * Saved analyses (issue 7): the questions a saved spec names, which of them a survey no longer has, and a canonical
 * form of a spec so that "has the view changed since it was saved?" compares meaning, not key order or defaults.
 */
import { AnalysisSpecSchema, type AnalysisSpec, type AnalysisSpecInput } from '../api/analysis';
import { openQuestionOf } from '../coding/code-column';
import { canonicalJson } from '../text/canonical-json';

/** Every question a spec names, once each, in the order a reader meets them: question, by, layer, filter, groups. */
export function specQuestions(spec: AnalysisSpecInput): string[] {
  const names = [spec.question, spec.by, spec.layer, ...(spec.filter ?? []).map((c) => c.question), ...Object.keys(spec.buckets ?? {})];
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n !== ''))];
}

/** The questions a spec names (codes `why#codes` as their question `why`) that are not among `known` (the survey's question names today). */
export function missingQuestions(spec: AnalysisSpecInput, known: Iterable<string>): string[] {
  const have = new Set(known);
  return [...new Set(specQuestions(spec).map(openQuestionOf))].filter((name) => !have.has(name));
}

/**
 * The spec without the parts that name `missing` questions, so the rest of a saved analysis still shows: a missing
 * `by` takes its layer with it, filter conditions and number groups on missing questions are dropped, and a missing
 * question leaves the question empty (the screen then shows its first question).
 */
export function withoutMissing(spec: AnalysisSpec, missing: readonly string[]): AnalysisSpecInput {
  if (missing.length === 0) return spec;
  const gone = (name: string | null | undefined) => typeof name === 'string' && missing.includes(openQuestionOf(name));
  const by = gone(spec.by) ? null : (spec.by ?? null);
  return {
    ...spec,
    question: gone(spec.question) ? '' : spec.question,
    by,
    layer: by === null || gone(spec.layer) ? null : (spec.layer ?? null),
    filter: spec.filter.filter((c) => !gone(c.question)),
    buckets: Object.fromEntries(Object.entries(spec.buckets ?? {}).filter(([name]) => !gone(name))),
  };
}

/**
 * A spec with its defaults filled in and only the number groups the table uses (groups of a question no longer
 * in the view are kept by the screen for later, but do not make the view differ from what was saved).
 */
export function normalSpec(spec: AnalysisSpecInput): AnalysisSpec {
  const parsed = AnalysisSpecSchema.parse(spec);
  const used = new Set([parsed.question, parsed.by, parsed.layer]);
  const buckets = Object.fromEntries(Object.entries(parsed.buckets ?? {}).filter(([name]) => used.has(name)));
  return { ...parsed, by: parsed.by ?? null, layer: parsed.layer ?? null, buckets };
}

/** A text equal for two specs that show the same thing. */
export function specKey(spec: AnalysisSpecInput): string {
  return canonicalJson(normalSpec(spec));
}
