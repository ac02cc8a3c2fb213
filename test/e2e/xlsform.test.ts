import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { vi as T } from '../../core/i18n/vi';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { ROOT, callApi, startServer, type RunningServer } from './helpers/server';

const corpus = path.resolve(ROOT, '..', 'shared', 'xlsform-corpus', 'forms');

/** An organisation on KoboToolbox brings its XLSForm in, and takes a survey back out, from the project screen. */
describe('XLSForm in and out of the app (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
    await callApi(server, 'project/create', { title: 'Từ KoboToolbox' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('lists what is wrong with a broken form, imports a good one, and exports it again', async () => {
    const { page } = browser;
    await page.goto(server.openUrl);
    await page.waitForURL(`${server.url}#/project`);
    const pick = async (file: string) => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: T['project.chooseXlsForm'] }).click();
      await (await chooser).setFiles(path.join(corpus, file));
    };

    await pick('onadata__transportation.no_choices.xlsx');
    const problems = page.getByRole('alert').filter({ hasText: T['project.importFailed'] });
    await problems.getByText('onadata__transportation.no_choices.xlsx, trang survey, dòng 4, cột A: Không có danh sách lựa chọn transport_types trong trang choices.').waitFor();

    await pick('onadata__tutorial.xlsx');
    await page.getByRole('status').filter({ hasText: T['project.importWarnings'] }).waitFor();
    await screenshot(page, 'xlsform-import');
    const row = page.getByRole('listitem').filter({ hasText: T['project.design'] });
    await expect.poll(() => row.count()).toBe(1);

    const download = page.waitForEvent('download');
    await row.getByRole('button', { name: T['project.exportXlsForm'] }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const saved = path.join(server.projectsDir, file.suggestedFilename());
    await file.saveAs(saved);
    // A real workbook (a zip), not an error page.
    expect(fs.readFileSync(saved).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(browser.errors).toEqual([]);
  });
});
