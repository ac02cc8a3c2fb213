import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openProjectDb, migrate, type Db } from '../../electron/db/open';
import { initProject } from '../../electron/db/project-store';
import { createSurvey, getSurvey, listSurveys } from '../../electron/db/survey-store';
import { completeResponse, createResponse, writeAnswer } from '../../electron/db/response-store';
import { importXlsForm } from '../../electron/io/xlsform-import';
import { importResponses, type ResponsesImportOptions } from '../../electron/io/responses-import';
import { exportResponsesFromFile } from '../../electron/io/responses-export';
import { analysisColumns } from '../../electron/analysis/column-cache';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/db/migrations';
import { createSyntheticProject } from '../../bench/synthetic';
import { TEST_ACTOR } from '../helpers/session';
import { q } from '../helpers/survey';
import { tempDir } from '../helpers/temp';
import { expectColumnsKeptByImport, rebuildColumns } from '../helpers/columns';

/**
 * Issue 7: a CSV is read in pieces, each checked then written by a thread of its own while the next is read (or, when
 * an id comes back pieces apart, the file is checked whole first, then written), and bulk writers raise the analysis
 * counters once per batch instead of once per row. None of it may change what a person or the analysis cache sees.
 */
const CORPUS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'xlsform-corpus');
/** Every file in pieces of two rows (the smallest pieces that still put rows side by side), written by the thread (the import itself on this thread: responses-import-thread.test.ts runs it on its own). */
/** Ids of two shapes: short ones, and the UUIDs of Kobo and ODK (held apart in the ids met, id-table.ts). */
const ID_SHAPES: [string, (i: number) => string][] = [
  ['p1, p2…', (i) => `p${i}`],
  ['UUID', (i) => `6f1c2a3e-0b4d-4c5e-8f60-${String(i).padStart(12, '0')}`],
];
const IN_PIECES: ResponsesImportOptions = { piecesFrom: 0, pieceRows: 2, threadFrom: 0, ownThread: false };

function corpusProject(form: string): Db {
  const db = openProjectDb(path.join(tempDir(), 'p.tiengnoi'), { create: true });
  initProject(db, form, TEST_ACTOR);
  const result = importXlsForm(path.join(CORPUS, 'forms', `${form}.xlsx`));
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  createSurvey(db, result.survey.title, TEST_ACTOR, result.survey);
  return db;
}

/** All a person (or the cache) can see of an import: responses, answers, sources (the time of the import left out). */
function contents(db: Db) {
  const time = (column: string) => `CASE WHEN ${column} = updated_at THEN 'the import' ELSE ${column} END`;
  return {
    responses: db.prepare(`SELECT uuid, number, paper_code, status, ${time('created_at')}, ${time('completed_at')} FROM response ORDER BY number`).raw().all(),
    answers: db.prepare('SELECT r.uuid, a.question_name, a.value, a.state FROM answer a JOIN response r ON r.id = a.response_id ORDER BY 1, 2').raw().all(),
    sources: db.prepare(`SELECT uuid, json_remove(source, '$.at') FROM response ORDER BY uuid`).raw().all(),
    scopes: db.prepare(`SELECT scope FROM analysis_change ORDER BY 1`).pluck().all(),
  };
}

function counters(db: Db): Map<string, number> {
  return new Map(db.prepare('SELECT scope, version FROM analysis_change').raw().all() as [string, number][]);
}

/** The single CSV files of the corpus that have their form: each must import the same whole or in pieces. */
function corpusCsvFiles(): [string, string][] {
  const found: [string, string][] = [];
  for (const form of fs.readdirSync(path.join(CORPUS, 'data'))) {
    if (!fs.existsSync(path.join(CORPUS, 'forms', `${form}.xlsx`))) continue;
    for (const folder of ['import-data', 'expected-exports']) {
      const dir = path.join(CORPUS, 'data', form, folder);
      if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (/\.csv$/i.test(f)) found.push([form, path.join(dir, f)]);
    }
  }
  return found;
}

