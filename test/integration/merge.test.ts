import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { q, YES_NO } from '../helpers/survey';
import type { SurveyContent } from '../../core/survey/model';
import { AppError, errorKey } from '../../core/errors';
import { translate } from '../../core/i18n/messages';
import type { MergeProgress } from '../../core/api/merge';
import type { Actor } from '../../electron/db/audit';
import { migrate, openProjectDb, type Db } from '../../electron/db/open';
import { initProject, projectCounts } from '../../electron/db/project-store';
import { createSurvey, getSurvey, listSurveys, readContent, saveSurvey } from '../../electron/db/survey-store';
import { completeResponse, createResponse, findByPaperCode, findResponse, readAnswers, refusedKeys, writeAnswer, writeRefusal } from '../../electron/db/response-store';
import { deleteResponse, editAnswer, responseHistory, restoreResponse } from '../../electron/db/response-review';
import { discrepancies } from '../../electron/db/double-entry';
import { addImage } from '../../electron/db/media-store';
import { assignThemes, createTheme, renameTheme, starQuote } from '../../electron/db/coding-store';
import { mergeIntoOpenProject, mergeProjects, MergeRefusedError } from '../../electron/db/merge';
import { importResponses } from '../../electron/io/responses-import';
import { withProjectFile } from '../helpers/project-file';
import { rebuildColumns } from '../helpers/columns';
import { analysisColumns } from '../../electron/analysis/column-cache';

/**
 * Merging the project files of one consultation collected on several laptops (issue 6), on real files: the original
 * file is copied to each "laptop", answers are entered on the copies, then the copies are merged.
 */

const HQ: Actor = { name: 'dieu-phoi', deviceId: 'laptop-ha-noi' };
const LAO_CAI: Actor = { name: 'lan', deviceId: 'laptop-lao-cai' };
const DIEN_BIEN: Actor = { name: 'minh', deviceId: 'laptop-dien-bien' };
const RESEARCHER: Actor = { name: 'nghien-cuu', deviceId: 'laptop-vien' };

const CONTENT: SurveyContent = {
  title: { vi: 'An toàn ở trường', en: 'Safety at school' },
  questions: [q('safe', 'select_one', { listName: 'yn' }), q('why', 'text'), q('age', 'integer')],
  choiceLists: { yn: YES_NO },
};
const FORM_KEY = 'safety_at_school';

/** A project file with the survey, as the coordinator prepares it before copying it to the laptops. */
function original(dir: string, name = 'original.tiengnoi', content = CONTENT, title = 'Tham vấn trẻ em 7 tỉnh'): { file: string; surveyId: string } {
  const file = path.join(dir, name);
  const db = openProjectDb(file, { create: true });
  try {
    initProject(db, title, HQ);
    return { file, surveyId: createSurvey(db, content.title, HQ, content) };
  } finally {
    db.close();
  }
}

function copy(file: string, name: string): string {
  const to = path.join(path.dirname(file), name);
  fs.copyFileSync(file, to);
  return to;
}

function enter(
  db: Db,
  surveyId: string,
  actor: Actor,
  answers: Record<string, string>,
  options: { complete?: boolean; paperCode?: string; refuse?: string[] } = {},
): string {
  const id = createResponse(db, surveyId, actor, options.paperCode ? { paperCode: options.paperCode } : {});
  for (const [question, value] of Object.entries(answers)) writeAnswer(db, id, question, value);
  for (const question of options.refuse ?? []) writeRefusal(db, id, question);
  if (options.complete !== false) completeResponse(db, id, actor);
  return id;
}

