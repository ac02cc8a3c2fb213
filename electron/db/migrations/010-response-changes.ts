import type { Migration } from '../migration';

/** The base question of an answer key: `age[2]` counts for `age` (as in migrations 005, 008 and 009). */
const base = (column: string) => `iif(instr(${column}, '[') > 0, substr(${column}, 1, instr(${column}, '[') - 1), ${column})`;
const bump = (scope: string) => `INSERT INTO analysis_change (scope, version) VALUES (${scope}, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;`;
/** Raises the change sequence and marks a response with it. */
const mark = (id: string) => `${bump(`'seq'`)}
        UPDATE response SET changed = (SELECT version FROM analysis_change WHERE scope = 'seq') WHERE id = ${id};`;

/**
 * Each response says when it last changed, so that Results can extend its columns with the responses added since
 * they were built instead of rebuilding every column from every answer (issue 7: typing one response while Results
 * was open cost a rebuild of about 5 s at 100 000 responses, 40 s at a million; a merge the same).
 *
 * - `analysis_change` gains the scope `seq`, a sequence raised by every change to a response or its answers;
 *   `response.changed` holds its value at the response's last change (NULL: not changed since this migration).
 *   The triggers mark the response; bulk writers (an import, a merge), which drop the triggers, write the mark
 *   themselves (electron/db/bulk-changes.ts).
 * - A response removed leaves no row to mark: the scope `removed` holds the sequence at the latest removal, and
 *   columns built before it are not extended.
 * - `analysis_column` records, for the columns it holds, the sequence they were built at and the highest id of
 *   the responses in them. Columns can then be extended when no response up to that id changed since
 *   (`response_by_changed` finds that out without reading every response).
 * The triggers are made again as migration 009 left them, plus the mark, and without the `WHEN` of migration 008:
 * bulk writers drop the triggers instead of writing its marker row.
 */
export const responseChanges: Migration = {
  version: 10,
  up(db) {
    db.exec(`
      ALTER TABLE response ADD COLUMN changed INTEGER;
      CREATE INDEX response_by_changed ON response (changed) WHERE changed IS NOT NULL;
      ALTER TABLE analysis_column ADD COLUMN built_seq INTEGER;
      ALTER TABLE analysis_column ADD COLUMN last_response INTEGER;

      DROP TRIGGER analysis_answer_insert;
      DROP TRIGGER analysis_answer_update;
      DROP TRIGGER analysis_answer_delete;
      DROP TRIGGER analysis_response_insert;
      DROP TRIGGER analysis_response_update;
      DROP TRIGGER analysis_response_delete;

      CREATE TRIGGER analysis_answer_insert AFTER INSERT ON answer BEGIN
        ${bump(`'q:' || ${base('NEW.question_name')}`)}
        ${mark('NEW.response_id')}
      END;
      CREATE TRIGGER analysis_answer_update AFTER UPDATE ON answer BEGIN
        ${bump(`'q:' || ${base('NEW.question_name')}`)}
        INSERT INTO analysis_change (scope, version)
          SELECT 'q:' || ${base('OLD.question_name')}, 1
          WHERE OLD.question_name <> NEW.question_name OR OLD.response_id <> NEW.response_id
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
        ${mark('NEW.response_id')}
        UPDATE response SET changed = (SELECT version FROM analysis_change WHERE scope = 'seq') WHERE id = OLD.response_id AND OLD.response_id <> NEW.response_id;
      END;
      CREATE TRIGGER analysis_answer_delete AFTER DELETE ON answer BEGIN
        ${bump(`'q:' || ${base('OLD.question_name')}`)}
        ${mark('OLD.response_id')}
      END;
      CREATE TRIGGER analysis_response_insert AFTER INSERT ON response BEGIN
        ${bump(`'rows'`)}
        ${mark('NEW.id')}
      END;
      CREATE TRIGGER analysis_response_update AFTER UPDATE OF uuid, form_version_id, status, deleted_at, verifies ON response BEGIN
        ${bump(`'rows'`)}
        ${mark('NEW.id')}
      END;
      CREATE TRIGGER analysis_response_delete AFTER DELETE ON response BEGIN
        ${bump(`'rows'`)}
        ${bump(`'seq'`)}
        INSERT INTO analysis_change (scope, version) SELECT 'removed', version FROM analysis_change WHERE scope = 'seq'
          ON CONFLICT (scope) DO UPDATE SET version = excluded.version;
      END;
    `);
  },
};
