import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'tiengnoi.mjs');

function cli(args: string[], env: Record<string, string> = {}) {
  const configDir = tempDir();
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TIENGNOI_CONFIG_DIR: configDir, TIENGNOI_LANG: 'en', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tiengnoi CLI', () => {
  it('prints help in either language', () => {
    const en = cli(['--help']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('tiengnoi new FILE --title');
    const vi = cli(['--help', '--lang', 'vi']);
    expect(vi.stdout).toContain('tạo tệp dự án mới');
  });

  it('creates a project and reports it as JSON', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lao-cai.tiengnoi');
    const created = cli(['new', file, '--title', 'Diễn đàn trẻ em Lào Cai']);
    expect(created.code).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
    const info = cli(['info', file, '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toEqual({ schemaVersion: LATEST_SCHEMA_VERSION, title: 'Diễn đàn trẻ em Lào Cai', forms: 0, questions: 0, responses: 0, drafts: 0 });
    expect(cli(['new', file, '--title', 'again']).code).toBe(1);
  });

  it('creates a project with the child-consultation starter survey, with either province list', () => {
    const dir = tempDir();
    const file = path.join(dir, 'starter.tiengnoi');
    expect(cli(['new', file, '--title', 'Mẫu', '--template', 'child-consultation']).code).toBe(0);
    const info = JSON.parse(cli(['info', file, '--json']).stdout);
    expect(info.forms).toBe(1);
    expect(info.questions).toBeGreaterThan(10);
    const old = path.join(dir, 'old.tiengnoi');
    expect(cli(['new', old, '--title', 'Mẫu cũ', '--template', 'child-consultation', '--provinces', '63']).code).toBe(0);
    const wrong = cli(['new', path.join(dir, 'x.tiengnoi'), '--title', 'x', '--template', 'kobo']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('There is no template "kobo"');
    expect(fs.existsSync(path.join(dir, 'x.tiengnoi'))).toBe(false);
  });

  it('fails clearly, with a non-zero exit, on a missing, non-SQLite or damaged file', () => {
    const dir = tempDir();
    const missing = cli(['info', path.join(dir, 'none.tiengnoi')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Project file none.tiengnoi was not found.');

    const text = path.join(dir, 'text.tiengnoi');
    fs.writeFileSync(text, 'hello, not a database\n'.repeat(10));
    const notSqlite = cli(['info', text, '--lang', 'vi']);
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.stderr).toContain('không phải cơ sở dữ liệu SQLite');

    const damaged = path.join(dir, 'damaged.tiengnoi');
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0x41)]));
    const corrupt = cli(['info', damaged]);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/damaged\.tiengnoi/);
    expect(corrupt.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('says an unexpected fault plainly in the chosen language, with the stack only under TIENGNOI_DEBUG', () => {
    const file = path.join(tempDir(), 'broken.tiengnoi');
    expect(cli(['new', file, '--title', 'Hỏng']).code).toBe(0);
    // A table another tool renamed: no message of ours foresees it.
    const db = new Database(file);
    db.exec('ALTER TABLE response RENAME TO response_moved');
    db.close();
    const plain = cli(['info', file, '--lang', 'vi']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('Đã có lỗi không mong muốn (no such table: response)');
    expect(plain.stderr).toContain('TIENGNOI_DEBUG=1');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = cli(['info', file], { TIENGNOI_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/SqliteError: no such table: response\n\s+at /);
    expect(debug.stderr).toContain('Something unexpected went wrong (no such table: response)');
  });

  it('imports an XLSForm into a project, and names file, sheet, row and column when it cannot', () => {
    const dir = tempDir();
    const file = path.join(dir, 'kobo.tiengnoi');
    cli(['new', file, '--title', 'Từ Kobo']);
    const corpus = path.resolve(root, '..', 'shared', 'xlsform-corpus', 'forms');
    const ok = cli(['import-form', file, path.join(corpus, 'onadata__tutorial.xlsx'), '--json']);
    expect(ok.code).toBe(0);
    const imported = JSON.parse(ok.stdout) as { imported: boolean; questions: number };
    expect(imported.imported).toBe(true);
    expect(JSON.parse(cli(['info', file, '--json']).stdout)).toMatchObject({ forms: 1, questions: imported.questions });

    const broken = cli(['import-form', file, path.join(corpus, 'onadata__transportation.no_choices.xlsx')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr.split('\n')[0]).toBe(
      'onadata__transportation.no_choices.xlsx, sheet survey, row 4, column A: There is no choice list transport_types on the choices sheet.',
    );
    // Nothing half-made: still one survey.
    expect(JSON.parse(cli(['info', file, '--json']).stdout).forms).toBe(1);

    // And back out as an XLSForm that imports again into a new project.
    const out = path.join(dir, 'tutorial-again.xlsx');
    expect(cli(['export-form', file, out]).code).toBe(0);
    const again = path.join(dir, 'again.tiengnoi');
    cli(['new', again, '--title', 'Lần hai']);
    expect(cli(['import-form', again, out]).code).toBe(0);
    expect(JSON.parse(cli(['info', again, '--json']).stdout)).toMatchObject({ forms: 1, questions: imported.questions });
  });

  it('rejects unknown commands and options', () => {
    expect(cli(['frobnicate']).code).toBe(1);
    expect(cli(['info', '--bogus']).code).toBe(1);
    expect(cli(['new', 'x.tiengnoi']).stderr).toContain('--title');
  });

  it('serves browser mode and prints a URL that works', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'serve.tiengnoi');
    cli(['new', file, '--title', 'Serve']);
    const child = spawn(process.execPath, [bin, 'serve', file, '--port', '0'], {
      env: { ...process.env, TIENGNOI_CONFIG_DIR: tempDir(), TIENGNOI_LANG: 'en' },
    });
    try {
      const openUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
          if (match) resolve(match[0]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const url = new URL(openUrl);
      const token = url.searchParams.get('token')!;
      const health = await fetch(new URL('/api/health', url), { headers: { Authorization: `Bearer ${token}` } });
      expect(health.status).toBe(200);
      const current = await fetch(new URL('/api/project/current', url), { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{}' });
      expect(await current.json()).toMatchObject({ ok: true, value: { title: 'Serve', file: 'serve.tiengnoi' } });
      expect((await fetch(new URL('/api/health', url))).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