/** Waits until the clock has moved on, so that the next change is strictly later than the last one. */
function later(): void {
  const start = Date.now();
  while (Date.now() < start + 3) {
    // spin: a few milliseconds
  }
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const listing = (dir: string) => fs.readdirSync(dir).sort();
const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
  return 'no error';
};
const count = (db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;

describe('merging laptops into a new file', () => {
  it('takes every response once, renumbers the ones whose number is taken, and leaves the sources untouched', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    // Two pilot responses typed before the file went to the laptops: every copy has them.
    const pilot = withProjectFile(orig, (db) => [enter(db, surveyId, HQ, { safe: 'yes', why: 'Có bạn bè' }), enter(db, surveyId, HQ, { safe: 'no' }, { refuse: ['why'] })]);
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    const c = copy(orig, 'ha-giang.tiengnoi');
    const onA = withProjectFile(a, (db) => ['11', '12', '13'].map((age) => enter(db, surveyId, LAO_CAI, { safe: 'yes', age })));
    const onB = withProjectFile(b, (db) => [enter(db, surveyId, DIEN_BIEN, { safe: 'no', age: '14', why: 'Bạn bắt nạt' }), enter(db, surveyId, DIEN_BIEN, { safe: 'yes' }, { complete: false })]);

    const sources = [a, b, c];
    const hashes = sources.map(sha);
    const before = listing(dir);
    const out = path.join(dir, 'tong-hop.tiengnoi');
    const progress: MergeProgress[] = [];
    const report = mergeProjects(out, sources, RESEARCHER, { onProgress: (p) => progress.push(p) });

    expect(report.created).toBe(true);
    expect(report.out).toBe('tong-hop.tiengnoi');
    expect(report.files.map((f) => [f.file, f.role, f.responses, f.added, f.duplicates, f.conflicts, f.renumbered])).toEqual([
      ['lao-cai.tiengnoi', 'base', 5, 5, 0, 0, 0],
      ['dien-bien.tiengnoi', 'merged', 4, 2, 2, 0, 2],
      ['ha-giang.tiengnoi', 'merged', 2, 0, 2, 0, 0],
    ]);
    expect(report.totals).toMatchObject({ responses: 11, added: 7, duplicates: 4, conflicts: 0, renumbered: 2, codesChanged: 0 });
    expect(report.renumbered.map((r) => [r.file, r.responseId, r.from, r.to, r.paperCode])).toEqual([
      ['dien-bien.tiengnoi', onB[0], 3, 6, '6'],
      ['dien-bien.tiengnoi', onB[1], 4, 7, '7'],
    ]);
    expect(progress.at(-1)).toEqual({ file: 'ha-giang.tiengnoi', index: 2, files: 2, done: 2, total: 2 });
    expect(progress.some((p) => p.file === 'dien-bien.tiengnoi' && p.done === 4)).toBe(true);

    // Sources byte for byte as they were; nothing new beside them but the merged file (no temporary, -wal or -shm file).
    expect(sources.map(sha)).toEqual(hashes);
    expect(listing(dir)).toEqual([...before, 'tong-hop.tiengnoi'].sort());

    withProjectFile(out, (db) => {
      const rows = db.prepare('SELECT uuid, number, device_id AS deviceId, paper_code AS paperCode, status FROM response ORDER BY number').all();
      expect(rows).toEqual([
        { uuid: pilot[0], number: 1, deviceId: HQ.deviceId, paperCode: '1', status: 'complete' },
        { uuid: pilot[1], number: 2, deviceId: HQ.deviceId, paperCode: '2', status: 'complete' },
        { uuid: onA[0], number: 3, deviceId: LAO_CAI.deviceId, paperCode: '3', status: 'complete' },
        { uuid: onA[1], number: 4, deviceId: LAO_CAI.deviceId, paperCode: '4', status: 'complete' },
        { uuid: onA[2], number: 5, deviceId: LAO_CAI.deviceId, paperCode: '5', status: 'complete' },
        { uuid: onB[0], number: 6, deviceId: DIEN_BIEN.deviceId, paperCode: '6', status: 'complete' },
        { uuid: onB[1], number: 7, deviceId: DIEN_BIEN.deviceId, paperCode: '7', status: 'draft' },
      ]);
      expect(readAnswers(db, onB[0]!)).toEqual({ safe: 'no', age: '14', why: 'Bạn bắt nạt' });
      expect(readAnswers(db, pilot[1]!)).toEqual({ safe: 'no' });
      expect(refusedKeys(db, pilot[1]!)).toEqual(['why']);
      expect(listSurveys(db)).toMatchObject([{ id: surveyId, responseCount: 6 }]);
      // The history of each response came along, once.
      expect(responseHistory(db, onB[0]!).map((h) => [h.action, h.deviceId])).toEqual([
        ['create', DIEN_BIEN.deviceId],
        ['complete', DIEN_BIEN.deviceId],
      ]);
      expect(responseHistory(db, pilot[0]!).map((h) => h.action)).toEqual(['create', 'complete']);
      const merges = db.prepare(`SELECT actor, device_id AS deviceId, entity, entity_id AS entityId, detail FROM audit_log WHERE action = 'merge'`).all() as {
        actor: string;
        deviceId: string;
        entity: string;
        entityId: string;
        detail: string;
      }[];
      expect(merges).toHaveLength(1);
      expect(merges[0]).toMatchObject({ actor: RESEARCHER.name, deviceId: RESEARCHER.deviceId, entity: 'project', entityId: '1' });
      expect(JSON.parse(merges[0]!.detail)).toMatchObject({
        created: true,
        files: [
          { file: 'lao-cai.tiengnoi', role: 'base', added: 5 },
          { file: 'dien-bien.tiengnoi', role: 'merged', added: 2, duplicates: 2, renumbered: 2 },
          { file: 'ha-giang.tiengnoi', role: 'merged', added: 0, duplicates: 2 },
        ],
      });
    });
  });

  it('brings an imported response with where it came from, the first line of its history', async () => {
    const dir = tempDir();
    const { file: orig } = original(dir);
    const a = copy(orig, 'lao-cai.tiengnoi');
    const csv = path.join(dir, 'kobo.csv');
    fs.writeFileSync(csv, 'safe,age\nyes,12\nno,13\n');
    const db = openProjectDb(a);
    expect((await importResponses(db, [csv], LAO_CAI)).imported).toBe(2);
    const second = db.prepare('SELECT uuid FROM response ORDER BY number').pluck().all()[1] as string;
    db.close();
    mergeProjects(path.join(dir, 'tong-hop.tiengnoi'), [orig, a], RESEARCHER);
    withProjectFile(path.join(dir, 'tong-hop.tiengnoi'), (merged) => {
      expect(responseHistory(merged, second).map((h) => [h.action, h.actor, h.deviceId, h.detail])).toEqual([['import', LAO_CAI.name, LAO_CAI.deviceId, { file: 'kobo.csv', row: 3 }]]);
      expect(readAnswers(merged, second)).toEqual({ safe: 'no', age: '13' });
    });
  });

  it('adds nothing when the same files are merged again into the result', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    withProjectFile(orig, (db) => enter(db, surveyId, HQ, { safe: 'yes' }));
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    withProjectFile(a, (db) => enter(db, surveyId, LAO_CAI, { safe: 'no', why: 'Sợ bị phạt' }, { paperCode: 'LC-01' }));
    withProjectFile(b, (db) => enter(db, surveyId, DIEN_BIEN, { safe: 'no', why: 'Đường xa' }, { paperCode: 'LC-01' }));
    const out = path.join(dir, 'tong-hop.tiengnoi');
    mergeProjects(out, [a, b], RESEARCHER);
    const tables = (db: Db) => ({
      responses: count(db, 'SELECT count(*) FROM response'),
      answers: count(db, 'SELECT count(*) FROM answer'),
      history: count(db, `SELECT count(*) FROM audit_log WHERE entity = 'response'`),
      versions: count(db, 'SELECT count(*) FROM form_version'),
      codes: db.prepare('SELECT paper_code FROM response ORDER BY number').pluck().all(),
    });
    const first = withProjectFile(out, tables);

    const again = mergeProjects(out, [a, b], RESEARCHER);
    expect(again.created).toBe(false);
    expect(again.files.map((f) => [f.file, f.role, f.added, f.duplicates, f.conflicts, f.renumbered, f.codesChanged])).toEqual([
      ['lao-cai.tiengnoi', 'merged', 0, 2, 0, 0, 0],
      ['dien-bien.tiengnoi', 'merged', 0, 2, 0, 0, 0],
    ]);
    expect(again.versions).toEqual([]);
    expect(withProjectFile(out, tables)).toEqual(first);
    expect(first.codes).toEqual(['1', 'LC-01', 'LC-01-2']);
    expect(withProjectFile(out, (db) => count(db, `SELECT count(*) FROM audit_log WHERE action = 'merge'`))).toBe(2);
  });
});

