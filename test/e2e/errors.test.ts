import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { newProjectWithCli, startServer, type RunningServer } from './helpers/server';

/** Bad input as a user meets it: a file that is not a project, a required question skipped, a reload mid-response. */

const GOOD_PROJECT = 'Tham vấn trẻ em Sơn La 2026';
const GOOD_FILE = 'son-la-2026.tiengnoi';
const BROKEN_FILE = 'broken.tiengnoi';
const SURVEY_TITLE = { vi: 'Khảo sát sân chơi', en: 'Playground survey' };
const REQUIRED_QUESTION = { vi: 'Em có chỗ chơi an toàn gần nhà không?', en: 'Is there a safe place to play near your home?' };
const CHOICES = [
  { vi: 'Có', en: 'Yes' },
  { vi: 'Không', en: 'No' },
];
const OPEN_QUESTION = { vi: 'Em muốn có thêm gì ở sân chơi?', en: 'What would you add to the playground?' };

describe('errors a user meets (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let page: Page;
  const counter = (n: number) => page.getByRole('status').filter({ hasText: `Đã lưu ${n} phiếu hoàn chỉnh.` });
  const answers = () => page.locator('fieldset.answer');

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({
        prepare: ({ projectsDir, configDir }) => {
          // Someone saved a text file under a project name (or a copy went wrong).
          fs.writeFileSync(path.join(projectsDir, BROKEN_FILE), 'Danh sách trẻ em tham gia buổi tham vấn\nLớp 5A: 12 em\n', 'utf8');
          newProjectWithCli(path.join(projectsDir, GOOD_FILE), GOOD_PROJECT, configDir);
        },
      }),
      openBrowser(),
    ]);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('a file that is not a project is listed with a clear message and cannot be opened', async () => {
    await page.goto(server.openUrl);
    await page.waitForURL(server.url);
    await page.getByRole('heading', { level: 1, name: 'Dự án khảo sát' }).waitFor();
    const rows = page.getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);

    const broken = rows.filter({ hasText: BROKEN_FILE });
    const problem = broken.locator('.problem');
    await problem.waitFor();
    const message = await problem.innerText();
    expect(message).toContain('không phải là tệp dự án Tiếng Nói');
    expect(message).toContain(BROKEN_FILE);
    expect(await broken.getByRole('button', { name: 'Mở' }).isDisabled()).toBe(true);
    // Nobody's data was changed: the text file is as it was.
    expect(fs.readFileSync(path.join(server.projectsDir, BROKEN_FILE), 'utf8')).toContain('Lớp 5A: 12 em');
    await screenshot(page, 'errors-home-vi');

    const good = rows.filter({ hasText: GOOD_PROJECT });
    expect(await good.locator('.problem').count()).toBe(0);
    // Opening is held back (as a large project being brought up to date would be): the row says so, and no second
    // open can start meanwhile.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/project/open', async (route) => {
      await held;
      await route.continue();
    });
    await good.getByRole('button', { name: 'Mở' }).click();
    const status = good.getByTestId('opening');
    await status.waitFor();
    expect(await status.innerText()).toContain('Đang mở');
    expect(await good.getByRole('button', { name: 'Mở' }).isDisabled()).toBe(true);
    await screenshot(page, 'home-opening');
    release();
    await page.getByRole('heading', { level: 1, name: GOOD_PROJECT }).waitFor();
    await page.unroute('**/api/project/open');
    expect(await page.locator('.error-banner').count()).toBe(0);
  });

  it('finishing a response with a required question unanswered names the question and counts nothing', async () => {
    // A survey with one required choice question and one optional open question.
    await page.getByLabel('Tên khảo sát (tiếng Việt)').fill(SURVEY_TITLE.vi);
    await page.getByLabel('Tên khảo sát (tiếng Anh)').fill(SURVEY_TITLE.en);
    await page.getByRole('button', { name: 'Tạo khảo sát' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thiết kế khảo sát' }).waitFor();
    await page.getByRole('button', { name: '+ Một lựa chọn' }).click();
    const q1 = page.getByRole('article', { name: 'Câu 1', exact: true });
    await q1.getByLabel('Câu hỏi (tiếng Việt)').fill(REQUIRED_QUESTION.vi);
    await q1.getByLabel('Câu hỏi (tiếng Anh)').fill(REQUIRED_QUESTION.en);
    for (const [i, choice] of CHOICES.entries()) {
      await q1.getByRole('button', { name: '+ Thêm lựa chọn' }).click();
      await q1.getByRole('textbox', { name: 'Lựa chọn (tiếng Việt)', exact: true }).nth(i).fill(choice.vi);
      await q1.getByRole('textbox', { name: 'Lựa chọn (tiếng Anh)', exact: true }).nth(i).fill(choice.en);
    }
    await q1.getByLabel('Bắt buộc trả lời').check();
    await page.getByRole('button', { name: '+ Trả lời tự do' }).click();
    const q2 = page.getByRole('article', { name: 'Câu 2', exact: true });
    await q2.getByLabel('Câu hỏi (tiếng Việt)').fill(OPEN_QUESTION.vi);
    await q2.getByLabel('Câu hỏi (tiếng Anh)').fill(OPEN_QUESTION.en);
    await q2.getByLabel('Câu hỏi (tiếng Anh)').press('Tab');
    await page.locator('.save-status').filter({ hasText: '✓ Đã lưu' }).waitFor();
    await page.getByRole('button', { name: 'Xong, đi nhập câu trả lời' }).click();

    await page.getByRole('heading', { level: 1, name: `Nhập câu trả lời: ${SURVEY_TITLE.vi}` }).waitFor();
    await counter(0).waitFor();
    await page.getByRole('button', { name: 'Bắt đầu phiếu mới' }).click();
    await page.getByRole('heading', { name: 'Phiếu số 1', exact: true }).waitFor();

    // Only the optional question is answered.
    await answers().nth(1).getByRole('textbox').fill('Thêm cây xanh và ghế đá.');
    await page.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
    const alert = page.locator('.answer-form').getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(`Còn câu bắt buộc chưa trả lời: ${REQUIRED_QUESTION.vi}`);
    // Still the same response, with its answer; nothing counted as complete.
    await page.getByRole('heading', { name: 'Phiếu số 1', exact: true }).waitFor();
    expect(await answers().nth(1).getByRole('textbox').inputValue()).toBe('Thêm cây xanh và ghế đá.');
    await counter(0).waitFor();
    expect(await page.getByRole('button', { name: 'Phiếu tiếp theo' }).count()).toBe(0);
    // The question itself is marked, and the focus is taken there.
    await answers().nth(0).getByText('Cần trả lời câu này.').waitFor();
    expect(await answers().nth(0).getAttribute('data-invalid')).toBe('true');
    expect(await answers().nth(0).getByRole('radio').first().evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'errors-required-vi');

    // Answering it lets the response be finished, and the message goes.
    await answers().nth(0).locator('label.option').filter({ has: page.getByText(CHOICES[0]!.vi, { exact: true }) }).click();
    await answers().nth(0).locator('.answer-status').getByText('✓ Đã lưu câu trả lời').waitFor();
    await page.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
    await counter(1).waitFor();
    expect(await alert.count()).toBe(0);
  });

  it('reloading in the middle of a response comes back to the same screen and the response can be resumed', async () => {
    await page.getByRole('button', { name: 'Phiếu tiếp theo' }).click();
    await page.getByRole('heading', { name: 'Phiếu số 2', exact: true }).waitFor();
    await answers().nth(0).locator('label.option').filter({ has: page.getByText(CHOICES[1]!.vi, { exact: true }) }).click();
    await answers().nth(0).locator('.answer-status').getByText('✓ Đã lưu câu trả lời').waitFor();
    await answers().nth(1).getByRole('textbox').fill('Cầu trượt cho các em nhỏ.');
    await answers().nth(1).locator('.answer-status').getByText('✓ Đã lưu câu trả lời').waitFor();

    const before = page.url();
    expect(new URL(before).hash).toMatch(/^#\/survey\/[^/]+\/enter$/);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Nhập câu trả lời: ${SURVEY_TITLE.vi}` }).waitFor();
    expect(page.url()).toBe(before);
    // The project is still open (named in the header) and the completed response is still counted.
    await page.getByRole('banner').getByRole('button', { name: GOOD_PROJECT }).waitFor();
    await counter(1).waitFor();

    // The half-entered response is offered for resuming, with every answer saved before the reload.
    await screenshot(page, 'errors-reload-vi');
    expect(await page.locator('form.answer-form').count()).toBe(0);
    await page.getByRole('button', { name: 'Tiếp tục phiếu số 2' }).click();
    await page.getByRole('heading', { name: 'Phiếu số 2', exact: true }).waitFor();
    const checked = await answers().nth(0).getByRole('radio').evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).checked));
    expect(checked).toEqual([false, true]);
    expect(await answers().nth(1).getByRole('textbox').inputValue()).toBe('Cầu trượt cho các em nhỏ.');
    await page.getByRole('button', { name: 'Hoàn thành phiếu' }).click();
    await counter(2).waitFor();
    // A fresh response after it takes the next number; none is skipped.
    await page.getByRole('button', { name: 'Phiếu tiếp theo' }).click();
    await page.getByRole('heading', { name: 'Phiếu số 3', exact: true }).waitFor();

    // The unfinished response 3 is counted apart from the complete ones, the same way everywhere.
    await page.getByRole('banner').getByRole('button', { name: GOOD_PROJECT }).click();
    const surveyRow = page.getByRole('listitem').filter({ hasText: SURVEY_TITLE.vi });
    await surveyRow.getByText('2 phiếu hoàn chỉnh').waitFor();
    await surveyRow.getByRole('button', { name: 'Kết quả', exact: true }).click();
    // Both responses are counted: two children, shown protected as "< 5".
    await expect.poll(() => page.getByRole('table').getByRole('row', { name: /^Đã trả lời/ }).innerText()).toContain('< 5');
    await page.getByRole('button', { name: /Tiếng Nói/ }).click();
    const homeRow = page.getByRole('listitem').filter({ hasText: GOOD_PROJECT });
    await homeRow.getByText(`${GOOD_FILE} · 2 phiếu hoàn chỉnh · 1 phiếu đang nhập dở`).waitFor();

    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
