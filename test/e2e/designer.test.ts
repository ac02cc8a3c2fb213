import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { ROOT, startServer, type RunningServer } from './helpers/server';
import { expectFocused, isFocused, tabTo } from './helpers/keyboard';

/**
 * The survey designer, as a facilitator uses it: a ten-row bilingual survey with consent, a group asked only
 * with consent, a constraint, a Likert scale, "other (please specify)", a date, a note and an open answer, built
 * mostly with the mouse; translated in the translation table; tried in the child preview; then the keyboard
 * (English), the live expression check, versions, and the child-consultation template made on the command line.
 */

/** Texts copied from core/i18n/{vi,en}.ts and core/i18n/expressions.vi.ts: a changed text fails here. */
const VI = {
  projectName: 'Tên dự án',
  createProject: 'Tạo dự án',
  surveyTitleVi: 'Tên khảo sát (tiếng Việt)',
  surveyTitleEn: 'Tên khảo sát (tiếng Anh)',
  createSurvey: 'Tạo khảo sát',
  designerTitle: 'Thiết kế khảo sát',
  question: (n: number) => `Câu ${n}`,
  addSelectOne: '+ Một lựa chọn',
  addSelectMultiple: '+ Nhiều lựa chọn',
  addText: '+ Trả lời tự do',
  addInteger: '+ Số nguyên',
  addOther: 'Loại câu hỏi khác',
  addThis: '+ Thêm',
  typeGroup: 'Nhóm câu hỏi',
  typeLikert: 'Thang đồng ý (Likert)',
  typeDate: 'Ngày',
  typeNote: 'Ghi chú',
  labelVi: 'Câu hỏi (tiếng Việt)',
  labelEn: 'Câu hỏi (tiếng Anh)',
  groupLabelVi: 'Tên nhóm (tiếng Việt)',
  groupLabelEn: 'Tên nhóm (tiếng Anh)',
  addChoice: '+ Thêm lựa chọn',
  choiceVi: 'Lựa chọn (tiếng Việt)',
  choiceEn: 'Lựa chọn (tiếng Anh)',
  orOther: 'Có lựa chọn "Khác (ghi rõ)"',
  name: 'Tên biến',
  advanced: 'Logic và tuỳ chọn nâng cao',
  relevance: 'Chỉ hỏi khi (điều kiện hiển thị)',
  constraint: 'Ràng buộc câu trả lời',
  constraintMessageVi: 'Thông báo khi sai (tiếng Việt)',
  constraintMessageEn: 'Thông báo khi sai (tiếng Anh)',
  moveUp: 'Chuyển lên',
  endOf: (label: string) => `Hết: ${label}`,
  saved: '✓ Đã lưu',
  done: 'Xong, đi nhập câu trả lời',
  viewEditor: 'Soạn thảo',
  viewTranslate: 'Dịch song ngữ',
  viewPreview: 'Xem trước',
  missingCount: (n: number) => `Còn ${n} ô chỉ có một ngôn ngữ.`,
  asChild: 'Như trẻ em thấy',
  asFacilitator: 'Như người điều phối thấy',
  previewLanguage: 'Ngôn ngữ xem trước',
  next: 'Tiếp',
  back: 'Quay lại',
  skip: 'Em không muốn trả lời',
  progress: (current: number, total: number) => `Câu ${current}/${total}`,
  publish: 'Phát hành phiên bản',
  version: (n: number, status: 'bản nháp' | 'đã phát hành') => `Phiên bản ${n} · ${status}`,
  search: 'Tìm câu hỏi',
  design: 'Thiết kế',
  open: 'Mở',
  unknownQuestion: (question: string, ref: string, suggestion: string) =>
    `Trong điều kiện hiển thị của câu hỏi ${question}: không có câu hỏi nào tên \${${ref}}. Có phải bạn muốn viết \${${suggestion}}?`,
} as const;