describe('a response changed on two laptops', () => {
  it('keeps the later change, records the other in the audit log and lists the conflict without answers', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const id = withProjectFile(orig, (db) => enter(db, surveyId, HQ, { safe: 'yes', why: 'Có bạn bè', age: '12' }));
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    withProjectFile(a, (db) => editAnswer(db, LAO_CAI, id, 'why', 'Có thầy cô tốt', 'Nhập nhầm từ phiếu giấy'));
    later();
    withProjectFile(b, (db) => {
      editAnswer(db, DIEN_BIEN, id, 'why', 'Vì có sân chơi');
      editAnswer(db, DIEN_BIEN, id, 'age', '13');
    });

    // Whichever file comes first, the later change wins.
    for (const [index, order] of [[a, b], [b, a]].entries()) {
      const out = path.join(dir, `tong-hop-${index}.tiengnoi`);
      const report = mergeProjects(out, order, RESEARCHER);
      expect(report.totals).toMatchObject({ added: 1, duplicates: 0, conflicts: 1, replaced: index === 0 ? 1 : 0 });
      expect(report.conflicts).toHaveLength(1);
      const conflict = report.conflicts[0]!;
      expect(conflict).toMatchObject({
        formKey: FORM_KEY,
        number: 1,
        paperCode: '1',
        responseId: id,
        keptFile: 'dien-bien.tiengnoi',
        otherFile: 'lao-cai.tiengnoi',
        questions: ['age', 'why'],
        statusDiffers: false,
        deletionDiffers: false,
      });
      expect(conflict.keptUpdatedAt > conflict.otherUpdatedAt).toBe(true);
      // The report names questions, never answers.
      const text = JSON.stringify(report);
      for (const answer of ['Có thầy cô tốt', 'Vì có sân chơi', 'Có bạn bè']) expect(text).not.toContain(answer);

      withProjectFile(out, (db) => {
        expect(readAnswers(db, id)).toEqual({ safe: 'yes', why: 'Vì có sân chơi', age: '13' });
        const rows = db.prepare(`SELECT actor, device_id AS deviceId, detail FROM audit_log WHERE action = 'merge-conflict' AND entity = 'response' AND entity_id = ?`).all(id) as {
          actor: string;
          deviceId: string;
          detail: string;
        }[];
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ actor: RESEARCHER.name, deviceId: RESEARCHER.deviceId });
        expect(JSON.parse(rows[0]!.detail)).toMatchObject({
          file: path.basename(order[1]!),
          keptFile: 'dien-bien.tiengnoi',
          otherFile: 'lao-cai.tiengnoi',
          keptUpdatedAt: conflict.keptUpdatedAt,
          otherUpdatedAt: conflict.otherUpdatedAt,
          answers: [
            { question: 'age', kept: '13', other: '12' },
            { question: 'why', kept: 'Vì có sân chơi', other: 'Có thầy cô tốt' },
          ],
        });
        // Both laptops' corrections are in the history; what both had (create, complete) once.
        const history = responseHistory(db, id);
        expect(history.filter((h) => h.action === 'edit').map((h) => [h.deviceId, h.detail.question, h.detail.new])).toEqual([
          [LAO_CAI.deviceId, 'why', 'Có thầy cô tốt'],
          [DIEN_BIEN.deviceId, 'why', 'Vì có sân chơi'],
          [DIEN_BIEN.deviceId, 'age', '13'],
        ]);
        expect(history.filter((h) => h.action === 'create')).toHaveLength(1);
      });

      // Merging the same files again finds nothing new: no second conflict record.
      const again = mergeProjects(out, order, RESEARCHER);
      expect(again.totals).toMatchObject({ added: 0, conflicts: 0, duplicates: 2 });
      expect(withProjectFile(out, (db) => count(db, `SELECT count(*) FROM audit_log WHERE action = 'merge-conflict'`))).toBe(1);
    }
  });

  it('takes a correction made on one laptop only as an update, not a conflict, whichever file comes first', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const [r1, r2] = withProjectFile(orig, (db) => [enter(db, surveyId, HQ, { safe: 'yes', why: 'Có bạn bè' }), enter(db, surveyId, HQ, { safe: 'no' })]);
    const a = copy(orig, 'lao-cai.tiengnoi');
    later();
    withProjectFile(a, (db) => editAnswer(db, LAO_CAI, r1!, 'why', 'Có bạn thân', 'Đọc lại phiếu giấy'));

    const forward = mergeProjects(path.join(dir, 'xuoi.tiengnoi'), [orig, a], RESEARCHER);
    expect(forward.files[1]).toMatchObject({ updated: 1, duplicates: 1, conflicts: 0 });
    const backward = mergeProjects(path.join(dir, 'nguoc.tiengnoi'), [a, orig], RESEARCHER);
    expect(backward.files[1]).toMatchObject({ updated: 0, duplicates: 2, conflicts: 0 });
    for (const out of ['xuoi.tiengnoi', 'nguoc.tiengnoi']) {
      withProjectFile(path.join(dir, out), (db) => {
        expect(readAnswers(db, r1!)).toEqual({ safe: 'yes', why: 'Có bạn thân' });
        expect(readAnswers(db, r2!)).toEqual({ safe: 'no' });
        expect(responseHistory(db, r1!).map((h) => h.action)).toEqual(['create', 'complete', 'edit']);
        expect(count(db, `SELECT count(*) FROM audit_log WHERE action = 'merge-conflict'`)).toBe(0);
      });
    }
  });

  it('a refusal, a completion or a later change made after an earlier merge still counts', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const draft = withProjectFile(orig, (db) => enter(db, surveyId, HQ, { safe: 'yes' }, { complete: false }));
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    withProjectFile(a, (db) => writeRefusal(db, draft, 'why'));
    later();
    withProjectFile(b, (db) => {
      writeAnswer(db, draft, 'why', 'Có sân chơi');
      completeResponse(db, draft, DIEN_BIEN);
    });
    const out = path.join(dir, 'tong-hop.tiengnoi');
    const report = mergeProjects(out, [a, b], RESEARCHER);
    expect(report.conflicts.map((c) => [c.keptFile, c.questions, c.statusDiffers])).toEqual([['dien-bien.tiengnoi', ['why'], true]]);
    withProjectFile(out, (db) => {
      expect(findResponse(db, draft).status).toBe('complete');
      expect(refusedKeys(db, draft)).toEqual([]);
      const detail = JSON.parse(db.prepare(`SELECT detail FROM audit_log WHERE action = 'merge-conflict'`).pluck().get() as string);
      expect(detail.answers).toEqual([{ question: 'why', kept: 'Có sân chơi', other: null, otherRefused: true }]);
      expect(detail.status).toEqual({ kept: 'complete', other: 'draft' });
    });

    // Lào Cai corrects the response after the first merge: the correction is the latest change and wins.
    later();
    withProjectFile(a, (db) => {
      writeAnswer(db, draft, 'why', 'Có cô giáo hiền');
      completeResponse(db, draft, LAO_CAI);
    });
    const again = mergeProjects(out, [a, b], RESEARCHER);
    expect(again.conflicts.map((c) => [c.keptFile, c.otherFile, c.questions])).toEqual([['lao-cai.tiengnoi', 'tong-hop.tiengnoi', ['why']]]);
    expect(withProjectFile(out, (db) => readAnswers(db, draft))).toEqual({ safe: 'yes', why: 'Có cô giáo hiền' });
  });
});

