import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, openProjectDb } from '../../electron/db/open';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';
import { initProject } from '../../electron/db/project-store';
import { createSurvey } from '../../electron/db/survey-store';
import { packedBuffers, packResponses } from '../../electron/io/packed-responses';
import type { FromWorker, ToWorker, WorkerSetup } from '../../electron/io/response-write-worker';
import type { FromImportWorker, ImportWorkerSetup } from '../../electron/io/import-worker';
import type { FromUpgradeWorker, UpgradeWorkerSetup } from '../../electron/io/upgrade-worker';
import type { ColumnsWorkerSetup, FromColumnsWorker } from '../../electron/analysis/columns-worker';
import { analysisColumns } from '../../electron/analysis/column-cache';
import { createSyntheticProject } from '../../bench/synthetic';
import { TEST_ACTOR } from '../helpers/session';
import { q } from '../helpers/survey';
import { tempDir } from '../helpers/temp';

/**
 * The app as built (global-setup.ts builds it) carries its threads beside the main script: the one a large import
 * writes with (piece-writer.ts), the one it runs on (import-thread.ts), the one an older file is upgraded on
 * (upgrade-thread.ts), the one a survey's analysis columns are rebuilt on (columns-thread.ts). Tests elsewhere run them from source; these run the built files, as Electron would.
 */
const BUILT = path.resolve(import.meta.dirname, '..', '..', 'out', 'main', 'response-write-worker.js');