const EN = {
  designerTitle: 'Survey design',
  viewEditor: 'Edit',
  addSelectOne: '+ Single choice',
  question: (n: number) => `Question ${n}`,
  labelVi: 'Question (Vietnamese)',
  labelEn: 'Question (English)',
  addChoice: '+ Add a choice',
  choiceVi: 'Choice (Vietnamese)',
  choiceEn: 'Choice (English)',
  required: 'Answer required',
  undo: 'Undo',
  redo: 'Redo',
  saved: '✓ Saved',
} as const;

const PROJECT_TITLE = 'Diễn đàn trẻ em Yên Bái 2026';
const SURVEY_TITLE = { vi: 'Ý kiến của em về trường học', en: 'What you think about school' };
const CONSENT = { vi: 'Em có đồng ý tham gia khảo sát không?', en: 'Do you agree to take part in the survey?' };
const CONSENT_CHOICES = [
  { vi: 'Có', en: 'Yes' },
  { vi: 'Không', en: 'No' },
];
const GROUP = { vi: 'Về em', en: 'About you' };
const AGE = { vi: 'Em bao nhiêu tuổi?', en: 'How old are you?' };
const AGE_MESSAGE = { vi: 'Em hãy nhập số tuổi từ 6 đến 18 nhé.', en: 'Please enter an age from 6 to 18.' };
const GRADE = { vi: 'Em đang học lớp mấy?', en: 'What grade are you in?' };
const LIKERT = { vi: 'Em thích đến trường.', en: 'I like going to school.' };
const ACTIVITIES = { vi: 'Sau giờ học em thường làm gì?', en: 'What do you usually do after school?' };
const ACTIVITY_CHOICES = [
  { vi: 'Chơi thể thao', en: 'Play sports' },
  { vi: 'Giúp việc nhà', en: 'Help at home' },
  { vi: 'Học thêm', en: 'Extra classes' },
];
const DATE = { vi: 'Hôm nay là ngày nào?', en: 'What is the date today?' };
const NOTE = { vi: 'Cảm ơn em! Còn một câu cuối nữa thôi.', en: 'Thank you! Just one more question.' };
const OPEN = { vi: 'Em muốn trường học thay đổi điều gì?', en: 'What would you like to change at your school?' };
const KEYBOARD_QUESTION = { vi: 'Em có muốn tham gia lần sau không?', en: 'Would you like to take part next time?' };
const KEYBOARD_CHOICES = [
  { vi: 'Có', en: 'Yes' },
  { vi: 'Không', en: 'No' },
];

const TEMPLATE_PROJECT = 'Tham vấn trẻ em Thái Nguyên 2026';
const TEMPLATE_FILE = 'thai-nguyen-2026.tiengnoi';
const TEMPLATE_SURVEY = 'Tham vấn trẻ em (mẫu)';
const PROVINCE_QUESTION = 'Em đang sống ở tỉnh, thành phố nào?';