describe('deleted responses', () => {
  it('keep their deletion when it is the later state, and a later restore wins over a deletion', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const [r1, r2, r3] = withProjectFile(orig, (db) => ['10', '11', '12'].map((age) => enter(db, surveyId, HQ, { safe: 'yes', age })));
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    withProjectFile(a, (db) => {
      deleteResponse(db, LAO_CAI, r1!, 'Phiếu thử');
      deleteResponse(db, LAO_CAI, r2!, 'Nhập trùng');
    });
    later();
    const gone = withProjectFile(b, (db) => {
      deleteResponse(db, DIEN_BIEN, r2!, 'Nhầm phiếu');
      restoreResponse(db, DIEN_BIEN, r2!);
      const id = enter(db, surveyId, DIEN_BIEN, { safe: 'no' });
      deleteResponse(db, DIEN_BIEN, id, 'Em không đồng ý tham gia');
      return id;
    });

    const out = path.join(dir, 'tong-hop.tiengnoi');
    const report = mergeProjects(out, [b, a], RESEARCHER);
    // r1 was deleted on one laptop only: an update. r2 was deleted on both, then restored on one: a conflict.
    expect(report.files[1]).toMatchObject({ file: 'lao-cai.tiengnoi', updated: 1, conflicts: 1, duplicates: 1 });
    expect(report.conflicts.map((c) => [c.responseId, c.keptFile, c.deletionDiffers, c.questions])).toEqual([[r2, 'dien-bien.tiengnoi', true, []]]);
    withProjectFile(out, (db) => {
      const state = (id: string) => db.prepare('SELECT deleted_at IS NOT NULL AS deleted, delete_reason AS reason FROM response WHERE uuid = ?').get(id);
      expect(state(r1!)).toEqual({ deleted: 1, reason: 'Phiếu thử' });
      expect(state(r2!)).toEqual({ deleted: 0, reason: null });
      expect(state(r3!)).toEqual({ deleted: 0, reason: null });
      expect(state(gone)).toEqual({ deleted: 1, reason: 'Em không đồng ý tham gia' });
      expect(projectCounts(db).responses).toBe(2);
      // The deletion and the restore are both in the restored response's history.
      expect(responseHistory(db, r2!).map((h) => h.action)).toEqual(['create', 'complete', 'delete', 'delete', 'restore', 'merge-conflict']);
      expect(responseHistory(db, r1!).map((h) => [h.action, h.deviceId])).toEqual([
        ['create', HQ.deviceId],
        ['complete', HQ.deviceId],
        ['delete', LAO_CAI.deviceId],
      ]);
      const detail = JSON.parse(db.prepare(`SELECT detail FROM audit_log WHERE action = 'merge-conflict' AND entity_id = ?`).pluck().get(r2) as string);
      expect(detail.deleted).toMatchObject({ kept: null, keptReason: null, otherReason: 'Nhập trùng' });
      expect(detail.deleted.other).toEqual(expect.any(String));
    });
  });
});

