import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { newProjectWithCli, startServer, type RunningServer } from './helpers/server';

/**
 * The main screens in Vietnamese (the default), each checked for what a facilitator needs to see
 * and saved as a screenshot for review: home, designer (with a problem to fix), entry.
 */

const UI_PROJECT = 'Diễn đàn trẻ em Lào Cai 2026';
const CLI_PROJECT = 'Tham vấn trẻ em Hà Giang 2025';
const CLI_FILE = 'ha-giang-2025.tiengnoi';
const SURVEY_TITLE = { vi: 'Khảo sát an toàn ở trường', en: 'School safety survey' };
const SAFE_QUESTION = { vi: 'Em có cảm thấy an toàn ở trường không?', en: 'Do you feel safe at school?' };
const CHOICES = [
  { vi: 'Có', en: 'Yes' },
  { vi: 'Không', en: 'No' },
  { vi: 'Không chắc', en: 'Not sure' },
];
const OPEN_QUESTION = { vi: 'Điều gì giúp em thấy an toàn hơn?', en: 'What would make you feel safer?' };
const AGE_QUESTION = { vi: 'Em bao nhiêu tuổi?', en: 'How old are you?' };

describe('main screens (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({
        // A project prepared beforehand on the command line, as an organiser might.
        prepare: ({ projectsDir, configDir }) => {
          const out = newProjectWithCli(path.join(projectsDir, CLI_FILE), CLI_PROJECT, configDir);
          expect(out).toContain(`Đã tạo dự án "${CLI_PROJECT}"`);
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

  it('home lists the projects made in the app and on the command line', async () => {
    await page.goto(server.openUrl);
    await page.waitForURL(server.url);
    await page.getByRole('heading', { level: 1, name: 'Dự án khảo sát' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByText('Dự án trên máy này').waitFor();
    // The CLI project is already there.
    await page.getByRole('listitem').filter({ hasText: CLI_PROJECT }).waitFor();

    await page.getByLabel('Tên dự án').fill(UI_PROJECT);
    await page.getByRole('button', { name: 'Tạo dự án' }).click();
    await page.getByRole('heading', { level: 1, name: UI_PROJECT }).waitFor();
    await page.getByText('Dự án chưa có khảo sát nào. Hãy tạo khảo sát đầu tiên.').waitFor();

    await page.getByRole('button', { name: /Tiếng Nói/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Dự án khảo sát' }).waitFor();
    const rows = page.getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);
    // Sorted by title, Vietnamese order: "Diễn đàn…" before "Tham vấn…".
    expect(await rows.locator('strong').allInnerTexts()).toEqual([UI_PROJECT, CLI_PROJECT]);
    for (const [title, file] of [
      [UI_PROJECT, 'dien-dan-tre-em-lao-cai-2026.tiengnoi'],
      [CLI_PROJECT, CLI_FILE],
    ] as const) {
      const row = rows.filter({ hasText: title });
      expect(await row.innerText()).toMatch(new RegExp(`${file.replace(/\./g, '\\.')} · 0 phiếu hoàn chỉnh`));
      expect(await row.getByRole('button', { name: 'Mở' }).isEnabled()).toBe(true);
      expect(await row.locator('.problem').count()).toBe(0);
    }
    await page.getByText(`Thư mục lưu dự án: ${server.projectsDir}`).waitFor();
    // The open project is named in the header.
    await page.getByRole('banner').getByRole('button', { name: UI_PROJECT }).waitFor();
    await screenshot(page, 'home-vi');
  });

  it('the designer shows the questions and names the one still without text', async () => {
    await page.getByRole('listitem').filter({ hasText: UI_PROJECT }).getByRole('button', { name: 'Mở' }).click();
    await page.getByRole('heading', { level: 1, name: UI_PROJECT }).waitFor();
    await page.getByLabel('Tên khảo sát (tiếng Việt)').fill(SURVEY_TITLE.vi);
    await page.getByLabel('Tên khảo sát (tiếng Anh)').fill(SURVEY_TITLE.en);
    await page.getByRole('button', { name: 'Tạo khảo sát' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thiết kế khảo sát' }).waitFor();
    await page.getByText('Chưa có câu hỏi nào. Chọn loại câu hỏi bên dưới để thêm.').waitFor();

    await page.getByRole('button', { name: '+ Một lựa chọn' }).click();
    const q1 = page.getByRole('article', { name: 'Câu 1', exact: true });
    await q1.getByLabel('Câu hỏi (tiếng Việt)').fill(SAFE_QUESTION.vi);
    await q1.getByLabel('Câu hỏi (tiếng Anh)').fill(SAFE_QUESTION.en);
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

    // A third question, added and not yet written.
    await page.getByRole('button', { name: '+ Số nguyên' }).click();
    const q3 = page.getByRole('article', { name: 'Câu 3', exact: true });
    await q3.getByRole('heading', { name: 'Câu 3 · Số nguyên' }).waitFor();

    await page.locator('.save-status').filter({ hasText: '✓ Đã lưu' }).waitFor();
    const problems = page.locator('.problems');
    await problems.getByText('Cần sửa trước khi nhập câu trả lời:').waitFor();
    expect(await problems.getByRole('listitem').allInnerTexts()).toEqual(['Câu 3 chưa có nội dung.']);
    expect(await page.getByRole('button', { name: 'Xong, đi nhập câu trả lời' }).isDisabled()).toBe(true);
    await q1.getByRole('heading', { name: 'Câu 1 · Một lựa chọn' }).waitFor();
    await q2.getByRole('heading', { name: 'Câu 2 · Trả lời tự do' }).waitFor();
    expect(await q1.getByLabel('Bắt buộc trả lời').isChecked()).toBe(true);
    // Once its text is written, the question's placeholder name (q1) is made from the text, preferring the
    // English text; choice codes are numbers.
    expect(await q1.getByLabel('Tên biến').inputValue()).toBe('do_you_feel_safe_at_school');
    expect(await q1.locator('.choice-row .code').allInnerTexts()).toEqual(['1', '2', '3']);
    await page.getByText('Thay đổi được lưu tự động.').waitFor();
    await screenshot(page, 'designer-vi');

    // Writing the third question clears the problem and lets the survey be used.
    await q3.getByLabel('Câu hỏi (tiếng Việt)').fill(AGE_QUESTION.vi);
    await q3.getByLabel('Câu hỏi (tiếng Anh)').fill(AGE_QUESTION.en);
    await expect.poll(() => problems.count()).toBe(0);
    await page.getByRole('button', { name: 'Xong, đi nhập câu trả lời' }).click();
  });

  it('entry shows a response in progress with its saved answer', async () => {
    await page.getByRole('heading', { level: 1, name: `Nhập câu trả lời: ${SURVEY_TITLE.vi}` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Đã lưu 0 phiếu hoàn chỉnh.' }).waitFor();
    await page.getByRole('button', { name: 'Bắt đầu phiếu mới' }).click();
    await page.getByRole('heading', { name: 'Phiếu số 1', exact: true }).waitFor();

    const answers = page.locator('fieldset.answer');
    expect(await answers.count()).toBe(3);
    expect(await answers.locator('legend').allInnerTexts()).toEqual([
      `1. ${SAFE_QUESTION.vi} (bắt buộc)`,
      `2. ${OPEN_QUESTION.vi}`,
      `3. ${AGE_QUESTION.vi}`,
    ]);
    expect(await answers.nth(0).locator('label.option').allInnerTexts()).toEqual(CHOICES.map((c, i) => `${i + 1}\n${c.vi}`));
    expect(await answers.nth(1).getByRole('textbox').getAttribute('placeholder')).toBe('Viết câu trả lời ở đây');

    await answers.nth(0).locator('label.option').filter({ has: page.getByText(CHOICES[1]!.vi, { exact: true }) }).click();
    await answers.nth(0).locator('.answer-status').getByText('✓ Đã lưu câu trả lời').waitFor();
    expect(await page.getByText('✓ Đã lưu câu trả lời').count()).toBe(1);
    expect(await answers.nth(0).getByRole('radio').nth(1).isChecked()).toBe(true);
    // Still in progress: nothing is counted as complete yet.
    await page.getByRole('status').filter({ hasText: 'Đã lưu 0 phiếu hoàn chỉnh.' }).waitFor();
    await page.getByRole('button', { name: 'Hoàn thành phiếu' }).waitFor();
    await screenshot(page, 'entry-vi');

    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
