import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeVersion10Project } from '../helpers/version10-project';
import type { ProjectInfo } from '../../core/api/project';
import { vi as T } from '../../core/i18n/vi';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { callApi, startServer, type RunningServer } from './helpers/server';

/**
 * A facilitator opens last year's large project after updating the app: the file is brought up to date first, and
 * the row shows how far it got instead of a still window.
 */
const TITLE = 'Diễn đàn trẻ em toàn quốc 2025';
const FILE = 'dien-dan-2025.tiengnoi';
const RESPONSES = 150_000; // a few seconds to upgrade

describe('opening a project file of an older version (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ prepare: ({ projectsDir }) => writeVersion10Project(path.join(projectsDir, FILE), TITLE, RESPONSES) }), openBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('shows a progress bar while the file is brought up to date, then opens it with every response', async () => {
    const { page } = browser;
    await page.goto(server.openUrl);
    const row = page.getByRole('listitem').filter({ hasText: TITLE });
    await row.waitFor();
    await row.getByRole('button', { name: T['home.open'] }).click();

    const bar = row.locator('.task-progress progress');
    await bar.waitFor({ timeout: 30_000 });
    expect(await row.locator('.task-progress').innerText()).toContain('Đang chuyển dự án sang định dạng mới');
    expect(Number(await bar.getAttribute('max'))).toBe(1000);
    expect(await row.getByRole('button', { name: T['home.open'] }).isDisabled()).toBe(true);
    await screenshot(page, 'home-upgrading');

    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor({ timeout: 60_000 });
    const info = await callApi<ProjectInfo>(server, 'project/current', {});
    expect(info.responses).toBe(RESPONSES);
    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
