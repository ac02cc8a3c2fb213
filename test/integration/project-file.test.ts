import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, migrate, openProjectDb } from '../../electron/db/open';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/db/migrations';
import { dumpSchema } from '../../electron/db/schema-dump';
import { initProject } from '../../electron/db/project-store';
import { AppError } from '../../core/errors';
import { tempDir } from '../helpers/temp';
import { TEST_ACTOR } from '../helpers/session';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

function newProjectFile(dir: string, name = 'p.tiengnoi'): string {
  const file = path.join(dir, name);
  const db = openProjectDb(file, { create: true });
  initProject(db, 'Thử nghiệm', TEST_ACTOR);
  db.close();
  return file;
}

describe('project file', () => {
  it('migrates an empty file to the latest schema with WAL, foreign keys and STRICT tables', () => {
    const dir = tempDir();
    const db = openProjectDb(path.join(dir, 'new.tiengnoi'), { create: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const listed = db.prepare(`SELECT name, type, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; type: string; strict: number }[];
    const tables = listed.filter((t) => t.type === 'table');
    expect(tables.map((t) => t.name).sort()).toEqual([
      'analysis_change',
      'analysis_column',
      'analysis_saved',
      'analysis_setting',
      'analysis_view',
      'answer_key',
      'answer_value',
      'audit_log',
      'choice',
      'coding_assignment',
      'coding_quote',
      'coding_theme',
      'form',
      'form_version',
      'media',
      'project',
      'question',
      'response',
    ]);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    // Answers are read through a view of answer_value and answer_key (migration 011).
    expect(listed.filter((t) => t.type === 'view').map((t) => t.name)).toEqual(['answer']);
    db.close();
  });

  it('matches the recorded schema of every version (change the schema only with a new migration)', () => {
    const db = new Database(':memory:');
    let from = 0;
    for (const { version } of migrations) {
      migrate(db, from, version);
      from = version;
      const recorded = fs.readFileSync(new URL(`../../docs/schema/v${String(version).padStart(4, '0')}.sql`, import.meta.url), 'utf8');
      expect(dumpSchema(db), `schema after migration ${version}; run npm run schema:dump only for a NEW migration`).toBe(recorded);
    }
    db.close();
  });

  it('refuses a file from a newer app and leaves it byte for byte unchanged', () => {
    const dir = tempDir();
    const file = newProjectFile(dir);
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openProjectDb(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('project.tooNew');
    expect((error as AppError).params).toEqual({ file: 'p.tiengnoi', fileVersion: LATEST_SCHEMA_VERSION + 1, appVersion: LATEST_SCHEMA_VERSION });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('names the file when it is not SQLite, damaged, or another program’s database', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.tiengnoi');
    fs.writeFileSync(text, 'Đây không phải là cơ sở dữ liệu\n'.repeat(20));
    expect(errorCode(() => openProjectDb(text))).toBe('project.notSqlite');

    // A real project whose pages after the header were overwritten, as by a failing disk.
    const damaged = newProjectFile(dir, 'damaged.tiengnoi');
    const bytes = fs.readFileSync(damaged);
    const db = new Database(damaged);
    db.pragma('journal_mode = DELETE');
    db.close();
    const size = fs.statSync(damaged).size;
    const garbage = Buffer.alloc(size - 100, 0xa5);
    const fd = fs.openSync(damaged, 'r+');
    fs.writeSync(fd, garbage, 0, garbage.length, 100);
    fs.closeSync(fd);
    expect(bytes.length).toBeGreaterThan(0);
    expect(errorCode(() => openProjectDb(damaged))).toBe('project.corrupt');

    const other = path.join(dir, 'other.tiengnoi');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE contacts (name TEXT)');
    foreign.close();
    expect(errorCode(() => openProjectDb(other))).toBe('project.notTiengNoi');

    expect(errorCode(() => openProjectDb(path.join(dir, 'missing.tiengnoi')))).toBe('project.notFound');
  });

  it('brings a version-1 file with data up to date, keeping every row', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.tiengnoi');
    const old = new Database(file);
    migrate(old, 0, 1);
    old.exec(`
      INSERT INTO form (id, form_key, created_at) VALUES ('f1', 'safety', '2025-06-01T00:00:00Z');
      INSERT INTO form_version (id, form_id, version, created_at, updated_at) VALUES (1, 'f1', 1, '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z');
      INSERT INTO choice (form_version_id, list_name, position, name, label) VALUES (1, 'yn', 0, '1', '{"vi":"Có"}');
    `);
    old.close();
    const db = openProjectDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT name, label, props FROM choice').get()).toEqual({ name: '1', label: '{"vi":"Có"}', props: '{}' });
    db.close();
  });

  it('refuses to create over an existing file', () => {
    const dir = tempDir();
    const file = newProjectFile(dir);
    expect(errorCode(() => openProjectDb(file, { create: true }))).toBe('project.exists');
  });

  it('rolls back a failing migration, leaving the file as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'half.tiengnoi');
    const db = new Database(file);
    const failing = {
      version: 2,
      up: (d: Database.Database) => {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('disk full');
      },
    };
    expect(() => migrate(db, 0, 2, [migrations[0]!, failing])).toThrow('disk full');
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema`).pluck().get()).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
