/**
 * Extends a survey's stored analysis columns while an import writes, so that opening Results afterwards reads them
 * back instead of rebuilding every column from every answer (issue 7: at a million responses that rebuild took
 * about forty seconds, at 100 000 about four).
 *
 * It works when the stored columns were fresh before the import (or the survey had no counted response yet):
 * imported responses are complete, not deleted and not second typings, so every one of them counts, and they take
 * the highest ids, so their entries go after the others'. After the last batch the counters must be exactly those
 * of before plus the import's own raises: anything else (an answer typed meanwhile on this laptop) and nothing is
 * kept; the columns are then rebuilt when opened, as before. Nothing here can fail an import: the columns are a
 * cache, and what they could not be told is found out when they are next opened.
 *
 * Memory: each batch's columns are kept as the bytes they are stored as (a text column's strings would cost twice
 * as much and more), and joined to the stored ones a column at a time at the end.
 */
import { buildColumns, type Column, type ColumnSet, type RepeatLevel, type ResponseAnswers } from '../../core/analysis/columns';
import { concatColumnSets } from '../../core/analysis/column-concat';
import { decodeColumn, encodeColumn } from '../../core/analysis/column-bytes';
import type { PlannedResponse } from '../../core/io/response-plan';
import { REFUSED } from '../../core/io/response-values';
import type { Db } from '../db/open';
import { readAnalysisCounters, replaceStoredColumns, storedColumnsState, type StoredColumnsState } from './column-cache';

interface Part {
  responseCount: number;
  columns: Map<string, Uint8Array>;
}

export class ColumnAppend {
  private readonly parts: Part[] = [];
  private abandoned = false;

  private constructor(
    private readonly db: Db,
    private readonly surveyId: string,
    private readonly state: StoredColumnsState,
  ) {}

  /** Starts from the survey's stored columns, when they are fresh; else null (nothing to extend). */
  static start(db: Db, surveyId: string): ColumnAppend | null {
    const state = storedColumnsState(db, surveyId);
    return state && new ColumnAppend(db, surveyId, state);
  }

  /** Responses written or about to be (the columns are stored only if all were), in the order of their ids. */
  add(responses: readonly PlannedResponse[]): void {
    if (this.abandoned) return;
    try {
      const set = buildColumns(this.state.survey, responses.map(answersOf));
      this.parts.push({ responseCount: set.responseCount, columns: new Map([...set.columns].map(([name, column]) => [name, encodeColumn(column)])) });
    } catch {
      // Whatever went wrong (too many different answers for a column, say) is met again, and said, when the columns
      // are rebuilt on opening; the import itself must not fail for its cache.
      this.abandoned = true;
    }
  }

  /** Stores the extended columns when the import was the only change; `raised`: the counters it raised, and by how much. */
  finish(raised: ReadonlyMap<string, number>): boolean {
    if (this.abandoned) return false;
    const before = this.state.counters;
    const now = readAnalysisCounters(this.db);
    for (const scope of new Set([...now.keys(), ...before.keys(), ...raised.keys()])) {
      if ((before.get(scope) ?? 0) + (raised.get(scope) ?? 0) !== (now.get(scope) ?? 0)) return false;
    }
    try {
      return replaceStoredColumns(this.db, this.surveyId, this.state, (name, stored) => this.extended(name, stored));
    } catch {
      // As in `add`: the import is in; the columns are rebuilt on opening (replaceStoredColumns wrote nothing).
      return false;
    }
  }

  /** One column as stored, followed by its entries from every batch. */
  private extended(name: string, stored: Column): Column {
    const sets = [oneColumnSet(stored, this.state.responseCount), ...this.parts.map((part) => oneColumnSet(decodeColumn(part.columns.get(name)!), part.responseCount))];
    return concatColumnSets(sets).columns.get(name)!;
  }
}

/** A set of one column, for concatColumnSets: with its repeat's instances when it is in one. */
function oneColumnSet(column: Column, responseCount: number): ColumnSet {
  const repeats = new Map<string, RepeatLevel>();
  if (column.repeat !== null) repeats.set(column.repeat, { repeat: column.repeat, length: column.length, parent: column.parent!, instance: column.instance! });
  return { responseCount, columns: new Map([[column.question, column]]), repeats, skipped: [] };
}

/** A planned response as the column builder reads it: its answers as they are, and the keys refused. */
function answersOf(response: PlannedResponse): ResponseAnswers {
  let refused: string[] | undefined;
  for (const [key, value] of response.answers) if (value === REFUSED) (refused ??= []).push(key);
  return refused ? { answers: response.answers, refused } : { answers: response.answers };
}
