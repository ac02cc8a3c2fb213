import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';
import { expectFocused, isFocused, tabTo } from './helpers/keyboard';

/**
 * The thin path with the keyboard only, in English: no clicks, no fill(). Focus is moved with
 * Tab/Shift+Tab (or by the app itself) and only *read* by the test. A control the keyboard cannot
 * reach or operate fails here.
 */

const T = {
  homeTitle: 'Consultation projects',
  projectName: 'Project name',
  surveys: 'Surveys',
  surveyTitleVi: 'Survey title (Vietnamese)',
  surveyTitleEn: 'Survey title (English)',
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
  total: 'Total',
} as const;

const PROJECT_TITLE = 'Children’s forum, Điện Biên 2026';
const SURVEY_TITLE = { vi: 'Khảo sát về đường đến trường', en: 'The way to school' };
const SAFE_QUESTION = { vi: 'Em đi học bằng gì?', en: 'How do you get to school?' };
const CHOICES = [
  { vi: 'Đi bộ', en: 'On foot' },
  { vi: 'Xe đạp', en: 'By bicycle' },
  { vi: 'Xe máy', en: 'By motorbike' },
];
const OPEN_QUESTION = { vi: 'Đoạn đường nào làm em sợ?', en: 'Which part of the way scares you?' };
const RESPONSES = [
  { text: 'Cây cầu tre qua suối khi trời mưa.' },
  { text: 'Đoạn quốc lộ không có vỉa hè.' },
];

