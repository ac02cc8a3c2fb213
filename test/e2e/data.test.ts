import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { vi as T } from '../../core/i18n/vi';
import { en as E } from '../../core/i18n/en';
import { translate } from '../../core/i18n/messages';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { ROOT, callApi, startServer, type RunningServer } from './helpers/server';
import { openProjectDb } from '../../electron/db/open';
import { listSurveys } from '../../electron/db/survey-store';
import { completeResponse, createResponse, writeAnswer } from '../../electron/db/response-store';

const CLI = path.join(ROOT, 'bin', 'tiengnoi.mjs');
const corpus = path.resolve(ROOT, '..', 'shared', 'xlsform-corpus');
const FORM = path.join(corpus, 'forms', 'onadata__tutorial.xlsx');
const GOOD = path.join(corpus, 'data', 'onadata__tutorial', 'import-data', 'good.csv');
const BAD = path.join(corpus, 'data', 'onadata__tutorial', 'import-data', 'bad.csv');
const say = (key: keyof typeof T, params: Record<string, string | number>) => translate('vi', key, params);

/**
 * A researcher brings a Kobo form and its export into Tiếng Nói, merges in the file of another laptop, and takes
 * a labelled Excel file out for a statistician.
 */
describe('data in and out (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let laptop: string;
  let work: string;

  beforeAll(async () => {
    // The second laptop: the same Kobo form and export, set up from the command line, plus two children of its own.
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-laptop-'));
    laptop = path.join(work, 'may-2.tiengnoi');
    const env = { ...process.env, TIENGNOI_CONFIG_DIR: work, TIENGNOI_LANG: 'vi' };
    const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8' });
    cli('new', laptop, '--title', 'Máy 2');
    cli('import-form', laptop, FORM);
    cli('import-responses', laptop, GOOD);
    const db = openProjectDb(laptop);
    try {
      const surveyId = listSurveys(db)[0]!.id;
      for (const name of ['Lan', 'Minh']) {
        const id = createResponse(db, surveyId, { name: 'Máy 2', deviceId: 'may-2' });
        writeAnswer(db, id, 'name', name);
        writeAnswer(db, id, 'age', '12');
        completeResponse(db, id, { name: 'Máy 2', deviceId: 'may-2' });
      }
    } finally {
      db.close();
    }

    [server, browser] = await Promise.all([startServer(), openBrowser()]);
    await callApi(server, 'project/create', { title: 'Tham vấn 7 tỉnh' });
    await callApi(server, 'survey/importXlsForm', { fileName: path.basename(FORM), base64: fs.readFileSync(FORM).toString('base64') });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const choose = async (button: string, files: string | string[]) => {
    const { page } = browser;
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: button }).click();
    await (await chooser).setFiles(files);
  };

  it('imports a Kobo export once, refuses a file with bad values by row and column, and exports a labelled workbook', async () => {
    const { page } = browser;
    await page.goto(server.openUrl);
    await page.waitForURL(`${server.url}#/project`);
    await page.getByRole('button', { name: T['data.open'] }).click();
    await page.getByRole('heading', { level: 1, name: /Dữ liệu/ }).waitFor();

    await choose(T['data.chooseFile'], GOOD);
    await page.getByText(say('data.importDone', { imported: 9, rows: 9, skipped: 0 })).waitFor();
    await screenshot(page, 'data-import');

    // The same file again adds nothing.
    await choose(T['data.chooseFile'], GOOD);
    await page.getByText(say('data.importDone', { imported: 0, rows: 9, skipped: 9 })).waitFor();

    // A file with bad values: nothing imported, each problem placed by file, row and column.
    await choose(T['data.chooseFile'], BAD);
    const problems = page.getByRole('alert').filter({ hasText: T['data.importProblems'] });
    await problems.waitFor();
    expect(await problems.getByRole('listitem').count()).toBeGreaterThan(0);
    await expect.poll(async () => (await problems.getByRole('listitem').allTextContents()).every((line) => line.startsWith('bad.csv, dòng '))).toBe(true);

    // Export with labels in Vietnamese; identifying questions are left out unless asked for. The file comes back
    // in parts, held back here so the saving can be seen.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/data/downloadPart', async (route) => {
      await held;
      await route.continue();
    });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: T['data.export'] }).click();
    const saving = page.locator('.task-progress').filter({ hasText: 'Đang lưu tệp về máy: 0/' });
    await saving.waitFor();
    await screenshot(page, 'data-export-saving');
    release();
    const file = await download;
    await page.unroute('**/api/data/downloadPart');
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const saved = path.join(work, file.suggestedFilename());
    await file.saveAs(saved);
    const book = XLSX.read(fs.readFileSync(saved));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!);
    expect(rows).toHaveLength(9);
    expect(Object.keys(rows[0]!)).toContain('_uuid');
    expect(Object.keys(rows[0]!)).not.toContain('phonenumber');
    expect(book.SheetNames).toContain('codebook');
    await page.getByRole('status').filter({ hasText: say('data.exportDone', { responses: 9, files: file.suggestedFilename() }) }).waitFor();

    await page.getByRole('checkbox', { name: T['data.includeIdentifying'] }).check();
    await page.getByRole('alert').filter({ hasText: T['data.identifyingWarning'] }).waitFor();
    await screenshot(page, 'data-export');
    expect(browser.errors).toEqual([]);
  });

  it('merges the file of another laptop: the same children once, its own two added, the file left as it was', async () => {
    const { page } = browser;
    const before = fs.readFileSync(laptop);
    await page.goto(`${server.url}#/project`);
    await choose(T['data.chooseProjects'], laptop);
    await page.getByText(say('data.mergeDone', { added: 2, files: 1, duplicates: 9 })).waitFor();
    await screenshot(page, 'data-merge');
    await page.getByText(say('project.responseCount', { count: 11 })).waitFor();
    expect(fs.readFileSync(laptop).equals(before)).toBe(true);
    expect(browser.errors).toEqual([]);
  });

  it('imports an export larger than one part of the upload: the bar first shows the megabytes sent, then every row is in (vi, then en)', async () => {
    const { page } = browser;
    // About 20 MB: the nine rows of the tutorial export again and again, each with an id of its own.
    const [header, ...rows] = fs.readFileSync(GOOD, 'utf8').trim().split('\n');
    const copies = 56_000;
    const lines = [header];
    for (let n = 0; n < copies; n++) {
      const id = `0e0e0e0e-0000-4000-8000-${String(n).padStart(12, '0')}`;
      lines.push(rows[n % rows.length]!.replace(/uuid:[0-9a-f-]{36},[0-9a-f-]{36}/, `uuid:${id},${id}`));
    }
    const big = path.join(work, 'kobo-ca-nuoc.csv');
    fs.writeFileSync(big, lines.join('\n') + '\n');
    expect(fs.statSync(big).size).toBeGreaterThan(16 * 1024 * 1024);

    await page.goto(`${server.url}#/project`);
    await page.getByRole('button', { name: T['data.open'] }).click();
    await page.getByRole('heading', { level: 1, name: /Dữ liệu/ }).waitFor();
    // Each part held back a moment on its way, so that the sending can be seen (here it takes a second or so).
    await page.route('**/api/data/uploadPart', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await choose(T['data.chooseFile'], big);
    // Part of the way: some megabytes sent, of all of them.
    const sending = page.getByRole('status').filter({ hasText: /Đang đưa tệp vào ứng dụng: [1-9][\d,.]*\/[\d,.]+ MB/ });
    await sending.waitFor();
    await screenshot(page, 'data-import-sending');
    await page.getByText(say('data.importDone', { imported: copies, rows: copies, skipped: 0 })).waitFor({ timeout: 60_000 });

    // In English, the same file again: sent the same way, and every row already there.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await choose(E['data.chooseFile'], big);
    await page.getByRole('status').filter({ hasText: /Bringing the file into the app: [1-9][\d,.]* of [\d,.]+ MB/ }).waitFor();
    await screenshot(page, 'data-import-sending-en');
    await page.getByText(translate('en', 'data.importDone', { imported: 0, rows: copies, skipped: copies })).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
    await page.unroute('**/api/data/uploadPart');
    expect(browser.errors).toEqual([]);
  });
});
