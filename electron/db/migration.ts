import type { Database } from 'better-sqlite3';

/** How far a migration has got, from 0 to 1. */
export type MigrationProgress = (fraction: number) => void;

export interface Migration {
  /** Schema version after this step; numbered files run in ascending order. */
  version: number;
  /** A step that copies every answer says how far it got; the others are over in a moment. */
  up(db: Database, progress: MigrationProgress): void;
}

/** Responses per piece of a copy: a few hundred thousand answer rows, a second or so on a slow laptop. */
const RESPONSES_PER_PIECE = 10_000;

/**
 * Runs `copy(from, to)` over the response ids `[low, high]` a piece at a time, saying how far it got after each:
 * a copy of every answer (a million responses: over a minute) then moves a progress bar instead of holding the
 * window still. The pieces are ranges of ids in order, so the rows are written in the order one statement would.
 */
export function copyByResponse(low: number | null, high: number | null, progress: MigrationProgress, copy: (from: number, to: number) => void, perPiece = RESPONSES_PER_PIECE): void {
  if (low === null || high === null) return;
  for (let from = low; from <= high; from += perPiece) {
    copy(from, Math.min(from + perPiece - 1, high));
    progress(Math.min(1, (from + perPiece - low) / (high - low + 1)));
  }
}
