import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openProjectDb } from '../../electron/db/open';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';
import { readAnswers, refusedKeys, writeAnswer } from '../../electron/db/response-store';
import { tempDir } from '../helpers/temp';
import { AppError } from '../../core/errors';

const T = '2025-07-01T00:00:00.000Z';

/** A version-8 file written with plain SQL: responses whose insertion order is not their uuid order, a second typing, answers, refusals, a repeat, coding. */
function version8File(): string {
  const file = path.join(tempDir(), 'v8.tiengnoi');
  const raw = new Database(file);
  migrate(raw, 0, 8);
  raw.exec(`
    INSERT INTO project (id, uuid, title, created_at, updated_at) VALUES (1, 'p', 'Dự án cũ', '${T}', '${T}');
    INSERT INTO form (id, form_key, created_at) VALUES ('f', 'khao_sat', '${T}');
    INSERT INTO form_version (id, form_id, version, status, created_at, updated_at) VALUES (1, 'f', 1, 'published', '${T}', '${T}');
    INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at, paper_code) VALUES ('ccc', 1, 1, 'd', 'complete', '${T}', '${T}', '1');
    INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at, paper_code) VALUES ('aaa', 1, 2, 'd', 'complete', '${T}', '${T}', '2');
    INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at, paper_code, verifies) VALUES ('bbb', 1, 0, 'd', 'draft', '${T}', '${T}', '2', 'aaa');
    INSERT INTO answer (response_uuid, question_name, value, state, answered_at) VALUES
      ('ccc', 'age', '12', 'answered', '2025-07-01T08:00:00.000Z'),
      ('ccc', 'why', 'Vì em sợ đi đường tối', 'answered', '2025-07-01T08:01:00.000Z'),
      ('ccc', 'sib_age[2]', '9', 'answered', '2025-07-01T08:02:00.000Z'),
      ('aaa', 'age', NULL, 'refused', '2025-07-01T09:00:00.000Z'),
      ('aaa', 'why', 'Trường xa nhà', 'answered', '2025-07-01T09:01:00.000Z'),
      ('bbb', 'age', '15', 'answered', '2025-07-01T10:00:00.000Z');
    INSERT INTO coding_theme (id, form_id, question_name, label, position, created_at, updated_at) VALUES ('t1', 'f', 'why', '{"vi":"Đường đi"}', 0, '${T}', '${T}');
    INSERT INTO coding_assignment (response_uuid, answer_key, theme_id, assigned_by, device_id, assigned_at) VALUES ('ccc', 'why', 't1', 'x', 'd', '${T}');
    INSERT INTO coding_quote (response_uuid, answer_key, starred_by, device_id, starred_at, updated_at) VALUES ('aaa', 'why', 'x', 'd', '${T}', '${T}');
  `);
  raw.close();
  return file;
}

const answersByUuid = (db: Database.Database) =>
  db
    .prepare(`SELECT r.uuid, a.question_name, a.value, a.state, a.answered_at FROM answer a JOIN response r ON r.id = a.response_id ORDER BY 1, 2`)
    .raw()
    .all();

