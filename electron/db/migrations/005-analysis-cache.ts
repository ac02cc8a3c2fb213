import type { Migration } from '../migration';

/**
 * Analysis: the typed answer columns of core/analysis kept in the file as one BLOB per question, so a project
 * opens for analysis without reading every answer again; and the counters that tell when a BLOB is stale.
 *
 * `analysis_change` holds one counter per scope, raised by triggers, so that no writer (the app, an import, a
 * merge, another SQLite tool) can change answers without the cache noticing:
 * - `q:<name>`: any answer row of question <name> written or removed (a repeat's `age[2]` counts for `age`);
 * - `rows`: a response added, removed, completed or reopened, deleted or restored, or made a second typing,
 *   which changes the set of responses every column is built over.
 * A column is fresh when the counters it was built at equal today's. `analysis_setting` holds per-project
 * settings of analysis (`min_cell`: the small-cell threshold k, 5 when absent).
 */
export const analysisCache: Migration = {
  version: 5,
  up(db) {
    db.exec(`
      CREATE TABLE analysis_change (
        scope TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE analysis_column (
        form_id TEXT NOT NULL REFERENCES form (id),
        question_name TEXT NOT NULL,
        -- what the column was built from: the survey version and its last change, the builder's version
        stamp TEXT NOT NULL,
        rows_version INTEGER NOT NULL,
        answers_version INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        built_at TEXT NOT NULL,
        PRIMARY KEY (form_id, question_name)
      ) STRICT;

      CREATE TABLE analysis_setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TRIGGER analysis_answer_insert AFTER INSERT ON answer BEGIN
        INSERT INTO analysis_change (scope, version)
          VALUES ('q:' || iif(instr(NEW.question_name, '[') > 0, substr(NEW.question_name, 1, instr(NEW.question_name, '[') - 1), NEW.question_name), 1)
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER analysis_answer_update AFTER UPDATE ON answer BEGIN
        INSERT INTO analysis_change (scope, version)
          VALUES ('q:' || iif(instr(NEW.question_name, '[') > 0, substr(NEW.question_name, 1, instr(NEW.question_name, '[') - 1), NEW.question_name), 1)
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
        INSERT INTO analysis_change (scope, version)
          SELECT 'q:' || iif(instr(OLD.question_name, '[') > 0, substr(OLD.question_name, 1, instr(OLD.question_name, '[') - 1), OLD.question_name), 1
          WHERE OLD.question_name <> NEW.question_name OR OLD.response_uuid <> NEW.response_uuid
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER analysis_answer_delete AFTER DELETE ON answer BEGIN
        INSERT INTO analysis_change (scope, version)
          VALUES ('q:' || iif(instr(OLD.question_name, '[') > 0, substr(OLD.question_name, 1, instr(OLD.question_name, '[') - 1), OLD.question_name), 1)
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER analysis_response_insert AFTER INSERT ON response BEGIN
        INSERT INTO analysis_change (scope, version) VALUES ('rows', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER analysis_response_update AFTER UPDATE OF uuid, form_version_id, status, deleted_at, verifies ON response BEGIN
        INSERT INTO analysis_change (scope, version) VALUES ('rows', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER analysis_response_delete AFTER DELETE ON response BEGIN
        INSERT INTO analysis_change (scope, version) VALUES ('rows', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
    `);
  },
};