describe('survey versions', () => {
  it('keeps each laptop’s edits of the survey as versions, and each response on the version it was answered with', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const pilot = withProjectFile(orig, (db) => enter(db, surveyId, HQ, { safe: 'yes' }));
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    const withQuestion = (name: string): SurveyContent => ({ ...CONTENT, questions: [...CONTENT.questions, q(name, 'text')] });
    const onA = withProjectFile(a, (db) => {
      saveSurvey(db, surveyId, withQuestion('family'), LAO_CAI);
      return enter(db, surveyId, LAO_CAI, { safe: 'yes', family: 'Ông bà' });
    });
    const onB = withProjectFile(b, (db) => {
      saveSurvey(db, surveyId, withQuestion('school'), DIEN_BIEN);
      return enter(db, surveyId, DIEN_BIEN, { safe: 'no', school: 'Trường xa' });
    });
    // A third laptop edits the survey the same way as Lào Cai did.
    const c = copy(orig, 'ha-giang.tiengnoi');
    withProjectFile(c, (db) => saveSurvey(db, surveyId, withQuestion('family'), HQ));
    const onC = withProjectFile(c, (db) => enter(db, surveyId, HQ, { family: 'Bố mẹ' }));

    const out = path.join(dir, 'tong-hop.tiengnoi');
    const report = mergeProjects(out, [a, b, c], RESEARCHER);
    expect(report.versions).toEqual([{ formKey: FORM_KEY, file: 'dien-bien.tiengnoi', version: 2, as: 3, kind: 'renumbered' }]);
    withProjectFile(out, (db) => {
      const versionOf = (id: string) => findResponse(db, id).versionId;
      const names = (id: string) => readContent(db, versionOf(id)).questions.map((question) => question.name);
      const number = (id: string) => db.prepare('SELECT version FROM form_version WHERE id = ?').pluck().get(versionOf(id));
      expect([number(pilot), number(onA), number(onB), number(onC)]).toEqual([1, 2, 3, 2]);
      expect(names(pilot)).toEqual(['safe', 'why', 'age']);
      expect(names(onA)).toEqual(['safe', 'why', 'age', 'family']);
      expect(names(onB)).toEqual(['safe', 'why', 'age', 'school']);
      expect(readAnswers(db, onB)).toEqual({ safe: 'no', school: 'Trường xa' });
      expect(getSurvey(db, surveyId)).toMatchObject({ version: 3, status: 'published' });
      expect(count(db, 'SELECT count(*) FROM form_version')).toBe(3);
    });

    const again = mergeProjects(out, [a, b, c], RESEARCHER);
    expect(again.versions).toEqual([]);
    expect(withProjectFile(out, (db) => count(db, 'SELECT count(*) FROM form_version'))).toBe(3);
  });

  it('matches a laptop set up separately from the same form by form_id, and leaves its draft edits out', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    withProjectFile(orig, (db) => enter(db, surveyId, HQ, { safe: 'yes' }));
    const other = original(dir, 'lao-cai.tiengnoi', CONTENT, 'Lào Cai');
    const theirs = withProjectFile(other.file, (db) => {
      const id = enter(db, other.surveyId, LAO_CAI, { safe: 'no', age: '9' });
      // A draft edit after the responses: a version with no response, not merged into an existing survey.
      saveSurvey(db, other.surveyId, { ...CONTENT, questions: [...CONTENT.questions, q('draft_only', 'text')] }, LAO_CAI);
      return id;
    });
    expect(other.surveyId).not.toBe(surveyId);

    const out = path.join(dir, 'tong-hop.tiengnoi');
    const report = mergeProjects(out, [orig, other.file], RESEARCHER);
    expect(report.files[1]).toMatchObject({ file: 'lao-cai.tiengnoi', sameProject: false, added: 1, renumbered: 1 });
    expect(report.versions).toEqual([]);
    expect(report.surveysAdded).toEqual([]);
    withProjectFile(out, (db) => {
      expect(findResponse(db, theirs)).toMatchObject({ surveyId, number: 2 });
      expect(db.prepare('SELECT version FROM form_version').pluck().all()).toEqual([1]);
      expect(listSurveys(db)).toHaveLength(1);
    });
  });

  it('adds another survey of the same project, and brings pictures along, renamed when the name is taken', () => {
    const dir = tempDir();
    const png = (fill: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, fill)]);
    const withPicture: SurveyContent = { ...CONTENT, questions: [q('safe', 'select_one', { listName: 'yn', image: 'truong.png' }), q('why', 'text')] };
    const { file: orig, surveyId } = original(dir, 'original.tiengnoi', withPicture);
    withProjectFile(orig, (db) => addImage(db, 'truong.png', png(1), HQ));
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    // Điện Biên adds a survey for the facilitators, with a picture of the same name but other bytes.
    const extra = withProjectFile(b, (db) => {
      const name = addImage(db, 'truong_2.png', png(2), DIEN_BIEN);
      const id = createSurvey(db, { vi: 'Phiếu người điều phối', en: 'Facilitator form' }, DIEN_BIEN, {
        title: { vi: 'Phiếu người điều phối', en: 'Facilitator form' },
        questions: [q('venue', 'text', { image: name })],
        choiceLists: {},
      });
      return { id, response: enter(db, id, DIEN_BIEN, { venue: 'Nhà văn hoá' }) };
    });
    withProjectFile(a, (db) => addImage(db, 'truong_2.png', png(3), LAO_CAI));

    const out = path.join(dir, 'tong-hop.tiengnoi');
    const report = mergeProjects(out, [a, b], RESEARCHER);
    expect(report.surveysAdded).toEqual([{ formKey: 'facilitator_form', file: 'dien-bien.tiengnoi' }]);
    withProjectFile(out, (db) => {
      const survey = getSurvey(db, extra.id);
      expect(survey.formKey).toBe('facilitator_form');
      const picture = survey.questions[0]!.image!;
      expect(picture).not.toBe('truong_2.png');
      expect(db.prepare('SELECT data FROM media WHERE name = ?').pluck().get(picture)).toEqual(png(2));
      expect(db.prepare('SELECT data FROM media WHERE name = ?').pluck().get('truong_2.png')).toEqual(png(3));
      expect(getSurvey(db, surveyId).questions[0]!.image).toBe('truong.png');
      expect(findResponse(db, extra.response)).toMatchObject({ surveyId: extra.id, number: 1 });
      expect(db.prepare(`SELECT action FROM audit_log WHERE entity = 'form' AND entity_id = ?`).pluck().all(extra.id)).toContain('create');
    });
  });
});

describe('numbers and paper codes', () => {
  it('gives taken numbers the next free one, suffixes a typed code another paper holds, and keeps second typings on their paper', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    const onA = withProjectFile(a, (db) => [
      enter(db, surveyId, LAO_CAI, { safe: 'yes' }),
      enter(db, surveyId, LAO_CAI, { safe: 'no' }),
      enter(db, surveyId, LAO_CAI, { safe: 'yes', age: '12' }, { paperCode: 'LC-07' }),
    ]);
    const onB = withProjectFile(b, (db) => {
      const ids = [
        enter(db, surveyId, DIEN_BIEN, { safe: 'yes' }),
        enter(db, surveyId, DIEN_BIEN, { safe: 'no', age: '15' }, { paperCode: 'LC-07' }),
        enter(db, surveyId, DIEN_BIEN, { safe: 'no' }, { paperCode: 'DB-9' }),
      ];
      const second = createResponse(db, surveyId, DIEN_BIEN, { verifies: findResponse(db, ids[1]!) });
      writeAnswer(db, second, 'safe', 'no');
      writeAnswer(db, second, 'age', '16');
      completeResponse(db, second, DIEN_BIEN);
      return [...ids, second];
    });

    const out = path.join(dir, 'tong-hop.tiengnoi');
    const report = mergeProjects(out, [a, b], RESEARCHER);
    expect(report.renumbered.map((r) => [r.from, r.to, r.paperCode])).toEqual([
      [1, 4, '4'],
      [2, 5, 'LC-07-2'],
      [3, 6, 'DB-9'],
    ]);
    expect(report.codes).toEqual([{ formKey: FORM_KEY, file: 'dien-bien.tiengnoi', responseId: onB[1], number: 5, from: 'LC-07', to: 'LC-07-2' }]);
    expect(report.totals).toMatchObject({ added: 7, renumbered: 3, codesChanged: 1 });
    withProjectFile(out, (db) => {
      expect(findByPaperCode(db, surveyId, 'LC-07')?.id).toBe(onA[2]);
      expect(findByPaperCode(db, surveyId, 'LC-07-2')?.id).toBe(onB[1]);
      const second = db.prepare('SELECT number, paper_code AS paperCode, verifies FROM response WHERE uuid = ?').get(onB[3]);
      expect(second).toEqual({ number: 0, paperCode: 'LC-07-2', verifies: onB[1] });
      expect(discrepancies(db, onB[1]!, onB[3]!).map((d) => d.key)).toEqual(['age']);
      const numbers = db.prepare('SELECT number FROM response WHERE verifies IS NULL ORDER BY number').pluck().all();
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
      // New responses continue after the merged ones.
      const next = createResponse(db, surveyId, RESEARCHER);
      expect(findResponse(db, next)).toMatchObject({ number: 7, paperCode: '7' });
    });
  });
  it('merges a second typing of a second typing (written by another tool) listed before the one it checks', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const b = copy(orig, 'dien-bien.tiengnoi');
    const [paper, second, third] = withProjectFile(b, (db) => {
      const paper = enter(db, surveyId, DIEN_BIEN, { safe: 'yes' });
      const second = createResponse(db, surveyId, DIEN_BIEN, { verifies: findResponse(db, paper) });
      completeResponse(db, second, DIEN_BIEN);
      const third = createResponse(db, surveyId, DIEN_BIEN, { verifies: findResponse(db, second) });
      completeResponse(db, third, DIEN_BIEN);
      // Made earlier than the typing it checks: the merge meets it first.
      db.prepare(`UPDATE response SET created_at = '2020-01-01T00:00:00.000Z' WHERE uuid = ?`).run(third);
      return [paper, second, third];
    });
    const out = path.join(dir, 'tong-hop.tiengnoi');
    const report = mergeProjects(out, [orig, b], RESEARCHER);
    expect(report.totals.added).toBe(3);
    withProjectFile(out, (db) => {
      const verifies = db.prepare('SELECT uuid, verifies FROM response ORDER BY uuid').all();
      expect(verifies).toEqual(
        [
          { uuid: paper, verifies: null },
          { uuid: second, verifies: paper },
          { uuid: third, verifies: second },
        ].sort((x, y) => (x.uuid! < y.uuid! ? -1 : 1)),
      );
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
  });
});

