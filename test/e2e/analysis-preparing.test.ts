import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { vi as T } from '../../core/i18n/vi';
import { en as EN } from '../../core/i18n/en';
import type { Survey } from '../../core/survey/model';
import { createSyntheticProject } from '../../bench/synthetic';
import { withProjectFile } from '../helpers/project-file';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { callApi, startServer, type RunningServer } from './helpers/server';
import { openResults } from './helpers/consultation';

/**
 * A researcher opens Results of a large consultation just merged from the provinces: the columns Results reads are
 * rebuilt from every answer first, on a thread of their own, and the screen shows how far that got.
 */
const FILE = 'toan-quoc.tiengnoi';
const RESPONSES = 80_000; // about 3 s to rebuild on these machines

describe('Results of a large survey whose columns must be rebuilt (vi, then en)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let counted = 0;

  beforeAll(async () => {
    const prepare = ({ projectsDir }: { projectsDir: string }) => {
      const file = path.join(projectsDir, FILE);
      createSyntheticProject({ file, responses: RESPONSES, seed: 3 });
      withProjectFile(file, (db) => {
        // As a merge leaves them: no stored columns.
        db.prepare('DELETE FROM analysis_column').run();
        counted = db.prepare(`SELECT count(*) FROM response WHERE status = 'complete' AND deleted_at IS NULL AND verifies IS NULL`).pluck().get() as number;
      });
    };
    [server, browser] = await Promise.all([startServer({ prepare }), openBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('shows a bar of the responses read, then the table', async () => {
    const { page } = browser;
    await callApi(server, 'project/open', { file: FILE });
    const [summary] = await callApi<Survey[]>(server, 'survey/list', {});
    await openResults(page, server, summary!);

    const card = page.getByTestId('results-preparing');
    const bar = card.locator('.task-progress progress');
    await bar.waitFor({ timeout: 30_000 });
    expect(await card.innerText()).toContain(T['results.preparing']);
    expect(await card.locator('.task-progress').innerText()).toMatch(/Đã đọc [\d.]+\/[\d.]+ phiếu trả lời/);
    expect(Number(await bar.getAttribute('max'))).toBe(counted);
    // The bar moves as the thread reads.
    await expect.poll(async () => Number(await bar.getAttribute('value')), { interval: 20 }).toBeGreaterThan(0);
    await screenshot(page, 'results-preparing');

    const table = page.getByTestId('result-table').first();
    await table.waitFor({ timeout: 60_000 });
    await expect.poll(() => card.count()).toBe(0);

    // A response deleted meanwhile (in another window): every column is built again. Now in English.
    withProjectFile(path.join(server.projectsDir, FILE), (db) =>
      db
        .prepare(`UPDATE response SET deleted_at = '2026-11-28T10:00:00.000Z', delete_reason = 'typed twice' WHERE id = (SELECT min(id) FROM response WHERE status = 'complete' AND deleted_at IS NULL AND verifies IS NULL)`)
        .run(),
    );
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.reload();
    await bar.waitFor({ timeout: 30_000 });
    expect(await card.innerText()).toContain(EN['results.preparing']);
    expect(await card.locator('.task-progress').innerText()).toMatch(/Read [\d,]+ of [\d,]+ responses/);
    expect(Number(await bar.getAttribute('max'))).toBe(counted - 1);
    await expect.poll(async () => Number(await bar.getAttribute('value')), { interval: 20 }).toBeGreaterThan(0);
    await screenshot(page, 'results-preparing-en');
    await table.waitFor({ timeout: 60_000 });
    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });

  it('shows a bar while the first search of the responses reads every answer, then the matches (en)', async () => {
    const { page } = browser;
    // Still in English, as the test before left it.
    const [summary] = await callApi<Survey[]>(server, 'survey/list', {});
    await page.goto(`${server.url}#/survey/${summary!.id}/responses`);
    // Typed as soon as the list is there: the search index (begun as the list opened) is still being made.
    await page.getByTestId('response-counts').getByText(/\d/).waitFor({ timeout: 30_000 });
    await page.getByLabel(EN['responses.search']).fill('lao cai');
    const bar = page.locator('.task-progress');
    await bar.waitFor({ timeout: 30_000 });
    expect(await bar.innerText()).toMatch(/The first search reads every answer once: [\d,]+ of [\d,]+ responses read/);
    await screenshot(page, 'responses-search-indexing-en');
    await expect.poll(() => bar.count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => page.locator('table.response-list tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('table.response-list tbody tr td.preview').first().innerText()).toMatch(/Lao Cai/); // its English label
    expect(browser.errors).toEqual([]);
  });
});
