import { expect } from 'vitest';
import type { Db } from '../../electron/db/open';
import { analysisColumns, forgetColumns, type AnalysisColumns } from '../../electron/analysis/column-cache';

/**
 * The columns an import stored for a survey (column-append.ts) open from the file without a rebuild, and are exactly
 * those a rebuild from every answer gives. Returns the rebuilt columns.
 */
export function expectColumnsKeptByImport(db: Db, surveyId: string): AnalysisColumns {
  const kept = analysisColumns(db, surveyId);
  expect(kept.report).toMatchObject({ rebuilt: 0, fromMemory: 0, fromFile: kept.set.columns.size });
  const rebuilt = rebuildColumns(db, surveyId);
  expect(kept.set).toEqual(rebuilt.set);
  return rebuilt;
}

/** The survey's columns built again from every answer, whatever was kept. */
export function rebuildColumns(db: Db, surveyId: string): AnalysisColumns {
  db.prepare('DELETE FROM analysis_column WHERE form_id = ?').run(surveyId);
  forgetColumns(db);
  const rebuilt = analysisColumns(db, surveyId);
  expect(rebuilt.report.rebuilt).toBe(rebuilt.set.columns.size);
  return rebuilt;
}