describe('refusals and bad input', () => {
  it('refuses files of another survey, naming them, and changes nothing: no result file, sources and target as they were', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    withProjectFile(orig, (db) => enter(db, surveyId, HQ, { safe: 'yes' }));
    const a = copy(orig, 'lao-cai.tiengnoi');
    const other = original(dir, 'moi-truong.tiengnoi', { title: { vi: 'Môi trường', en: 'Environment' }, questions: [q('trees', 'text')], choiceLists: {} }, 'Môi trường');
    withProjectFile(other.file, (db) => enter(db, other.surveyId, DIEN_BIEN, { trees: 'Nhiều cây' }));
    const hashes = [a, other.file].map(sha);
    const before = listing(dir);

    const out = path.join(dir, 'tong-hop.tiengnoi');
    let refusal: unknown;
    try {
      mergeProjects(out, [a, other.file], RESEARCHER);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(MergeRefusedError);
    const error = refusal as MergeRefusedError;
    expect(error.code).toBe('merge.differentSurveys');
    expect(error.refused).toEqual([{ file: 'moi-truong.tiengnoi', surveys: ['environment'] }]);
    expect(translate('en', errorKey(error.code), error.params)).toBe(
      'Cannot merge: moi-truong.tiengnoi (environment) belong to another project and share no survey with lao-cai.tiengnoi (surveys: safety_at_school). ' +
        'Only files of the same consultation can be merged: the same project, or at least one survey in common (the same form_id). No file was changed.',
    );
    expect(translate('vi', errorKey(error.code), error.params)).toContain('Không gộp được: moi-truong.tiengnoi (environment) thuộc dự án khác');
    expect(fs.existsSync(out)).toBe(false);
    expect(listing(dir)).toEqual(before);
    expect([a, other.file].map(sha)).toEqual(hashes);

    // Into an existing result: refused the same way, the result unchanged.
    mergeProjects(out, [a], RESEARCHER);
    const outHash = sha(out);
    expect(codeOf(() => mergeProjects(out, [other.file], RESEARCHER))).toBe('merge.differentSurveys');
    expect(sha(out)).toBe(outHash);
  });

  it('refuses the result among the sources, a source twice, no source, a missing file and a file from a newer app', () => {
    const dir = tempDir();
    const { file: orig } = original(dir);
    const a = copy(orig, 'lao-cai.tiengnoi');
    const out = path.join(dir, 'tong-hop.tiengnoi');
    expect(codeOf(() => mergeProjects(a, [a, orig], RESEARCHER))).toBe('merge.outIsSource');
    expect(codeOf(() => mergeProjects(out, [a, path.join(dir, '.', 'lao-cai.tiengnoi')], RESEARCHER))).toBe('merge.sourceTwice');
    expect(codeOf(() => mergeProjects(out, [], RESEARCHER))).toBe('merge.noSources');
    expect(codeOf(() => mergeProjects(out, [a, path.join(dir, 'none.tiengnoi')], RESEARCHER))).toBe('project.notFound');

    const newer = copy(orig, 'newer.tiengnoi');
    const raw = new Database(newer);
    raw.pragma('user_version = 99');
    raw.close();
    const newerHash = sha(newer);
    let tooNew: unknown;
    try {
      mergeProjects(out, [a, newer], RESEARCHER);
    } catch (error) {
      tooNew = error;
    }
    expect(tooNew).toMatchObject({ code: 'project.tooNew', params: { file: 'newer.tiengnoi', fileVersion: 99 } });
    expect(sha(newer)).toBe(newerHash);
    expect(fs.existsSync(out)).toBe(false);
    expect(listing(dir)).toEqual(['lao-cai.tiengnoi', 'newer.tiengnoi', 'original.tiengnoi']);

    expect(codeOf(() => mergeProjects(path.join(dir, 'no-such-folder', 'out.tiengnoi'), [a], RESEARCHER))).toBe('merge.cannotWrite');
    const empty = path.join(dir, 'empty.tiengnoi');
    fs.writeFileSync(empty, '');
    expect(codeOf(() => mergeProjects(empty, [a], RESEARCHER))).toBe('project.notTiengNoi');
    expect(fs.statSync(empty).size).toBe(0);
  });

  it('reads answers still in the WAL of a file open in the app', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const a = copy(orig, 'lao-cai.tiengnoi');
    const live = openProjectDb(a);
    try {
      const id = enter(live, surveyId, LAO_CAI, { safe: 'yes', why: 'Vừa nhập xong' });
      expect(fs.statSync(`${a}-wal`).size).toBeGreaterThan(0);
      const out = path.join(dir, 'tong-hop.tiengnoi');
      const report = mergeProjects(out, [orig, a], RESEARCHER);
      expect(report.files[1]).toMatchObject({ file: 'lao-cai.tiengnoi', added: 1 });
      expect(withProjectFile(out, (db) => readAnswers(db, id))).toEqual({ safe: 'yes', why: 'Vừa nhập xong' });
      // The app goes on writing to its file.
      writeAnswer(live, id, 'age', '12');
    } finally {
      live.close();
    }
  });

  it('reads a file of an older schema without upgrading it', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    withProjectFile(orig, (db) => enter(db, surveyId, HQ, { safe: 'yes' }));
    const old = path.join(dir, 'cu.tiengnoi');
    const raw = new Database(old);
    migrate(raw, 0, 3);
    raw.exec(`
      INSERT INTO project (id, uuid, title, created_at, updated_at) VALUES (1, 'old-project', 'Bản cũ', '2025-05-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z');
      INSERT INTO form (id, form_key, created_at) VALUES ('old-form', '${FORM_KEY}', '2025-05-01T00:00:00.000Z');
      INSERT INTO form_version (id, form_id, version, status, title, created_at, updated_at, published_at)
        VALUES (1, 'old-form', 1, 'published', '{"vi":"An toàn"}', '2025-05-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z');
      INSERT INTO question (form_version_id, position, name, type, label, list_name) VALUES (1, 0, 'safe', 'select_one', '{"vi":"An toàn?"}', 'yn');
      INSERT INTO choice (form_version_id, list_name, position, name, label) VALUES (1, 'yn', 0, 'yes', '{"vi":"Có"}');
      INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at, completed_at)
        VALUES ('old-response', 1, 1, 'old-laptop', 'complete', '2025-05-02T00:00:00.000Z', '2025-05-02T00:00:00.000Z', '2025-05-02T00:00:00.000Z');
      INSERT INTO answer (response_uuid, question_name, value, answered_at) VALUES ('old-response', 'safe', 'yes', '2025-05-02T00:00:00.000Z');
      INSERT INTO audit_log (at, actor, device_id, action, entity, entity_id) VALUES ('2025-05-02T00:00:00.000Z', 'x', 'old-laptop', 'create', 'response', 'old-response');
    `);
    raw.close();
    const oldHash = sha(old);

    const out = path.join(dir, 'tong-hop.tiengnoi');
    const report = mergeProjects(out, [orig, old], RESEARCHER);
    expect(report.versions).toEqual([{ formKey: FORM_KEY, file: 'cu.tiengnoi', version: 1, as: 2, kind: 'renumbered' }]);
    expect(sha(old)).toBe(oldHash);
    const check = new Database(old, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(3);
    check.close();
    withProjectFile(out, (db) => {
      expect(db.prepare('SELECT number, device_id AS deviceId, paper_code AS paperCode FROM response WHERE uuid = ?').get('old-response')).toEqual({
        number: 2,
        deviceId: 'old-laptop',
        paperCode: null,
      });
      expect(readAnswers(db, 'old-response')).toEqual({ safe: 'yes' });
      expect(responseHistory(db, 'old-response').map((h) => h.action)).toEqual(['create']);
    });
  });

  it('merges into the project open in the app, in one transaction', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const a = copy(orig, 'lao-cai.tiengnoi');
    const id = withProjectFile(a, (db) => enter(db, surveyId, LAO_CAI, { safe: 'no' }));
    const db = openProjectDb(orig);
    try {
      expect(codeOf(() => mergeIntoOpenProject(db, orig, [orig], RESEARCHER))).toBe('merge.outIsSource');
      const report = mergeIntoOpenProject(db, orig, [a], RESEARCHER);
      expect(report).toMatchObject({ out: 'original.tiengnoi', created: false, totals: { added: 1 } });
      expect(findResponse(db, id).number).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('merging with Results open', () => {
  it('extends the analysis columns with the responses a merge adds, and rebuilds them when it changes one they hold', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const [r1] = withProjectFile(orig, (db) => [enter(db, surveyId, HQ, { safe: 'yes', why: 'Có bạn bè' }), enter(db, surveyId, HQ, { safe: 'no' })]);
    const added = copy(orig, 'lao-cai.tiengnoi');
    withProjectFile(added, (db) => [enter(db, surveyId, LAO_CAI, { safe: 'no', why: 'Đường xa' }), enter(db, surveyId, LAO_CAI, { safe: 'yes' })]);
    const corrected = copy(orig, 'ha-giang.tiengnoi');
    later();
    withProjectFile(corrected, (db) => editAnswer(db, LAO_CAI, r1!, 'safe', 'no', 'Đọc lại phiếu giấy'));
    const db = openProjectDb(orig);
    try {
      const all = analysisColumns(db, surveyId).set.columns.size;
      expect(mergeIntoOpenProject(db, orig, [added], RESEARCHER).totals.added).toBe(2);
      const extended = analysisColumns(db, surveyId);
      expect(extended.report).toMatchObject({ extended: 2, rebuilt: 0 });
      expect(extended.set.responseCount).toBe(4);
      expect(extended.set).toEqual(rebuildColumns(db, surveyId).set);

      expect(mergeIntoOpenProject(db, orig, [corrected], RESEARCHER).totals.updated).toBe(1);
      const rebuilt = analysisColumns(db, surveyId);
      expect(rebuilt.report).toMatchObject({ extended: 0, rebuilt: all });
      expect(rebuilt.set).toEqual(rebuildColumns(db, surveyId).set);
    } finally {
      db.close();
    }
  });
});

describe('tiengnoi merge', () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const bin = path.join(root, 'bin', 'tiengnoi.mjs');
  const cli = (args: string[], lang = 'en') => {
    const result = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, TIENGNOI_CONFIG_DIR: tempDir(), TIENGNOI_LANG: lang },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('prints its help in either language, and is listed in the general help', () => {
    const en = cli(['merge', '--help']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('tiengnoi merge OUT.tiengnoi A.tiengnoi B.tiengnoi');
    expect(en.stdout).toContain('--json');
    const vi = cli(['merge', '--help'], 'vi');
    expect(vi.stdout).toContain('Gộp các tệp dự án của cùng một đợt tham vấn');
    expect(cli(['--help']).stdout).toContain('tiengnoi merge OUT A B');
  });

  it('merges with a summary or a JSON report, never printing an answer, and fails with a non-zero exit', () => {
    const dir = tempDir();
    const { file: orig, surveyId } = original(dir);
    const id = withProjectFile(orig, (db) => enter(db, surveyId, HQ, { safe: 'yes', why: 'Có bạn bè' }));
    const a = copy(orig, 'lao-cai.tiengnoi');
    const b = copy(orig, 'dien-bien.tiengnoi');
    withProjectFile(a, (db) => editAnswer(db, LAO_CAI, id, 'why', 'Bí mật của em'));
    later();
    withProjectFile(b, (db) => {
      editAnswer(db, DIEN_BIEN, id, 'why', 'Chuyện ở nhà');
      enter(db, surveyId, DIEN_BIEN, { safe: 'no' });
    });

    const json = cli(['merge', path.join(dir, 'out.tiengnoi'), a, b, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ merged: true, created: true, totals: { added: 2, duplicates: 0, conflicts: 1, renumbered: 0 } });
    expect(report.conflicts[0]).toMatchObject({ number: 1, questions: ['why'], keptFile: 'dien-bien.tiengnoi' });

    const human = cli(['merge', path.join(dir, 'out-vi.tiengnoi'), a, b], 'vi');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Đã tạo tệp gộp out-vi.tiengnoi từ lao-cai.tiengnoi, rồi gộp thêm 1 tệp vào đó.');
    expect(human.stdout).toContain('dien-bien.tiengnoi: 2 phiếu: 1 phiếu mới, 0 phiếu được cập nhật, 0 phiếu trùng, 1 phiếu bị sửa khác nhau');
    expect(human.stdout).toContain(`${FORM_KEY}, phiếu số 1 (mã phiếu 1): khác nhau ở câu why. Giữ bản của dien-bien.tiengnoi`);
    for (const output of [json.stdout, json.stderr, human.stdout, human.stderr]) {
      for (const answer of ['Bí mật của em', 'Chuyện ở nhà', 'Có bạn bè']) expect(output).not.toContain(answer);
    }

    const again = cli(['merge', path.join(dir, 'out-vi.tiengnoi'), a, b]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing new: every response was already in the merged file.');

    const other = original(dir, 'khac.tiengnoi', { title: { en: 'Environment' }, questions: [q('trees', 'text')], choiceLists: {} }, 'Khác');
    const refusedJson = cli(['merge', path.join(dir, 'x.tiengnoi'), a, other.file, '--json']);
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.stdout)).toMatchObject({
      merged: false,
      error: { code: 'merge.differentSurveys' },
      refused: [{ file: 'khac.tiengnoi', surveys: ['environment'] }],
    });
    const refused = cli(['merge', path.join(dir, 'x.tiengnoi'), a, other.file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Cannot merge: khac.tiengnoi (environment)');
    expect(fs.existsSync(path.join(dir, 'x.tiengnoi'))).toBe(false);

    const noSource = cli(['merge', path.join(dir, 'x.tiengnoi')]);
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toContain('Choose at least one project file to merge.');
    expect(cli(['merge']).code).toBe(1);
    const missing = cli(['merge', path.join(dir, 'x.tiengnoi'), path.join(dir, 'none.tiengnoi'), '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ merged: false, error: { code: 'project.notFound', message: 'Project file none.tiengnoi was not found.' } });
  });
});

describe('open-answer coding across laptops', () => {
  it('brings themes, codes and starred quotes; a theme renamed on two laptops keeps its latest name', () => {
    const dir = tempDir();
    const { file, surveyId } = original(dir);
    // The codebook is agreed at the office, then copied to both laptops with the project.
    const [family, school] = withProjectFile(file, (db) => [
      createTheme(db, HQ, { surveyId, question: 'why', label: { vi: 'Gia đình', en: 'Family' } }),
      createTheme(db, HQ, { surveyId, question: 'why', label: { vi: 'Trường học', en: 'School' } }),
    ]);
    const laoCai = copy(file, 'lao-cai.tiengnoi');
    const dienBien = copy(file, 'dien-bien.tiengnoi');
    const lan = withProjectFile(laoCai, (db) => {
      const id = enter(db, surveyId, LAO_CAI, { safe: '1', why: 'Bố mẹ em hay cãi nhau' });
      assignThemes(db, LAO_CAI, { surveyId, question: 'why', themeIds: [family!.id], answers: [{ responseId: id, key: 'why' }] });
      starQuote(db, LAO_CAI, { responseId: id, key: 'why' }, ['safe'], null);
      renameTheme(db, LAO_CAI, school!.id, { vi: 'Trường', en: 'School' });
      return id;
    });
    later();
    const minh = withProjectFile(dienBien, (db) => {
      const id = enter(db, surveyId, DIEN_BIEN, { safe: '2', why: 'Đường đến trường xa' });
      const far = createTheme(db, DIEN_BIEN, { surveyId, question: 'why', label: { vi: 'Đường xa', en: 'Long way' }, parentId: school!.id });
      assignThemes(db, DIEN_BIEN, { surveyId, question: 'why', themeIds: [school!.id, far.id], answers: [{ responseId: id, key: 'why' }] });
      renameTheme(db, DIEN_BIEN, school!.id, { vi: 'Trường học và đường đi', en: 'School and the way there' });
      return id;
    });

    const out = path.join(dir, 'all.tiengnoi');
    mergeProjects(out, [file, laoCai, dienBien], RESEARCHER);
    withProjectFile(out, (db) => {
      const themes = db.prepare('SELECT id, parent_id AS parentId, label FROM coding_theme ORDER BY created_at').all() as { id: string; parentId: string | null; label: string }[];
      expect(themes).toHaveLength(3);
      expect(JSON.parse(themes.find((t) => t.id === school!.id)!.label)).toEqual({ vi: 'Trường học và đường đi', en: 'School and the way there' });
      expect(themes.find((t) => t.parentId === school!.id)).toBeDefined();
      const codes = (uuid: string) => db.prepare('SELECT theme_id FROM coding_assignment WHERE response_uuid = ? ORDER BY theme_id').pluck().all(uuid);
      expect(codes(lan)).toEqual([family!.id]);
      expect(codes(minh)).toHaveLength(2);
      expect(count(db, 'SELECT count(*) FROM coding_quote WHERE response_uuid = ?', lan)).toBe(1);
    });
    // Merging again changes nothing.
    mergeProjects(out, [laoCai, dienBien], RESEARCHER);
    withProjectFile(out, (db) => {
      expect(count(db, 'SELECT count(*) FROM coding_theme')).toBe(3);
      expect(count(db, 'SELECT count(*) FROM coding_assignment')).toBe(3);
      expect(count(db, 'SELECT count(*) FROM coding_quote')).toBe(1);
    });
  });
});