describe('the built threads', () => {
  it('opens the project, writes the responses it is sent, and says what it wrote', async () => {
    expect(fs.existsSync(BUILT)).toBe(true);
    const file = path.join(tempDir(), 'built.tiengnoi');
    const db = openProjectDb(file, { create: true });
    initProject(db, 'Lào Cai', TEST_ACTOR);
    const surveyId = createSurvey(db, { vi: 'Ý kiến' }, TEST_ACTOR, { title: { vi: 'Ý kiến' }, questions: [q('tuoi', 'integer'), q('y_kien', 'text')], choiceLists: {} });

    const setup: WorkerSetup = { file, nativeBinding: undefined, surveyId, actor: TEST_ACTOR, at: '2026-11-27T10:00:00.000Z', batchSize: undefined };
    const worker = new Worker(BUILT, { workerData: setup });
    const messages: FromWorker[] = [];
    const written = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: FromWorker) => {
        messages.push(message);
        if (message.kind === 'ready') {
          const packed = packResponses([
            { id: 'em-1', createdAt: null, completedAt: null, answers: new Map([['tuoi', '12'], ['y_kien', 'Em muốn được hỏi ý kiến']]), source: { file: 'a.csv', row: 2 } },
            { id: 'em-2', createdAt: '2026-11-01T08:00:00.000Z', completedAt: null, answers: new Map([['tuoi', '14']]), source: { file: 'a.csv', sheet: 'Trang 1', row: 3 } },
          ]);
          worker.postMessage({ kind: 'write', piece: 0, responses: packed } satisfies ToWorker, packedBuffers(packed));
        }
        if (message.kind === 'written' || message.kind === 'failed') resolve();
      });
    });
    await written;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ kind: 'close' } satisfies ToWorker);
    await exited;

    expect(messages.map((m) => m.kind)).toEqual(['ready', 'committed', 'written']);
    expect(messages[1]).toMatchObject({ piece: 0, share: 1 });
    const rows = db.prepare(`SELECT r.uuid, r.number, r.created_at, r.source ->> '$.sheet' AS sheet, a.question_name, a.value FROM response r JOIN answer a ON a.response_id = r.id ORDER BY r.number, a.question_name`).all();
    expect(rows).toEqual([
      { uuid: 'em-1', number: 1, created_at: '2026-11-27T10:00:00.000Z', sheet: null, question_name: 'tuoi', value: '12' },
      { uuid: 'em-1', number: 1, created_at: '2026-11-27T10:00:00.000Z', sheet: null, question_name: 'y_kien', value: 'Em muốn được hỏi ý kiến' },
      { uuid: 'em-2', number: 2, created_at: '2026-11-01T08:00:00.000Z', sheet: 'Trang 1', question_name: 'tuoi', value: '14' },
    ]);
    db.close();
  });

  it('the built import thread imports a CSV file a piece at a time, with the built writing thread beside it', async () => {
    const entry = path.join(path.dirname(BUILT), 'import-worker.js');
    expect(fs.existsSync(entry)).toBe(true);
    const dir = tempDir();
    const file = path.join(dir, 'built-import.tiengnoi');
    const db = openProjectDb(file, { create: true });
    initProject(db, 'Lào Cai', TEST_ACTOR);
    createSurvey(db, { vi: 'Ý kiến' }, TEST_ACTOR, { title: { vi: 'Ý kiến' }, questions: [q('tuoi', 'integer'), q('y_kien', 'text')], choiceLists: {} });
    const csv = path.join(dir, 'kobo.csv');
    const lines = ['tuoi,y_kien,_uuid', ...Array.from({ length: 500 }, (_, i) => `${8 + (i % 10)},"Ý kiến số ${i + 1}",b1b1b1b1-0000-4000-8000-${String(i + 1).padStart(12, '0')}`)];
    fs.writeFileSync(csv, lines.join('\n') + '\n');

    const setup: ImportWorkerSetup = { project: file, nativeBinding: undefined, file: csv, actor: TEST_ACTOR, options: { pieceRows: 100, threadFrom: 0, at: '2026-11-28T10:00:00.000Z' } };
    const worker = new Worker(entry, { workerData: setup });
    const messages: FromImportWorker[] = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: FromImportWorker) => messages.push(message));
      worker.on('exit', () => resolve());
    });
    const last = messages.at(-1)!;
    expect(last.kind).toBe('done');
    expect(last.kind === 'done' && last.result).toMatchObject({ imported: 500, rows: 500, problems: [] });
    expect(messages.filter((m) => m.kind === 'progress').length).toBeGreaterThan(3);
    expect(db.prepare('SELECT count(*) FROM response').pluck().get()).toBe(500);
    expect(db.prepare(`SELECT count(*) FROM response WHERE source ->> '$.at' = '2026-11-28T10:00:00.000Z'`).pluck().get()).toBe(500);
    db.close();
  });

  it('the built upgrade thread brings an older project file up to date, saying how far it got', async () => {
    const entry = path.join(path.dirname(BUILT), 'upgrade-worker.js');
    expect(fs.existsSync(entry)).toBe(true);
    const file = path.join(tempDir(), 'old.tiengnoi');
    const raw = new Database(file);
    migrate(raw, 0, 10);
    raw.exec(`INSERT INTO project (id, uuid, title, created_at, updated_at) VALUES (1, 'p', 'Lào Cai 2025', '2025-07-01', '2025-07-01')`);
    raw.close();

    const setup: UpgradeWorkerSetup = { project: file, nativeBinding: undefined };
    const worker = new Worker(entry, { workerData: setup });
    const messages: FromUpgradeWorker[] = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: FromUpgradeWorker) => messages.push(message));
      worker.on('exit', () => resolve());
    });
    expect(messages.at(-1)).toEqual({ kind: 'done' });
    expect(messages.at(-2)).toEqual({ kind: 'progress', fraction: 1 });
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('the built columns thread rebuilds the analysis columns of a survey and saves them in the file', async () => {
    const entry = path.join(path.dirname(BUILT), 'columns-worker.js');
    expect(fs.existsSync(entry)).toBe(true);
    const made = createSyntheticProject({ file: path.join(tempDir(), 'columns.tiengnoi'), responses: 3000, seed: 4 });
    const setup: ColumnsWorkerSetup = { project: made.file, surveyId: made.surveyId, nativeBinding: undefined };
    const worker = new Worker(entry, { workerData: setup });
    const messages: FromColumnsWorker[] = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: FromColumnsWorker) => messages.push(message));
      worker.on('exit', () => resolve());
    });
    expect(messages.at(-1)).toEqual({ kind: 'done' });
    const read = messages.flatMap((m) => (m.kind === 'progress' ? [m.read] : []));
    expect(read.slice(0, 2)).toEqual([1000, 2000]);
    const db = openProjectDb(made.file);
    const opened = analysisColumns(db, made.surveyId);
    expect(opened.report).toMatchObject({ rebuilt: 0, fromFile: opened.set.columns.size });
    expect(opened.set.responseCount).toBe(read.at(-1));
    db.close();
  });
});
