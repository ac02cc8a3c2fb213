import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { migrate } from '../../electron/db/open';
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
const RESPONSES = 150_000;
const T0 = '2025-07-01T00:00:00.000Z';

/** A version-10 project file of 150 000 responses of four answers each (a few seconds to upgrade), in plain SQL. */
function writeVersion10(file: string): void {
  const raw = new Database(file);
  migrate(raw, 0, 10);
  raw.exec(`
    INSERT INTO project (id, uuid, title, created_at, updated_at) VALUES (1, 'p', '${TITLE}', '${T0}', '${T0}');
    INSERT INTO form (id, form_key, created_at) VALUES ('f', 'khao_sat', '${T0}');
    INSERT INTO form_version (id, form_id, version, status, created_at, updated_at) VALUES (1, 'f', 1, 'published', '${T0}', '${T0}');
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${RESPONSES})
      INSERT INTO response (id, uuid, form_version_id, number, device_id, status, created_at, updated_at)
      SELECT i, printf('r-%06d', i), 1, i, 'd', 'complete', '${T0}', '${T0}' FROM n;
    INSERT INTO answer (response_id, question_name, value, state, answered_at)
      SELECT r.id, q.name, CASE q.name WHEN 'why' THEN 'Em muốn được lắng nghe' ELSE r.id % 7 END, 'answered', NULL
      FROM response r CROSS JOIN (SELECT 'age' AS name UNION ALL SELECT 'sex' UNION ALL SELECT 'province' UNION ALL SELECT 'why') q;
  `);
  raw.close();
}

describe('opening a project file of an older version (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ prepare: ({ projectsDir }) => writeVersion10(path.join(projectsDir, FILE)) }), openBrowser()]);
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
