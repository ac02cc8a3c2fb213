import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { projectFiles, projectInfo, startServer, type RunningServer } from './helpers/server';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';
import { translate } from '../../core/i18n/messages';

/**
 * The thin path, as a facilitator would do it: create a project and a bilingual survey, design two
 * questions, enter three responses, read the results. Once in each interface language.
 */

type Lang = 'vi' | 'en';

/** The texts a user sees, copied from core/i18n/{vi,en}.ts: a changed or untranslated text fails the test. */
const UI = {
  vi: {
    homeTitle: 'Dự án khảo sát',
    projectName: 'Tên dự án',
    createProject: 'Tạo dự án',
    surveys: 'Khảo sát',
    surveyTitleVi: 'Tên khảo sát (tiếng Việt)',
    surveyTitleEn: 'Tên khảo sát (tiếng Anh)',
    createSurvey: 'Tạo khảo sát',
    designerTitle: 'Thiết kế khảo sát',
    addSelectOne: '+ Một lựa chọn',
    addText: '+ Trả lời tự do',
    question: (n: number) => `Câu ${n}`,
    labelVi: 'Câu hỏi (tiếng Việt)',
    labelEn: 'Câu hỏi (tiếng Anh)',
    addChoice: '+ Thêm lựa chọn',
    choiceVi: 'Lựa chọn (tiếng Việt)',
    choiceEn: 'Lựa chọn (tiếng Anh)',
    saved: '✓ Đã lưu',
    done: 'Xong, đi nhập câu trả lời',
    entryTitle: 'Nhập câu trả lời',
    start: 'Bắt đầu phiếu mới',
    next: 'Phiếu tiếp theo',
    responseNumber: (n: number) => `Phiếu số ${n}`,
    answerSaved: '✓ Đã lưu câu trả lời',
    complete: 'Hoàn thành phiếu',
    completed: (n: number) => `Đã lưu ${n} phiếu hoàn chỉnh.`,
    results: 'Kết quả',
    tableHead: ['Lựa chọn', 'Số lượng', '% trên số đã trả lời', '% trên tất cả'],
    total: 'Tổng',
    answeredRow: 'Đã trả lời',
    refusedRow: 'Không muốn trả lời',
    notAskedRow: 'Không được hỏi / bỏ trống',
  },
  en: {
    homeTitle: 'Consultation projects',
    projectName: 'Project name',
    createProject: 'Create project',
    surveys: 'Surveys',
    surveyTitleVi: 'Survey title (Vietnamese)',
    surveyTitleEn: 'Survey title (English)',
    createSurvey: 'Create survey',
    designerTitle: 'Survey design',
    addSelectOne: '+ Single choice',
    addText: '+ Open answer',
    question: (n: number) => `Question ${n}`,
    labelVi: 'Question (Vietnamese)',
    labelEn: 'Question (English)',
    addChoice: '+ Add a choice',
    choiceVi: 'Choice (Vietnamese)',
    choiceEn: 'Choice (English)',
    saved: '✓ Saved',
    done: 'Done, enter answers',
    entryTitle: 'Enter answers',
    start: 'Start a new response',
    next: 'Next response',
    responseNumber: (n: number) => `Response ${n}`,
    answerSaved: '✓ Answer saved',
    complete: 'Finish this response',
    completed: (n: number) => `Complete responses saved: ${n}.`,
    results: 'Results',
    tableHead: ['Choice', 'Count', '% of those who answered', '% of all'],
    total: 'Total',
    answeredRow: 'Answered',
    refusedRow: 'Rather not say',
    notAskedRow: 'Not asked / left blank',
  },
} as const;

const PROJECT_TITLE = 'Diễn đàn trẻ em Lào Cai 2026';
const SURVEY_TITLE = { vi: 'Khảo sát an toàn ở trường', en: 'School safety survey' };
const SAFE_QUESTION = { vi: 'Em có cảm thấy an toàn ở trường không?', en: 'Do you feel safe at school?' };
const CHOICES = [
  { vi: 'Có', en: 'Yes' },
  { vi: 'Không', en: 'No' },
  { vi: 'Không chắc', en: 'Not sure' },
];
const OPEN_QUESTION = { vi: 'Điều gì giúp em thấy an toàn hơn?', en: 'What would make you feel safer?' };
/** Three children: two say the first choice, one the second, nobody the third. */
const RESPONSES = [
  { choice: 0, text: 'Có thầy cô và bạn bè ở bên cạnh.' },
  { choice: 0, text: 'Cổng trường có bảo vệ, đường đi học có đèn.' },
  { choice: 1, text: 'Không bị bắt nạt trong giờ ra chơi.' },
];

