import fs from 'node:fs';
import * as XLSX from 'xlsx';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { vi as T } from '../../core/i18n/vi';
import type { AnalysisView, SavedAnalysis } from '../../core/api/analysis';
import type { Survey, SurveySummary } from '../../core/survey/model';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { callApi, startServer, type RunningServer } from './helpers/server';
import { CONSULTATION_FILE, openResults, prepareConsultation } from './helpers/consultation';

const NAME_VI = 'An toàn ở trường theo giới tính, một tỉnh';
const NAME_EN = 'Safety at school by sex, one province';

/** The chip text of the province filter: "<question label> = <province label>". */
const chip = (page: Page) => page.locator('.chip').first();

/** A researcher keeps the tables of a report in the project file: saves a view by name, works on, comes back to it. */
describe('Results: saved analyses and the working view in the project file (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let survey: Survey;
  let province: { name: string; label: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ prepare: prepareConsultation }),
      openBrowser(),
    ]);
    await callApi(server, 'project/open', { file: CONSULTATION_FILE });
    const [summary] = await callApi<SurveySummary[]>(server, 'survey/list', {});
    survey = await callApi<Survey>(server, 'survey/get', { surveyId: summary!.id });
    const list = survey.choiceLists[survey.questions.find((q) => q.name === 'province')!.listName!]!;
    province = { name: list[0]!.name, label: list[0]!.label.vi! };
    // 40 children in two provinces, girls and boys, with safe_school answered 1–4.
    const enter = async (i: number) => {
      const { id } = await callApi<{ id: string }>(server, 'response/create', { surveyId: survey.id });
      const answer = (question: string, value: string) => callApi(server, 'response/answer', { responseId: id, question, value });
      await answer('guardian_consent', 'yes');
      await answer('assent', 'yes');
      await answer('age', String(9 + (i % 8)));
      await answer('sex', i % 2 === 0 ? 'girl' : 'boy');
      await answer('province', i < 24 ? list[0]!.name : list[1]!.name);
      await answer('safe_school', String(1 + (i % 4)));
      await callApi(server, 'response/complete', { responseId: id });
    };
    for (let i = 0; i < 40; i += 8) await Promise.all(Array.from({ length: 8 }, (_, k) => enter(i + k)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  const view = () => callApi<AnalysisView>(server, 'analysis/view', { surveyId: survey.id });

  it('saves a view by name, autosaves the working view to the file, and restores both', async () => {
    const { page } = browser;
    await openResults(page, server, survey);
    await page.getByText(T['results.saved.empty']).waitFor();

    // 1. Build a view: safe_school by sex, only the first province, grouped bars.
    await page.getByTestId('question').selectOption('safe_school');
    await page.getByTestId('by').selectOption('sex');
    await page.getByTestId('filter-question').selectOption('province');
    await page.getByTestId('filter-value').selectOption(province.name);
    await page.getByRole('button', { name: T['results.filterAdd'] }).click();
    await chip(page).filter({ hasText: province.label }).waitFor();
    await page.getByTestId('chart-type').selectOption('grouped');
    // The working view reaches the project file by itself (not the browser's storage).
    await expect
      .poll(async () => {
        const v = await view();
        return [v.spec?.question, v.spec?.by, v.spec?.chartType, v.spec?.filter.length];
      })
      .toEqual(['safe_school', 'sex', 'grouped', 1]);

    // 2. Save it with a name in both languages.
    await page.getByRole('button', { name: T['results.saved.saveAs'] }).click();
    await page.getByLabel(T['results.saved.nameVi']).fill(NAME_VI);
    await page.getByLabel(T['results.saved.nameEn']).fill(NAME_EN);
    await page.getByTestId('saved-name-form').getByRole('button', { name: T['results.saved.save'], exact: true }).click();
    await page.getByTestId('saved-list').getByRole('button', { name: NAME_VI, exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('saved-open').innerText()).toContain(T['results.saved.opened'].replace('{title}', NAME_VI));
    expect(await page.getByTestId('saved-state').getAttribute('data-dirty')).toBe('false');
    const [saved] = await callApi<SavedAnalysis[]>(server, 'analysis/saved', { surveyId: survey.id });
    expect(saved).toMatchObject({ title: { vi: NAME_VI, en: NAME_EN }, missing: [], spec: { question: 'safe_school', by: 'sex', chartType: 'grouped', percentBy: 'column' } });
    expect(saved!.spec.filter).toEqual([{ type: 'choice', question: 'province', values: [province.name], match: 'any', negate: false }]);

    // A second one, all children by province, then moved to the top of the list.
    await page.getByRole('button', { name: T['results.filterClear'] }).click();
    await page.getByTestId('by').selectOption('province');
    await page.getByLabel(T['results.percentRow']).check();
    await expect.poll(() => page.getByTestId('saved-state').getAttribute('data-dirty')).toBe('true');
    await page.getByRole('button', { name: T['results.saved.saveAs'] }).click();
    await page.getByLabel(T['results.saved.nameVi']).fill('An toàn ở trường theo tỉnh');
    await page.getByTestId('saved-name-form').getByRole('button', { name: T['results.saved.save'], exact: true }).click();
    await page.getByTestId('saved-list').getByRole('button', { name: 'An toàn ở trường theo tỉnh', exact: true }).waitFor();
    await page.getByRole('button', { name: T['results.saved.moveUp'].replace('{title}', 'An toàn ở trường theo tỉnh') }).click();
    await expect.poll(() => page.getByTestId('saved-list').locator('.saved-title').allInnerTexts()).toEqual(['An toàn ở trường theo tỉnh', NAME_VI]);

    // 3. Change the view: stacked chart. It is marked as changed against the open analysis.
    await page.getByTestId('chart-type').selectOption('stacked');
    await expect.poll(() => page.getByTestId('saved-state').innerText()).toBe(T['results.saved.unsaved']);
    await expect.poll(async () => (await view()).spec?.chartType).toBe('stacked');

    // 4. Reload: the working view comes back from the file, still marked as changed.
    await page.reload();
    await page.getByTestId('saved-list').waitFor();
    await expect.poll(() => page.getByTestId('by').inputValue()).toBe('province');
    expect(await page.getByTestId('chart-type').inputValue()).toBe('stacked');
    expect(await page.getByRole('radio', { name: T['results.percentRow'], exact: true }).isChecked()).toBe(true);
    expect(await page.locator('.chip').count()).toBe(0);
    expect(await page.getByTestId('saved-state').innerText()).toBe(T['results.saved.unsaved']);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tiengnoi.results.')))).toEqual([]);

    // 5. Open the first saved analysis: question, disaggregation, filter and chart type as saved.
    await page.getByTestId('saved-list').getByRole('button', { name: NAME_VI, exact: true }).click();
    await chip(page).filter({ hasText: province.label }).waitFor();
    await expect.poll(() => page.getByTestId('by').inputValue()).toBe('sex');
    expect(await page.getByTestId('question').inputValue()).toBe('safe_school');
    expect(await page.getByTestId('chart-type').inputValue()).toBe('grouped');
    expect(await page.getByRole('radio', { name: T['results.percentColumn'], exact: true }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('saved-state').innerText()).toBe(T['results.saved.upToDate']);
    await expect.poll(() => page.getByText(/Số phiếu hoàn chỉnh qua bộ lọc: 24\./).count()).toBe(1);
    await expect.poll(async () => (await view()).savedId).toBe(saved!.id);
    await page.getByTestId('result-chart').scrollIntoViewIfNeeded();
    await page.getByTestId('saved-analyses').scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-saved');

    // 6. Delete the other one, undo, and it is back in its place.
    await page.getByRole('button', { name: T['results.saved.deleteOf'].replace('{title}', 'An toàn ở trường theo tỉnh') }).click();
    await expect.poll(() => page.getByTestId('saved-list').locator('.saved-title').allInnerTexts()).toEqual([NAME_VI]);
    await page.getByRole('button', { name: T['results.saved.undo'] }).click();
    await expect.poll(() => page.getByTestId('saved-list').locator('.saved-title').allInnerTexts()).toEqual(['An toàn ở trường theo tỉnh', NAME_VI]);

    // 6b. Rows and columns swap, and back (the percentages keep their meaning: column ↔ row).
    await page.getByTestId('swap').click();
    await expect.poll(() => page.getByTestId('question').inputValue()).toBe('sex');
    expect(await page.getByTestId('by').inputValue()).toBe('safe_school');
    expect(await page.getByRole('radio', { name: T['results.percentRow'], exact: true }).isChecked()).toBe(true);
    await page.getByTestId('swap').click();
    await expect.poll(() => page.getByTestId('question').inputValue()).toBe('safe_school');
    expect(await page.getByRole('radio', { name: T['results.percentColumn'], exact: true }).isChecked()).toBe(true);

    // 6c. Every saved analysis in one workbook for the report: contents, then a sheet each, counts as numbers.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
    const book = XLSX.read(fs.readFileSync((await report.path())!), { type: 'buffer' });
    expect(book.SheetNames).toEqual([T['results.reportContents'], 'An toàn ở trường theo tỉnh', NAME_VI.slice(0, 31)]);
    const sheet = XLSX.utils.sheet_to_json<(string | number)[]>(book.Sheets[book.SheetNames[2]!]!, { header: 1, blankrows: true });
    expect(sheet[0]).toEqual([NAME_VI]);
    expect(String(sheet[1]![0])).toContain(province.label);
    const totalRow = sheet.find((row) => row[0] === T['results.totalRow'])!;
    // the grand total, last in the row, is the 24 children of the filtered province, as a number
    expect(totalRow.at(-1)).toBe(24);
    // the protection note travels with the table
    expect(sheet.some((row) => /^(Bảo vệ ô nhỏ|Ô có dưới)/.test(String(row[0] ?? '')))).toBe(true);
    await page.getByRole('status').filter({ hasText: T['results.reportDone'].replace('{count}', '2') }).waitFor();

    // 7. The next version of the survey drops the province question: the view and the saved analysis still open,
    // without the province filter, and say which question is gone.
    const { title, questions, choiceLists } = await callApi<Survey>(server, 'survey/get', { surveyId: survey.id });
    await callApi(server, 'survey/save', { surveyId: survey.id, title, questions: questions.filter((q) => q.name !== 'province'), choiceLists });
    await page.reload();
    await page.getByTestId('saved-missing').waitFor();
    expect(await page.getByTestId('saved-missing').innerText()).toBe(T['results.saved.viewMissing'].replace('{questions}', 'province'));
    await expect.poll(() => page.getByTestId('by').inputValue()).toBe('sex');
    expect(await page.locator('.chip').count()).toBe(0);
    await page.getByTestId('saved-list').getByRole('button', { name: 'An toàn ở trường theo tỉnh', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('saved-missing').innerText())
      .toBe(T['analysis.error.savedMissing'].replace('{title}', 'An toàn ở trường theo tỉnh').replace('{questions}', 'province'));
    await expect.poll(() => page.getByTestId('by').inputValue()).toBe('');
    expect(await page.getByTestId('question').inputValue()).toBe('safe_school');
    expect(browser.errors).toEqual([]);
  }, 180_000);
});
