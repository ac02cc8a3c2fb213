/**
 * The themes given to an open question's answers as a multiple-choice column (core/analysis/columns.ts), so that
 * codes are analysed like any multiple-choice question: frequencies (% of coded answers, % of codes), cross-tabs
 * by sex or province, the same small-cell protection.
 *
 * One entry per response, in the order of the survey's other columns. An entry is:
 * - answered (state 2) when the child's answer has at least one theme, with bit k set for `values[k]`;
 * - refused (1) when the child chose not to answer the open question;
 * - not asked (0) otherwise: no answer, or an answer not coded yet (so percentages are of coded answers).
 * A question inside a repeat gives the union of the themes of the response's instances.
 * `level: 'top'` counts each theme as its top-level ancestor (a few broad themes); `'all'` keeps every theme.
 */
import { ANSWERED, NOT_ASKED, REFUSED, type MultipleChoiceColumn } from '../analysis/columns';
import { topLevelOf, treeOrder, type ThemeNode } from './codebook';
import { LANGS, translate } from '../i18n/messages';
import type { Labels } from '../survey/model';

export type CodeLevel = 'top' | 'all';

/** The suffix that names a question's codes as a column: `why#codes`. */
export const CODES_SUFFIX = '#codes';

export function codesColumnName(question: string): string {
  return `${question}${CODES_SUFFIX}`;
}

/** `why#codes`: the name of an open question's codes. */
export function isCodesName(name: string | null | undefined): name is string {
  return typeof name === 'string' && name.endsWith(CODES_SUFFIX);
}

/** The open question a codes name stands for (`why#codes` → `why`); other names as they are. */
export function openQuestionOf(name: string): string {
  return isCodesName(name) ? name.slice(0, -CODES_SUFFIX.length) : name;
}

/** The codes' label in each language the question has: "Vì sao? — chủ đề" / "Why? — themes". */
export function codesLabel(questionLabel: Labels): Labels {
  const label: Labels = {};
  for (const lang of LANGS) {
    const text = questionLabel[lang] ?? questionLabel.vi ?? questionLabel.en;
    if (text) label[lang] = translate(lang, 'coding.table.label', { question: text });
  }
  return label;
}

/** Where each response sits in the column (the analysis cache's order: counted responses by id). */
export interface ResponsePlaces<K> {
  length: number;
  /** undefined: not one of the column's responses. */
  placeOf(id: K): number | undefined;
}

export interface CodeColumnInput<K> {
  question: string;
  /** Live themes of the question's codebook (its own and the shared ones). */
  themes: readonly ThemeNode[];
  level: CodeLevel;
  responses: ResponsePlaces<K>;
  assignments: Iterable<{ responseId: K; themeId: string }>;
  /** The places of the responses that refused the open question. */
  refusedAt?: Iterable<number>;
}

export function buildCodeColumn<K>(input: CodeColumnInput<K>): MultipleChoiceColumn {
  const ordered = treeOrder(input.themes);
  const top = topLevelOf(input.themes);
  const values = (input.level === 'top' ? ordered.filter((t) => t.depth === 0) : ordered).map((t) => t.id);
  const bitOf = new Map(values.map((id, k) => [id, k]));
  const wordsPerEntry = Math.max(1, Math.ceil(values.length / 32));
  const length = input.responses.length;
  const state = new Uint8Array(length);
  const bits = new Uint32Array(length * wordsPerEntry);
  for (const i of input.refusedAt ?? []) state[i] = REFUSED;
  for (const { responseId, themeId } of input.assignments) {
    const i = input.responses.placeOf(responseId);
    const k = bitOf.get(input.level === 'top' ? (top.get(themeId) ?? themeId) : themeId);
    if (i === undefined || k === undefined) continue;
    state[i] = ANSWERED;
    bits[i * wordsPerEntry + (k >>> 5)]! |= 1 << (k & 31);
  }
  // A refusal with codes cannot happen through the app; if it does, the codes win (they were given to words).
  for (let i = 0; i < length; i++) if (state[i] !== ANSWERED && state[i] !== REFUSED) state[i] = NOT_ASKED;
  return {
    kind: 'multiple',
    question: codesColumnName(input.question),
    type: 'select_multiple',
    length,
    repeat: null,
    parent: null,
    instance: null,
    state,
    bits,
    wordsPerEntry,
    values,
    listSize: values.length,
  };
}
