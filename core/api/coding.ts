import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { NAME_PATTERN, type Labels } from '../survey/model';
import { ANSWER_KEY_PATTERN } from '../survey/instances';
import { MAX_TEXT_ANSWER } from '../survey/answers';
import { nfc } from '../text/vietnamese';
import type { IdentifyingKind, IdentifyingMatch } from '../coding/identifying-text';
import type { RenderedAttribute } from '../coding/attributes';
import { BucketSchema, MinCellSchema, type AnalysisTable } from './analysis';
import { FilterConditionSchema } from '../analysis/filter';

const surveyId = z.string().uuid();
const questionName = z.string().regex(NAME_PATTERN);
const themeId = z.string().uuid();
const labelText = z.string().trim().max(200).transform(nfc);
/** A theme's name in both languages; at least one of them (checked by the handler, with its own message). */
const ThemeLabelSchema = z.object({ vi: labelText.optional(), en: labelText.optional() });
const AnswerRefSchema = z.object({ responseId: z.string().uuid(), key: z.string().max(200).regex(ANSWER_KEY_PATTERN) });
export type AnswerRef = z.infer<typeof AnswerRefSchema>;

export interface OpenQuestion {
  name: string;
  label: Labels;
  /** Answers given (complete responses, not deleted; each repeat instance counts). */
  answers: number;
  /** Answers with at least one theme. */
  coded: number;
  starred: number;
}

export interface CodingTheme {
  id: string;
  parentId: string | null;
  /** null: shared by every open question of the survey. */
  question: string | null;
  label: Labels;
  position: number;
  /** 0 at the top level. Themes come in display order (depth first). */
  depth: number;
  /** Answers of the question asked about given this theme itself (not counting sub-themes). */
  count: number;
}

export interface CodingAnswer {
  responseId: string;
  number: number;
  paperCode: string | null;
  /** The answer key (`why`, or `why[2]` inside a repeat). */
  key: string;
  text: string;
  themeIds: string[];
  starred: boolean;
}

export interface CodingAnswerPage {
  /** Answers matching the search and filter, over all pages. */
  total: number;
  answers: CodingAnswer[];
}

export interface CodingQuote {
  responseId: string;
  number: number;
  key: string;
  /** What is quoted: the edited excerpt, or the answer as given. */
  text: string;
  excerpt: string | null;
  answer: string;
  attributes: RenderedAttribute[];
  /** The attributes as one line in the caller's language: "girl, 14, Lào Cai". */
  attributeLine: string;
  chosenAttributes: string[];
  themeIds: string[];
  /** What in `text` may identify the child. */
  identifying: IdentifyingMatch[];
  /** Fewer than k children (the project's small-cell threshold) share the attributes shown: they may single the child out. */
  smallGroup: boolean;
  /** The warning sentences in the caller's language, joined (null when nothing was found). */
  warning: string | null;
  starredAt: string;
}

export const CodingAnswersInputSchema = z.object({
  surveyId,
  question: questionName,
  /** Diacritic- and case-insensitive: "an toan" finds "an toàn". */
  search: z.string().trim().max(200).optional(),
  /** Only answers without a theme, or only those given this theme (or one of its sub-themes). */
  uncoded: z.boolean().optional(),
  themeId: themeId.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});

/** The codes of an open question tabulated like a multiple-choice question (`<question>#codes`). */
export const CodingTableInputSchema = z.object({
  surveyId,
  question: questionName,
  /** 'top': each theme counted as its top-level theme; 'all': every theme apart. */
  level: z.enum(['top', 'all']).default('top'),
  by: questionName.nullable().optional(),
  layer: questionName.nullable().optional(),
  buckets: z.record(z.string(), z.array(BucketSchema).min(1).max(100)).optional(),
  filter: z.array(FilterConditionSchema).max(100).default([]),
  minCell: MinCellSchema.optional(),
});

export const codingApi = {
  /** The open-text questions of a survey, with how many answers each has, how many are coded and starred. */
  'coding/questions': { input: z.object({ surveyId }), output: returns<OpenQuestion[]>() },
  /** One page of the answers of an open question, with their themes; searched and filtered. */
  'coding/answers': { input: CodingAnswersInputSchema, output: returns<CodingAnswerPage>() },
  /** The codebook usable for a question: its own themes and the survey's shared ones, in display order. */
  'coding/themes': { input: z.object({ surveyId, question: questionName }), output: returns<CodingTheme[]>() },
  /** A new theme at the end of its siblings. `question` null makes it shared by all open questions of the survey. */
  'coding/createTheme': {
    input: z.object({ surveyId, question: questionName.nullable(), label: ThemeLabelSchema, parentId: themeId.nullable().optional() }),
    output: returns<CodingTheme>(),
  },
  /** Renames a theme (either language; a missing language is left as it was, an empty string clears it). */
  'coding/renameTheme': { input: z.object({ themeId, label: ThemeLabelSchema }), output: returns<CodingTheme>() },
  /** Moves a theme under another (null: top level) and/or to a position among its siblings; refuses cycles. */
  'coding/moveTheme': {
    input: z.object({ themeId, parentId: themeId.nullable(), position: z.number().int().min(0).max(100_000).optional() }),
    output: returns<CodingTheme>(),
  },
  /** Deletes a theme no answer has; with `reassignTo`, its answers get that theme first. Sub-themes move up. */
  'coding/deleteTheme': {
    input: z.object({ themeId, reassignTo: themeId.optional() }),
    output: returns<{ reassigned: number; childrenMoved: number }>(),
  },
  /** Gives themes to answers (several at once); answers already holding a theme are left as they are. */
  'coding/assign': {
    input: z.object({ surveyId, question: questionName, themeIds: z.array(themeId).min(1).max(100), answers: z.array(AnswerRefSchema).min(1).max(5000) }),
    output: returns<{ added: number }>(),
  },
  /** Takes themes off answers. */
  'coding/unassign': {
    input: z.object({ surveyId, question: questionName, themeIds: z.array(themeId).min(1).max(100), answers: z.array(AnswerRefSchema).min(1).max(5000) }),
    output: returns<{ removed: number }>(),
  },
  /** Stars an answer as a quote, with the attributes shown beside it and an optional edited excerpt; again to change them. */
  'coding/star': {
    input: AnswerRefSchema.extend({
      attributes: z.array(questionName).max(10).default([]),
      excerpt: z.string().trim().max(MAX_TEXT_ANSWER).transform(nfc).nullable().optional(),
    }),
    output: returns<CodingQuote>(),
  },
  'coding/unstar': { input: AnswerRefSchema, output: returns<{ removed: boolean }>() },
  /** Starred quotes of a survey (or of one question), with attributes in the caller's language and privacy warnings. */
  'coding/quotes': { input: z.object({ surveyId, question: questionName.optional() }), output: returns<CodingQuote[]>() },
  /**
   * The codes of an open question as a protected table, like analysis/table for a multiple-choice question: the
   * table's question is `<question>#codes`, its categories are theme ids labelled with the themes' names. Only
   * coded answers count (an answer not coded yet is left out), and a child counts once per theme.
   */
  'coding/table': { input: CodingTableInputSchema, output: returns<AnalysisTable>() },
  /** The privacy check alone, for text being edited: what may identify a child. */
  'coding/checkText': {
    input: z.object({ text: z.string().max(MAX_TEXT_ANSWER * 4).transform(nfc) }),
    output: returns<{ matches: IdentifyingMatch[]; warning: string | null }>(),
  },
} satisfies ApiDomain;

export type { IdentifyingKind, IdentifyingMatch, RenderedAttribute };
