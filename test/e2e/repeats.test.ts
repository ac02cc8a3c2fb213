import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

/**
 * Repeats (XLSForm begin_repeat / end_repeat), as a facilitator meets them: a repeat "Anh chị em" built in the
 * designer with the mouse (questions walked into it with ↑/↓), tried in the child preview (one sibling after
 * another, skip logic inside each), answered in entry (answers stored as `age[1]`, `age[2]`…), and a repeat
 * whose number of instances comes from an earlier answer, in the facilitator preview.
 */

/** Texts copied from core/i18n/vi.ts: a changed text fails here. */
const VI = {
  projectName: 'Tên dự án',
  createProject: 'Tạo dự án',
  surveyTitleVi: 'Tên khảo sát (tiếng Việt)',
  surveyTitleEn: 'Tên khảo sát (tiếng Anh)',
  createSurvey: 'Tạo khảo sát',
  designerTitle: 'Thiết kế khảo sát',
  addInteger: '+ Số nguyên',
  addText: '+ Trả lời tự do',
  addOther: 'Loại câu hỏi khác',
  addThis: '+ Thêm',
  typeRepeat: 'Nhóm lặp lại',
  labelVi: 'Câu hỏi (tiếng Việt)',
  labelEn: 'Câu hỏi (tiếng Anh)',
  groupLabelVi: 'Tên nhóm (tiếng Việt)',
  groupLabelEn: 'Tên nhóm (tiếng Anh)',
  name: 'Tên biến',
  repeatCount: 'Số lần lặp (để trống: người nhập tự thêm)',
  relevance: 'Chỉ hỏi khi (điều kiện hiển thị)',
  moveUp: 'Chuyển lên',
  moveDown: 'Chuyển xuống',
  endOf: (label: string) => `Hết: ${label}`,
  saved: '✓ Đã lưu',
  done: 'Xong, đi nhập câu trả lời',
  viewEditor: 'Soạn thảo',
  viewPreview: 'Xem trước',
  asChild: 'Như trẻ em thấy',
  asFacilitator: 'Như người điều phối thấy',
  next: 'Tiếp',
  progress: (current: number, total: number) => `Câu ${current}/${total}`,
  end: 'Cảm ơn em đã chia sẻ!',
  addRepeat: '+ Thêm một lần nữa',
  addRepeatAsk: (label: string) => `Em có muốn kể thêm (${label}) không?`,
  instance: (label: string, n: number) => `${label} · lần ${n}`,
  entryTitle: 'Nhập câu trả lời',
  start: 'Bắt đầu phiếu mới',
  responseNumber: (n: number) => `Phiếu số ${n}`,
  answerSaved: '✓ Đã lưu câu trả lời',
  complete: 'Hoàn thành phiếu',
  completed: (n: number) => `Đã lưu ${n} phiếu hoàn chỉnh.`,
} as const;

const PROJECT_TITLE = 'Diễn đàn trẻ em Hà Giang 2026';
const SURVEY_TITLE = { vi: 'Gia đình của em', en: 'Your family' };
const SIBLINGS = { vi: 'Anh chị em', en: 'Brothers and sisters' };
const AGE = { vi: 'Tuổi', en: 'Age' };
const SCHOOL = { vi: 'Trường', en: 'School' };
const SCHOOL_ANSWER = 'Trường Tiểu học Lũng Cú';

const FRIENDS_SURVEY = { vi: 'Bạn thân của em', en: 'Your close friends' };
const HOW_MANY = { vi: 'Em có mấy người bạn thân?', en: 'How many close friends do you have?' };
const FRIENDS = { vi: 'Bạn thân', en: 'Close friends' };
const FRIEND_NAME = { vi: 'Bạn ấy tên là gì?', en: 'What is their name?' };

