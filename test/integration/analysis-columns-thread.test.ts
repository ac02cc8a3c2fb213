// A long rebuild of a survey's analysis columns runs on a thread of its own (electron/analysis/columns-thread.ts),
// with progress, while the app's thread stays free; what it saves is what a rebuild on the app's thread gives.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { call, newSession, TEST_ACTOR } from '../helpers/session';
import { createSyntheticProject } from '../../bench/synthetic';
import { openProjectDb, type Db } from '../../electron/db/open';
import { analysisColumns, forgetColumns, responsesToRead } from '../../electron/analysis/column-cache';
import { THREAD_AT_LEAST } from '../../electron/analysis/columns-thread';
import { deleteResponse, editAnswer } from '../../electron/db/response-review';
import type { ApiEvents } from '../../core/api';
import { COUNTED, sqlCounts } from '../helpers/sql-counts';

const countedIds = (db: Db, surveyId: string) =>
  db.prepare(`SELECT r.id, r.uuid FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${COUNTED} ORDER BY r.id`).all(surveyId) as { id: number; uuid: string }[];

describe('how many responses the columns would read (the choice of a thread)', () => {
  it('none when fresh, the newer ones when they can be extended, all of them for a rebuild', () => {
    const made = createSyntheticProject({ file: path.join(tempDir(), 'small.tiengnoi'), responses: 400, seed: 11 });
    const db = openProjectDb(made.file);
    const ids = countedIds(db, made.surveyId);
    const top = ids.at(-1)!;
    // The newest counted response is left out while the columns are built, then counted again.
    db.prepare(`UPDATE response SET status = 'draft' WHERE id = ?`).run(top.id);
    expect(responsesToRead(db, made.surveyId)).toBe(ids.length - 1); // nothing built yet
    analysisColumns(db, made.surveyId);
    expect(responsesToRead(db, made.surveyId)).toBe(0);
    forgetColumns(db);
    expect(responsesToRead(db, made.surveyId)).toBe(0); // fresh in the file

    db.prepare(`UPDATE response SET status = 'complete' WHERE id = ?`).run(top.id);
    expect(responsesToRead(db, made.surveyId)).toBe(1);
    expect(analysisColumns(db, made.surveyId).report.extended).toBe(1);
    expect(responsesToRead(db, made.surveyId)).toBe(0);

    editAnswer(db, TEST_ACTOR, ids[5]!.uuid, 'sex', 'boy');
    expect(responsesToRead(db, made.surveyId)).toBe(ids.length); // the question's column is built again
    analysisColumns(db, made.surveyId);
    deleteResponse(db, TEST_ACTOR, ids[7]!.uuid, 'typed twice');
    expect(responsesToRead(db, made.surveyId)).toBe(ids.length - 1);
    expect(analysisColumns(db, made.surveyId).report.rebuilt).toBeGreaterThan(0);
    expect(responsesToRead(db, made.surveyId)).toBe(0);
    db.close();
  });
});

describe('a rebuild of many responses, asked for through the API', () => {
  it('runs on a thread with a bar while the app stays free, then Results reads what it saved', async () => {
    const session = newSession();
    const made = createSyntheticProject({ file: path.join(session.projectsDir, 'lon.tiengnoi'), responses: THREAD_AT_LEAST + 5000, seed: 5 });
    await call(session, 'project/open', { file: 'lon.tiengnoi' });
    const db = session.db;
    db.prepare('DELETE FROM analysis_column').run(); // as after a merge or a new column format
    const counted = countedIds(db, made.surveyId).length;
    expect(counted).toBeGreaterThanOrEqual(THREAD_AT_LEAST);

    let ticks = 0;
    const clock = setInterval(() => ticks++, 1);
    const progress: { done: number; total: number; tick: number }[] = [];
    session.subscribe((event, payload) => {
      const { task, done, total } = payload as ApiEvents['task/progress'];
      if (event === 'task/progress' && task === 'prepareAnalysis') progress.push({ done, total, tick: ticks });
    });
    // Two views asked at once (a table and its numbers) wait for the one rebuild.
    const [table, numeric] = await Promise.all([
      call(session, 'analysis/table', { surveyId: made.surveyId, question: 'sex' }),
      call(session, 'analysis/numeric', { surveyId: made.surveyId, question: 'age' }),
    ]);
    clearInterval(clock);

    expect(progress[0]).toMatchObject({ done: 0, total: counted });
    expect(progress.filter((p) => p.done === 0)).toHaveLength(1);
    expect(progress.length).toBeGreaterThan(counted / 1000);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ done: counted, total: counted });
    // The app's thread ran its timer while the responses were read elsewhere.
    expect(progress.at(-1)!.tick - progress[1]!.tick).toBeGreaterThan(10);

    const expected = sqlCounts(db, made.surveyId, 'sex');
    for (const [value, n] of expected) expect(table.cells.find((c) => c.value === value && c.by === null)?.count).toBe(n);
    expect(numeric.n.count).toBe([...sqlCounts(db, made.surveyId, 'age').values()].reduce((a, b) => a + b, 0));

    // The app's thread read the saved columns; they are what a rebuild there gives.
    const held = analysisColumns(db, made.surveyId);
    expect(held.report.rebuilt).toBe(0);
    forgetColumns(db);
    db.prepare('DELETE FROM analysis_column').run();
    expect(analysisColumns(db, made.surveyId, { useFile: false }).set).toEqual(held.set);

    // Nothing left to do: no bar.
    progress.length = 0;
    await call(session, 'analysis/table', { surveyId: made.surveyId, question: 'sex', by: 'province' });
    expect(progress).toEqual([]);

    // The coding screen's codes table reads the same columns: after a merge it waits for the thread too.
    db.prepare('DELETE FROM analysis_column').run();
    forgetColumns(db);
    const codes = await call(session, 'coding/table', { surveyId: made.surveyId, question: 'one_thing', level: 'top', by: 'sex' });
    expect(codes.question).toBe('one_thing#codes');
    expect(progress.at(-1)).toMatchObject({ done: counted, total: counted });
    session.dispose();
  });
});
