import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { vi as T } from '../../core/i18n/vi';
import { translate, type Lang } from '../../core/i18n/messages';
import type { ResponseDetail } from '../../core/api/response';
import type { CodingAnswerPage, CodingTheme } from '../../core/api/coding';
import type { Survey } from '../../core/survey/model';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { expectFocused, tabTo } from './helpers/keyboard';
import { callApi, startServer, type RunningServer } from './helpers/server';

/**
 * The coding screen with more answers than one page holds (120 children, 50 a page): the range line, the page
 * buttons, walking past the end of a page with the keys and back again, coding an answer on the last page, and a
 * search whose matches take two pages. Then the codebook rearranged by dragging a theme with the mouse, and put back
 * with the keyboard.
 */
const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2], lang: Lang = 'vi') => translate(lang, key, params);

const PAGE = 50;
const SURVEY = { vi: 'Tiếng nói trẻ em Hà Giang', en: "Children's voices, Ha Giang" };
const WORRIES = ['Em sợ đi qua suối', 'Em lo vì đường đến trường rất xa', 'Em sợ con đường đèo trơn trượt', 'Em buồn vì bố mẹ đi làm xa'];
const PLACES = ['trên bản', 'ở thôn', 'ở xã', 'ở thị trấn', 'gần trường'];
const TIMES = ['khi trời mưa to', 'vào buổi sáng sớm', 'vào mùa đông lạnh', 'mỗi ngày đi học', 'vào cuối tuần', 'khi đi học về muộn'];
/** 4 × 5 × 6 = 120 different answers, in the order the children are entered (and listed). */
const ANSWERS = Array.from({ length: WORRIES.length * PLACES.length * TIMES.length }, (_, i) => {
  const worry = WORRIES[i % WORRIES.length]!;
  const place = PLACES[Math.floor(i / WORRIES.length) % PLACES.length]!;
  const time = TIMES[Math.floor(i / (WORRIES.length * PLACES.length))]!;
  return `${worry} ${time}, nhà em ${place}.`;
});

/** What the search box is given: no tone marks, no đ. */
const SEARCH = 'duong';
/** The test's own tone-free match (not the app's): the answers that hold "đường" in any spelling of tones. */
const plain = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
const FOUND = ANSWERS.filter((text) => plain(text).includes(SEARCH));

const THEMES = {
  road: { vi: 'An toàn trên đường', en: 'Safety on the way' },
  family: { vi: 'Gia đình', en: 'Family' },
  away: { vi: 'Bố mẹ đi làm xa', en: 'Parents working far away' },
  play: { vi: 'Vui chơi', en: 'Play' },
};