async function bothWays(form: () => Db, files: string[], options: ResponsesImportOptions = {}) {
  const whole = form();
  const pieces = form();
  const a = await importResponses(whole, files, TEST_ACTOR, { ...options, inPieces: false });
  const b = await importResponses(pieces, files, TEST_ACTOR, { ...IN_PIECES, ...options });
  const out = { whole: { ...a, surveyId: undefined }, pieces: { ...b, surveyId: undefined }, wholeDb: contents(whole), piecesDb: contents(pieces) };
  // A problem found after the first piece takes back what was written: the counters then say so (the columns are
  // rebuilt when next opened), and that is the one trace it leaves.
  if (b.problems.length) out.piecesDb.scopes = out.wholeDb.scopes;
  whole.close();
  pieces.close();
  return out;
}

describe('a large CSV read in pieces', () => {
  it.each(corpusCsvFiles())('%s %s: the same result and the same project as read whole', async (form, file) => {
    // Written here, not by the thread (its start would double the time of these small files; the tests below use it).
    const r = await bothWays(() => corpusProject(form), [file], { threadFrom: Infinity });
    expect(r.pieces).toEqual(r.whole);
    expect(r.piecesDb).toEqual(r.wholeDb);
  });

  function vietnameseProject(): Db {
    const db = openProjectDb(path.join(tempDir(), 'vn.tiengnoi'), { create: true });
    initProject(db, 'Lào Cai', TEST_ACTOR);
    createSurvey(db, { vi: 'Ý kiến' }, TEST_ACTOR, {
      title: { vi: 'Ý kiến' },
      questions: [
        q('id', 'text', { label: { vi: 'Mã' } }),
        q('tuoi', 'integer', { label: { vi: 'Tuổi' } }),
        q('y_kien', 'text', { label: { vi: 'Ý kiến' } }),
      ],
      choiceLists: {},
    });
    return db;
  }

  it('a semicolon file with a BOM, CRLF, line breaks in quotes and rows without id: numbered and identified alike', async () => {
    const file = path.join(tempDir(), 'y-kien.csv');
    const rows = Array.from({ length: 9 }, (_, i) => `${i % 3 === 0 ? '' : `p${i}`};1${i % 5};"Em nói ""${i}"";\r\nrồi đi"`);
    // Twins (no id, the same cells) in different pieces stay two responses, as when read whole.
    fs.writeFileSync(file, `\uFEFFid;tuoi;y_kien\r\n${rows.join('\r\n')}\r\n;12;giống nhau\r\n\r\n;12;giống nhau\r\n`);
    const r = await bothWays(vietnameseProject, [file]);
    expect(r.whole.imported).toBe(11);
    expect(r.pieces).toEqual(r.whole);
    expect(r.piecesDb).toEqual(r.wholeDb);
  });

  it.each(ID_SHAPES)('problems in any piece are listed as when read whole, and nothing is written (ids %s)', async (_shape, idOf) => {
    const file = path.join(tempDir(), 'bad.csv');
    const good = Array.from({ length: 7 }, (_, i) => `${idOf(i)},1${i},ổn`);
    fs.writeFileSync(file, ['id,tuoi,y_kien', ...good, `${idOf(7)},mười,sai`, `${idOf(8)},11,ổn`, `${idOf(1)},99,khác`, `"${idOf(9)},1,mở`].join('\n'));
    const r = await bothWays(vietnameseProject, [file]);
    expect(r.whole.problems).toEqual([{ file: 'bad.csv', row: 12, code: 'import.unclosedQuote', params: {} }]);
    expect(r.pieces).toEqual(r.whole);

    fs.writeFileSync(file, ['_uuid,tuoi,y_kien', ...good, `${idOf(7)},mười,sai`, `${idOf(8)},11,ổn`, `${idOf(1)},99,khác`].join('\n'));
    const again = await bothWays(vietnameseProject, [file]);
    // A bad integer in the fifth piece, and an id given to two different rows pieces apart.
    expect(again.whole.problems.map((p) => [p.code, p.row])).toEqual([
      ['import.badInteger', 9],
      ['import.duplicateId', 11],
    ]);
    expect(again.pieces).toEqual(again.whole);
    expect(again.piecesDb.responses).toEqual([]);
    expect(again.piecesDb.answers).toEqual([]);
  });

  it('rows pieces apart with one id and answers the check\'s fingerprint cannot tell apart are still refused, and nothing is kept', async () => {
    // The check samples each text (its length, first, middle and last characters): these two differ elsewhere.
    const file = path.join(tempDir(), 'lookalike.csv');
    const rows = Array.from({ length: 6 }, (_, i) => `p${i},1${i},ổn`);
    fs.writeFileSync(file, ['_uuid,tuoi,y_kien', 'p9,12,em thích đi học', ...rows, 'p9,12,em thich đi học'].join('\n'));
    const r = await bothWays(vietnameseProject, [file]);
    expect(r.whole.problems.map((p) => [p.code, p.row])).toEqual([['import.duplicateId', 9]]);
    expect(r.pieces.problems.map((p) => [p.code, p.row])).toEqual([['import.duplicateId', 9]]);
    expect(r.pieces.imported).toBe(0);
    expect(r.piecesDb.responses).toEqual([]);
    expect(r.piecesDb.answers).toEqual([]);
  });

  it.each(ID_SHAPES)('the same row twice, pieces apart, is one response; a file imported again adds nothing (ids %s)', async (_shape, idOf) => {
    const file = path.join(tempDir(), 'twice.csv');
    const rows = Array.from({ length: 6 }, (_, i) => `${idOf(i)},1${i},ổn`);
    fs.writeFileSync(file, ['_uuid,tuoi,y_kien', ...rows, rows[1], rows[0]].join('\n'));
    const r = await bothWays(vietnameseProject, [file]);
    expect(r.whole).toMatchObject({ imported: 6, problems: [] });
    expect(r.pieces).toEqual(r.whole);
    expect(r.piecesDb.answers).toEqual(r.wholeDb.answers);
    expect(r.piecesDb.sources).toEqual(r.wholeDb.sources);
    // The one difference: responses whose rows are pieces apart are written, and numbered, after the others.
    expect(r.piecesDb.responses.map((row) => (row as unknown[])[1])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.piecesDb.responses.map((row) => (row as unknown[])[0])).toEqual([2, 3, 4, 5, 0, 1].map(idOf));

    // The one pass stops at the row met again, and the file is read twice: the bar still only moves forward.
    const db = vietnameseProject();
    const shares: number[] = [];
    await importResponses(db, [file], TEST_ACTOR, { ...IN_PIECES, onProgress: (done, total) => shares.push(done / total) });
    expect(shares.length).toBeGreaterThan(4);
    expect(shares.every((share, i) => i === 0 || share >= shares[i - 1]!)).toBe(true);
    expect(shares.at(-1)).toBe(1);
    expect(await importResponses(db, [file], TEST_ACTOR, IN_PIECES)).toMatchObject({ imported: 0, skipped: 6, problems: [] });
    db.close();
  });

  it('a synthetic consultation exported and imported in pieces gives the same answers, counters and columns', async () => {
    const made = createSyntheticProject({ file: path.join(tempDir(), 'synthetic.tiengnoi'), responses: 120, seed: 3 });
    const csv = path.join(tempDir(), 'out.csv');
    await exportResponsesFromFile(made.file, csv, { format: 'csv', labels: false, lang: 'vi', includeIdentifying: true });
    const source = openProjectDb(made.file, { readonly: true });
    const survey = getSurvey(source, made.surveyId);
    source.close();
    const fresh = () => {
      const db = openProjectDb(path.join(tempDir(), 'in.tiengnoi'), { create: true });
      initProject(db, 'in', TEST_ACTOR);
      createSurvey(db, survey.title, TEST_ACTOR, survey);
      return db;
    };
    const r = await bothWays(fresh, [csv], { pieceRows: 17 });
    expect(r.whole.problems).toEqual([]);
    expect(r.whole.imported).toBeGreaterThan(100);
    expect(r.pieces).toEqual(r.whole);
    expect(r.piecesDb).toEqual(r.wholeDb);
  });
});

