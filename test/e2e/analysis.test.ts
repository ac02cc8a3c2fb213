import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { vi as T } from '../../core/i18n/vi';
import { translate } from '../../core/i18n/messages';
import type { Survey } from '../../core/survey/model';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';
import { openResults, prepareConsultation, seedConsultation } from './helpers/consultation';

/** Every count shown in the result tables (hidden ones read "< 5" or "×" and are skipped). */
function shownCounts(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="result-table"] td')
    .evaluateAll((cells) => cells.map((cell) => (cell.querySelector('.count')?.textContent ?? cell.textContent ?? '').trim()));
}

/** A researcher reads the consultation's results: frequencies, disaggregation, a filter, charts and exports. */
describe('Results: protected tables and charts (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let survey: Survey;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ prepare: prepareConsultation }), openBrowser()]);
    // 72 children: two large provinces and a small one; girls and boys, and two who describe themselves
    // another way, so some cells are under 5 and most are not.
    ({ survey } = await seedConsultation(server));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('shows protected frequencies and cross-tabs, filters, draws charts and exports them', async () => {
    const { page, context } = browser;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    await openResults(page, server, survey);

    // 1. A Likert question's frequencies: refused and not asked apart, and the note under the table.
    await page.getByTestId('question').selectOption('safe_school');
    const table = page.getByTestId('result-table').first();
    await expect.poll(() => table.locator('caption').innerText()).toBe(survey.questions.find((q) => q.name === 'safe_school')!.label.vi);
    await table.getByRole('rowheader', { name: T['results.refusedRow'] }).waitFor();
    await page.getByTestId('suppression-note').waitFor();
    const noSmallCounts = async () => {
      const counts = await shownCounts(page);
      for (const text of counts) if (/^\d+$/.test(text)) expect(Number(text) === 0 || Number(text) >= 5, `count ${text} shown`).toBe(true);
      return counts;
    };
    await noSmallCounts();
    await screenshot(page, 'analysis-frequency');
    for (const type of ['pie', 'doughnut', 'likert', 'bar']) {
      await page.getByTestId('chart-type').selectOption(type);
      await expect.poll(() => page.getByTestId('result-chart').evaluate((c: HTMLCanvasElement) => c.width > 0)).toBe(true);
    }

    // 2. By sex: the two children who describe themselves another way are a hidden column.
    await page.getByTestId('by').selectOption('sex');
    await expect.poll(() => page.getByTestId('result-table').first().locator('caption').innerText()).toContain(' — phân tổ theo: ');
    await expect.poll(async () => (await noSmallCounts()).some((t) => t === '< 5')).toBe(true);
    await page.getByText('Ô có dưới 5 trẻ em được ẩn').first().waitFor();
    await page.locator('.chi-square').first().waitFor();

    // By province, in layers of sex; then age groups by sex.
    await page.getByTestId('by').selectOption('province');
    await page.getByTestId('layer').selectOption('sex');
    await expect.poll(() => page.getByTestId('result-table').count()).toBeGreaterThan(1);
    await noSmallCounts();
    await page.getByTestId('layer').selectOption('');
    await page.getByTestId('by').selectOption('sex');
    await page.getByTestId('question').selectOption('age');
    await page.getByTestId('buckets-age').waitFor();
    expect(await page.getByTestId('buckets-age').inputValue()).toBe('8-11, 12-14, 15-17');
    await noSmallCounts();
    // Age on its own: statistics and a histogram.
    await page.getByTestId('by').selectOption('');
    await page.getByTestId('numeric-table').waitFor();
    expect(await page.getByTestId('chart-type').inputValue()).toBe('histogram');
    await screenshot(page, 'analysis-histogram');
    await page.getByTestId('by').selectOption('sex');

    // 3. A filter: only girls. Shown as a chip; every view follows it.
    await page.getByTestId('question').selectOption('safe_school');
    await page.getByTestId('by').selectOption('province');
    await page.getByLabel(T['results.percentRow']).check();
    await page.getByTestId('filter-question').selectOption('sex');
    await page.getByTestId('filter-value').selectOption('girl');
    await page.getByRole('button', { name: T['results.filterAdd'] }).click();
    await page.locator('.chip').filter({ hasText: 'Con gái' }).waitFor();
    await expect.poll(() => page.getByText(/Số phiếu hoàn chỉnh qua bộ lọc: 36\./).count()).toBe(1);
    await noSmallCounts();
    await screenshot(page, 'analysis-crosstab');

    // 4. Charts: 100 % stacked, grouped, diverging Likert; export a PNG and an SVG.
    const chartType = page.getByTestId('chart-type');
    for (const type of ['stacked100', 'grouped', 'likert', 'stacked']) {
      await chartType.selectOption(type);
      await expect.poll(() => page.getByTestId('result-chart').evaluate((c: HTMLCanvasElement) => c.width > 0)).toBe(true);
    }
    // A plain bar chart draws all provinces together: its title names no grouping (the table's still does).
    const safeLabel = survey.questions.find((q) => q.name === 'safe_school')!.label.vi!;
    await chartType.selectOption('bar');
    await expect.poll(() => page.locator('figure.result-chart').getAttribute('aria-label')).toMatch(new RegExp(`^${safeLabel.replace(/[.?]/g, '\\$&')} — Lọc:`));
    expect(await page.getByTestId('result-table').first().locator('caption').innerText()).toContain(' — phân tổ theo: ');
    // Named as titled: its file names no grouping either.
    const barSvg = page.waitForEvent('download');
    await page.getByRole('button', { name: T['results.exportSvg'] }).click();
    expect((await barSvg).suggestedFilename()).toBe('safe_school.svg');
    await chartType.selectOption('stacked');
    const png = page.waitForEvent('download');
    await page.getByRole('button', { name: T['results.exportPng'] }).click();
    const pngFile = await png;
    expect(pngFile.suggestedFilename()).toBe('safe_school-province.png');
    const pngBytes = fs.readFileSync((await pngFile.path())!);
    expect(pngBytes.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    const svg = page.waitForEvent('download');
    await page.getByRole('button', { name: T['results.exportSvg'] }).click();
    const svgText = fs.readFileSync((await (await svg).path())!, 'utf8');
    expect(svgText).toContain('<svg');
    // A filtered chart says so under its title, in the window and in the files.
    const filterLine = new RegExp(`${translate('vi', 'results.filterLine', { filters: '' })}[^<]*= Con gái`);
    expect(svgText).toMatch(filterLine);
    expect(await page.locator('figure.result-chart').getAttribute('aria-label')).toMatch(filterLine);

    // The table: to the clipboard as tab-separated text, and as a workbook.
    await page.getByRole('button', { name: T['results.copyTable'] }).click();
    await page.getByText(T['results.copied']).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('\t');
    expect(copied).toContain(T['results.totalRow']);
    const xlsx = page.waitForEvent('download');
    await page.getByRole('button', { name: T['results.exportXlsx'] }).click();
    expect(fs.readFileSync((await (await xlsx).path())!).subarray(0, 2).toString('latin1')).toBe('PK');

    // A reload keeps the question, the disaggregation and the filter.
    await page.reload();
    await page.locator('.chip').filter({ hasText: 'Con gái' }).waitFor();
    expect(await page.getByTestId('by').inputValue()).toBe('province');

    // The chart of every child's answer: bars with their counts and percentages.
    await page.getByRole('button', { name: T['results.filterClear'] }).click();
    await page.getByTestId('by').selectOption('');
    await chartType.selectOption('bar');
    await expect.poll(() => page.getByTestId('result-chart').evaluate((c: HTMLCanvasElement) => c.width > 0)).toBe(true);
    await page.getByTestId('result-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-chart');

    // In English: the diverging Likert chart by sex, everything labelled in the interface language.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByTestId('by').selectOption('sex');
    await page.getByTestId('chart-type').selectOption('likert');
    await expect.poll(() => page.getByTestId('result-table').first().locator('caption').innerText()).toContain(' — by: ');
    await page.getByText('Cells with fewer than 5 children are hidden').first().waitFor();
    await screenshot(page, 'analysis-likert-en');
    expect(browser.errors).toEqual([]);
  }, 180_000);

  it("changes the project's k by keyboard, warns under 5, and keeps it in the file", async () => {
    const { page } = browser;
    // Back to Vietnamese (the test before ended in English).
    await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
    await openResults(page, server, survey);
    await page.getByTestId('question').selectOption('safe_school');
    await page.getByTestId('by').selectOption('sex');
    const setting = page.getByTestId('min-cell');
    await setting.getByText(translate('vi', 'results.minCellLine', { k: 5 })).waitFor();
    await page.getByText('Ô có dưới 5 trẻ em được ẩn').first().waitFor();

    await setting.getByRole('button', { name: T['results.minCellChange'] }).click();
    const input = setting.getByLabel(T['results.minCellLabel']);
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    // Escape leaves it as it was.
    await page.keyboard.press('Escape');
    await expect.poll(() => input.count()).toBe(0);
    await setting.getByRole('button', { name: T['results.minCellChange'] }).click();
    await page.keyboard.type('2');
    await setting.getByText(translate('vi', 'results.minCellInvalid', { least: 3, most: 1000 })).waitFor();
    expect(await setting.getByRole('button', { name: T['common.save'] }).isDisabled()).toBe(true);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await setting.getByText(translate('vi', 'results.minCellLow', { usual: 5 })).waitFor();
    await screenshot(page, 'analysis-min-cell');
    await page.keyboard.press('Enter');
    await setting.getByText(translate('vi', 'results.minCellSaved', { k: 3 })).waitFor();
    // Every view follows at once: the two children who describe themselves another way are still under 3.
    await page.getByText('Ô có dưới 3 trẻ em được ẩn').first().waitFor();
    expect(await shownCounts(page)).toContain('< 3');

    // Kept in the project file: the same after a reload.
    await page.reload();
    await page.getByTestId('min-cell').getByText(translate('vi', 'results.minCellLine', { k: 3 })).waitFor();

    // In English: the same line and form, the warning in words a researcher reads.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await setting.getByText(translate('en', 'results.minCellLine', { k: 3 })).waitFor();
    await setting.getByRole('button', { name: translate('en', 'results.minCellChange') }).click();
    await page.keyboard.type('4');
    await setting.getByText(translate('en', 'results.minCellLow', { usual: 5 })).waitFor();
    expect(await setting.innerText()).toContain(translate('en', 'results.minCellHint', { least: 3, most: 1000, usual: 5 }));
    await screenshot(page, 'analysis-min-cell-en');
    await page.keyboard.press('Escape');
    await setting.getByText(translate('en', 'results.minCellLine', { k: 3 })).waitFor();
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