describe('coding: paging past 50 answers and dragging themes', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let surveyId: string;
  const themeId: Record<keyof typeof THEMES, string> = { road: '', family: '', away: '', play: '' };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
    await callApi(server, 'project/create', { title: 'Diễn đàn trẻ em Hà Giang 2026' });
    const survey = await callApi<Survey>(server, 'survey/create', { title: SURVEY });
    surveyId = survey.id;
    await callApi(server, 'survey/save', {
      surveyId,
      title: SURVEY,
      questions: [{ name: 'why', type: 'text', label: { vi: 'Điều gì làm em lo lắng trên đường đi học?', en: 'What worries you on the way to school?' } }],
      choiceLists: {},
    });
    // Created one after another so response numbers follow ANSWERS; answered and completed eight at a time.
    const ids: string[] = [];
    for (let i = 0; i < ANSWERS.length; i++) ids.push((await callApi<ResponseDetail>(server, 'response/create', { surveyId })).id);
    const enter = async (responseId: string, i: number) => {
      await callApi(server, 'response/answer', { responseId, question: 'why', value: ANSWERS[i] });
      await callApi(server, 'response/complete', { responseId });
    };
    for (let i = 0; i < ids.length; i += 8) await Promise.all(ids.slice(i, i + 8).map((id, j) => enter(id, i + j)));
    // The codebook: road, family with one sub-theme, play — keys 1, 2, 3, 4 in that order.
    const create = async (key: keyof typeof THEMES, parentId: string | null = null) => {
      themeId[key] = (await callApi<CodingTheme>(server, 'coding/createTheme', { surveyId, question: 'why', label: THEMES[key], parentId })).id;
    };
    await create('road');
    await create('family');
    await create('away', themeId.family);
    await create('play');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  async function openCoding(page: Page): Promise<void> {
    await page.goto(server.openUrl);
    await page.waitForURL(`${server.url}#/project`);
    await page.getByRole('listitem').filter({ hasText: SURVEY.vi }).getByRole('button', { name: T['codingUi.open'], exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `${T['codingUi.title']}: ${SURVEY.vi}` }).waitFor();
  }

  /** The answer list as the tests read it: its items, their texts, the range line, the focused answer's text. */
  function answerList(page: Page) {
    const range = page.getByTestId('answer-range');
    const items = page.getByTestId('answer-item');
    return {
      items,
      texts: () => items.locator('.answer-text').allInnerTexts(),
      rangeIs: (from: number, to: number, total: number) => expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from, to, total })),
      focusedText: () => page.evaluate(() => document.activeElement?.querySelector('.answer-text')?.textContent ?? null),
    };
  }

  const themes = () => callApi<CodingTheme[]>(server, 'coding/themes', { surveyId, question: 'why' });

  it('pages through 120 answers by click and by keyboard, codes one on the last page, and pages a search', async () => {
    expect(new Set(ANSWERS).size).toBe(120);
    const { page } = browser;
    await openCoding(page);
    const { items, texts, rangeIs, focusedText } = answerList(page);

    await rangeIs(1, 50, 120);
    expect(await texts()).toEqual(ANSWERS.slice(0, PAGE));
    // The page buttons sit above and below the list; the first page has no previous one.
    const next = page.getByRole('button', { name: T['codingUi.nextPage'], exact: true });
    const previous = page.getByRole('button', { name: T['codingUi.previousPage'], exact: true });
    expect(await next.count()).toBe(2);
    expect(await previous.first().isDisabled()).toBe(true);

    // 1. By click: page 2.
    await next.first().click();
    await rangeIs(51, 100, 120);
    expect(await texts()).toEqual(ANSWERS.slice(PAGE, 2 * PAGE));

    // 2. By keyboard: from answer 98, down twice to answer 100 (the page's last), then once more: page 3, its first answer.
    await items.nth(47).locator('.answer-text').click();
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await expectFocused(page, items.nth(49), 'answer 100, the last of page 2');
    expect(await focusedText()).toBe(ANSWERS[99]);
    await page.keyboard.press('j');
    await rangeIs(101, 120, 120);
    await expectFocused(page, items.nth(0), 'answer 101, the first of page 3');
    expect(await focusedText()).toBe(ANSWERS[100]);
    expect(await next.first().isDisabled()).toBe(true);

    // 3. Answer 103 is about a slippery mountain road: theme 1, by its digit.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expectFocused(page, items.nth(2), 'answer 103');
    expect(await focusedText()).toBe(ANSWERS[102]);
    await page.keyboard.press('1');
    await expect.poll(() => items.nth(2).locator('.theme-chips .chip > span').allInnerTexts()).toEqual([THEMES.road.vi]);
    const all = await callApi<CodingAnswerPage>(server, 'coding/answers', { surveyId, question: 'why', limit: 500 });
    expect(all.total).toBe(120);
    expect(all.answers.filter((a) => a.themeIds.length > 0).map((a) => ({ text: a.text, themeIds: a.themeIds }))).toEqual([{ text: ANSWERS[102], themeIds: [themeId.road] }]);

    // 4. Back up past the page's first answer: page 2 again, on its last answer.
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowUp');
    await expectFocused(page, items.nth(0), 'answer 101');
    await page.keyboard.press('k');
    await rangeIs(51, 100, 120);
    await expectFocused(page, items.nth(49), 'answer 100, the last of page 2');
    expect(await focusedText()).toBe(ANSWERS[99]);
    expect(await page.locator('[data-testid=answer-item][aria-current=true] .answer-text').innerText()).toBe(ANSWERS[99]);
    await screenshot(page, 'coding-page-2');

    // The lower "previous page" button: page 1.
    await previous.last().click();
    await rangeIs(1, 50, 120);
    expect(await texts()).toEqual(ANSWERS.slice(0, PAGE));

    // 5. A search typed without tone marks that matches more than a page: the range line counts the matches.
    expect(FOUND.length).toBeGreaterThan(PAGE);
    const search = page.getByTestId('coding-search');
    await search.fill(SEARCH);
    await search.press('Enter');
    await rangeIs(1, PAGE, FOUND.length);
    expect(await texts()).toEqual(FOUND.slice(0, PAGE));
    await next.last().click();
    await rangeIs(PAGE + 1, FOUND.length, FOUND.length);
    expect(await texts()).toEqual(FOUND.slice(PAGE));
    // Within the search too, the keys walk back over the page's edge.
    await items.nth(0).locator('.answer-text').click();
    await page.keyboard.press('k');
    await rangeIs(1, PAGE, FOUND.length);
    await expectFocused(page, items.nth(PAGE - 1), 'the 50th match');
    expect(await focusedText()).toBe(FOUND[PAGE - 1]);

    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });

  it('drags a theme before another and into another theme, refuses a drop into its own sub-tree, and is put back with the keyboard', async () => {
    const { page } = browser;
    await openCoding(page);
    const tree = page.getByTestId('theme-tree');
    const row = (key: keyof typeof THEMES) => tree.locator(`[data-theme="${themeId[key]}"]`);
    const handle = (key: keyof typeof THEMES) => row(key).getByRole('img', { name: t('codingUi.dragTheme', { theme: THEMES[key].vi }) });
    /**
     * A drag as a hand makes it: Playwright's HTML5 drag in Chromium (it intercepts the drag and replays it as drag
     * events), moved in steps. In one jump the pointer's first move lands on the target row, whose tools open on hover
     * and push the rows below down before Chromium picks the dragged element at the press point, so it drags the theme
     * above the one pressed. After an intercepted drag Chromium swallows the next mouse press (no mousedown, and the
     * next drag never ends), so a click on the codebook's heading, which does nothing, ends each drag as a hand would.
     */
    const drag = async (key: keyof typeof THEMES, onto: keyof typeof THEMES) => {
      await handle(key).dragTo(row(onto), { steps: 10 });
      await page.locator('#codebook-heading').click();
    };
    const names = () => tree.locator('.theme-name').allInnerTexts();
    /** Each row's depth as the screen draws it: the --depth its indentation is computed from. */
    const depths = () => tree.locator('[data-theme]').evaluateAll((rows) => rows.map((r) => Number(getComputedStyle(r).getPropertyValue('--depth'))));
    const indent = (locator: Locator) => locator.evaluate((r) => parseFloat(getComputedStyle(r).paddingLeft));
    /** The codebook as stored: each theme's parent and place, by name. */
    const stored = async () => {
      const list = await themes();
      const nameOf = (id: string | null) => (id ? list.find((th) => th.id === id)!.label.vi : null);
      return list.map((th) => ({ name: th.label.vi, parent: nameOf(th.parentId), position: th.position }));
    };

    await expect.poll(names).toEqual([THEMES.road.vi, THEMES.family.vi, THEMES.away.vi, THEMES.play.vi]);
    expect(await depths()).toEqual([0, 0, 1, 0]);
    // Each move the screen asks of the API, to see that a refused drop asks nothing.
    let moves = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/coding/moveTheme')) moves++;
    });
    const undo = page.getByRole('button', { name: `↶ ${T['codingUi.undo']}` });
    expect(await undo.isDisabled()).toBe(true);

    // 1. "Vui chơi" dropped on "An toàn trên đường" (both at the top): it takes that place, the parent stays none.
    await drag('play', 'road');
    await expect.poll(names).toEqual([THEMES.play.vi, THEMES.road.vi, THEMES.family.vi, THEMES.away.vi]);
    expect(await stored()).toEqual([
      { name: THEMES.play.vi, parent: null, position: 0 },
      { name: THEMES.road.vi, parent: null, position: 1 },
      { name: THEMES.family.vi, parent: null, position: 2 },
      { name: THEMES.away.vi, parent: THEMES.family.vi, position: 0 },
    ]);
    // The digits follow the tree.
    expect(await tree.locator('.theme-key').allInnerTexts()).toEqual(['1', '2', '3', '4']);

    // 2. Dropped on the sub-theme "Bố mẹ đi làm xa": it becomes a sub-theme of "Gia đình", before it.
    await drag('play', 'away');
    await expect.poll(names).toEqual([THEMES.road.vi, THEMES.family.vi, THEMES.play.vi, THEMES.away.vi]);
    expect(await depths()).toEqual([0, 0, 1, 1]);
    expect(await indent(row('play'))).toBeGreaterThan(await indent(row('family')));
    expect(await stored()).toEqual([
      { name: THEMES.road.vi, parent: null, position: 0 },
      { name: THEMES.family.vi, parent: null, position: 1 },
      { name: THEMES.play.vi, parent: THEMES.family.vi, position: 0 },
      { name: THEMES.away.vi, parent: THEMES.family.vi, position: 1 },
    ]);
    await screenshot(page, 'coding-drag');
    // A move is undone like an assignment (Ctrl+Z, or the button): "Vui chơi" goes back to the top, first.
    expect(await undo.isDisabled()).toBe(false);
    await page.keyboard.press('Control+z');
    await expect.poll(names).toEqual([THEMES.play.vi, THEMES.road.vi, THEMES.family.vi, THEMES.away.vi]);
    expect((await stored())[0]).toEqual({ name: THEMES.play.vi, parent: null, position: 0 });
    await page.getByText(t('codingUi.moveUndone', { theme: THEMES.play.vi })).waitFor();
    await drag('play', 'away');
    await expect.poll(names).toEqual([THEMES.road.vi, THEMES.family.vi, THEMES.play.vi, THEMES.away.vi]);

    // 3. "Gia đình" dropped into its own sub-theme: refused, nothing moves.
    const before = await stored();
    expect(moves).toBe(4);
    await drag('family', 'away');
    expect(moves).toBe(4);
    expect(await stored()).toEqual(before);
    expect(await names()).toEqual([THEMES.road.vi, THEMES.family.vi, THEMES.play.vi, THEMES.away.vi]);

    // 4. Back out with the keyboard: "/" to the search box, Shift+Tab back to the theme's "out one level" button, Enter.
    await page.keyboard.press('/');
    await expectFocused(page, page.getByTestId('coding-search'), 'the search box');
    await tabTo(page, row('play').getByRole('button', { name: t('codingUi.outdentTheme', { theme: THEMES.play.vi }) }), { back: true });
    await page.keyboard.press('Enter');
    await expect.poll(names).toEqual([THEMES.road.vi, THEMES.family.vi, THEMES.away.vi, THEMES.play.vi]);
    expect(await depths()).toEqual([0, 0, 1, 0]);
    expect(await stored()).toEqual([
      { name: THEMES.road.vi, parent: null, position: 0 },
      { name: THEMES.family.vi, parent: null, position: 1 },
      { name: THEMES.away.vi, parent: THEMES.family.vi, position: 0 },
      { name: THEMES.play.vi, parent: null, position: 2 },
    ]);
    expect(moves).toBe(5);
    // The keyboard stays on the theme moved.
    await expectFocused(page, row('play').locator('.theme-apply'), 'the moved theme');

    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });

  it('under "uncoded only" or a theme filter, answers that leave the list on a page do not make the next page skip as many', async () => {
    const { page } = browser;
    // The uncoded answers as the test knows them: all but those the API has a theme for (answer 103, coded above).
    const stored = await callApi<CodingAnswerPage>(server, 'coding/answers', { surveyId, question: 'why', limit: 500 });
    const coded = new Set(stored.answers.filter((a) => a.themeIds.length > 0).map((a) => a.text));
    const uncoded = ANSWERS.filter((text) => !coded.has(text));
    expect(uncoded.length).toBe(119);

    await openCoding(page);
    const { items, texts, rangeIs, focusedText } = answerList(page);
    await page.getByTestId('uncoded-only').check();
    await rangeIs(1, PAGE, uncoded.length);
    expect(await texts()).toEqual(uncoded.slice(0, PAGE));

    // The first three are about the stream and the road: theme 1 each, by keyboard. They stay on the page, coded.
    await items.nth(0).locator('.answer-text').click();
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('1');
      await expect.poll(() => items.nth(i).locator('.theme-chips .chip > span').allInnerTexts()).toEqual([THEMES.road.vi]);
      if (i < 2) await page.keyboard.press('j');
    }
    await expect.poll(() => page.getByTestId('coding-progress').innerText()).toBe(t('codingUi.progress', { coded: 4, answers: 120, starred: 0 }));

    // The next page goes on from the 51st uncoded answer, the one after the page's last, though three have left the list.
    await page.getByRole('button', { name: T['codingUi.nextPage'], exact: true }).first().click();
    await expect.poll(texts).toEqual(uncoded.slice(PAGE, 2 * PAGE));
    await rangeIs(PAGE - 2, 2 * PAGE - 3, uncoded.length - 3);
    // And back by keyboard from its first answer: the 50th uncoded one, the last seen before.
    await items.nth(0).locator('.answer-text').click();
    await page.keyboard.press('k');
    await rangeIs(1, PAGE, uncoded.length - 3);
    await expectFocused(page, page.locator('[data-testid=answer-item][aria-current=true]'), 'the current answer');
    expect(await focusedText()).toBe(uncoded[PAGE - 1]);
    // Forward again: the 51st (this page now reaches past it, as three answers before it left the list).
    await page.keyboard.press('j');
    await expect.poll(focusedText).toBe(uncoded[PAGE]);
    await page.getByTestId('uncoded-only').uncheck();

    // The same under a theme filter: "Vui chơi" given (through the API) to the 60 answers about the road, filtered
    // by it, taken off the first two by keyboard; the next page goes on from the 51st.
    const byText = new Map(stored.answers.map((a) => [a.text, { responseId: a.responseId, key: a.key }]));
    await callApi(server, 'coding/assign', { surveyId, question: 'why', themeIds: [themeId.play], answers: FOUND.map((text) => byText.get(text)!) });
    await page.getByTestId('theme-filter').selectOption({ label: THEMES.play.vi });
    await rangeIs(1, PAGE, FOUND.length);
    expect(await texts()).toEqual(FOUND.slice(0, PAGE));
    await items.nth(0).locator('.answer-text').click();
    await page.keyboard.press('4');
    await page.keyboard.press('j');
    await page.keyboard.press('4');
    await expect.poll(() => items.nth(1).locator('.theme-chips .chip > span').allInnerTexts()).not.toContain(THEMES.play.vi);
    await expect.poll(() => page.locator('[data-theme] .theme-count').last().innerText()).toBe(String(FOUND.length - 2));
    await page.getByRole('button', { name: T['codingUi.nextPage'], exact: true }).last().click();
    await expect.poll(texts).toEqual(FOUND.slice(PAGE));
    await rangeIs(PAGE - 1, FOUND.length - 2, FOUND.length - 2);

    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
