import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { vi as T } from '../../core/i18n/vi';
import { en as E } from '../../core/i18n/en';
import type { Survey } from '../../core/survey/model';
import type { AnalysisTable } from '../../core/api/analysis';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { callApi, startServer, type RunningServer } from './helpers/server';
import { openResults, prepareConsultation, seedConsultation, type Child } from './helpers/consultation';

/** What an exported SVG holds, read by the browser's own XML parser (null when it is not well-formed). */
interface SvgContent {
  slices: number;
  bars: number;
  texts: string[];
}

async function svgOf(page: Page, download: Download): Promise<SvgContent | null> {
  const source = fs.readFileSync((await download.path())!, 'utf8');
  return page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'image/svg+xml');
    if (doc.querySelector('parsererror') || doc.documentElement.nodeName !== 'svg') return null;
    return {
      slices: doc.querySelectorAll('path.slice').length,
      bars: doc.querySelectorAll('rect.bar').length,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
    };
  }, source);
}

const vnPercent = (v: number) => `${v.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;

/** A report writer's charts: the Likert summary, a pie exported as SVG, a chart per layer of a 3-way table. */
describe('Results: Likert summary, SVG of every chart, a chart per layer', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let survey: Survey;
  let children: Child[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ prepare: prepareConsultation }), openBrowser()]);
    // Three times the other Results test's children, so that a 3-way table has cells to draw.
    ({ survey, children } = await seedConsultation(server, 216));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('summarises the Likert question, exports pie and diverging charts as SVG, and draws one chart per layer', async () => {
    const { page } = browser;
    await openResults(page, server, survey);

    // 1. The Likert question (appearance "likert smiley"): its summary beside the frequencies, counted by hand.
    await page.getByTestId('question').selectOption('safe_school');
    const summary = page.getByTestId('likert-summary');
    await summary.waitFor();
    const answered = children.filter((c) => c.safe !== null).map((c) => Number(c.safe));
    const n = answered.length;
    const disagree = answered.filter((v) => v <= 2).length;
    const neutral = answered.filter((v) => v === 3).length;
    const agree = answered.filter((v) => v >= 4).length;
    const cells = await summary.locator('tbody tr').first().locator('td').allInnerTexts();
    // n, % disagree, % neutral, % agree, mean: every number shown is the hand count's (small sides would be marked).
    expect(cells[0]).toBe(String(n));
    const expected = [disagree, neutral, agree].map((side) => (side >= 5 ? vnPercent((100 * side) / n) : null));
    cells.slice(1, 4).forEach((text, i) => {
      if (expected[i] !== null) expect(text).toBe(expected[i]);
      else expect(['< 5', '×']).toContain(text);
    });
    // The mean is shown only when no point of the scale is hidden.
    const points = [1, 2, 3, 4, 5].map((p) => answered.filter((v) => v === p).length);
    const mean = answered.reduce((a, b) => a + b, 0) / n;
    if (points.every((c) => c === 0 || c >= 5)) expect(cells[4]).toBe(mean.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    // No "0 other cells are hidden" when nothing else is hidden.
    const note = await page.getByTestId('suppression-note').innerText();
    expect(note).not.toMatch(/\b0 ô khác/);
    await summary.getByText(T['results.likertHeading']).waitFor();

    // 2. A pie: canvas drawn, and its SVG has one slice per shown non-zero answer.
    await page.getByTestId('chart-type').selectOption('pie');
    await expect.poll(() => page.getByTestId('result-chart').evaluate((c: HTMLCanvasElement) => c.width > 0)).toBe(true);
    const shownAnswers = await page
      .getByTestId('result-table')
      .first()
      .locator('tbody tr td:nth-child(2)')
      .allInnerTexts();
    const slicesExpected = shownAnswers.filter((t) => /^\d+$/.test(t.trim()) && Number(t) > 0).length;
    expect(slicesExpected).toBeGreaterThan(1);
    const pieDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: T['results.exportSvg'] }).click();
    const pieFile = await pieDownload;
    expect(pieFile.suggestedFilename()).toBe('safe_school.svg');
    const pie = await svgOf(page, pieFile);
    expect(pie).not.toBeNull();
    expect(pie!.slices).toBe(slicesExpected);
    expect(pie!.texts).toContain(survey.questions.find((q) => q.name === 'safe_school')!.label.vi);
    await page.getByTestId('result-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-pie');

    // The diverging chart by sex, with the summary per group.
    await page.getByTestId('by').selectOption('sex');
    await page.getByTestId('chart-type').selectOption('likert');
    await expect.poll(() => summary.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    const likertDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: T['results.exportSvg'] }).click();
    const diverging = await svgOf(page, await likertDownload);
    expect(diverging).not.toBeNull();
    expect(diverging!.bars).toBeGreaterThan(4);
    expect(diverging!.texts).toEqual(expect.arrayContaining([T['results.chartAll'], 'Con gái', 'Con trai', 'Rất an toàn']));
    await summary.scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-likert-summary');

    // 3. A 3-way table: sex by province, in layers of age groups. One chart per layer anyone is in, titled with it.
    await page.getByTestId('by').selectOption('');
    await page.getByTestId('question').selectOption('sex');
    await page.getByTestId('by').selectOption('province');
    await page.getByTestId('chart-type').selectOption('grouped');
    await page.getByTestId('layer').selectOption('age');
    await page.getByTestId('buckets-age').waitFor();
    const layers = page.getByTestId('layer-charts');
    const table = await callApi<AnalysisTable>(server, 'analysis/table', { surveyId: survey.id, question: 'sex', by: 'province', layer: 'age', buckets: { age: [{ from: 8, to: 11 }, { from: 12, to: 14 }, { from: 15, to: 17 }] } });
    const drawable = ['8–11', '12–14', '15–17'].filter((layer) => table.layerTotals.find((t) => t.layer === layer)?.count !== 0);
    expect(drawable).toHaveLength(3);
    // Some cells are shown with this many children: the charts draw bars, not only marks.
    expect(table.cells.filter((c) => c.count !== null && c.count >= 5).length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => layers.locator('canvas').count()).toBe(drawable.length);
    const captions = await layers.locator('figure').evaluateAll((figures) => figures.map((f) => f.getAttribute('aria-label') ?? ''));
    drawable.forEach((layer, i) => expect(captions[i]).toContain(layer));
    const layerDownload = page.waitForEvent('download');
    await layers.getByRole('button', { name: T['results.exportSvg'] }).nth(1).click();
    const layerFile = await layerDownload;
    expect(layerFile.suggestedFilename()).toBe(`sex-province-age-${drawable[1]}.svg`);
    const layerSvg = await svgOf(page, layerFile);
    expect(layerSvg!.texts.some((t) => t.includes(drawable[1]!))).toBe(true);
    expect(layerSvg!.texts).toEqual(expect.arrayContaining(['Con gái', 'Con trai']));
    await layers.scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-layers');

    // 4. In English: the summary's headings and the chart's words follow the interface language.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByTestId('layer').selectOption('');
    await page.getByTestId('by').selectOption('');
    await page.getByTestId('question').selectOption('safe_school');
    await summary.getByText(E['results.likertHeading']).waitFor();
    await summary.getByRole('columnheader', { name: E['results.likertAgree'] }).waitFor();
    await page.getByTestId('chart-type').selectOption('doughnut');
    const doughnutDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: E['results.exportSvg'] }).click();
    const doughnut = await svgOf(page, await doughnutDownload);
    expect(doughnut!.slices).toBe(slicesExpected);
    expect(doughnut!.texts).toEqual(expect.arrayContaining(['Very safe', 'Safe']));
    expect(browser.errors).toEqual([]);
  }, 180_000);
});
