import type { MessageKey } from './i18n/messages';

/**
 * Error codes double as message keys: `error.<code>` in the catalogs, except for domains whose messages live in
 * their own catalog file (`responses.<code>` → `responses.error.<code>`, in responses.vi.ts / .en.ts).
 */
export type ErrorCode =
  | 'badInput'
  | 'internal'
  | 'unknownMethod'
  | 'project.notOpen'
  | 'project.notFound'
  | 'project.exists'
  | 'project.notSqlite'
  | 'project.corrupt'
  | 'project.notTiengNoi'
  | 'project.tooNew'
  | 'project.badName'
  | 'survey.notFound'
  | 'survey.invalid'
  | 'response.notFound'
  | 'response.closed'
  | 'response.paperCodeTaken'
  | 'response.noPaper'
  | 'response.notVerification'
  | 'answer.unknownQuestion'
  | 'answer.invalid'
  | 'answer.constraint'
  | 'analysis.notChoiceQuestion'
  | 'analysis.unknownQuestion'
  | 'analysis.notAnalysable'
  | 'analysis.wrongKind'
  | 'analysis.needsBuckets'
  | 'analysis.badBuckets'
  | 'analysis.differentLevels'
  | 'analysis.sameQuestionTwice'
  | 'analysis.columnsUnreadable'
  | 'analysis.badFilter'
  | 'analysis.savedNotFound'
  | 'analysis.savedNoTitle'
  | 'analysis.savedUnreadable'
  | 'analysis.savedMissing'
  | 'coding.notOpenQuestion'
  | 'coding.themeNotFound'
  | 'coding.themeCycle'
  | 'coding.otherCodebook'
  | 'coding.themeInUse'
  | 'coding.emptyLabel'
  | 'coding.answerNotFound'
  | 'coding.badAttribute'
  | 'media.notImage'
  | 'media.tooLarge'
  | 'upload.tooLarge'
  | 'media.notFound'
  | 'responses.notComplete'
  | 'responses.notDeleted'
  | 'export.cannotExport'
  | 'merge.noSources'
  | 'merge.outIsSource'
  | 'merge.sourceTwice'
  | 'merge.differentSurveys'
  | 'merge.cannotWrite';

export type ErrorParams = Record<string, string | number>;

export interface ApiErrorValue {
  code: ErrorCode;
  message: string;
  params: ErrorParams;
  /** Per-field problems of a rejected input, already in the user's language. */
  issues?: { path: string; message: string }[];
}

/** Thrown by core and handlers; the dispatcher turns it into an ApiErrorValue. Never carries answers. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'AppError';
  }
}

const OWN_CATALOG_DOMAINS = ['responses', 'merge', 'export', 'analysis', 'coding'] as const;

export function errorKey(code: ErrorCode): MessageKey {
  const domain = OWN_CATALOG_DOMAINS.find((d) => code.startsWith(`${d}.`));
  return (domain ? `${domain}.error.${code.slice(domain.length + 1)}` : `error.${code}`) as MessageKey;
}
