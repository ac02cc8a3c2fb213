import { copyByResponse, type Migration } from '../migration';

/** The base question of an answer key: `age[2]` counts for `age` (as in migrations 005 and 008). */
const base = (column: string) => `iif(instr(${column}, '[') > 0, substr(${column}, 1, instr(${column}, '[') - 1), ${column})`;
const skip = `WHEN NOT EXISTS (SELECT 1 FROM analysis_change WHERE scope = 'bulk')`;
const bump = (scope: string) => `INSERT INTO analysis_change (scope, version) VALUES (${scope}, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;`;

/**
 * Answers point at their response by a small integer instead of its 36-character uuid (issue 7: import speed).
 *
 * Every answer row repeated its response's uuid and the time it was typed: at 100 000 responses of 40 questions
 * the file was 400 MB, and SQLite spent most of an import writing those bytes. Now:
 * - `response` has `id INTEGER PRIMARY KEY`, which VACUUM never renumbers (the implicit rowid could change); the
 *   uuid stays the response's identity everywhere else (coding, double entry, merge, exports);
 * - `answer` is keyed by (response_id, question_name); new responses take the next ids, so an import's answers
 *   go at the end of the table, whatever their uuids;
 * - `answered_at` may be NULL: an imported answer was given when its response was (`response.created_at`);
 * - an imported response says where it came from in `response.source` (file, sheet, row, when and by whom), where
 *   it had an audit row of its own: a million audit rows filled an index in uuid order, a random write each.
 * The file is about a third of its size before and an import writes about twice as fast. The tables are rebuilt,
 * so their triggers and indexes are made again as migration 008 left them (copied, not shared: a released
 * migration never changes, so it owns its SQL).
 */
export const compactAnswers: Migration = {
  version: 9,
  up(db, progress) {
    db.exec(`
      CREATE TABLE response_new (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        form_version_id INTEGER NOT NULL REFERENCES form_version (id),
        number INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'complete')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        completed_at TEXT,
        deleted_at TEXT,
        delete_reason TEXT,
        paper_code TEXT,
        verifies TEXT REFERENCES response (uuid),
        -- an imported response: {file, sheet?, row, at, actor}, the file row it came from, when and by whom
        source TEXT CHECK (source IS NULL OR (json_valid(source) AND json_type(source) = 'object'))
      ) STRICT;
      INSERT INTO response_new (id, uuid, form_version_id, number, device_id, status, created_at, updated_at, completed_at, deleted_at, delete_reason, paper_code, verifies)
        SELECT rowid, uuid, form_version_id, number, device_id, status, created_at, updated_at, completed_at, deleted_at, delete_reason, paper_code, verifies
        FROM response ORDER BY rowid;

      CREATE TABLE answer_new (
        response_id INTEGER NOT NULL REFERENCES response (id),
        question_name TEXT NOT NULL,
        value TEXT,
        -- 'refused' = the child chose not to answer, distinct from a question never reached (no row)
        state TEXT NOT NULL DEFAULT 'answered' CHECK (state IN ('answered', 'refused')),
        -- NULL: when the response was created (an imported answer)
        answered_at TEXT,
        PRIMARY KEY (response_id, question_name)
      ) STRICT, WITHOUT ROWID;
    `);
    const copy = db.prepare(`INSERT INTO answer_new (response_id, question_name, value, state, answered_at)
      SELECT r.id, a.question_name, a.value, a.state, a.answered_at
      FROM response_new r JOIN answer a ON a.response_uuid = r.uuid WHERE r.id BETWEEN ? AND ? ORDER BY r.id, a.question_name`);
    const { low, high } = db.prepare('SELECT min(id) AS low, max(id) AS high FROM response_new').get() as { low: number | null; high: number | null };
    copyByResponse(low, high, progress, (from, to) => copy.run(from, to));
    // An answer whose response is gone (written by another tool with foreign keys off) would be lost by the join:
    // the file is refused as damaged instead, and left as it was (the migration's transaction rolls back).
    const copied = db.prepare('SELECT (SELECT count(*) FROM answer) - (SELECT count(*) FROM answer_new)').pluck().get() as number;
    if (copied !== 0) throw Object.assign(new Error(`${copied} answers have no response`), { code: 'SQLITE_CORRUPT' });
    db.exec(`
      DROP TABLE answer;
      DROP TABLE response;
      ALTER TABLE response_new RENAME TO response;
      ALTER TABLE answer_new RENAME TO answer;

      CREATE INDEX response_by_form_version ON response (form_version_id, status);
      CREATE INDEX response_by_paper_code ON response (paper_code);
      CREATE INDEX response_by_verifies ON response (verifies);

      CREATE TRIGGER analysis_answer_insert AFTER INSERT ON answer ${skip} BEGIN
        ${bump(`'q:' || ${base('NEW.question_name')}`)}
      END;
      CREATE TRIGGER analysis_answer_update AFTER UPDATE ON answer ${skip} BEGIN
        ${bump(`'q:' || ${base('NEW.question_name')}`)}
        INSERT INTO analysis_change (scope, version)
          SELECT 'q:' || ${base('OLD.question_name')}, 1
          WHERE OLD.question_name <> NEW.question_name OR OLD.response_id <> NEW.response_id
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
