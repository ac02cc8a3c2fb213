import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openProjectDb } from '../../electron/db/open';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';
import { readAnswers, refusedKeys, writeAnswer, writeRefusal } from '../../electron/db/response-store';
import { BulkChanges } from '../../electron/db/bulk-changes';
import { AnswerKeyNames, AnswerKeys } from '../../electron/db/answer-keys';
import { tempDir } from '../helpers/temp';

const T = '2025-07-01T00:00:00.000Z';

/** A version-10 file written with plain SQL: answers, a refusal, a repeat's keys, an imported answer (no time). */
function version10File(): string {
  const file = path.join(tempDir(), 'v10.tiengnoi');
  const raw = new Database(file);
  migrate(raw, 0, 10);
  raw.exec(`
    INSERT INTO project (id, uuid, title, created_at, updated_at) VALUES (1, 'p', 'Dự án cũ', '${T}', '${T}');
    INSERT INTO form (id, form_key, created_at) VALUES ('f', 'khao_sat', '${T}');
    INSERT INTO form_version (id, form_id, version, status, created_at, updated_at) VALUES (1, 'f', 1, 'published', '${T}', '${T}');
    INSERT INTO response (id, uuid, form_version_id, number, device_id, status, created_at, updated_at, paper_code) VALUES (1, 'ccc', 1, 1, 'd', 'complete', '${T}', '${T}', '1');
    INSERT INTO response (id, uuid, form_version_id, number, device_id, status, created_at, updated_at, paper_code) VALUES (2, 'aaa', 1, 2, 'd', 'complete', '${T}', '${T}', '2');
    INSERT INTO answer (response_id, question_name, value, state, answered_at) VALUES
      (1, 'why', 'Vì em sợ đi đường tối', 'answered', '2025-07-01T08:01:00.000Z'),
      (1, 'age', '12', 'answered', NULL),
      (1, 'sib_age[2]', '9', 'answered', '2025-07-01T08:02:00.000Z'),
      (1, 'sib_age[1]', '11', 'answered', '2025-07-01T08:02:00.000Z'),
      (2, 'age', NULL, 'refused', '2025-07-01T09:00:00.000Z'),
      (2, 'why', 'Trường xa nhà', 'answered', '2025-07-01T09:01:00.000Z');
  `);
  raw.close();
  return file;
}

const allAnswers = (db: Database.Database) =>
  db.prepare('SELECT response_id, question_name, value, state, answered_at FROM answer ORDER BY response_id, question_name').raw().all();

describe('migration 011: answer rows name their question by a number', () => {
  it('keeps every answer, refusal and time; the keys are numbered in name order and the rows keep their order', () => {
    const file = version10File();
    const before = new Database(file, { readonly: true });
    const answers = allAnswers(before);
    const stored = before.prepare('SELECT response_id, question_name FROM answer').raw().all();
    before.close();

    const db = openProjectDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(allAnswers(db)).toEqual(answers);
    expect(db.prepare('SELECT name FROM answer_key ORDER BY id').pluck().all()).toEqual(['age', 'sib_age[1]', 'sib_age[2]', 'why']);
    // Without ORDER BY, the view walks answer_value's primary key: the order the table had.
    expect(db.prepare('SELECT response_id, question_name FROM answer').raw().all()).toEqual(stored);
    expect(readAnswers(db, 'ccc')).toEqual({ age: '12', why: 'Vì em sợ đi đường tối', 'sib_age[1]': '11', 'sib_age[2]': '9' });
    expect(refusedKeys(db, 'aaa')).toEqual(['age']);
    db.close();
  });

  it('a typed answer, a new question, a refusal and a cleared answer move the counters and mark the response, as before', () => {
    const db = openProjectDb(version10File());
    const counter = (scope: string) => (db.prepare(`SELECT version FROM analysis_change WHERE scope = ?`).pluck().get(scope) as number | undefined) ?? 0;
    const changed = (uuid: string) => db.prepare('SELECT changed FROM response WHERE uuid = ?').pluck().get(uuid) as number | null;

    const age = counter('q:age');
    writeAnswer(db, 'aaa', 'age', '13');
    expect(counter('q:age')).toBe(age + 1);
    expect(changed('aaa')).toBe(counter('seq'));
    expect(readAnswers(db, 'aaa').age).toBe('13');

    const sib = counter('q:sib_age');
    writeAnswer(db, 'aaa', 'sib_age[3]', '4');
    expect(counter('q:sib_age')).toBe(sib + 1);
    expect(db.prepare(`SELECT count(*) FROM answer_key WHERE name = 'sib_age[3]'`).pluck().get()).toBe(1);

    writeRefusal(db, 'ccc', 'why');
    expect(refusedKeys(db, 'ccc')).toEqual(['why']);
    expect(changed('ccc')).toBe(counter('seq'));

    const why = counter('q:why');
    writeAnswer(db, 'aaa', 'why', null);
    expect(counter('q:why')).toBe(why + 1);
    expect(readAnswers(db, 'aaa')).toEqual({ age: '13', 'sib_age[3]': '4' });
    db.close();
  });

  it('the view takes inserts, updates and deletes as the table did (other tools and old scripts write it)', () => {
    const db = openProjectDb(version10File());
    db.prepare(`INSERT INTO answer (response_id, question_name, value) VALUES (2, 'new_q', 'x')`).run();
    expect(db.prepare(`SELECT value, state, answered_at FROM answer WHERE response_id = 2 AND question_name = 'new_q'`).raw().get()).toEqual(['x', 'answered', null]);
    db.prepare(`UPDATE answer SET value = 'y', question_name = 'other_q' WHERE response_id = 2 AND question_name = 'new_q'`).run();
    expect(db.prepare(`SELECT question_name, value FROM answer WHERE response_id = 2 AND value = 'y'`).raw().all()).toEqual([['other_q', 'y']]);
    db.prepare(`DELETE FROM answer WHERE response_id = 1`).run();
    expect(db.prepare('SELECT count(*) FROM answer_value WHERE response_id = 1').pluck().get()).toBe(0);
    expect(() => db.prepare(`INSERT INTO answer (response_id, question_name, value) VALUES (2, 'age', '1')`).run()).toThrow(/UNIQUE/);
    db.close();
  });

  it("a bulk writer's dropped triggers are the counters' only: the view's stay", () => {
    const db = openProjectDb(version10File());
    const triggers = () => db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`).pluck().all() as string[];
    const all = triggers();
    db.transaction(() => {
      const changes = new BulkChanges(db);
      changes.begin();
      expect(triggers()).toEqual(['answer_delete', 'answer_insert', 'answer_update']);
      changes.finish();
    })();
    expect(triggers()).toEqual(all);
    db.close();
  });

  it('a reader names a key given after its first look (another connection, a writing thread), and a writer numbers each name once', () => {
    const file = version10File();
    const db = openProjectDb(file);
    const names = new AnswerKeyNames(db);
    expect(names.name(1)).toBe('age');
    const other = openProjectDb(file);
    const keys = new AnswerKeys(other);
    const id = keys.id('late_question');
    expect(keys.id('late_question')).toBe(id);
    expect(keys.id('age')).toBe(1);
    expect(names.name(id)).toBe('late_question');
    expect(names.name(id + 1)).toBeUndefined();
    other.close();
    db.close();
  });
});
