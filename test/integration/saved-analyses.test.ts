import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import type { Session } from '../../electron/api/session';
import type { Actor } from '../../electron/db/audit';
import { migrate, openProjectDb, type Db } from '../../electron/db/open';
import { initProject } from '../../electron/db/project-store';
import { createSurvey, getSurvey } from '../../electron/db/survey-store';
import { completeResponse, createResponse, writeAnswer } from '../../electron/db/response-store';
import { deleteSaved, getView, listSaved, moveSaved, saveAnalysis, setView } from '../../electron/db/saved-analysis-store';
import { mergeProjects } from '../../electron/db/merge';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';
import type { AnalysisSpecInput } from '../../core/api/analysis';
import type { ApiName, Input } from '../../core/api';
import type { Lang } from '../../core/i18n/messages';
import type { SurveyContent } from '../../core/survey/model';
import { q, YES_NO } from '../helpers/survey';
import { call, newSession } from '../helpers/session';
import { tempDir } from '../helpers/temp';
import { withProjectFile } from '../helpers/project-file';

const CONTENT: SurveyContent = {
  title: { vi: 'An toàn ở trường', en: 'Safety at school' },
  questions: [
    q('safe', 'select_one', { listName: 'yn' }),
    q('sex', 'select_one', { listName: 'sex' }),
    q('province', 'select_one', { listName: 'province' }),
    q('age', 'integer'),
    q('why', 'text'),
  ],
  choiceLists: {
    yn: YES_NO,
    sex: [
      { name: 'girl', label: { vi: 'Con gái', en: 'Girl' } },
      { name: 'boy', label: { vi: 'Con trai', en: 'Boy' } },
    ],
    province: [
      { name: '01', label: { vi: 'Hà Nội', en: 'Hanoi' } },
      { name: '10', label: { vi: 'Lào Cai', en: 'Lao Cai' } },
    ],
  },
};

/** An answer no audit row may carry. */
const CHILD_WORDS = 'Em sợ đi qua suối khi trời mưa to';

const BY_PROVINCE: AnalysisSpecInput = {
  question: 'safe',
  by: 'province',
  filter: [{ type: 'choice', question: 'sex', values: ['girl'] }],
  percentBy: 'row',
  chartType: 'stacked100',
};
const AGE_BY_SEX: AnalysisSpecInput = {
  question: 'age',
  by: 'sex',
  buckets: { age: [{ from: 8, to: 11, label: '8–11' }, { from: 12, to: 17, label: '12–17' }] },
  filter: [],
  chartType: 'grouped',
};

async function project(): Promise<{ session: Session; surveyId: string }> {
  const session = newSession();
  await call(session, 'project/create', { title: 'Tiếng nói trẻ em Lào Cai' });
  const survey = await call(session, 'survey/create', { title: CONTENT.title });
  await call(session, 'survey/save', { surveyId: survey.id, title: CONTENT.title, questions: CONTENT.questions, choiceLists: CONTENT.choiceLists });
  const id = createResponse(session.db, survey.id, session.actor);
  for (const [k, v] of Object.entries({ safe: 'yes', sex: 'girl', province: '10', age: '13', why: CHILD_WORDS })) writeAnswer(session.db, id, k, v);
  completeResponse(session.db, id, session.actor);
  return { session, surveyId: survey.id };
}

async function failure<K extends ApiName>(session: Session, name: K, input: Input<K>, lang: Lang = 'en') {
  const result = await dispatch(name, input, { session, lang });
  if (result.ok) throw new Error(`${name} should have failed`);
  return result.error;
}

const audits = (db: Db) =>
  db.prepare(`SELECT action, entity_id AS id, detail FROM audit_log WHERE entity = 'savedAnalysis' ORDER BY rowid`).all() as { action: string; id: string; detail: string }[];
const titles = (list: { title: { vi?: string } }[]) => list.map((s) => s.title.vi);