describe('repeats: designer, child preview, entry, repeat_count (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let page: Page;

  /** The later tests use the survey the first one builds. */
  const finished = new Set<string>();
  const needs = (step: string) => expect(finished.has(step), `needs the survey from "${step}"`).toBe(true);

  /** A row of the designer by its place (1-based), begin and end rows included. */
  const card = (row: number) => page.locator(`[data-question-index="${row - 1}"]`);
  const saveStatus = () => page.locator('.save-status');
  const waitSaved = async () => {
    await saveStatus().filter({ hasText: VI.saved }).waitFor();
    await expect.poll(() => saveStatus().getAttribute('data-state')).toBe('saved');
  };
  const indents = () => page.locator('[data-question-index]').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).style.marginLeft));

  /** The app's API, as the browser calls it, with the server's token. */
  async function api<T>(route: string, input: unknown): Promise<T> {
    const token = new URL(server.openUrl).searchParams.get('token')!;
    const reply = await fetch(`${server.url}api/${route}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    const result = (await reply.json()) as { ok: true; value: T } | { ok: false; error: unknown };
    if (!result.ok) throw new Error(`${route} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  async function addOther(typeName: string): Promise<void> {
    await page.getByLabel(VI.addOther).selectOption({ label: typeName });
    await page.getByRole('button', { name: VI.addThis, exact: true }).click();
  }

  async function fillLabels(row: Locator, text: { vi: string; en: string }, group = false): Promise<void> {
    await row.getByLabel(group ? VI.groupLabelVi : VI.labelVi).fill(text.vi);
    const en = row.getByLabel(group ? VI.groupLabelEn : VI.labelEn);
    await en.fill(text.en);
    await en.blur();
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

  /** Clicks ↑ or ↓ on a row and waits until it stands at `to` with the given indent (24px = inside the repeat). */
  async function step(from: number, button: string, to: number, indent: '0px' | '24px'): Promise<void> {
    await card(from).getByRole('button', { name: button, exact: true }).click();
    await expect
      .poll(() => card(to).evaluate((el) => el.style.marginLeft), { message: `row ${from} should step to row ${to} (indent ${indent}) with "${button}"` })
      .toBe(indent);
  }

  async function createSurvey(title: { vi: string; en: string }): Promise<void> {
    await page.getByLabel(VI.surveyTitleVi).fill(title.vi);
    await page.getByLabel(VI.surveyTitleEn).fill(title.en);
    await page.getByRole('button', { name: VI.createSurvey }).click();
    await page.getByRole('heading', { level: 1, name: VI.designerTitle }).waitFor();
  }

  it('designs a repeat "Anh chị em" with age and school (school only from 6), walking questions in with ↑/↓', async () => {
    await page.goto(server.openUrl);
    await page.waitForURL(server.url);
    await page.getByLabel(VI.projectName).fill(PROJECT_TITLE);
    await page.getByRole('button', { name: VI.createProject }).click();
    await page.getByRole('heading', { level: 1, name: PROJECT_TITLE }).waitFor();
    await createSurvey(SURVEY_TITLE);

    // The repeat, from the "other types" list: its begin row and its end row.
    await addOther(VI.typeRepeat);
    const repeat = card(1);
    expect(await repeat.locator('h3').innerText()).toContain(VI.typeRepeat);
    await fillLabels(repeat, SIBLINGS, true);
    await setName(repeat, 'sib');
    // No "Số lần lặp": the person entering adds siblings one by one.
    expect(await repeat.getByLabel(VI.repeatCount).inputValue()).toBe('');
    const endRow = page.locator('.end-row').filter({ hasText: VI.endOf(SIBLINGS.vi) });
    await endRow.waitFor();
    expect(await endRow.getAttribute('data-question-index')).toBe('1');

    // Age: added after the repeat, one step up puts it inside, as the repeat's first question.
    await page.getByRole('button', { name: VI.addInteger }).click();
    await step(3, VI.moveUp, 2, '24px');
    const age = card(2);
    await fillLabels(age, AGE);
    await setName(age, 'age');

    // School: one step up into the repeat; one step down takes it out again, one step up back in.
    await page.getByRole('button', { name: VI.addText }).click();
    await step(4, VI.moveUp, 3, '24px');
    await step(3, VI.moveDown, 4, '0px');
    expect(await page.locator('.end-row[data-question-index="2"]').innerText()).toBe(VI.endOf(SIBLINGS.vi));
    await step(4, VI.moveUp, 3, '24px');
    const school = card(3);
    await fillLabels(school, SCHOOL);
    await setName(school, 'school');
    await openAdvanced(school);
    await school.getByLabel(VI.relevance).fill('${age} >= 6');

    expect(await indents()).toEqual(['0px', '24px', '24px', '0px']);
    expect(await page.locator('.end-row[data-question-index="3"]').innerText()).toBe(VI.endOf(SIBLINGS.vi));
    expect(await card(2).getByLabel(VI.labelVi).inputValue()).toBe(AGE.vi);
    expect(await card(3).getByLabel(VI.labelVi).inputValue()).toBe(SCHOOL.vi);

    await waitSaved();
    expect(await page.locator('.problems').count()).toBe(0);
    expect(await page.getByRole('button', { name: VI.done }).isEnabled()).toBe(true);
    finished.add('design');
  });

  it('child preview: sibling 1 aged 4 skips school; "add another" brings sibling 2, aged 9, asked about school', async () => {
    needs('design');
    await page.getByRole('tab', { name: VI.viewPreview }).click();
    const preview = page.getByRole('region', { name: VI.viewPreview });
    await preview.waitFor();
    expect(await preview.getByRole('tab', { name: VI.asChild }).getAttribute('aria-selected')).toBe('true');

    const heading = preview.locator('h2.kiosk-question');
    const instance = preview.locator('p.instance-title');
    const progress = preview.locator('p.progress');
    const nextButton = preview.getByRole('button', { name: VI.next, exact: true });
    const addButton = preview.getByRole('button', { name: VI.addRepeat });

    // Sibling 1: age 4.
    await expect.poll(() => heading.innerText()).toBe(AGE.vi);
    expect(await instance.innerText()).toBe(VI.instance(SIBLINGS.vi, 1));
    await preview.getByRole('textbox', { name: AGE.vi }).fill('4');
    await nextButton.click();

    // Too young for school: straight to "do you want to tell about another one?".
    await expect.poll(() => heading.innerText()).toBe(VI.addRepeatAsk(SIBLINGS.vi));
    expect(await progress.innerText()).toBe(VI.progress(2, 2));
    expect(await preview.getByText(SCHOOL.vi, { exact: true }).count()).toBe(0);
    await addButton.click();
    // What the child sees just after asking for another sibling (kept for diagnosis).
    await screenshot(page, 'repeat-preview-child-after-add');

    // Sibling 2: the age question again, in the second instance, empty.
    await expect
      .poll(() => heading.innerText(), { message: 'after "+ Thêm một lần nữa" the child should be asked the age of sibling 2' })
      .toBe(AGE.vi);
    expect(await instance.innerText()).toBe(VI.instance(SIBLINGS.vi, 2));
    const age2 = preview.getByRole('textbox', { name: AGE.vi });
    expect(await age2.inputValue()).toBe('');
    await age2.fill('9');
    await nextButton.click();

    // Nine: school is asked, headed with the second sibling.
    await expect.poll(() => heading.innerText()).toBe(SCHOOL.vi);
    expect(await instance.innerText()).toBe(VI.instance(SIBLINGS.vi, 2));
    expect(await progress.innerText()).toBe(VI.progress(3, 4));
    await preview.getByRole('textbox', { name: SCHOOL.vi }).fill(SCHOOL_ANSWER);
    await screenshot(page, 'repeat-preview-child');

    // No third sibling: "Tiếp" on the "another one?" screen finishes.
    await nextButton.click();
    await expect.poll(() => heading.innerText()).toBe(VI.addRepeatAsk(SIBLINGS.vi));
    expect(await instance.innerText()).toBe(VI.instance(SIBLINGS.vi, 2));
    await nextButton.click();
    await expect.poll(() => heading.innerText()).toBe(VI.end);
    expect(browser.errors).toEqual([]);
  });

  it('entry: two siblings, each answer saved at once, stored as sib=2, age[1], age[2], school[2]', async () => {
    needs('design');
    await page.getByRole('button', { name: VI.done }).click();
    await page.getByRole('heading', { level: 1, name: `${VI.entryTitle}: ${SURVEY_TITLE.vi}` }).waitFor();
    await page.getByRole('button', { name: VI.start }).click();
    await page.getByRole('heading', { name: VI.responseNumber(1), exact: true }).waitFor();

    const form = page.locator('form.answer-form');
    const groupTitles = () => form.locator('h3.group-title').allInnerTexts();
    const answer = (key: string) => form.locator(`fieldset.answer[data-question="${key}"]`);
    const savedIn = (key: string) => answer(key).locator('.answer-status').getByText(VI.answerSaved).waitFor();
    const addButton = form.getByRole('button', { name: VI.addRepeat });

    // Sibling 1, aged 4: no school question.
    expect(await groupTitles()).toEqual([VI.instance(SIBLINGS.vi, 1)]);
    await answer('age[1]').getByRole('textbox', { name: AGE.vi }).fill('4');
    await savedIn('age[1]');
    expect(await answer('school[1]').count()).toBe(0);

    // Another sibling: a second block, and the "add" button moves below it.
    expect(await addButton.count()).toBe(1);
    await addButton.click();
    await expect.poll(groupTitles).toEqual([VI.instance(SIBLINGS.vi, 1), VI.instance(SIBLINGS.vi, 2)]);
    expect(await addButton.count()).toBe(1);
    expect(
      await addButton.evaluate((button) => {
        const lastAge = document.querySelector('fieldset.answer[data-question="age[2]"]');
        return Boolean(lastAge && lastAge.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
      }),
      'the "add another" button comes after sibling 2',
    ).toBe(true);

    // Sibling 2, aged 12: school is asked, for this sibling only.
    await answer('age[2]').getByRole('textbox', { name: AGE.vi }).fill('12');
    await savedIn('age[2]');
    await answer('school[2]').waitFor();
    expect(await answer('school[1]').count()).toBe(0);
    await answer('school[2]').getByRole('textbox', { name: SCHOOL.vi }).fill(SCHOOL_ANSWER);
    await savedIn('school[2]');
    expect(await answer('age[1]').getByRole('textbox').inputValue()).toBe('4');
    await screenshot(page, 'repeat-entry');

    await page.getByRole('button', { name: VI.complete }).click();
    await page.getByRole('status').filter({ hasText: VI.completed(1) }).waitFor();

    // What was stored, read back through the API.
    const surveys = await api<{ id: string; title: { vi?: string } }[]>('survey/list', {});
    const survey = surveys.find((s) => s.title.vi === SURVEY_TITLE.vi);
    expect(survey, 'the survey is listed').toBeDefined();
    const responses = await api<{ id: string; status: string }[]>('response/list', { surveyId: survey!.id });
    expect(responses.map((r) => r.status)).toEqual(['complete']);
    const stored = await api<{ answers: Record<string, string | null> }>('response/get', { responseId: responses[0]!.id });
    expect(stored.answers).toEqual({ sib: '2', 'age[1]': '4', 'age[2]': '12', 'school[2]': SCHOOL_ANSWER });
    expect(browser.errors).toEqual([]);
  });

  it('a repeat counted by ${n}: the facilitator preview shows three instances for n = 3, and no "add another"', async () => {
    await page.getByRole('banner').getByRole('button', { name: PROJECT_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: PROJECT_TITLE }).waitFor();
    await createSurvey(FRIENDS_SURVEY);

    // n, then the repeat counted by it, then the friend's name walked into the repeat.
    await page.getByRole('button', { name: VI.addInteger }).click();
    await fillLabels(card(1), HOW_MANY);
    await setName(card(1), 'n');
    await addOther(VI.typeRepeat);
    const repeat = card(2);
    await fillLabels(repeat, FRIENDS, true);
    await setName(repeat, 'friends');
    await repeat.getByLabel(VI.repeatCount).fill('${n}');
    await page.getByRole('button', { name: VI.addText }).click();
    await step(4, VI.moveUp, 3, '24px');
    await fillLabels(card(3), FRIEND_NAME);
    await setName(card(3), 'friend_name');
    expect(await indents()).toEqual(['0px', '0px', '24px', '0px']);
    await waitSaved();
    expect(await page.locator('.problems').count()).toBe(0);

    await page.getByRole('tab', { name: VI.viewPreview }).click();
    const preview = page.getByRole('region', { name: VI.viewPreview });
    await preview.getByRole('tab', { name: VI.asFacilitator }).click();
    const facilitator = preview.locator('.facilitator-preview');
    const titles = () => facilitator.locator('h3.group-title').allInnerTexts();
    const names = facilitator.getByRole('textbox', { name: FRIEND_NAME.vi, exact: true });

    await facilitator.getByRole('textbox', { name: HOW_MANY.vi }).fill('3');
    await expect.poll(titles).toEqual([1, 2, 3].map((n) => VI.instance(FRIENDS.vi, n)));
    expect(await names.count()).toBe(3);
    expect(await preview.getByRole('button', { name: VI.addRepeat }).count()).toBe(0);
    await names.nth(2).fill('Mai');
    await screenshot(page, 'repeat-count-facilitator');

    // The count follows the answer.
    await facilitator.getByRole('textbox', { name: HOW_MANY.vi }).fill('2');
    await expect.poll(titles).toEqual([1, 2].map((n) => VI.instance(FRIENDS.vi, n)));
    expect(await names.count()).toBe(2);
    expect(await preview.getByRole('button', { name: VI.addRepeat }).count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
