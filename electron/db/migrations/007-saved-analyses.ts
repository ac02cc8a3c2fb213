import type { Migration } from '../migration';

/**
 * Saved analyses (issue 7): the tables and charts of a report, kept in the project file so that they travel with it
 * to another laptop, and the survey's working view on the Results screen (until now in the browser's localStorage,
 * lost with the laptop).
 *
 * - `analysis_saved`: one named analysis of a survey. `title` is bilingual ({"vi", "en"}); `spec` is what the
 *   Results screen shows, as JSON validated by core/api/analysis.ts (AnalysisSpecSchema): question, by, layer,
 *   number groups, filter, percent base, chart type. Questions are named, not referred to by id, so a spec outlives
 *   survey versions (a question renamed or removed later is reported on loading, not a broken row). The id is a
 *   UUID and deletion is soft (`deleted_at`), so that files merge by id, the latest `updated_at` winning.
 * - `analysis_view`: the survey's working view (one row per survey), autosaved as the researcher works, with the
 *   saved analysis it was opened from (NULL: none), so the screen reopens as it was left. Not audited: it changes
 *   at every click and holds no answer.
 */
export const savedAnalyses: Migration = {
  version: 7,
  up(db) {
    db.exec(`
      CREATE TABLE analysis_saved (
        id TEXT PRIMARY KEY,
        form_id TEXT NOT NULL REFERENCES form (id),
        title TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(title)),
        spec TEXT NOT NULL CHECK (json_valid(spec) AND json_type(spec) = 'object'),
        -- order in the survey's list of saved analyses (0 first), among the rows not deleted
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX analysis_saved_by_form ON analysis_saved (form_id, position);

      CREATE TABLE analysis_view (
        form_id TEXT PRIMARY KEY REFERENCES form (id),
        spec TEXT NOT NULL CHECK (json_valid(spec) AND json_type(spec) = 'object'),
        saved_id TEXT REFERENCES analysis_saved (id),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