describe('saved analyses (API)', () => {
  it('saves, lists in order, updates, renames, reorders, deletes and restores, auditing ids and titles only', async () => {
    const { session, surveyId } = await project();
    expect(await call(session, 'analysis/saved', { surveyId })).toEqual([]);

    const first = await call(session, 'analysis/save', { surveyId, title: { vi: 'An toàn ở trường theo tỉnh', en: 'Safety at school by province' }, spec: BY_PROVINCE });
    expect(first.spec).toEqual({ question: 'safe', by: 'province', filter: [{ type: 'choice', question: 'sex', values: ['girl'], match: 'any', negate: false }], percentBy: 'row', chartType: 'stacked100' });
    expect(first).toMatchObject({ surveyId, position: 0, missing: [], title: { vi: 'An toàn ở trường theo tỉnh', en: 'Safety at school by province' } });
    const second = await call(session, 'analysis/save', { surveyId, title: { vi: 'Tuổi theo giới tính' }, spec: AGE_BY_SEX });
    const third = await call(session, 'analysis/save', { surveyId, title: { en: 'Safety, all children' }, spec: { question: 'safe', chartType: 'pie' } });
    expect((await call(session, 'analysis/saved', { surveyId })).map((s) => [s.id, s.position])).toEqual([
      [first.id, 0],
      [second.id, 1],
      [third.id, 2],
    ]);

    // Update the spec only: the title stays. Rename only: the spec stays. A title in NFD is stored in NFC.
    const updated = await call(session, 'analysis/save', { surveyId, id: first.id, spec: { ...BY_PROVINCE, chartType: 'grouped', percentBy: 'column' } });
    expect(updated).toMatchObject({ id: first.id, title: first.title, spec: { chartType: 'grouped', percentBy: 'column' } });
    expect(updated.updatedAt >= first.updatedAt).toBe(true);
    const renamed = await call(session, 'analysis/save', { surveyId, id: second.id, title: { vi: 'Tuổi theo giới tính'.normalize('NFD'), en: 'Age by sex' } });
    expect(renamed.title).toEqual({ vi: 'Tuổi theo giới tính', en: 'Age by sex' });
    expect(renamed.spec).toEqual(second.spec);

    // Reorder: the third first, then past the end (clamped).
    expect(titles(await call(session, 'analysis/moveSaved', { id: third.id, position: 0 }))).toEqual([undefined, 'An toàn ở trường theo tỉnh', 'Tuổi theo giới tính']);
    const moved = await call(session, 'analysis/moveSaved', { id: third.id, position: 99 });
    expect(moved.map((s) => [s.id, s.position])).toEqual([
      [first.id, 0],
      [second.id, 1],
      [third.id, 2],
    ]);

    // The working view points at the first; deleting it unlinks the view; restoring puts it back in its place.
    await call(session, 'analysis/view', { surveyId, view: { spec: BY_PROVINCE, savedId: first.id } });
    const afterDelete = await call(session, 'analysis/deleteSaved', { id: first.id });
    expect(afterDelete.map((s) => [s.id, s.position])).toEqual([
      [second.id, 0],
      [third.id, 1],
    ]);
    expect((await call(session, 'analysis/view', { surveyId })).savedId).toBeNull();
    expect((await failure(session, 'analysis/save', { surveyId, id: first.id, title: { vi: 'x' } })).code).toBe('analysis.savedNotFound');
    expect((await failure(session, 'analysis/moveSaved', { id: first.id, position: 0 })).code).toBe('analysis.savedNotFound');
    const restored = await call(session, 'analysis/deleteSaved', { id: first.id, restore: true });
    expect(restored.map((s) => s.id)).toEqual([first.id, second.id, third.id]);
    expect(restored[0]!.spec.chartType).toBe('grouped');

    // Bad input: no title, an empty title, a question the survey lacks, another survey's id.
    expect((await failure(session, 'analysis/save', { surveyId, spec: BY_PROVINCE })).code).toBe('analysis.savedNoTitle');
    expect((await failure(session, 'analysis/save', { surveyId, title: { vi: '  ' }, spec: BY_PROVINCE })).code).toBe('badInput');
    const unknown = await failure(session, 'analysis/save', { surveyId, title: { vi: 'Sai' }, spec: { ...BY_PROVINCE, by: 'ethnic' } }, 'vi');
    expect(unknown.code).toBe('analysis.unknownQuestion');
    expect(unknown.message).toContain('ethnic');
    const other = await call(session, 'survey/create', { title: { vi: 'Khác' } });
    expect((await failure(session, 'analysis/save', { surveyId: other.id, id: second.id, title: { vi: 'x' } })).code).toBe('analysis.savedNotFound');

    const rows = audits(session.db);
    expect(rows.map((r) => `${r.action}:${r.id === first.id ? 1 : r.id === second.id ? 2 : 3}`)).toEqual([
      'create:1',
      'create:2',
      'create:3',
      'update:1',
      'rename:2',
      'move:3',
      'move:3',
      'delete:1',
      'restore:1',
    ]);
    expect(JSON.parse(rows[0]!.detail)).toEqual({ survey: surveyId, title: first.title, questions: ['safe', 'province', 'sex'] });
    expect(JSON.parse(rows[4]!.detail)).toEqual({ survey: surveyId, old: { vi: 'Tuổi theo giới tính' }, new: { vi: 'Tuổi theo giới tính', en: 'Age by sex' } });
    for (const row of rows) expect(row.detail).not.toContain(CHILD_WORDS.slice(0, 10));
  });

  it('keeps the working view in the file: reopening the project shows it, and it names what was saved', async () => {
    const { session, surveyId } = await project();
    expect(await call(session, 'analysis/view', { surveyId })).toEqual({ spec: null, savedId: null, missing: [], updatedAt: null });
    const saved = await call(session, 'analysis/save', { surveyId, title: { vi: 'Tuổi theo giới tính' }, spec: AGE_BY_SEX });
    const view = await call(session, 'analysis/view', { surveyId, view: { spec: { ...AGE_BY_SEX, chartType: 'stacked' }, savedId: saved.id } });
    expect(view).toMatchObject({ savedId: saved.id, missing: [], spec: { question: 'age', by: 'sex', chartType: 'stacked' } });
    // A saved id of nothing in the file is not kept.
    const stray = await call(session, 'analysis/view', { surveyId, view: { spec: AGE_BY_SEX, savedId: '00000000-0000-4000-8000-000000000000' } });
    expect(stray.savedId).toBeNull();
    await call(session, 'analysis/view', { surveyId, view: { spec: { ...AGE_BY_SEX, chartType: 'stacked' }, savedId: saved.id } });

    const file = session.db.name;
    session.closeProject();
    const again = openProjectDb(file);
    try {
      expect(getView(again, surveyId)).toMatchObject({ savedId: saved.id, spec: { question: 'age', by: 'sex', chartType: 'stacked', buckets: AGE_BY_SEX.buckets } });
      expect(again.prepare('SELECT count(*) FROM audit_log WHERE entity = ?').pluck().get('savedAnalysis')).toBe(1);
    } finally {
      again.close();
    }
  });

  it('loads a saved analysis whose questions were removed from the survey, naming them', async () => {
    const { session, surveyId } = await project();
    const saved = await call(session, 'analysis/save', { surveyId, title: { vi: 'An toàn ở trường theo tỉnh' }, spec: BY_PROVINCE });
    await call(session, 'analysis/view', { surveyId, view: { spec: BY_PROVINCE, savedId: saved.id } });
    // The next version of the survey drops "province" and renames "sex" to "gender".
    const survey = getSurvey(session.db, surveyId);
    const questions = survey.questions.filter((x) => x.name !== 'province').map((x) => (x.name === 'sex' ? { ...x, name: 'gender' } : x));
    await call(session, 'survey/save', { surveyId, title: survey.title, questions, choiceLists: survey.choiceLists });

    const [listed] = await call(session, 'analysis/saved', { surveyId });
    expect(listed).toMatchObject({ id: saved.id, missing: ['province', 'sex'], spec: { by: 'province' } });
    const view = await call(session, 'analysis/view', { surveyId });
    expect(view.missing).toEqual(['province', 'sex']);
    // Saving it again as it is is refused, naming the first missing question; without them it saves.
    const refused = await failure(session, 'analysis/save', { surveyId, id: saved.id, spec: listed!.spec }, 'vi');
    expect(refused).toMatchObject({ code: 'analysis.unknownQuestion', message: 'Khảo sát không có câu hỏi province để phân tích.' });
    const fixed = await call(session, 'analysis/save', { surveyId, id: saved.id, spec: { question: 'safe', by: 'gender', filter: [], chartType: 'grouped' } });
    expect(fixed.missing).toEqual([]);
  });

  it('brings a version-6 file up to date: the tables appear empty and work', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v6.tiengnoi');
    const old = new Database(file);
    migrate(old, 0, 6);
    const actor: Actor = { name: 'lan', deviceId: 'laptop-lao-cai' };
    initProject(old, 'Tham vấn 2025', actor);
    const surveyId = createSurvey(old, CONTENT.title, actor, CONTENT);
    old.close();

    const db = openProjectDb(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(7);
      expect(listSaved(db, surveyId)).toEqual([]);
      expect(getView(db, surveyId).spec).toBeNull();
      const saved = saveAnalysis(db, actor, { surveyId, title: { vi: 'Theo tỉnh' }, spec: BY_PROVINCE });
      expect(listSaved(db, surveyId).map((s) => s.id)).toEqual([saved.id]);
    } finally {
      db.close();
    }
  });
});