describe('keyboard only (en)', () => {
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

  it('creates, designs, enters and reads results without touching the mouse', async () => {
    const key = (k: string) => page.keyboard.press(k);
    const type = (text: string) => page.keyboard.type(text);

    await page.goto(server.openUrl);
    await page.waitForURL(server.url);
    await page.getByRole('heading', { name: 'Dự án khảo sát' }).waitFor();

    // Language, with the keyboard.
    const english = page.getByRole('button', { name: 'English' });
    await tabTo(page, english);
    await key('Enter');
    await page.getByRole('heading', { name: T.homeTitle }).waitFor();
    expect(await english.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // 1. Project: type the name, Enter submits.
    await tabTo(page, page.getByLabel(T.projectName));
    await type(PROJECT_TITLE);
    await key('Enter');
    await page.getByRole('heading', { level: 1, name: PROJECT_TITLE }).waitFor();

    // 2. Survey: two titles, Enter submits.
    await tabTo(page, page.getByLabel(T.surveyTitleVi));
    await type(SURVEY_TITLE.vi);
    await key('Tab');
    await expectFocused(page, page.getByLabel(T.surveyTitleEn), 'the English survey title');
    await type(SURVEY_TITLE.en);
    await key('Enter');

    // 3. Designer
    await page.getByRole('heading', { level: 1, name: T.designerTitle }).waitFor();
    await tabTo(page, page.getByRole('button', { name: T.addSelectOne }));
    await key('Enter');
    const q1 = page.getByRole('article', { name: T.question(1), exact: true });
    // A new question takes the focus in its Vietnamese text.
    await expectFocused(page, q1.getByLabel(T.labelVi), 'question 1, Vietnamese text');
    await type(SAFE_QUESTION.vi);
    await key('Tab');
    await expectFocused(page, q1.getByLabel(T.labelEn), 'question 1, English text');
    await type(SAFE_QUESTION.en);

    const addChoice = q1.getByRole('button', { name: T.addChoice });
    await tabTo(page, addChoice, { max: 3 });
    await key('Enter');
    const choiceVi = q1.getByRole('textbox', { name: T.choiceVi, exact: true });
    const choiceEn = q1.getByRole('textbox', { name: T.choiceEn, exact: true });
    // The new, empty choice takes the focus in its Vietnamese field.
    await expectFocused(page, choiceVi.nth(0), 'choice 1, Vietnamese');
    for (const [i, choice] of CHOICES.entries()) {
      if (i > 0) {
        // Enter in the English field moved to the next row's English field (adding the row): step back.
        await expectFocused(page, choiceEn.nth(i), `choice ${i + 1}, English`);
        await key('Shift+Tab');
        await expectFocused(page, choiceVi.nth(i), `choice ${i + 1}, Vietnamese`);
      }
      await type(choice.vi);
      await key('Tab');
      await expectFocused(page, choiceEn.nth(i), `choice ${i + 1}, English`);
      await type(choice.en);
      if (i < CHOICES.length - 1) await key('Enter');
    }
    expect(await choiceVi.count()).toBe(3);
    for (const [i, choice] of CHOICES.entries()) {
      expect(await choiceVi.nth(i).inputValue()).toBe(choice.vi);
      expect(await choiceEn.nth(i).inputValue()).toBe(choice.en);
    }

    await tabTo(page, page.getByRole('button', { name: T.addText }));
    await key('Enter');
    const q2 = page.getByRole('article', { name: T.question(2), exact: true });
    const q2Vi = q2.getByLabel(T.labelVi);
    await expectFocused(page, q2Vi, 'question 2, Vietnamese text');
    await type(OPEN_QUESTION.vi);

    // Ctrl+Z takes back the text just typed (as one step), Ctrl+Y brings it back.
    const undoButton = page.getByRole('button', { name: 'Undo' });
    await key('Control+z');
    await expect.poll(() => q2Vi.inputValue()).toBe('');
    expect(await page.getByRole('article').count()).toBe(2);
    expect(await q1.getByLabel(T.labelVi).inputValue()).toBe(SAFE_QUESTION.vi);
    await key('Control+y');
    await expect.poll(() => q2Vi.inputValue()).toBe(OPEN_QUESTION.vi);
    expect(await undoButton.isEnabled()).toBe(true);
    // The keys worked from inside the text field, which keeps the focus.
    expect(await isFocused(q2Vi)).toBe(true);

    await key('Tab');
    await expectFocused(page, q2.getByLabel(T.labelEn), 'question 2, English text');
    await type(OPEN_QUESTION.en);
    await key('Tab');

    const saveStatus = page.locator('.save-status');
    await saveStatus.filter({ hasText: T.saved }).waitFor();
    expect(await page.locator('.problems').count()).toBe(0);
    await tabTo(page, page.getByRole('button', { name: T.done }));
    await key('Enter');

    // 4. Entering answers
    await page.getByRole('heading', { level: 1, name: `${T.entryTitle}: ${SURVEY_TITLE.en}` }).waitFor();
    await page.getByRole('status').filter({ hasText: T.completed(0) }).waitFor();
    const tabsToNext: number[] = [];
    for (const [n, response] of RESPONSES.entries()) {
      const startButton = page.getByRole('button', { name: n === 0 ? T.start : T.next });
      const presses = await tabTo(page, startButton);
      if (n > 0) tabsToNext.push(presses);
      await key('Enter');
      await page.getByRole('heading', { name: T.responseNumber(n + 1), exact: true }).waitFor();

      const choiceBox = page.locator('fieldset.answer').nth(0);
      const textBox = page.locator('fieldset.answer').nth(1);
      const radios = choiceBox.getByRole('radio');
      // Starting a response puts the focus on its first answer.
      await expectFocused(page, radios.nth(0), 'the first choice of question 1');
      if (n === 0) await key('Space'); // first choice
      else await key('ArrowDown'); // arrow keys move through the choices and pick one
      await expect.poll(() => radios.nth(n).isChecked()).toBe(true);
      expect(await isFocused(radios.nth(n))).toBe(true);
      await choiceBox.locator('.answer-status').getByText(T.answerSaved).waitFor();
      if (n === 1) await screenshot(page, 'keyboard-entry');

      await key('Tab');
      const textarea = textBox.getByRole('textbox', { name: OPEN_QUESTION.en });
      await expectFocused(page, textarea, 'the open answer');
      await type(response.text);
      await key('Tab');
      const finish = page.getByRole('button', { name: T.complete });
      await expectFocused(page, finish, 'the finish button');
      await textBox.locator('.answer-status').getByText(T.answerSaved).waitFor();
      expect(await textarea.inputValue()).toBe(response.text);
      await key('Enter');
      await page.getByRole('status').filter({ hasText: T.completed(n + 1) }).waitFor();
    }
    // The finish button disappears with the form; how far Tab has to go to reach "Next response":
    console.info(`keyboard: Tab presses from a finished response to "${T.next}": ${tabsToNext.join(', ')}`);

    // 5. Results, through the project link in the header.
    await tabTo(page, page.getByRole('banner').getByRole('button', { name: PROJECT_TITLE }));
    await key('Enter');
    await page.getByRole('heading', { level: 1, name: PROJECT_TITLE }).waitFor();
    const surveyRow = page.getByRole('listitem').filter({ hasText: SURVEY_TITLE.en });
    await tabTo(page, surveyRow.getByRole('button', { name: T.results, exact: true }));
    await key('Enter');

    await page.getByRole('heading', { level: 1, name: `${T.results}: ${SURVEY_TITLE.en}` }).waitFor();
    const table = page.getByRole('table');
    await table.waitFor();
    const rowTexts = () =>
      table.locator('tbody tr, tfoot tr').evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
      );
    // Two children are fewer than five: no count is shown, not even a zero.
    await expect.poll(rowTexts).toEqual([
      [CHOICES[0]!.en, '< 5', '–', '–'],
      [CHOICES[1]!.en, '< 5', '–', '–'],
      [CHOICES[2]!.en, '< 5', '–', '–'],
      ['Answered', '< 5', '', ''],
      ['Rather not say', '< 5', '', ''],
      ['Not asked / left blank', '< 5', '', ''],
      [T.total, '< 5', '', ''],
    ]);
    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
