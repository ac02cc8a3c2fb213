import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProjectDb, type Db } from '../../electron/db/open';
import { initProject } from '../../electron/db/project-store';
import { createSurvey } from '../../electron/db/survey-store';
import { completeResponse, createResponse, writeAnswer } from '../../electron/db/response-store';
import { importResponses, type ResponsesImportOptions } from '../../electron/io/responses-import';
import { takeBackImported } from '../../electron/io/response-writer';
import { TEST_ACTOR } from '../helpers/session';
import { q } from '../helpers/survey';
import { tempDir } from '../helpers/temp';
import { expectColumnsKeptByImport } from '../helpers/columns';

/**
 * Issue 7: a large CSV file is imported on a thread of its own (import-thread.ts), with a bounded heap, the app's
 * thread left free. What ends in the project must be what the app's own thread would have written.
 */
const IN_PIECES: ResponsesImportOptions = { piecesFrom: 0, pieceRows: 50, threadFrom: 0 };

function project(): Db {
  const db = openProjectDb(path.join(tempDir(), 'p.tiengnoi'), { create: true });
  initProject(db, 'Lào Cai', TEST_ACTOR);
  createSurvey(db, { vi: 'Ý kiến trẻ em' }, TEST_ACTOR, {
    title: { vi: 'Ý kiến trẻ em' },
    questions: [q('tuoi', 'integer'), q('gioi', 'select_one', { listName: 'g' }), q('y_kien', 'text')],
    choiceLists: {
      g: [
        { name: 'girl', label: { vi: 'Gái' } },
        { name: 'boy', label: { vi: 'Trai' } },
      ],
    },
  });
  return db;
}

/** A Kobo-style CSV of `rows` responses; `bad`: a row whose age is not a number. */
function csv(rows: number, bad?: number): string {
  const file = path.join(tempDir(), 'kobo.csv');
  const lines = ['tuoi,gioi,y_kien,_uuid'];
  for (let n = 1; n <= rows; n++) {
    lines.push(`${n === bad ? 'mười' : 8 + (n % 10)},${n % 2 ? 'girl' : 'boy'},"Em muốn sân trường có nhiều cây, ý số ${n}",7a7a7a7a-0000-4000-8000-${String(n).padStart(12, '0')}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** What a person sees of the responses (their times left out: each import has its own). */
function contents(db: Db) {
  return {
    responses: db.prepare(`SELECT uuid, number, paper_code, status, json_remove(source, '$.at') FROM response ORDER BY number`).raw().all(),
    answers: db.prepare('SELECT r.uuid, a.question_name, a.value, a.state FROM answer a JOIN response r ON r.id = a.response_id ORDER BY 1, 2').raw().all(),
    audit: db.prepare(`SELECT action, detail FROM audit_log WHERE action = 'importResponses'`).raw().all(),
  };
}

describe('a large CSV imported on a thread of its own', () => {
  it('writes what the app’s own thread writes, keeps the analysis columns, and moves the bar forward only', async () => {
    const file = csv(1200);
    const threaded = project();
    const here = project();
    const seen: number[] = [];
    let whole = 0;
    const a = await importResponses(threaded, [file], TEST_ACTOR, { ...IN_PIECES, onProgress: (done, total) => (seen.push(done / total), (whole = total)) });
    const b = await importResponses(here, [file], TEST_ACTOR, { ...IN_PIECES, ownThread: false });
    expect({ ...a, surveyId: undefined }).toEqual({ ...b, surveyId: undefined });
    expect(a.imported).toBe(1200);
    expect(contents(threaded)).toEqual(contents(here));
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((share, i) => i === 0 || share >= seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(1);
    expect(whole).toBeGreaterThan(0);
    // The columns the thread extended and stored are those a rebuild gives.
    expectColumnsKeptByImport(threaded, a.surveyId!);
    threaded.close();
    here.close();
  });

  it('lists the problems of a bad file by row and column, and writes nothing', async () => {
    const file = csv(400, 333);
    const threaded = project();
    const here = project();
    const a = await importResponses(threaded, [file], TEST_ACTOR, IN_PIECES);
    const b = await importResponses(here, [file], TEST_ACTOR, { ...IN_PIECES, ownThread: false });
    expect(a.imported).toBe(0);
    expect(a.problems).toEqual(b.problems);
    expect(a.problems[0]).toMatchObject({ file: 'kobo.csv', row: 334, column: 'A' });
    expect(threaded.prepare('SELECT count(*) FROM response').pluck().get()).toBe(0);
    threaded.close();
    here.close();
  });

  it('when the thread runs out of memory, the import is done on the app’s thread instead, each response once', async () => {
    const file = csv(300);
    const db = project();
    const result = await importResponses(db, [file], TEST_ACTOR, { ...IN_PIECES, threadHeapMb: 2 });
    expect(result.imported).toBe(300);
    expect(db.prepare('SELECT count(*) FROM response').pluck().get()).toBe(300);
    expect(db.prepare('SELECT count(DISTINCT uuid) FROM response').pluck().get()).toBe(300);
    db.close();
  });

  it('takes back an import by its time and actor, and nothing typed meanwhile', async () => {
    const db = project();
    const surveyId = db.prepare('SELECT id FROM form').pluck().get() as string;
    const before = db.prepare('SELECT coalesce(max(id), 0) FROM response').pluck().get() as number;
    const at = '2026-11-28T02:00:00.000Z';
    let typed: string | null = null;
    await importResponses(db, [csv(120)], TEST_ACTOR, {
      ...IN_PIECES,
      ownThread: false,
      at,
      // A paper typed while the import writes: it takes an id among the import's.
      onProgress: (done, total) => {
        if (typed || done < total / 2) return;
        typed = createResponse(db, surveyId, TEST_ACTOR);
        writeAnswer(db, typed, 'tuoi', '11');
        completeResponse(db, typed, TEST_ACTOR);
      },
    });
    expect(typed).not.toBeNull();
    expect(db.prepare('SELECT count(*) FROM response').pluck().get()).toBe(121);
    takeBackImported(db, before, at, { ...TEST_ACTOR, name: 'someone else' });
    expect(db.prepare('SELECT count(*) FROM response').pluck().get()).toBe(121);
    takeBackImported(db, before, at, TEST_ACTOR);
    expect(db.prepare('SELECT uuid FROM response').pluck().all()).toEqual([typed]);
    expect(db.prepare('SELECT question_name, value FROM answer').raw().all()).toEqual([['tuoi', '11']]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