describe('saved analyses in merges', () => {
  const HQ: Actor = { name: 'dieu-phoi', deviceId: 'laptop-ha-noi' };
  const LAO_CAI: Actor = { name: 'lan', deviceId: 'laptop-lao-cai' };
  const DIEN_BIEN: Actor = { name: 'minh', deviceId: 'laptop-dien-bien' };

  /** Waits until the clock has moved on, so that the next change is strictly later than the last one. */
  function later(): void {
    const start = Date.now();
    while (Date.now() < start + 3) {
      // a few milliseconds
    }
  }
  const rows = (file: string) =>
    withProjectFile(file, (db) => db.prepare('SELECT id, title, spec, position, updated_at, deleted_at FROM analysis_saved ORDER BY id').all());

  it('comes along by UUID, the latest change winning, and a second merge changes nothing', () => {
    const dir = tempDir();
    const original = path.join(dir, 'original.tiengnoi');
    const made = openProjectDb(original, { create: true });
    initProject(made, 'Tham vấn trẻ em 7 tỉnh', HQ);
    const surveyId = createSurvey(made, CONTENT.title, HQ, CONTENT);
    const shared = saveAnalysis(made, HQ, { surveyId, title: { vi: 'An toàn ở trường theo tỉnh' }, spec: BY_PROVINCE });
    const dropped = saveAnalysis(made, HQ, { surveyId, title: { vi: 'Tuổi theo giới tính' }, spec: AGE_BY_SEX });
    made.close();
    const a = path.join(dir, 'lao-cai.tiengnoi');
    const b = path.join(dir, 'dien-bien.tiengnoi');
    fs.copyFileSync(original, a);
    fs.copyFileSync(original, b);

    later();
    const onlyA = withProjectFile(a, (db) => {
      saveAnalysis(db, LAO_CAI, { surveyId, id: shared.id, title: { vi: 'Lào Cai đặt tên' } });
      return saveAnalysis(db, LAO_CAI, { surveyId, title: { vi: 'Chỉ ở Lào Cai' }, spec: { question: 'safe', chartType: 'pie' } });
    });
    later();
    const onlyB = withProjectFile(b, (db) => {
      // Renamed later here than in Lào Cai: this title wins. The deletion is the only change of `dropped`: it wins.
      saveAnalysis(db, DIEN_BIEN, { surveyId, id: shared.id, title: { vi: 'Điện Biên đặt tên' }, spec: { ...BY_PROVINCE, chartType: 'grouped' } });
      deleteSaved(db, DIEN_BIEN, dropped.id);
      const made = saveAnalysis(db, DIEN_BIEN, { surveyId, title: { vi: 'Chỉ ở Điện Biên' }, spec: { question: 'age', filter: [] } });
      moveSaved(db, DIEN_BIEN, made.id, 0);
      return made;
    });
    // The working view is where each laptop's screen was left: not merged.
    withProjectFile(b, (db) => setView(db, surveyId, { spec: AGE_BY_SEX, savedId: onlyB.id }));

    const out = path.join(dir, 'tat-ca.tiengnoi');
    mergeProjects(out, [a, b], HQ);
    withProjectFile(out, (db) => {
      const list = listSaved(db, surveyId);
      expect(list.map((s) => [s.id, s.title.vi, s.position])).toEqual([
        [onlyB.id, 'Chỉ ở Điện Biên', 0],
        [shared.id, 'Điện Biên đặt tên', 1],
        [onlyA.id, 'Chỉ ở Lào Cai', 2],
      ]);
      expect(list[1]!.spec.chartType).toBe('grouped');
      expect(db.prepare('SELECT deleted_at IS NOT NULL FROM analysis_saved WHERE id = ?').pluck().get(dropped.id)).toBe(1);
      expect(getView(db, surveyId).spec).toBeNull();
    });

    // Merging the same files again, into the merged file, changes nothing.
    const before = rows(out);
    mergeProjects(out, [a, b], HQ);
    expect(rows(out)).toEqual(before);
    // Merging the other way round gives the same analyses (latest changes win whatever the order).
    const reverse = path.join(dir, 'nguoc.tiengnoi');
    mergeProjects(reverse, [b, a], HQ);
    const strip = (list: unknown[]) => (list as { position: number }[]).map(({ position: _p, ...rest }) => rest);
    expect(strip(rows(reverse))).toEqual(strip(before));
  });
});