describe('the writing thread', () => {
  function project() {
    const db = openProjectDb(path.join(tempDir(), 'luong.tiengnoi'), { create: true });
    initProject(db, 'Luồng', TEST_ACTOR);
    const surveyId = createSurvey(db, { vi: 'Ý kiến' }, TEST_ACTOR, {
      title: { vi: 'Ý kiến' },
      questions: [q('tuoi', 'integer'), q('y_kien', 'text')],
      choiceLists: {},
    });
    return { db, surveyId };
  }

  it('writes while the next piece is read; a paper typed meanwhile on this laptop is kept and numbered after the import', async () => {
    const { db, surveyId } = project();
    // Stored columns before the import: it extends them (the same as a rebuild) unless something else changed.
    analysisColumns(db, surveyId);
    const file = path.join(tempDir(), 'nhieu.csv');
    fs.writeFileSync(file, '_uuid,tuoi,y_kien\n' + Array.from({ length: 3000 }, (_, i) => `em-${i},${8 + (i % 10)},"Em ${i}: ""ổn"""`).join('\n'));
    const progress: [number, number][] = [];
    let typed: string | null = null;
    const onProgress = (done: number, total: number) => {
      progress.push([done, total]);
      // Once the thread has written part of the file, a facilitator saves a paper on the import's own connection.
      if (typed === null && done > total / 2) {
        typed = createResponse(db, surveyId, TEST_ACTOR);
        writeAnswer(db, typed, 'tuoi', '15');
        completeResponse(db, typed, TEST_ACTOR);
      }
    };
    const result = await importResponses(db, [file], TEST_ACTOR, { pieceRows: 400, writeBatch: 150, threadFrom: 0, onProgress });
    expect(result).toMatchObject({ imported: 3000, skipped: 0, problems: [] });
    expect(typed).not.toBeNull();
    const rows = db.prepare('SELECT uuid, number FROM response ORDER BY number').raw().all() as [string, number][];
    expect(rows).toHaveLength(3001);
    expect(new Set(rows.map(([, number]) => number)).size).toBe(3001);
    expect(rows.filter(([uuid]) => uuid.startsWith('em-')).map(([uuid]) => uuid)).toEqual(Array.from({ length: 3000 }, (_, i) => `em-${i}`));
    expect(db.prepare(`SELECT a.value FROM answer a JOIN response r ON r.id = a.response_id WHERE r.uuid = ?`).pluck().get(typed)).toBe('15');
    expect(db.prepare(`SELECT value FROM answer a JOIN response r ON r.id = a.response_id WHERE r.uuid = 'em-7' AND a.question_name = 'y_kien'`).pluck().get()).toBe('Em 7: "ổn"');
    // The bar only moves forward, and ends full.
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
    expect(db.prepare(`SELECT detail ->> '$.imported' FROM audit_log WHERE action = 'importResponses'`).pluck().all()).toEqual([3000]);
    // The paper typed meanwhile is counted: the columns opened are those a rebuild from every answer gives.
    const opened = analysisColumns(db, surveyId).set;
    expect(opened.responseCount).toBe(3001);
    expect(opened).toEqual(rebuildColumns(db, surveyId).set);
    db.close();
  });

  it('a problem found after pieces were written takes them back, with nothing left of the import', async () => {
    const { db } = project();
    const file = path.join(tempDir(), 'sai-cuoi.csv');
    fs.writeFileSync(file, '_uuid,tuoi,y_kien\n' + Array.from({ length: 2000 }, (_, i) => `em-${i},${i === 1990 ? 'mười' : 8 + (i % 10)},ổn`).join('\n'));
    const result = await importResponses(db, [file], TEST_ACTOR, { pieceRows: 300, writeBatch: 100, threadFrom: 0 });
    expect(result.imported).toBe(0);
    expect(result.problems.map((p) => [p.code, p.row, p.column])).toEqual([['import.badInteger', 1992, 'B']]);
    expect(db.prepare('SELECT count(*) FROM response').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM answer').pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'importResponses'`).pluck().get()).toBe(0);
    db.close();
  });
});

describe('bulk writes and the analysis counters (migrations 008 and 010)', () => {
  const survey = {
    title: { vi: 'Đếm' },
    questions: [
      q('tuoi', 'integer'),
      q('gioi', 'select_one', { listName: 'gioi' }),
      q('y_kien', 'text'),
    ],
    choiceLists: { gioi: [{ name: 'nam', label: { vi: 'Nam' } }, { name: 'nu', label: { vi: 'Nữ' } }] },
  };
  function setUp() {
    const file = path.join(tempDir(), 'dem.tiengnoi');
    const db = openProjectDb(file, { create: true });
    initProject(db, 'Đếm', TEST_ACTOR);
    const surveyId = createSurvey(db, survey.title, TEST_ACTOR, survey);
    return { db, file, surveyId };
  }
  const csv = (name: string, text: string) => {
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('an import raises the counters of exactly the questions it wrote, and rows, and leaves no marker', async () => {
    const { db, surveyId } = setUp();
    const first = csv('a.csv', 'tuoi,gioi,y_kien\n12,nam,vui\n13,nu,\n14,nam,buồn\n');
    expect((await importResponses(db, [first], TEST_ACTOR)).imported).toBe(3);
    const columns = analysisColumns(db, surveyId);
    expect(columns.set.responseCount).toBe(3);
    const before = counters(db);
    expect([...before.keys()].sort()).toEqual(['q:gioi', 'q:tuoi', 'q:y_kien', 'rows', 'seq']);
    // Each imported response is marked with the change sequence of its batch (migration 010).
    expect(db.prepare('SELECT count(*) FROM response WHERE changed BETWEEN 1 AND ?').pluck().get(before.get('seq'))).toBe(3);

    // Ages only, in pieces: the age and the rows move, the other questions' counters stay.
    const second = csv('b.csv', 'tuoi\n15\n16\n17\n18\n19\n');
    expect((await importResponses(db, [second], TEST_ACTOR, { piecesFrom: 0, pieceRows: 2 })).imported).toBe(5);
    const after = counters(db);
    expect(after.get('q:tuoi')).toBeGreaterThan(before.get('q:tuoi')!);
    expect(after.get('rows')).toBeGreaterThan(before.get('rows')!);
    expect(after.get('q:gioi')).toBe(before.get('q:gioi'));
    expect(after.get('q:y_kien')).toBe(before.get('q:y_kien'));
    expect(after.has('bulk')).toBe(false);

    // The cache sees the new responses (the import extended the columns it found fresh: the same as a rebuild), eight
    // ages, counted independently by SQLite.
    const again = expectColumnsKeptByImport(db, surveyId);
    expect(again.set.responseCount).toBe(8);
    const ages = db.prepare(`SELECT count(*) FROM answer WHERE question_name = 'tuoi'`).pluck().get();
    expect(ages).toBe(8);
    db.close();
  });

  it('a write that fails midway leaves the counters\' triggers in place, and plain SQL from another tool still raises the counters', async () => {
    const { db, file } = setUp();
    const big = csv('big.csv', 'tuoi,gioi\n' + Array.from({ length: 4500 }, (_, i) => `${10 + (i % 8)},${i % 2 ? 'nam' : 'nu'}`).join('\n'));
    // A trigger in the file (the writing thread has its own connection) stands in for the disk filling up.
    db.exec(`CREATE TRIGGER full_disk BEFORE INSERT ON response WHEN (SELECT count(*) FROM response) >= 2100 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    await expect(importResponses(db, [big], TEST_ACTOR, { writeBatch: 2000, pieceRows: 1000, threadFrom: 0 })).rejects.toThrow(/disk is full/);
    db.exec('DROP TRIGGER full_disk');
    expect(db.prepare(`SELECT count(*) FROM response`).pluck().get()).toBe(0);
    expect(counters(db).has('bulk')).toBe(false);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'analysis%'`).pluck().get()).toBe(6);
    db.close();

    // Another program: plain better-sqlite3, no Tiếng Nói code, one row at a time.
    const other = new Database(file);
    const before = counters(other);
    const version = other.prepare('SELECT id FROM form_version LIMIT 1').pluck().get();
    other.prepare(`INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at) VALUES ('x', ?, 1, 'd', 'complete', 't', 't')`).run(version);
    other.prepare(`INSERT INTO answer (response_id, question_name, value, answered_at) VALUES ((SELECT id FROM response WHERE uuid = 'x'), 'gioi', 'nam', 't')`).run();
    const after = counters(other);
    expect(after.get('rows')).toBe((before.get('rows') ?? 0) + 1);
    expect(after.get('q:gioi')).toBe((before.get('q:gioi') ?? 0) + 1);
    other.close();
  });

  it('an older file migrates: its counters are kept, and its triggers mark the responses changed', () => {
    const file = path.join(tempDir(), 'old.tiengnoi');
    const old = new Database(file);
    migrate(old, 0, 7, migrations);
    old.exec(`INSERT INTO form (id, form_key, created_at) VALUES ('f', 'f', 't');
      INSERT INTO form_version (id, form_id, version, created_at, updated_at) VALUES (1, 'f', 1, 't', 't');
      INSERT INTO response (uuid, form_version_id, number, device_id, created_at, updated_at) VALUES ('r', 1, 1, 'd', 't', 't');
      INSERT INTO answer (response_uuid, question_name, value, answered_at) VALUES ('r', 'age[2]', '9', 't');`);
    expect(counters(old)).toEqual(new Map([['q:age', 1], ['rows', 1]]));
    old.close();

    const db = openProjectDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(counters(db)).toEqual(new Map([['q:age', 1], ['rows', 1]]));
    // Migration 009 kept the answer, now pointing at its response by id.
    expect(db.prepare(`SELECT r.uuid, a.question_name, a.value FROM answer a JOIN response r ON r.id = a.response_id`).raw().all()).toEqual([['r', 'age[2]', '9']]);
    expect(db.prepare('SELECT changed FROM response').pluck().get()).toBeNull();
    db.prepare(`UPDATE answer SET value = '10'`).run();
    expect(counters(db).get('q:age')).toBe(2);
    // Migration 010: the edit marks its response with the change sequence.
    expect(db.prepare('SELECT changed FROM response').pluck().get()).toBe(counters(db).get('seq'));
    // Migration 008's marker row is no more: bulk writers drop the triggers instead, and a removal is recorded.
    db.transaction(() => {
      db.prepare(`INSERT INTO analysis_change (scope, version) VALUES ('bulk', 0)`).run();
      db.prepare(`DELETE FROM answer`).run();
      db.prepare(`DELETE FROM response`).run();
      db.prepare(`DELETE FROM analysis_change WHERE scope = 'bulk'`).run();
    })();
    const after = counters(db);
    expect([after.get('q:age'), after.get('rows')]).toEqual([3, 2]);
    expect(after.get('removed')).toBe(after.get('seq'));
    db.close();
    void listSurveys;
  });
});
