import type { Migration } from '../migration';

/** The base question of an answer key: `age[2]` counts for `age` (as in migration 005). */
const base = (column: string) => `iif(instr(${column}, '[') > 0, substr(${column}, 1, instr(${column}, '[') - 1), ${column})`;

/**
 * The analysis counters' triggers (migration 005) step aside while a bulk writer is at work.
 *
 * Every answer row written raised a counter in `analysis_change`: at 4 million rows an import spent about a fifth
 * of its time upserting the same forty counters. A bulk writer (an import, a merge) now puts the marker row
 * `scope = 'bulk'` in `analysis_change` at the start of its transaction, writes its rows (the triggers see the
 * marker, a primary-key lookup, and do nothing), raises once each counter it touched, and deletes the marker, all
 * in the same transaction (electron/db/bulk-changes.ts): the marker is never committed, so a crash cannot leave it,
 * and every other writer (the app's own edits, another SQLite tool) still raises the counters row by row.
 */
export const bulkChangeMarker: Migration = {
  version: 8,
  up(db) {
    const skip = `WHEN NOT EXISTS (SELECT 1 FROM analysis_change WHERE scope = 'bulk')`;
    const bump = (scope: string) => `INSERT INTO analysis_change (scope, version) VALUES (${scope}, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;`;
    db.exec(`
      DROP TRIGGER analysis_answer_insert;
      DROP TRIGGER analysis_answer_update;
      DROP TRIGGER analysis_answer_delete;
      DROP TRIGGER analysis_response_insert;
      DROP TRIGGER analysis_response_update;
      DROP TRIGGER analysis_response_delete;

      CREATE TRIGGER analysis_answer_insert AFTER INSERT ON answer ${skip} BEGIN
        ${bump(`'q:' || ${base('NEW.question_name')}`)}
      END;
      CREATE TRIGGER analysis_answer_update AFTER UPDATE ON answer ${skip} BEGIN
        ${bump(`'q:' || ${base('NEW.question_name')}`)}
        INSERT INTO analysis_change (scope, version)
          SELECT 'q:' || ${base('OLD.question_name')}, 1
          WHERE OLD.question_name <> NEW.question_name OR OLD.response_uuid <> NEW.response_uuid
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER analysis_answer_delete AFTER DELETE ON answer ${skip} BEGIN
        ${bump(`'q:' || ${base('OLD.question_name')}`)}
      END;
      CREATE TRIGGER analysis_response_insert AFTER INSERT ON response ${skip} BEGIN
        ${bump(`'rows'`)}
      END;
      CREATE TRIGGER analysis_response_update AFTER UPDATE OF uuid, form_version_id, status, deleted_at, verifies ON response ${skip} BEGIN
        ${bump(`'rows'`)}
      END;
      CREATE TRIGGER analysis_response_delete AFTER DELETE ON response ${skip} BEGIN
        ${bump(`'rows'`)}
      END;
    `);
  },
};
