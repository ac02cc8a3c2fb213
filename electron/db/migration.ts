import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Schema version after this step; numbered files run in ascending order. */
  version: number;
  up(db: Database): void;
}