describe('survey designer (vi, then en by keyboard)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let page: Page;
  /** Rows of the survey built in the first test, 1-based as the designer numbers them. */
  const ROW = { consent: 1, group: 2, age: 3, grade: 4, likert: 5, activities: 6, date: 7, end: 8, note: 9, open: 10 };

  /** The later tests use the survey the first one builds: they are skipped, not failed again, when it could not be built. */
  const finished = new Set<string>();
  const needs = (step: string) => expect(finished.has(step), `needs the survey from "${step}"`).toBe(true);

  /** A row of the designer by its place (1-based), groups and end rows included. */
  const card = (row: number) => page.locator(`[data-question-index="${row - 1}"]`);
  /** The numbers people see ("Câu 7"): group rows are not counted. */
  const SHOWN = { note: 7, open: 8 } as const;
  const saveStatus = () => page.locator('.save-status');
  const waitSaved = async (text: string = VI.saved) => {
    await saveStatus().filter({ hasText: text }).waitFor();
    await expect.poll(() => saveStatus().getAttribute('data-state')).toBe('saved');
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({
        // The starter template, made on the command line as an organiser would before the forum.
        prepare: ({ projectsDir, configDir }) => {
          const out = execFileSync(
            process.execPath,
            [path.join(ROOT, 'bin', 'tiengnoi.mjs'), 'new', path.join(projectsDir, TEMPLATE_FILE), '--title', TEMPLATE_PROJECT, '--template', 'child-consultation'],
            { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TIENGNOI_CONFIG_DIR: configDir, TIENGNOI_LANG: 'vi' } },
          );
          expect(out).toContain(`Đã tạo dự án "${TEMPLATE_PROJECT}"`);
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

  /** Adds a type from the "other types" select, as a mouse user would. */
  async function addOther(typeName: string): Promise<void> {
    await page.getByLabel(VI.addOther).selectOption({ label: typeName });
    await page.getByRole('button', { name: VI.addThis, exact: true }).click();
  }

  async function fillLabels(row: Locator, text: { vi: string; en?: string }, group = false): Promise<void> {
    const vi = row.getByLabel(group ? VI.groupLabelVi : VI.labelVi);
    const en = row.getByLabel(group ? VI.groupLabelEn : VI.labelEn);
    await vi.fill(text.vi);
    if (text.en) await en.fill(text.en);
    // Leave the field, as a person moving on would (the variable name is made from the text on leaving).
    await (text.en ? en : vi).blur();
  }

  async function fillChoices(row: Locator, choices: readonly { vi: string; en: string }[]): Promise<void> {
    for (const [i, choice] of choices.entries()) {
      await row.getByRole('button', { name: VI.addChoice }).click();
      await row.getByRole('textbox', { name: VI.choiceVi, exact: true }).nth(i).fill(choice.vi);
      await row.getByRole('textbox', { name: VI.choiceEn, exact: true }).nth(i).fill(choice.en);
    }
  }

  async function setName(row: Locator, name: string): Promise<void> {
    const input = row.getByLabel(VI.name, { exact: true });
    await input.fill(name);
    await input.press('Tab');
    expect(await input.inputValue()).toBe(name);
  }

  async function openAdvanced(row: Locator): Promise<void> {
    const details = row.locator('details.advanced');
    if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await details.locator('summary').click();
  }

  /** Moves the last question up into the group just above it, with the ↑ button. */
  async function moveIntoGroup(from: number): Promise<void> {
    await card(from).getByRole('button', { name: VI.moveUp }).click();
    const moved = card(from - 1);
    // Inside the group: indented one level, and the group's end row now comes after it.
    await expect
      .poll(() => moved.evaluate((el) => el.style.marginLeft), {
        message: `question ${from} should move into the group "${GROUP.vi}" with ↑ (it jumped over the whole group instead)`,
      })
      .toBe('24px');
    expect(await page.locator(`.end-row[data-question-index="${from - 1}"]`).innerText()).toBe(VI.endOf(GROUP.vi));
  }

  it('builds a ten-row bilingual survey with a group, skip logic and a constraint, mostly by mouse', async () => {
    await page.goto(server.openUrl);
    await page.waitForURL(server.url);
    await page.getByLabel(VI.projectName).fill(PROJECT_TITLE);
    await page.getByRole('button', { name: VI.createProject }).click();
    await page.getByRole('heading', { level: 1, name: PROJECT_TITLE }).waitFor();
    await page.getByLabel(VI.surveyTitleVi).fill(SURVEY_TITLE.vi);
    await page.getByLabel(VI.surveyTitleEn).fill(SURVEY_TITLE.en);
    await page.getByRole('button', { name: VI.createSurvey }).click();
    await page.getByRole('heading', { level: 1, name: VI.designerTitle }).waitFor();

    // 1. Consent, with its own variable name so skip logic can read it.
    await page.getByRole('button', { name: VI.addSelectOne }).click();
    await fillLabels(card(ROW.consent), CONSENT);
    await fillChoices(card(ROW.consent), CONSENT_CHOICES);
    await setName(card(ROW.consent), 'dong_y');

    // 2. The group "Về em", asked only with consent.
    await addOther(VI.typeGroup);
    const group = card(ROW.group);
    expect(await group.locator('h3').innerText()).toContain(VI.typeGroup);
    await fillLabels(group, GROUP, true);
    await openAdvanced(group);
    await group.getByLabel(VI.relevance).fill("${dong_y} = '1'");
    await page.locator('.end-row').filter({ hasText: VI.endOf(GROUP.vi) }).waitFor();

    // 3. Age, in the group, 6 to 18, with a message in both languages.
    await page.getByRole('button', { name: VI.addInteger }).click();
    await moveIntoGroup(ROW.age + 1);
    const age = card(ROW.age);
    await fillLabels(age, AGE);
    await setName(age, 'age');
    await openAdvanced(age);
    await age.getByLabel(VI.constraint).fill('. >= 6 and . <= 18');
    await age.getByLabel(VI.constraintMessageVi).fill(AGE_MESSAGE.vi);
    await age.getByLabel(VI.constraintMessageEn).fill(AGE_MESSAGE.en);

    // 4. Grade, in the group.
    await page.getByRole('button', { name: VI.addInteger }).click();
    await moveIntoGroup(ROW.grade + 1);
    await fillLabels(card(ROW.grade), GRADE);

    // 5. A Likert question: the five agreement choices come ready, in both languages.
    await addOther(VI.typeLikert);
    await moveIntoGroup(ROW.likert + 1);
    const likert = card(ROW.likert);
    await fillLabels(likert, LIKERT);
    expect(await likert.getByRole('textbox', { name: VI.choiceVi, exact: true }).count()).toBe(5);
    expect(await likert.getByRole('textbox', { name: VI.choiceEn, exact: true }).nth(4).inputValue()).toBe('Strongly agree');

    // 6. Multiple choice with "Khác (ghi rõ)".
    await page.getByRole('button', { name: VI.addSelectMultiple }).click();
    await moveIntoGroup(ROW.activities + 1);
    const activities = card(ROW.activities);
    await fillLabels(activities, ACTIVITIES);
    await fillChoices(activities, ACTIVITY_CHOICES);
    await activities.getByLabel(VI.orOther).check();

    // 7. A date, the last question in the group.
    await addOther(VI.typeDate);
    await moveIntoGroup(ROW.date + 1);
    await fillLabels(card(ROW.date), DATE);

    // 9, 10. A note and an open answer after the group, Vietnamese only for now: translated below.
    await addOther(VI.typeNote);
    await fillLabels(card(ROW.note), { vi: NOTE.vi });
    await page.getByRole('button', { name: VI.addText }).click();
    await fillLabels(card(ROW.open), { vi: OPEN.vi });

    expect(await page.locator('[data-question-index]').count()).toBe(10);
    // Indented: the five questions of the group, and nothing else.
    const indents = await page.locator('[data-question-index]').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).style.marginLeft));
    expect(indents).toEqual(['0px', '0px', '24px', '24px', '24px', '24px', '24px', '0px', '0px', '0px']);

    // The translation table: two questions are still Vietnamese only.
    await page.getByRole('tab', { name: VI.viewTranslate }).click();
    await page.getByText(VI.missingCount(2)).waitFor();
    for (const [row, text] of [
      [SHOWN.note, NOTE],
      [SHOWN.open, OPEN],
    ] as const) {
      const vi = page.getByRole('textbox', { name: new RegExp(`^${row}\\. .* · Tiếng Việt$`) });
      expect(await vi.inputValue()).toBe(text.vi);
      await page.getByRole('textbox', { name: new RegExp(`^${row}\\. .* · English$`) }).fill(text.en);
    }
    await expect.poll(() => page.locator('.translate-table td.missing').count()).toBe(0);
    expect(await page.getByText(/Còn \d+ ô chỉ có một ngôn ngữ/).count()).toBe(0);

    // Back in the editor, the English is there.
    await page.getByRole('tab', { name: VI.viewEditor }).click();
    expect(await card(ROW.note).getByLabel(VI.labelEn).inputValue()).toBe(NOTE.en);
    expect(await card(ROW.open).getByLabel(VI.labelEn).inputValue()).toBe(OPEN.en);

    await waitSaved();
    expect(await page.locator('.problems').count()).toBe(0);
    expect(await page.getByRole('button', { name: VI.done }).isEnabled()).toBe(true);
    await screenshot(page, 'designer-editor');
    finished.add('build');
  });

  it('previews the survey as a child sees it: consent "Không" skips the group, "Có" asks it', async () => {
    needs('build');
    await page.getByRole('tab', { name: VI.viewPreview }).click();
    const preview = page.getByRole('region', { name: VI.viewPreview });
    await preview.waitFor();
    expect(await preview.getByRole('tab', { name: VI.asChild }).getAttribute('aria-selected')).toBe('true');
    const languages = preview.getByRole('group', { name: VI.previewLanguage });
    expect(await languages.getByRole('button', { name: 'Tiếng Việt' }).getAttribute('aria-pressed')).toBe('true');

    const heading = preview.locator('h2.kiosk-question');
    const progress = preview.locator('p.progress');
    const pick = (text: string) => preview.locator('label.option').filter({ has: page.getByText(text, { exact: true }) });
    const nextButton = preview.getByRole('button', { name: VI.next, exact: true });

    expect(await heading.innerText()).toBe(CONSENT.vi);
    // No consent: the whole group is skipped, the child goes on to the note.
    await pick(CONSENT_CHOICES[1]!.vi).click();
    await nextButton.click();
    await expect.poll(() => heading.innerText()).toBe(NOTE.vi);
    expect(await progress.innerText()).toBe(VI.progress(2, 3));
    expect(await preview.getByText(AGE.vi).count()).toBe(0);

    // Back, consent given: age is next, and the group's five questions are counted.
    await preview.getByRole('button', { name: VI.back, exact: true }).click();
    await expect.poll(() => heading.innerText()).toBe(CONSENT.vi);
    await pick(CONSENT_CHOICES[0]!.vi).click();
    await nextButton.click();
    await expect.poll(() => heading.innerText()).toBe(AGE.vi);
    expect(await progress.innerText()).toBe(VI.progress(2, 8));

    // The child may decline a question; then on to the Likert one.
    await preview.getByRole('button', { name: VI.skip }).click();
    await expect.poll(() => heading.innerText()).toBe(GRADE.vi);
    await nextButton.click();
    await expect.poll(() => heading.innerText()).toBe(LIKERT.vi);
    await pick('Đồng ý').waitFor();

    // The preview language, independent of the app's.
    await languages.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => heading.innerText()).toBe(LIKERT.en);
    await pick('Strongly agree').click();
    expect(await pick('Strongly agree').getByRole('radio').isChecked()).toBe(true);
    expect(await preview.getByRole('button', { name: 'Next', exact: true }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await screenshot(page, 'designer-preview-child');
    await languages.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('checks expressions live: a mistyped name is explained with a suggestion and blocks entering answers', async () => {
    needs('build');
    await page.getByRole('tab', { name: VI.viewEditor }).click();
    const open = card(ROW.open);
    const name = await open.getByLabel(VI.name, { exact: true }).inputValue();
    await openAdvanced(open);
    const relevance = open.getByLabel(VI.relevance);
    await relevance.fill('${agee} > 3');

    // Under the field and in the list of problems, naming the field in words and suggesting the real name.
    const message = VI.unknownQuestion(name, 'agee', 'age');
    const underField = open.locator('label.expression .problem').filter({ hasText: '${agee}' });
    const listed = page.locator('.problems li').filter({ hasText: '${agee}' });
    await underField.waitFor();
    await listed.waitFor();
    expect.soft(await underField.innerText(), 'the message under the relevance field').toBe(message);
    expect.soft(await listed.innerText(), 'the message in the problems list').toBe(message);
    expect(await relevance.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: VI.done }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: VI.publish }).isDisabled()).toBe(true);

    await relevance.fill('${age} > 3');
    await expect.poll(() => page.locator('.problems').count()).toBe(0);
    expect(await open.locator('label.expression .problem').count()).toBe(0);
    expect(await relevance.getAttribute('aria-invalid')).toBe('false');
    expect(await page.getByRole('button', { name: VI.done }).isEnabled()).toBe(true);
    await waitSaved();
  });

  it('publishes a version; the next edit starts version 2 as a draft', async () => {
    needs('build');
    const badge = page.locator('.version-badge');
    expect(await badge.innerText()).toBe(VI.version(1, 'bản nháp'));
    await page.getByRole('button', { name: VI.publish }).click();
    await expect.poll(() => badge.innerText()).toBe(VI.version(1, 'đã phát hành'));
    expect(await page.getByRole('button', { name: VI.publish }).isDisabled()).toBe(true);

    await card(ROW.note).getByLabel(VI.labelVi).fill(`${NOTE.vi} Cố lên!`);
    await waitSaved();
    await expect.poll(() => badge.innerText()).toBe(VI.version(2, 'bản nháp'));
    expect(await page.getByRole('button', { name: VI.publish }).isEnabled()).toBe(true);
  });

  it('adds a question by keyboard only, in English, and undoes and redoes with Ctrl+Z / Ctrl+Y', async () => {
    needs('build');
    // To the language switch and back down, with Tab only.
    const english = page.getByRole('banner').getByRole('button', { name: 'English' });
    await tabTo(page, english, { back: true, max: 300 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: EN.designerTitle }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await tabTo(page, page.getByRole('button', { name: EN.addSelectOne }), { max: 400 });
    await page.keyboard.press('Enter');
    // The 11th row, shown as question 9: the group's two rows are not counted.
    const row = page.getByRole('article', { name: EN.question(9), exact: true });
    // The new question takes the focus: its text is typed straight away.
    await expectFocused(page, row.getByLabel(EN.labelVi), 'the new question’s Vietnamese text');
    await page.keyboard.type(KEYBOARD_QUESTION.vi);
    await page.keyboard.press('Tab');
    await expectFocused(page, row.getByLabel(EN.labelEn), 'the English text');
    await page.keyboard.type(KEYBOARD_QUESTION.en);

    // Two choices: the button, then Enter for the next one.
    await tabTo(page, row.getByRole('button', { name: EN.addChoice }));
    await page.keyboard.press('Enter');
    const choiceVi = row.getByRole('textbox', { name: EN.choiceVi, exact: true });
    const choiceEn = row.getByRole('textbox', { name: EN.choiceEn, exact: true });
    await expectFocused(page, choiceVi.nth(0), 'the first choice');
    await page.keyboard.type(KEYBOARD_CHOICES[0]!.vi);
    await page.keyboard.press('Tab');
    await page.keyboard.type(KEYBOARD_CHOICES[0]!.en);
    await page.keyboard.press('Enter');
    await expectFocused(page, choiceEn.nth(1), 'the second choice (English), added by Enter');
    await page.keyboard.type(KEYBOARD_CHOICES[1]!.en);
    await page.keyboard.press('Shift+Tab');
    await expectFocused(page, choiceVi.nth(1), 'the second choice (Vietnamese)');
    await page.keyboard.type(KEYBOARD_CHOICES[1]!.vi);
    expect(await choiceVi.count()).toBe(2);
    for (const [i, choice] of KEYBOARD_CHOICES.entries()) {
      expect(await choiceVi.nth(i).inputValue()).toBe(choice.vi);
      expect(await choiceEn.nth(i).inputValue()).toBe(choice.en);
    }

    // Required, with Space.
    const required = row.getByRole('checkbox', { name: EN.required });
    await tabTo(page, required);
    await page.keyboard.press('Space');
    expect(await required.isChecked()).toBe(true);

    // Undo, redo: the shortcuts work wherever the focus is.
    await page.keyboard.press('Control+z');
    await expect.poll(() => required.isChecked()).toBe(false);
    expect(await choiceVi.nth(1).inputValue()).toBe(KEYBOARD_CHOICES[1]!.vi);
    await page.keyboard.press('Control+z');
    await expect.poll(() => choiceVi.nth(1).inputValue()).toBe('');
    await page.keyboard.press('Control+y');
    await expect.poll(() => choiceVi.nth(1).inputValue()).toBe(KEYBOARD_CHOICES[1]!.vi);
    await page.keyboard.press('Control+y');
    await expect.poll(() => required.isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: EN.redo }).isDisabled()).toBe(true);
    expect(await isFocused(required)).toBe(true);

    await waitSaved(EN.saved);
    expect(await page.locator('.problems').count()).toBe(0);
    expect(await row.getByLabel(EN.labelVi).inputValue()).toBe(KEYBOARD_QUESTION.vi);
    expect(await row.getByLabel(EN.labelEn).inputValue()).toBe(KEYBOARD_QUESTION.en);
  });

  it('opens the child-consultation template made on the command line: 34 provinces, no problems', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('button', { name: /Tiếng Nói/ }).click();
    await page.getByRole('listitem').filter({ hasText: TEMPLATE_PROJECT }).getByRole('button', { name: VI.open }).click();
    await page.getByRole('heading', { level: 1, name: TEMPLATE_PROJECT }).waitFor();
    await page.getByRole('listitem').filter({ hasText: TEMPLATE_SURVEY }).getByRole('button', { name: VI.design, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: VI.designerTitle }).waitFor();
    expect(await page.getByLabel(VI.surveyTitleVi).inputValue()).toBe(TEMPLATE_SURVEY);

    // Search, ignoring tone marks, finds the province question.
    await page.getByLabel(VI.search).fill('tinh, thanh pho');
    const province = page.locator('article.question');
    await expect.poll(() => province.count()).toBe(1);
    expect(await province.getByLabel(VI.labelVi).inputValue()).toBe(PROVINCE_QUESTION);
    const provinces = province.getByRole('textbox', { name: VI.choiceVi, exact: true });
    expect(await provinces.count()).toBe(34);
    expect(await provinces.first().inputValue()).toBe('Hà Nội');
    expect(await page.locator('.problems').count()).toBe(0);
    expect(await page.getByRole('button', { name: VI.done }).isEnabled()).toBe(true);

    // The facilitator preview offers the same 34 in its drop-down list.
    await page.getByRole('tab', { name: VI.viewPreview }).click();
    const preview = page.getByRole('region', { name: VI.viewPreview });
    await preview.getByRole('tab', { name: VI.asFacilitator }).click();
    // The questions are asked only with the guardian's consent and the child's assent.
    const facilitator = preview.locator('.facilitator-preview');
    await facilitator.locator('label.option').filter({ hasText: 'Có, đã đồng ý' }).click();
    await facilitator.locator('label.option').filter({ hasText: 'Có, em đồng ý' }).click();
    const select = preview.getByRole('combobox', { name: PROVINCE_QUESTION });
    await select.waitFor();
    // One empty option, then the provinces.
    expect(await select.locator('option').count()).toBe(35);

    expect(browser.errors).toEqual([]);
  });
});