describe('tiengnoi stats --saved', () => {
  const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tiengnoi.mjs');
  const cli = (args: string[], lang = 'en') => {
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, TIENGNOI_CONFIG_DIR: tempDir(), TIENGNOI_LANG: lang } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('runs a saved analysis by title or id, as the same flags would, and names missing questions', async () => {
    const { session, surveyId } = await project();
    // 40 more children, so that some cells are shown.
    for (let i = 0; i < 40; i++) {
      const id = createResponse(session.db, surveyId, session.actor);
      const answers = { safe: i % 3 === 0 ? 'no' : 'yes', sex: i % 2 === 0 ? 'girl' : 'boy', province: i < 30 ? '10' : '01', age: String(8 + (i % 10)) };
      for (const [k, v] of Object.entries(answers)) writeAnswer(session.db, id, k, v);
      completeResponse(session.db, id, session.actor);
    }
    const saved = await call(session, 'analysis/save', { surveyId, title: { vi: 'An toàn ở trường theo tỉnh', en: 'Safety by province' }, spec: BY_PROVINCE });
    await call(session, 'analysis/save', { surveyId, title: { vi: 'Tuổi theo giới tính' }, spec: AGE_BY_SEX });
    const file = session.db.name;
    session.closeProject();

    const plain = cli(['stats', file, '--question', 'safe', '--by', 'province', '--filter', "${sex} = 'girl'", '--json']);
    expect(plain.code, plain.stderr).toBe(0);
    // By its Vietnamese title written in another case and in NFD, by its English title, by its id: the same table.
    for (const ref of ['an toàn ở trường theo tỉnh'.normalize('NFD'), 'Safety by province', saved.id]) {
      const run = cli(['stats', file, '--saved', ref, '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(JSON.parse(plain.stdout));
    }
    const table = JSON.parse(plain.stdout) as { n: number; filtered: number };
    expect(table.filtered).toBe(21); // 1 + 20 girls
    // Its number groups come along; --by replaces the saved one.
    const ages = JSON.parse(cli(['stats', file, '--saved', 'Tuổi theo giới tính', '--json']).stdout) as { cells: { value: string }[] };
    expect([...new Set(ages.cells.map((c) => c.value))]).toEqual(['8–11', '12–17']);
    const byProvince = JSON.parse(cli(['stats', file, '--saved', 'Tuổi theo giới tính', '--by', 'province', '--json']).stdout) as { by: string };
    expect(byProvince.by).toBe('province');

    const unknown = cli(['stats', file, '--saved', 'Không có'], 'vi');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Phân tích đã lưu này không còn trong dự án');

    // The survey loses "province": the saved analysis is refused, naming it.
    const db = openProjectDb(file);
    const survey = getSurvey(db, surveyId);
    db.close();
    const again = newSession();
    again.open(file);
    await call(again, 'survey/save', { surveyId, title: survey.title, questions: survey.questions.filter((x) => x.name !== 'province'), choiceLists: survey.choiceLists });
    again.closeProject();
    const missing = cli(['stats', file, '--saved', saved.id], 'vi');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Phân tích đã lưu "An toàn ở trường theo tỉnh" dùng những câu hỏi khảo sát không còn nữa: province.');
  }, 60_000);
});
