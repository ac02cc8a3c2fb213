import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { vi as T } from '../../core/i18n/vi';
import type { ResponseDetail, ResponseSummary } from '../../core/api/response';
import type { Survey } from '../../core/survey/model';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { callApi, startServer, type RunningServer } from './helpers/server';

/** Double entry: a paper typed with a code, typed again blind by someone else, the difference settled. */
describe('double entry of a paper form (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let surveyId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
    await callApi(server, 'project/create', { title: 'Đối chiếu phiếu' });
    const survey = await callApi<Survey>(server, 'survey/create', { title: { vi: 'Phiếu hỏi em' } });
    surveyId = survey.id;
    await callApi(server, 'survey/save', {
      surveyId,
      title: survey.title,
      questions: [
        { name: 'sex', type: 'select_one', label: { vi: 'Giới tính' }, listName: 'sex' },
        { name: 'age', type: 'integer', label: { vi: 'Tuổi' } },
      ],
      choiceLists: { sex: [{ name: '1', label: { vi: 'Nữ' } }, { name: '2', label: { vi: 'Nam' } }] },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('types a paper with its code, types it again blind, and settles the one difference', async () => {
    const { page } = browser;
    await page.goto(server.openUrl);
    await page.waitForURL(`${server.url}#/project`);
    await page.goto(`${server.url}#/survey/${surveyId}/enter`);
    await page.getByRole('button', { name: T['entry.start'] }).click();

    // First typing: the paper's own code, then the answers by keyboard.
    await page.getByRole('heading', { name: T['entry.responseNumber'].replace('{number}', '1') }).waitFor();
    const code = page.locator('.answer-form').getByLabel(T['entry.paperCode'], { exact: true });
    expect(await code.inputValue()).toBe('1');
    await code.fill('CB-042');
    await code.press('Enter');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.keyboard.type('12');
    await page.keyboard.press('Control+s');
    await page.getByRole('status').filter({ hasText: T['entry.completed'].replace('{count}', '1') }).waitFor();

    // Second typing, blind: nothing of the first shows; the age is mistyped.
    await page.locator('.verify-form').getByLabel(T['entry.paperCode'], { exact: true }).fill('CB-042');
    await page.getByRole('button', { name: T['entry.verifyStart'] }).click();
    await page.getByRole('heading', { name: T['entry.verifying'].replace('{code}', 'CB-042') }).waitFor();
    expect(await page.locator('.answer-form input:checked').count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Tuổi' }).inputValue()).toBe('');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.keyboard.type('21');
    await page.keyboard.press('Control+s');

    // The difference, question by question; the supervisor keeps the first typing.
    const review = page.locator('.double-entry');
    await review.getByText(T['double.intro'].replace('{count}', '1')).waitFor();
    const row = review.getByRole('row', { name: /Tuổi/ });
    expect(await row.innerText()).toContain('12');
    expect(await row.innerText()).toContain('21');
    await screenshot(page, 'double-entry');
    await row.getByRole('button', { name: T['double.keepFirst'] }).click();
    await review.getByText(T['double.agree']).waitFor();
    // Still one paper counted: the second typing is a check.
    await page.getByRole('status').filter({ hasText: T['entry.completed'].replace('{count}', '1') }).waitFor();

    // One paper in the survey, with the settled age; the second typing counts for nothing.
    const responses = await callApi<ResponseSummary[]>(server, 'response/list', { surveyId });
    expect(responses.map((r) => r.paperCode)).toEqual(['CB-042']);
    const stored = await callApi<ResponseDetail>(server, 'response/get', { responseId: responses[0]!.id });
    expect(stored.answers).toEqual({ sex: '1', age: '12' });
    expect(browser.errors).toEqual([]);
  });
});
