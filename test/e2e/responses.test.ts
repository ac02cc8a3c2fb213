import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { vi as T } from '../../core/i18n/vi';
import { translate } from '../../core/i18n/messages';
import type { ResponseDetail } from '../../core/api/response';
import type { HistoryEntry } from '../../core/api/responses';
import type { Survey } from '../../core/survey/model';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { isFocused } from './helpers/keyboard';
import { callApi, startServer, type RunningServer } from './helpers/server';

/**
 * The responses screen, as a facilitator checking the papers after a forum: find a response by a place name typed
 * without tone marks, correct an answer by keyboard and see it in the history, delete a duplicate with a reason
 * and see the counts change, then restore it.
 */
const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('vi', key, params);

const SURVEY = { vi: 'Ý kiến của em về trường học', en: 'Your views on school' };
const PROVINCE = { vi: 'Em sống ở tỉnh nào?', en: 'Which province do you live in?' };
const WHY = { vi: 'Điều gì làm em thích trường?', en: 'What do you like about school?' };

describe('responses screen (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('finds a response without tone marks, corrects an answer with its history, deletes with a reason and restores', async () => {
    // A survey and two complete responses, entered through the API.
    await callApi(server, 'project/create', { title: 'Diễn đàn trẻ em 2026' });
    const survey = await callApi<Survey>(server, 'survey/create', { title: SURVEY });
    await callApi(server, 'survey/save', {
      surveyId: survey.id,
      title: SURVEY,
      questions: [
        { name: 'province', type: 'select_one', label: PROVINCE, listName: 'prov' },
        { name: 'why', type: 'text', label: WHY },
      ],
      choiceLists: {
        prov: [
          { name: '01', label: { vi: 'Hà Nội', en: 'Hanoi' } },
          { name: '10', label: { vi: 'Lào Cai', en: 'Lao Cai' } },
        ],
      },
    });
    const ids: string[] = [];
    for (const [province, why] of [
      ['10', 'Có sân chơi rộng'],
      ['01', 'Thầy cô dạy dễ hiểu'],
    ]) {
      const response = await callApi<ResponseDetail>(server, 'response/create', { surveyId: survey.id });
      await callApi(server, 'response/answer', { responseId: response.id, question: 'province', value: province });
      await callApi(server, 'response/answer', { responseId: response.id, question: 'why', value: why });
      await callApi(server, 'response/complete', { responseId: response.id });
      ids.push(response.id);
    }

    const { page } = browser;
    await page.goto(server.openUrl);
    await page.getByRole('listitem').filter({ hasText: SURVEY.vi }).getByRole('button', { name: T['responses.open'], exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t('responses.heading', { survey: SURVEY.vi }) }).waitFor();
    expect(page.url()).toContain(`#/survey/${survey.id}/responses`);
    const counts = page.getByTestId('response-counts');
    const countsText = (total: number, complete: number, deleted: number) => t('responses.counts', { total, complete, draft: 0, deleted });
    await counts.getByText(countsText(2, 2, 0)).waitFor();
    const list = page.locator('table.response-list tbody tr');
    await expect.poll(() => list.count()).toBe(2);

    // Search without tone marks: the Lào Cai response only, its preview in labels, not codes.
    await page.getByLabel(T['responses.search']).fill('lao cai');
    await expect.poll(() => list.count()).toBe(1);
    expect(await list.first().locator('td.preview').innerText()).toBe('Lào Cai · Có sân chơi rộng');
    await counts.getByText(countsText(1, 1, 0)).waitFor();

    // Open it: answers read as labels.
    await page.getByRole('button', { name: t('responses.view', { number: 1 }) }).click();
    const detail = page.locator('section.detail');
    await detail.getByRole('heading', { name: t('responses.number', { number: 1 }) }).waitFor();
    expect(await isFocused(detail.getByRole('heading', { level: 2 }))).toBe(true);
    expect(await detail.locator('tr[data-answer="province"] td').innerText()).toContain('Lào Cai');

    // Correct the open answer by keyboard alone: Enter on "Sửa", type, Tab to the reason, Enter saves.
    const edit = detail.getByRole('button', { name: t('responses.editLabel', { question: WHY.vi }) });
    await edit.focus();
    await page.keyboard.press('Enter');
    const newValue = detail.getByRole('textbox', { name: T['responses.newValue'] });
    await newValue.waitFor();
    expect(await isFocused(newValue)).toBe(true);
    await page.keyboard.press('End');
    await page.keyboard.type(' và nhiều cây xanh');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Chép thiếu từ phiếu giấy');
    await page.keyboard.press('Enter');
    await detail.getByText(T['responses.editSaved']).waitFor();
    expect(await detail.locator('tr[data-answer="why"] td').innerText()).toContain('Có sân chơi rộng và nhiều cây xanh');
    const historyItems = detail.locator('ol.history li');
    await historyItems
      .filter({ hasText: t('responses.history.edit', { question: WHY.vi, old: 'Có sân chơi rộng', new: 'Có sân chơi rộng và nhiều cây xanh' }) })
      .filter({ hasText: t('responses.history.reason', { reason: 'Chép thiếu từ phiếu giấy' }) })
      .waitFor();
    expect(await historyItems.count()).toBe(3); // created, completed, corrected
    // Focus goes back to the edit button.
    expect(await isFocused(edit)).toBe(true);

    // Delete the other response: the reason is asked for first.
    await page.getByRole('button', { name: T['responses.clearFilters'] }).click();
    await expect.poll(() => list.count()).toBe(2);
    await page.getByRole('button', { name: t('responses.view', { number: 2 }) }).click();
    await detail.getByRole('heading', { name: t('responses.number', { number: 2 }) }).waitFor();
    await detail.getByRole('button', { name: T['responses.delete'] }).click();
    await detail.getByRole('heading', { name: t('responses.deleteTitle', { number: 2 }) }).waitFor();
    await detail.getByRole('button', { name: T['responses.confirmDelete'] }).click();
    await detail.getByRole('alert').filter({ hasText: T['responses.deleteReasonMissing'] }).waitFor();
    await detail.getByLabel(T['responses.deleteReason']).fill('Nhập trùng phiếu số 1');
    await detail.getByRole('button', { name: T['responses.confirmDelete'] }).click();
    await counts.getByText(countsText(1, 1, 1)).waitFor();
    await expect.poll(() => list.count()).toBe(1);
    await detail.getByText(t('responses.deleted', { number: 2 })).waitFor();
    await detail.getByRole('button', { name: T['responses.restore'] }).waitFor();
    await historyItems.filter({ hasText: T['responses.history.delete'] }).filter({ hasText: 'Nhập trùng phiếu số 1' }).waitFor();
    expect(await page.locator('.error-banner').count()).toBe(0);
    await screenshot(page, 'responses');

    // The deleted response is listed under "Đã xoá", and restoring brings the counts back.
    await page.getByRole('combobox', { name: T['responses.status'] }).selectOption('deleted');
    // The list had one row before the filter too: wait for the deleted one, not just for one row.
    await expect.poll(() => list.first().innerText()).toContain('Nhập trùng phiếu số 1');
    expect(await list.count()).toBe(1);
    await detail.getByRole('button', { name: T['responses.restore'] }).click();
    await counts.getByText(countsText(2, 2, 0)).waitFor();
    await expect.poll(() => list.count()).toBe(0);

    // The project file has the correction with who, when, old and new value.
    const history = await callApi<HistoryEntry[]>(server, 'response/history', { responseId: ids[0] });
    expect(history.find((h) => h.action === 'edit')?.detail).toEqual({
      question: 'why',
      old: 'Có sân chơi rộng',
      new: 'Có sân chơi rộng và nhiều cây xanh',
      reason: 'Chép thiếu từ phiếu giấy',
    });
    expect(browser.errors).toEqual([]);
  });

  it('lists a long survey a page at a time, and a search starts again from the top', async () => {
    await callApi(server, 'project/create', { title: 'Diễn đàn trẻ em tỉnh' });
    const survey = await callApi<Survey>(server, 'survey/create', { title: SURVEY });
    await callApi(server, 'survey/save', { surveyId: survey.id, title: SURVEY, questions: [{ name: 'why', type: 'text', label: WHY }], choiceLists: {} });
    // 250 papers typed in; every tenth child likes the garden.
    const enter = async (n: number) => {
      const response = await callApi<ResponseDetail>(server, 'response/create', { surveyId: survey.id });
      await callApi(server, 'response/answer', { responseId: response.id, question: 'why', value: n % 10 === 0 ? `Vườn trường đẹp (${n})` : `Bạn bè vui (${n})` });
      await callApi(server, 'response/complete', { responseId: response.id });
    };
    for (let n = 1; n <= 250; n += 25) await Promise.all(Array.from({ length: 25 }, (_, i) => enter(n + i)));

    const { page } = browser;
    await page.goto(server.openUrl);
    await page.getByRole('listitem').filter({ hasText: SURVEY.vi }).getByRole('button', { name: T['responses.open'], exact: true }).click();
    const list = page.locator('table.response-list tbody tr');
    const shown = (n: number, of: number) => page.getByText(t('responses.shown', { shown: n, matched: of }));
    const more = page.getByRole('button', { name: T['responses.showMore'] });
    await shown(100, 250).waitFor();
    expect(await list.count()).toBe(100);
    await screenshot(page, 'responses-more');
    await more.click();
    await shown(200, 250).waitFor();
    expect(await list.count()).toBe(200);
    expect(await list.nth(199).locator('th').innerText()).toBe('200');
    await more.click();
    await shown(250, 250).waitFor();
    expect(await list.count()).toBe(250);
    expect(await more.count()).toBe(0);

    // A search lists its own matches from the first one. One that takes a while (held back here) says so.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/response/search', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel(T['responses.search']).fill('vuon truong');
    await page.getByTestId('response-counts').getByText(T['responses.searching']).waitFor();
    release();
    await shown(25, 25).waitFor();
    await page.unroute('**/api/response/search');
    expect(await page.getByText(T['responses.searching']).count()).toBe(0);
    expect(await list.count()).toBe(25);
    expect(await list.first().locator('td.preview').innerText()).toBe('Vườn trường đẹp (10)');
    await page.getByRole('button', { name: T['responses.clearFilters'] }).click();
    await shown(100, 250).waitFor();
    expect(browser.errors).toEqual([]);
  });
});
