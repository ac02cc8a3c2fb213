/**
 * A request the statistics engine cannot answer as asked (columns of different lengths, overlapping buckets,
 * a column file from a newer app). Kept apart from AppError so that core/analysis needs no message keys;
 * the API layer maps `reason` to its own error code and message.
 */
export type AnalysisErrorReason =
  | 'lengthMismatch'
  | 'badBuckets'
  | 'badColumnBytes'
  | 'columnBytesTooNew'
  | 'bigEndianPlatform'
  | 'tooManyValues'
  | 'wrongColumnKind'
  | 'unknownQuestion';

export class AnalysisError extends Error {
  constructor(
    readonly reason: AnalysisErrorReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'AnalysisError';
  }
}
