import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATING_SHARE } from '../../electron/db/open';
import { writeVersion10Project } from '../helpers/version10-project';
import { watchCompaction } from '../../electron/io/upgrade-thread';
import { tempDir } from '../helpers/temp';
import { copyByResponse } from '../../electron/db/migration';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';
import { dispatch } from '../../electron/api/dispatch';
import type { ApiEvents } from '../../core/api';
import { newSession } from '../helpers/session';

const RESPONSES = 25_000;

function version10File(dir: string): string {
  const file = path.join(dir, 'cu.tiengnoi');
  writeVersion10Project(file, 'Diễn đàn năm ngoái', RESPONSES);
  return file;
}

const answers = (db: Database.Database) =>
  db.prepare('SELECT count(*), sum(response_id), sum(length(question_name)), sum(length(value)), max(value) FROM answer').raw().get();

describe('opening an older project file', () => {
  it('brings it up to date on a thread of its own, the progress bar moving while the app stays free, every answer kept', async () => {
    const session = newSession();
    const file = version10File(session.projectsDir);
    const old = new Database(file, { readonly: true });
    const before = answers(old);
    old.close();

    // The app's thread ticks while the upgrade runs: progress arriving between ticks shows it ran elsewhere.
    let ticks = 0;
    const clock = setInterval(() => ticks++, 1);
    const progress: { done: number; total: number; tick: number }[] = [];
    session.subscribe((event, payload) => {
      if (event !== 'task/progress') return;
      const { task, done, total } = payload as ApiEvents['task/progress'];
      if (task === 'upgradeProject') progress.push({ done, total, tick: ticks });
    });
    const opened = await dispatch('project/open', { file: 'cu.tiengnoi' }, { session, lang: 'vi' });
    clearInterval(clock);

    expect(opened.ok && opened.value).toMatchObject({ title: 'Diễn đàn năm ngoái', responses: RESPONSES });
    expect(session.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(answers(session.db)).toEqual(before);
    expect(session.db.prepare(`SELECT value FROM answer WHERE response_id = 12345 AND question_name = 'why'`).pluck().get()).toBe('Em muốn được lắng nghe 12345');

    // 25 000 responses copy in three pieces: the bar moves at each, never back, and ends full.
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.every((p) => p.total === 1000)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)!.done).toBe(1000);
    expect(progress.at(-1)!.tick).toBeGreaterThan(progress[0]!.tick);
    session.dispose();
  });

  it('opened twice at once, it is upgraded once and both opens succeed', async () => {
    const session = newSession();
    version10File(session.projectsDir);
    const [first, second] = await Promise.all([
      dispatch('project/open', { file: 'cu.tiengnoi' }, { session, lang: 'vi' }),
      dispatch('project/open', { file: 'cu.tiengnoi' }, { session, lang: 'vi' }),
    ]);
    expect(first.ok && second.ok).toBe(true);
    expect(session.db.prepare('SELECT count(*) FROM answer').pluck().get()).toBe(RESPONSES * 4);
    session.dispose();
  });

  it('the compaction after the migrations moves the bar as its -wal file grows', async () => {
    const file = path.join(tempDir(), 'big.tiengnoi');
    const seen: number[] = [];
    const watch = watchCompaction(file, 1000, (fraction) => seen.push(fraction));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual([]); // no -wal file yet: nothing said
      fs.writeFileSync(`${file}-wal`, Buffer.alloc(500));
      await expect.poll(() => seen.at(-1)).toBeCloseTo(MIGRATING_SHARE + (1 - MIGRATING_SHARE) * 0.95 * 0.5);
      fs.writeFileSync(`${file}-wal`, Buffer.alloc(3000));
      await expect.poll(() => seen.at(-1)).toBeCloseTo(MIGRATING_SHARE + (1 - MIGRATING_SHARE) * 0.95);
    } finally {
      clearInterval(watch);
    }
  });

  it('a copy in pieces covers every id once, in order, and says how far it got after each piece', () => {
    const pieces: [number, number][] = [];
    const fractions: number[] = [];
    copyByResponse(3, 27, (f) => fractions.push(f), (from, to) => pieces.push([from, to]), 10);
    expect(pieces).toEqual([
      [3, 12],
      [13, 22],
      [23, 27],
    ]);
    expect(fractions).toEqual([0.4, 0.8, 1]);
    copyByResponse(null, null, (f) => fractions.push(f), (from, to) => pieces.push([from, to]));
    expect(pieces.length).toBe(3);
  });
});