describe('migration 009: answers keyed by the response id', () => {
  it('keeps every answer, refusal, time, second typing and code of a version-8 file, and each response keeps its place as its id', () => {
    const file = version8File();
    const before = new Database(file, { readonly: true });
    const rowids = before.prepare('SELECT uuid, rowid FROM response ORDER BY uuid').raw().all();
    const answers = before.prepare('SELECT response_uuid, question_name, value, state, answered_at FROM answer ORDER BY 1, 2').raw().all();
    const coding = before.prepare('SELECT response_uuid, answer_key, theme_id FROM coding_assignment').raw().all();
    before.close();
    expect(answers).toHaveLength(6);

    const db = openProjectDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT uuid, id FROM response ORDER BY uuid').raw().all()).toEqual(rowids);
    expect(answersByUuid(db)).toEqual(answers);
    expect(db.prepare('SELECT response_uuid, answer_key, theme_id FROM coding_assignment').raw().all()).toEqual(coding);
    expect(db.prepare(`SELECT verifies FROM response WHERE uuid = 'bbb'`).pluck().get()).toBe('aaa');

    // The app reads and writes them by uuid as before, and the analysis counters still move.
    expect(readAnswers(db, 'ccc')).toEqual({ age: '12', why: 'Vì em sợ đi đường tối', 'sib_age[2]': '9' });
    expect(refusedKeys(db, 'aaa')).toEqual(['age']);
    const counter = () => db.prepare(`SELECT version FROM analysis_change WHERE scope = 'q:age'`).pluck().get() as number | undefined;
    const ageBefore = counter() ?? 0;
    writeAnswer(db, 'aaa', 'age', '13');
    expect(counter()).toBe(ageBefore + 1);
    expect(readAnswers(db, 'aaa').age).toBe('13');
    db.close();
  });

  it('leaves no file half empty after rebuilding the answers: the freed pages are given back', () => {
    const file = path.join(tempDir(), 'big-v8.tiengnoi');
    const raw = new Database(file);
    migrate(raw, 0, 8);
    raw.exec(`INSERT INTO form (id, form_key, created_at) VALUES ('f', 'k', '${T}');
      INSERT INTO form_version (id, form_id, version, created_at, updated_at) VALUES (1, 'f', 1, '${T}', '${T}');`);
    const response = raw.prepare(`INSERT INTO response (uuid, form_version_id, number, device_id, created_at, updated_at) VALUES (?, 1, ?, 'd', '${T}', '${T}')`);
    const answer = raw.prepare(`INSERT INTO answer (response_uuid, question_name, value, answered_at) VALUES (?, ?, ?, '${T}')`);
    raw.transaction(() => {
      for (let n = 1; n <= 3000; n++) {
        const uuid = crypto.randomUUID();
        response.run(uuid, n);
        for (let q = 0; q < 20; q++) answer.run(uuid, `question_${q}`, String(n % 7));
      }
    })();
    raw.close();
    const sizeBefore = fs.statSync(file).size;

    const db = openProjectDb(file);
    expect(db.prepare('SELECT count(*) FROM answer').pluck().get()).toBe(60_000);
    const free = db.pragma('freelist_count', { simple: true }) as number;
    expect(free * 2).toBeLessThan(db.pragma('page_count', { simple: true }) as number);
    db.close();
    expect(fs.statSync(file).size).toBeLessThan(sizeBefore);
  });

  it('refuses, as damaged and unchanged, a file with an answer whose response is gone', () => {
    const file = version8File();
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF');
    raw.exec(`INSERT INTO answer (response_uuid, question_name, value, answered_at) VALUES ('gone', 'age', '9', '${T}')`);
    raw.close();
    let code: string | undefined;
    try {
      openProjectDb(file).close();
    } catch (error) {
      code = error instanceof AppError ? error.code : String(error);
    }
    expect(code).toBe('project.corrupt');
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(8);
    expect(after.prepare('SELECT count(*) FROM answer').pluck().get()).toBe(7);
    after.close();
  });

  it('an id survives VACUUM, which may renumber the rowids of a table without an INTEGER PRIMARY KEY', () => {
    const db = openProjectDb(version8File());
    db.prepare(`DELETE FROM answer WHERE response_id = (SELECT id FROM response WHERE uuid = 'ccc')`).run();
    db.prepare(`DELETE FROM coding_assignment WHERE response_uuid = 'ccc'`).run();
    db.prepare(`DELETE FROM response WHERE uuid = 'ccc'`).run();
    const ids = db.prepare('SELECT uuid, id FROM response ORDER BY uuid').raw().all();
    const answers = answersByUuid(db);
    db.exec('VACUUM');
    expect(db.prepare('SELECT uuid, id FROM response ORDER BY uuid').raw().all()).toEqual(ids);
    expect(answersByUuid(db)).toEqual(answers);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