for (const lang of ['vi', 'en'] as const satisfies Lang[]) {
  describe(`thin path (${lang})`, () => {
    const t = UI[lang];
    let server: RunningServer;
    let browser: OpenBrowser;
    let page: Page;

    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer(), openBrowser()]);
      page = browser.page;
    });

    afterAll(async () => {
      await browser?.close();
      await server?.cleanup();
    });

    it('creates a project and survey, designs it, enters three responses and shows the results', async () => {
      await page.goto(server.openUrl);
      // The token is traded for a cookie and dropped from the address bar.
      await page.waitForURL(server.url);
      await page.getByRole('heading', { name: UI.vi.homeTitle }).waitFor();
      expect(await page.getByRole('button', { name: 'Tiếng Việt' }).getAttribute('aria-pressed')).toBe('true');
      if (lang === 'en') {
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { name: t.homeTitle }).waitFor();
        expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
        expect(await page.getByRole('button', { name: 'Tiếng Việt' }).getAttribute('aria-pressed')).toBe('false');
      }
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);

      // 1. Project
      await page.getByLabel(t.projectName).fill(PROJECT_TITLE);
      await page.getByRole('button', { name: t.createProject }).click();
      await page.getByRole('heading', { level: 1, name: PROJECT_TITLE }).waitFor();
      await page.getByRole('heading', { name: t.surveys, exact: true }).waitFor();

      // 2. Survey
      await page.getByLabel(t.surveyTitleVi).fill(SURVEY_TITLE.vi);
      await page.getByLabel(t.surveyTitleEn).fill(SURVEY_TITLE.en);
      await page.getByRole('button', { name: t.createSurvey }).click();

      // 3. Designer
      await page.getByRole('heading', { level: 1, name: t.designerTitle }).waitFor();
      expect(await page.getByLabel(t.surveyTitleVi).inputValue()).toBe(SURVEY_TITLE.vi);
      expect(await page.getByLabel(t.surveyTitleEn).inputValue()).toBe(SURVEY_TITLE.en);

      await page.getByRole('button', { name: t.addSelectOne }).click();
      const q1 = page.getByRole('article', { name: t.question(1), exact: true });
      await q1.getByLabel(t.labelVi).fill(SAFE_QUESTION.vi);
      await q1.getByLabel(t.labelEn).fill(SAFE_QUESTION.en);
      for (const [i, choice] of CHOICES.entries()) {
        await q1.getByRole('button', { name: t.addChoice }).click();
        await q1.getByRole('textbox', { name: t.choiceVi, exact: true }).nth(i).fill(choice.vi);
        await q1.getByRole('textbox', { name: t.choiceEn, exact: true }).nth(i).fill(choice.en);
      }
      expect(await q1.getByRole('textbox', { name: t.choiceVi, exact: true }).count()).toBe(3);

      await page.getByRole('button', { name: t.addText }).click();
      const q2 = page.getByRole('article', { name: t.question(2), exact: true });
      await q2.getByLabel(t.labelVi).fill(OPEN_QUESTION.vi);
      await q2.getByLabel(t.labelEn).fill(OPEN_QUESTION.en);
      // Leave the last field, as a person moving on would.
      await q2.getByLabel(t.labelEn).press('Tab');

      const saveStatus = page.locator('.save-status');
      await saveStatus.filter({ hasText: t.saved }).waitFor();
      expect(await saveStatus.getAttribute('data-state')).toBe('saved');
      expect(await page.locator('.problems').count()).toBe(0);
      await page.getByRole('button', { name: t.done }).click();

      // 4. Entering answers
      await page.getByRole('heading', { level: 1, name: `${t.entryTitle}: ${SURVEY_TITLE[lang]}` }).waitFor();
      const counter = page.getByRole('status').filter({ hasText: t.completed(0) });
      await counter.waitFor();
      for (const [n, response] of RESPONSES.entries()) {
        await page.getByRole('button', { name: n === 0 ? t.start : t.next }).click();
        await page.getByRole('heading', { name: t.responseNumber(n + 1), exact: true }).waitFor();

        const choiceBox = page.locator('fieldset.answer').nth(0);
        const textBox = page.locator('fieldset.answer').nth(1);
        await choiceBox.locator('label.option').filter({ has: page.getByText(CHOICES[response.choice]![lang], { exact: true }) }).click();
        const radio = choiceBox.getByRole('radio').nth(response.choice);
        expect(await radio.isChecked()).toBe(true);
        await choiceBox.locator('.answer-status').getByText(t.answerSaved).waitFor();

        await textBox.getByRole('textbox', { name: OPEN_QUESTION[lang] }).fill(response.text);
        await textBox.locator('.answer-status').getByText(t.answerSaved).waitFor();

        await page.getByRole('button', { name: t.complete }).click();
        await page.getByRole('status').filter({ hasText: t.completed(n + 1) }).waitFor();
        await page.getByRole('button', { name: t.next }).waitFor();
      }
      await page.getByRole('status').filter({ hasText: t.completed(3) }).waitFor();

      // 5. Results, reached through the project
      await page.getByRole('banner').getByRole('button', { name: PROJECT_TITLE }).click();
      await page.getByRole('heading', { level: 1, name: PROJECT_TITLE }).waitFor();
      const surveyRow = page.getByRole('listitem').filter({ hasText: SURVEY_TITLE[lang] });
      await surveyRow.getByRole('button', { name: t.results, exact: true }).click();

      await page.getByRole('heading', { level: 1, name: `${t.results}: ${SURVEY_TITLE[lang]}` }).waitFor();
      const table = page.getByRole('table');
      await table.waitFor();
      expect(await table.locator('caption').innerText()).toBe(SAFE_QUESTION[lang]);
      expect(await table.locator('thead th').allInnerTexts()).toEqual(t.tableHead);
      const rowTexts = () =>
        table.locator('tbody tr, tfoot tr').evaluateAll((rows) =>
          rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
        );
      // Three children are fewer than five: no count is shown, not even a zero (it would tell where the three are).
      await expect.poll(rowTexts).toEqual([
        [CHOICES[0]![lang], '< 5', '–', '–'],
        [CHOICES[1]![lang], '< 5', '–', '–'],
        [CHOICES[2]![lang], '< 5', '–', '–'],
        [t.answeredRow, '< 5', '', ''],
        [t.refusedRow, '< 5', '', ''],
        [t.notAskedRow, '< 5', '', ''],
        [t.total, '< 5', '', ''],
      ]);
      // …and the note under the table says why.
      expect(await page.getByTestId('too-few').innerText()).toBe(translate(lang, 'results.noteTooFew', { k: 5 }));

      await expect.poll(() => chartDrawn(page.locator('canvas[data-testid="result-chart"]'))).toEqual({
        hasSize: true,
        painted: true,
      });

      expect(await page.locator('.error-banner').count()).toBe(0);
      await screenshot(page, `thin-path-results-${lang}`);
      expect(browser.errors).toEqual([]);

      // 6. The answers are in the project file, after the server is gone.
      await server.stop();
      const files = projectFiles(server.projectsDir);
      expect(files).toHaveLength(1);
      const info = projectInfo(files[0]!);
      expect(info).toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION, title: PROJECT_TITLE, forms: 1, questions: 2, responses: 3 });
    });
  });
}

/** Whether Chart.js drew into the canvas: it has a size and some non-transparent pixels. */
function chartDrawn(canvas: Locator): Promise<{ hasSize: boolean; painted: boolean }> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const hasSize = element.width > 0 && element.height > 0;
    const context = element.getContext('2d');
    if (!hasSize || !context) return { hasSize, painted: false };
    const { data } = context.getImageData(0, 0, element.width, element.height);
    let painted = false;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] !== 0) {
        painted = true;
        break;
      }
    }
    return { hasSize, painted };
  });
}
