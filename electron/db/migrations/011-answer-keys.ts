import { copyByResponse, type Migration } from '../migration';

/** The base question of an answer key: `age[2]` counts for `age` (as in migrations 005 to 010). */
const base = (name: string) => `iif(instr(${name}, '[') > 0, substr(${name}, 1, instr(${name}, '[') - 1), ${name})`;
const bump = (scope: string) => `INSERT INTO analysis_change (scope, version) VALUES (${scope}, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;`;
/** Raises the change sequence and marks a response with it (migration 010). */
const mark = (id: string) => `${bump(`'seq'`)}
        UPDATE response SET changed = (SELECT version FROM analysis_change WHERE scope = 'seq') WHERE id = ${id};`;
const nameOf = (keyId: string) => `(SELECT name FROM answer_key WHERE id = ${keyId})`;
const idOf = (name: string) => `(SELECT id FROM answer_key WHERE name = ${name})`;
const ensureKey = (name: string) => `INSERT INTO answer_key (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING;`;

/** The share of this migration's progress bar spent finding the keys (about 26 s of 65 s at a million responses). */
const KEYS_SHARE = 0.4;

/**
 * An answer row names its question by a small integer instead of its text (issue 7: import speed).
 *
 * Each answer row repeated its key (`listened_authorities`, `online_worry_other`, `age[2]`) in the primary key of
 * `answer`: at 100 000 responses of 40 questions that was four million copies, and SQLite compared and stored them
 * on every insert. Measured on 300 000 synthetic responses, the rows were written in 16.5–17.3 s instead of
 * 25.6–26.5 s, and the file was a fifth smaller (519 MB instead of 659 MB).
 *
 * - `answer_key` numbers each answer key once; a number is never reused or changed (no row is ever removed).
 * - `answer_value` holds the rows as `answer` did, keyed by (response_id, key_id).
 * - `answer` is now a view of the two with the columns it had, so every reader is unchanged; writes to the view go
 *   through its INSTEAD OF triggers (row by row). The writers of many rows (an import, a merge, a take-back) and
 *   the single answers typed (an upsert, which a view cannot take) write `answer_value` themselves.
 * - The analysis counters' triggers move to `answer_value` and read the key's name from `answer_key`.
 */
export const answerKeys: Migration = {
  version: 11,
  up(db, progress) {
    db.exec(`
      CREATE TABLE answer_key (
        id INTEGER PRIMARY KEY,
        -- a question's name, with the repeat's place for a repeated question: age, age[2]
        name TEXT NOT NULL UNIQUE
      ) STRICT;

      CREATE TABLE answer_value (
        response_id INTEGER NOT NULL REFERENCES response (id),
        key_id INTEGER NOT NULL REFERENCES answer_key (id),
        value TEXT,
        -- 'refused' = the child chose not to answer, distinct from a question never reached (no row)
        state TEXT NOT NULL DEFAULT 'answered' CHECK (state IN ('answered', 'refused')),
        -- NULL: when the response was created (an imported answer)
        answered_at TEXT,
        PRIMARY KEY (response_id, key_id)
      ) STRICT, WITHOUT ROWID;
    `);
    const { low, high } = db.prepare('SELECT min(response_id) AS low, max(response_id) AS high FROM answer').get() as { low: number | null; high: number | null };
    // The keys met, a piece at a time (one DISTINCT over every answer held the bar still for half a minute at a
    // million responses), then numbered in name order, so the rows keep the order they had.
    const namesIn = db.prepare('SELECT DISTINCT question_name FROM answer WHERE response_id BETWEEN ? AND ?').pluck();
    const names = new Set<string>();
    copyByResponse(low, high, (f) => progress(f * KEYS_SHARE), (from, to) => {
      for (const name of namesIn.all(from, to) as string[]) names.add(name);
    });
    db.prepare('INSERT INTO answer_key (name) SELECT value FROM json_each(?) ORDER BY value').run(JSON.stringify([...names]));
    const copy = db.prepare(`INSERT INTO answer_value (response_id, key_id, value, state, answered_at)
      SELECT a.response_id, k.id, a.value, a.state, a.answered_at FROM answer a JOIN answer_key k ON k.name = a.question_name
      WHERE a.response_id BETWEEN ? AND ? ORDER BY a.response_id, k.id`);
    copyByResponse(low, high, (f) => progress(KEYS_SHARE + f * (1 - KEYS_SHARE)), (from, to) => copy.run(from, to));
    db.exec(`
      DROP TABLE answer;

      CREATE VIEW answer (response_id, question_name, value, state, answered_at) AS
        SELECT a.response_id, k.name, a.value, a.state, a.answered_at FROM answer_value a JOIN answer_key k ON k.id = a.key_id;

      CREATE TRIGGER answer_insert INSTEAD OF INSERT ON answer BEGIN
        ${ensureKey('NEW.question_name')}
        INSERT INTO answer_value (response_id, key_id, value, state, answered_at)
          VALUES (NEW.response_id, ${idOf('NEW.question_name')}, NEW.value, coalesce(NEW.state, 'answered'), NEW.answered_at);
      END;
      CREATE TRIGGER answer_update INSTEAD OF UPDATE ON answer BEGIN
        ${ensureKey('NEW.question_name')}
        UPDATE answer_value
          SET response_id = NEW.response_id, key_id = ${idOf('NEW.question_name')}, value = NEW.value, state = NEW.state, answered_at = NEW.answered_at
          WHERE response_id = OLD.response_id AND key_id = ${idOf('OLD.question_name')};
      END;
      CREATE TRIGGER answer_delete INSTEAD OF DELETE ON answer BEGIN
        DELETE FROM answer_value WHERE response_id = OLD.response_id AND key_id = ${idOf('OLD.question_name')};
      END;

      CREATE TRIGGER analysis_answer_insert AFTER INSERT ON answer_value BEGIN
        ${bump(`'q:' || ${base(nameOf('NEW.key_id'))}`)}
        ${mark('NEW.response_id')}
      END;
      CREATE TRIGGER analysis_answer_update AFTER UPDATE ON answer_value BEGIN
        ${bump(`'q:' || ${base(nameOf('NEW.key_id'))}`)}
        INSERT INTO analysis_change (scope, version)
          SELECT 'q:' || ${base(nameOf('OLD.key_id'))}, 1
          WHERE OLD.key_id <> NEW.key_id OR OLD.response_id <> NEW.response_id
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
        ${mark('NEW.response_id')}
        UPDATE response SET changed = (SELECT version FROM analysis_change WHERE scope = 'seq') WHERE id = OLD.response_id AND OLD.response_id <> NEW.response_id;
      END;
      CREATE TRIGGER analysis_answer_delete AFTER DELETE ON answer_value BEGIN
        ${bump(`'q:' || ${base(nameOf('OLD.key_id'))}`)}
        ${mark('OLD.response_id')}
      END;
    `);
  },
};
