import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { vi as T } from '../../core/i18n/vi';
import { translate, type Lang } from '../../core/i18n/messages';
import type { ResponseDetail } from '../../core/api/response';
import type { CodingAnswerPage, CodingQuote, CodingTheme } from '../../core/api/coding';
import type { Survey } from '../../core/survey/model';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { expectFocused, tabTo } from './helpers/keyboard';
import { callApi, startServer, type RunningServer } from './helpers/server';

/**
 * The coding screen, as a researcher reading children's own words after a forum: build a small codebook (one theme
 * nested, one shared), code answers by keyboard and by click, search without tone marks, undo a slip, star a quote
 * with the child's attributes and see the privacy warning, and read the codes as a protected table. Then the same
 * work with the keyboard alone, in English.
 */
const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2], lang: Lang = 'vi') => translate(lang, key, params);

const SURVEY = { vi: 'Tiếng nói trẻ em Lào Cai', en: "Children's voices, Lao Cai" };
/** [sex, age, province, paper code, why, wish] — girls in Lào Cai are many; a girl of 13 there is one. */
const CHILDREN: [string, string, string, string | null, string, string][] = [
  ['1', '14', '10', 'LC-001', 'Em sợ đi qua suối khi trời mưa to.', 'Em mong có cây cầu mới qua suối.'],
  ['2', '12', '10', 'LC-002', 'Đường đến trường rất xa và không an toàn.', 'Em mong bố mẹ ở nhà nhiều hơn.'],
  ['1', '16', '11', null, 'Các bạn lớn hay bắt nạt em ở cổng trường.', 'Em muốn có thêm sách ở thư viện.'],
  ['1', '13', '10', null, 'Em tên là Lan, nhà ở thôn Nà Sáng.', 'Em mong được đi học đầy đủ.'],
  ['2', '11', '10', null, 'Em thấy an toàn vì có thầy cô đưa đón.', 'Em muốn học bơi.'],
  ['1', '15', '10', null, 'Em muốn có thêm sân chơi ở bản.', 'Em mong có sân bóng cho các bạn gái.'],
  ['2', '14', '11', null, 'Bố mẹ đi làm xa, em ở với ông bà.', 'Em mong gia đình được đoàn tụ.'],
  ['1', '12', '10', null, 'Em muốn được học tiếng Anh và tin học.', 'Em muốn học máy tính.'],
  ['2', '17', '11', null, 'Trên mạng có người lạ nhắn tin làm em sợ.', 'Em mong được dạy cách dùng mạng an toàn.'],
  ['1', '16', '10', null, 'Em mong người lớn lắng nghe ý kiến của trẻ em.', 'Em mong người lớn hỏi ý kiến em.'],
  ['2', '13', '11', null, 'Cầu qua suối bị hỏng, mùa mưa em phải nghỉ học.', 'Em mong có xe đưa đón.'],
  ['1', '14', '10', null, 'Em thích đi học vì có nhiều bạn.', 'Em muốn có thêm giờ ra chơi.'],
];
const WHY = CHILDREN.map((c) => c[4]);

describe('coding open answers', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let surveyId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
    await callApi(server, 'project/create', { title: 'Diễn đàn trẻ em Lào Cai 2026' });
    // Cells under 3 are hidden: the codes table shows one count and hides another.
    await callApi(server, 'analysis/settings', { minCell: 3 });
    const survey = await callApi<Survey>(server, 'survey/create', { title: SURVEY });
    surveyId = survey.id;
    await callApi(server, 'survey/save', {
      surveyId,
      title: SURVEY,
      questions: [
        { name: 'sex', type: 'select_one', label: { vi: 'Em là', en: 'You are' }, listName: 'sex' },
        { name: 'age', type: 'integer', label: { vi: 'Em bao nhiêu tuổi?', en: 'How old are you?' } },
        { name: 'province', type: 'select_one', label: { vi: 'Em sống ở tỉnh nào?', en: 'Which province do you live in?' }, listName: 'province' },
        { name: 'why', type: 'text', label: { vi: 'Điều gì làm em lo lắng trên đường đi học?', en: 'What worries you on the way to school?' } },
        { name: 'wish', type: 'text', label: { vi: 'Em mong muốn điều gì?', en: 'What do you wish for?' } },
      ],
      choiceLists: {
        sex: [
          { name: '1', label: { vi: 'em gái', en: 'girl' } },
          { name: '2', label: { vi: 'em trai', en: 'boy' } },
        ],
        province: [
          { name: '10', label: { vi: 'Lào Cai', en: 'Lao Cai' } },
          { name: '11', label: { vi: 'Điện Biên', en: 'Dien Bien' } },
        ],
      },
    });
    for (const [sex, age, province, paperCode, why, wish] of CHILDREN) {
      const response = await callApi<ResponseDetail>(server, 'response/create', { surveyId, ...(paperCode ? { paperCode } : {}) });
      for (const [question, value] of Object.entries({ sex, age, province, why, wish })) {
        await callApi(server, 'response/answer', { responseId: response.id, question, value });
      }
      await callApi(server, 'response/complete', { responseId: response.id });
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  /** The themes of each answer, by the answer's words, as the API has them stored. */
  async function storedCodes(question: 'why' | 'wish', lang: Lang = 'vi'): Promise<Record<string, string[]>> {
    const themes = await callApi<CodingTheme[]>(server, 'coding/themes', { surveyId, question });
    const name = (id: string) => themes.find((th) => th.id === id)?.label[lang] ?? id;
    const page = await callApi<CodingAnswerPage>(server, 'coding/answers', { surveyId, question, limit: 100 });
    return Object.fromEntries(page.answers.filter((a) => a.themeIds.length > 0).map((a) => [a.text, a.themeIds.map(name).sort()]));
  }

  const chips = (page: Page, index: number) => page.getByTestId('answer-item').nth(index).locator('.theme-chips .chip > span').allInnerTexts();
  const applyButton = (page: Page, theme: string, key: number, lang: Lang = 'vi') => page.getByRole('button', { name: t('codingUi.applyThemeKey', { theme, key }, lang), exact: true });

  it('builds a codebook, codes five answers by keyboard and click, searches, undoes, stars a quote and tabulates the codes', async () => {
    const { page, context } = browser;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    await page.goto(server.openUrl);
    await page.waitForURL(`${server.url}#/project`);
    await page.getByRole('listitem').filter({ hasText: SURVEY.vi }).getByRole('button', { name: T['codingUi.open'], exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `${T['codingUi.title']}: ${SURVEY.vi}` }).waitFor();
    expect(page.url()).toContain(`#/survey/${surveyId}/coding`);
    expect(await page.getByTestId('coding-question').inputValue()).toBe('why');
    const range = page.getByTestId('answer-range');
    await expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from: 1, to: 12, total: 12 }));
    const items = page.getByTestId('answer-item');
    expect(await items.count()).toBe(12);
    expect(await items.first().innerText()).toContain('mã phiếu LC-001');

    // 1. The codebook: a theme, a shared one, and a sub-theme of the first.
    const form = page.getByTestId('theme-form');
    const addTheme = async (vi: string, en: string, shared = false) => {
      await form.getByLabel(T['codingUi.nameVi']).fill(vi);
      await form.getByLabel(T['codingUi.nameEn']).fill(en);
      if (shared) await form.getByLabel(T['codingUi.shared']).check();
      await form.locator('button[type=submit]').click();
      await page.getByTestId('theme-tree').locator('.theme-name', { hasText: vi }).waitFor();
    };
    await addTheme('An toàn trên đường', 'Safety on the way');
    await addTheme('Bắt nạt', 'Bullying', true);
    const safetyRow = page.locator('[data-theme]').filter({ hasText: 'An toàn trên đường' });
    const tools = (row: typeof safetyRow, theme: string) => row.getByRole('button', { name: t('codingUi.themeTools', { theme }) });
    await tools(safetyRow, 'An toàn trên đường').click();
    await safetyRow.getByRole('button', { name: t('codingUi.subThemeOf', { theme: 'An toàn trên đường' }) }).click();
    await form.getByRole('heading', { name: t('codingUi.newSubTheme', { theme: 'An toàn trên đường' }) }).waitFor();
    await addTheme('Sông suối', 'Rivers and streams');
    await expect.poll(() => page.locator('[data-testid=theme-tree] .theme-name').allInnerTexts()).toEqual(['Bắt nạt', 'An toàn trên đường', 'Sông suối']);
    expect(await page.locator('[data-testid=theme-tree] .theme-key').allInnerTexts()).toEqual(['1', '2', '3']);
    await page.locator('[data-theme]').filter({ hasText: 'Bắt nạt' }).locator('.badge.shared').waitFor();
    // Pointing at a theme moves no other row; its tools open on its "⋯".
    const bullyRow = page.locator('[data-theme]').filter({ hasText: 'Bắt nạt' });
    const topOfNext = async () => (await safetyRow.boundingBox())!.y;
    await page.mouse.move(0, 0);
    const before = await topOfNext();
    await bullyRow.hover();
    expect(await topOfNext()).toBe(before);
    // Closed, the tools' line has no height (its buttons stay in the tab order for the keyboard).
    const toolsHeight = () => bullyRow.locator('.theme-actions').evaluate((line) => line.clientHeight);
    expect(await toolsHeight()).toBe(0);
    await tools(bullyRow, 'Bắt nạt').click();
    await expect.poll(toolsHeight).toBeGreaterThan(20);
    expect(await tools(bullyRow, 'Bắt nạt').getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'coding-theme-tools');
    await tools(bullyRow, 'Bắt nạt').click();
    await expect.poll(toolsHeight).toBe(0);

    // Shared themes come first; the digits follow the tree.
    // 2. By keyboard: answer 1 is about a stream (3), answer 2 about the road (2), answer 3 about bullying (1).
    await items.nth(0).locator('.answer-text').click();
    await page.keyboard.press('3');
    await expect.poll(() => chips(page, 0)).toEqual(['Sông suối']);
    await page.keyboard.press('j');
    await expectFocused(page, items.nth(1), 'the second answer');
    await page.keyboard.press('2');
    await page.keyboard.press('j');
    await page.keyboard.press('1');
    await expect.poll(() => chips(page, 2)).toEqual(['Bắt nạt']);
    expect(await chips(page, 1)).toEqual(['An toàn trên đường']);

    // By click: answer 11 gets the sub-theme; answers 2 and 5 ticked together get the first theme (2 has it already).
    await items.nth(10).locator('.answer-text').click();
    await applyButton(page, 'Sông suối', 3).click();
    await expect.poll(() => chips(page, 10)).toEqual(['Sông suối']);
    await items.nth(1).getByRole('checkbox').check();
    await items.nth(4).getByRole('checkbox').check();
    await page.getByText(t('codingUi.selected', { count: 2 })).waitFor();
    await applyButton(page, 'An toàn trên đường', 2).click();
    await expect.poll(() => chips(page, 4)).toEqual(['An toàn trên đường']);
    expect(await chips(page, 1)).toEqual(['An toàn trên đường']);
    await page.getByTestId('coding-notice').getByText(t('codingUi.assigned', { theme: 'An toàn trên đường', count: 1 })).waitFor();
    await page.getByRole('button', { name: T['codingUi.clearSelection'] }).click();

    // A slip on answer 12, undone with Ctrl+Z.
    await items.nth(11).locator('.answer-text').click();
    await page.keyboard.press('1');
    await expect.poll(() => chips(page, 11)).toEqual(['Bắt nạt']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => chips(page, 11)).toEqual([]);
    await page.getByTestId('coding-notice').getByText(t('codingUi.undone', { theme: 'Bắt nạt', count: 1 })).waitFor();

    // Shift+click: answers 9 and 10 (a stranger online, adults who do not listen) selected together, given "Bắt nạt".
    await items.nth(8).locator('.answer-text').click();
    await items.nth(9).locator('.answer-text').click({ modifiers: ['Shift'] });
    await page.getByText(t('codingUi.selected', { count: 2 })).waitFor();
    await applyButton(page, 'Bắt nạt', 1).click();
    await expect.poll(() => chips(page, 9)).toEqual(['Bắt nạt']);
    expect(await chips(page, 8)).toEqual(['Bắt nạt']);
    await page.keyboard.press('Escape');

    await expect.poll(() => page.getByTestId('coding-progress').innerText()).toBe(t('codingUi.progress', { coded: 7, answers: 12, starred: 0 }));
    await expect.poll(() => page.locator('[data-theme] .theme-count').allInnerTexts()).toEqual(['3', '2', '2']);
    await screenshot(page, 'coding');

    // Stored: seven answers coded, the slip undone.
    expect(await storedCodes('why')).toEqual({
      [WHY[0]!]: ['Sông suối'],
      [WHY[1]!]: ['An toàn trên đường'],
      [WHY[2]!]: ['Bắt nạt'],
      [WHY[4]!]: ['An toàn trên đường'],
      [WHY[8]!]: ['Bắt nạt'],
      [WHY[9]!]: ['Bắt nạt'],
      [WHY[10]!]: ['Sông suối'],
    });

    // 3. Search without tone marks: "an toan" finds "an toàn".
    const search = page.getByTestId('coding-search');
    await search.fill('an toan');
    await expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from: 1, to: 2, total: 2 }));
    expect(await items.locator('.answer-text').allInnerTexts()).toEqual([WHY[1], WHY[4]]);
    // The filter by theme counts a theme's sub-themes too.
    await search.fill('');
    await page.getByTestId('theme-filter').selectOption({ label: 'An toàn trên đường' });
    await expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from: 1, to: 4, total: 4 }));
    await page.getByTestId('theme-filter').selectOption('');
    await page.getByTestId('uncoded-only').check();
    await expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from: 1, to: 5, total: 5 }));
    await page.getByTestId('uncoded-only').uncheck();

    // 4. Star the answer that names a child and her hamlet: found by typing, starred with "s".
    await search.fill('nha o thon');
    await expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from: 1, to: 1, total: 1 }));
    await search.press('Escape');
    await expectFocused(page, items.nth(0), 'the answer found');
    await page.keyboard.press('s');
    const editor = page.getByTestId('quote-editor');
    await editor.waitFor();
    const line = editor.getByTestId('quote-attributes');
    // Sex, age and province are ticked at first: she is the only girl of 13 in Lào Cai.
    await expect.poll(() => line.innerText()).toBe('— em gái, 13 tuổi, Lào Cai');
    const warning = editor.getByTestId('quote-warning');
    await expect.poll(() => warning.innerText()).toContain('tên người');
    expect(await warning.innerText()).toContain('địa danh nhỏ hơn tỉnh');
    expect(await warning.innerText()).toContain('Ít hơn 3 em có cùng thông tin kèm theo (em gái, 13 tuổi, Lào Cai)');
    expect((await editor.locator('mark').allInnerTexts()).join(' | ')).toContain('Lan');
    // Without her age she is one of many girls in Lào Cai; the name and the hamlet still warn.
    await editor.getByLabel('Em bao nhiêu tuổi?').uncheck();
    await expect.poll(() => line.innerText()).toBe('— em gái, Lào Cai');
    await expect.poll(() => warning.innerText()).not.toContain('Ít hơn 3 em');
    expect(await warning.innerText()).toContain('tên người');
    const quoteItem = page.getByTestId('quote-item');
    await expect.poll(() => quoteItem.count()).toBe(1);
    await quoteItem.getByTestId('quote-warning').waitFor();
    await screenshot(page, 'coding-quotes');

    // An edited excerpt without the name: the warning goes as it is typed, then the excerpt is saved.
    const excerpt = editor.getByTestId('quote-excerpt');
    await excerpt.fill('Em ở một bản xa, đường đi học rất khó.');
    await editor.getByText(T['codingUi.noWarning']).waitFor();
    await editor.getByRole('button', { name: T['codingUi.saveExcerpt'] }).click();
    await editor.getByText(T['codingUi.excerptSaved']).waitFor();
    await expect.poll(() => quoteItem.locator('blockquote').innerText()).toContain('“Em ở một bản xa, đường đi học rất khó.”');
    expect(await quoteItem.getByTestId('quote-warning').count()).toBe(0);
    const quotes = await callApi<CodingQuote[]>(server, 'coding/quotes', { surveyId, question: 'why' });
    expect(quotes.map((q) => ({ number: q.number, attributes: q.chosenAttributes, line: q.attributeLine, excerpt: q.excerpt, warning: q.warning }))).toEqual([
      { number: 4, attributes: ['sex', 'province'], line: 'em gái, Lào Cai', excerpt: 'Em ở một bản xa, đường đi học rất khó.', warning: null },
    ]);
    await search.fill('');
    await expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from: 1, to: 12, total: 12 }));

    // 5. The codes table: top-level themes (the sub-theme counts in its parent: 2 + 2), then every theme apart,
    // where counts under 3 are hidden (and others with them, so the hidden ones cannot be worked out).
    const table = page.getByTestId('codes-table').getByTestId('result-table');
    const countOf = (theme: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: theme, exact: true }) }).locator('td').first().innerText();
    await expect.poll(() => countOf('An toàn trên đường')).toBe('4');
    expect(await countOf('Bắt nạt')).toBe('3');
    await page.getByLabel(T['codingUi.levelAll']).check();
    await expect.poll(() => table.getByRole('rowheader', { name: 'Sông suối', exact: true }).count()).toBe(1);
    expect(await countOf('Sông suối')).toBe('< 3');
    await page.getByTestId('codes-table').getByText(t('results.noteOn', { k: 3, complementary: 0 }).slice(0, 20)).waitFor();
    await page.getByTestId('codes-by').selectOption('sex');
    await expect.poll(() => page.getByTestId('codes-table').locator('table.crosstab').count()).toBe(1);

    // 6. Rearranging the codebook: the sub-theme dragged out beside its parent, renamed, then deleted with its
    // answers moved to the theme it came from.
    const tree = page.getByTestId('theme-tree');
    const riverRow = page.locator('[data-theme]').filter({ hasText: 'Sông suối' });
    // Headless Chromium does not run a native drag from mouse moves: the drag's events are sent as the browser would.
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    const safetyTarget = page.locator('[data-theme]').filter({ hasText: 'An toàn trên đường' });
    await riverRow.locator('.drag-handle').dispatchEvent('dragstart', { dataTransfer });
    await safetyTarget.dispatchEvent('dragover', { dataTransfer });
    await safetyTarget.dispatchEvent('drop', { dataTransfer });
    await riverRow.locator('.drag-handle').dispatchEvent('dragend', { dataTransfer });
    await expect.poll(() => tree.locator('.theme-name').allInnerTexts()).toEqual(['Bắt nạt', 'Sông suối', 'An toàn trên đường']);
    expect(await tree.locator('[data-theme]').evaluateAll((rows) => rows.map((r) => getComputedStyle(r).getPropertyValue('--depth')))).toEqual(['0', '0', '0']);
    // While renamed, the row holds its names in fields: it is found by its id.
    const renamedRow = page.locator(`[data-theme="${await riverRow.getAttribute('data-theme')}"]`);
    await tools(renamedRow, 'Sông suối').click();
    await renamedRow.getByRole('button', { name: t('codingUi.renameTheme', { theme: 'Sông suối' }) }).click();
    await renamedRow.getByLabel(T['codingUi.nameVi']).fill('Sông suối, cầu');
    await renamedRow.getByRole('button', { name: T['common.save'] }).click();
    await tree.locator('.theme-name', { hasText: 'Sông suối, cầu' }).waitFor();
    await tools(renamedRow, 'Sông suối, cầu').click();
    await renamedRow.getByRole('button', { name: t('codingUi.deleteTheme', { theme: 'Sông suối, cầu' }) }).click();
    await renamedRow.getByLabel(t('codingUi.deleteInUse', { count: 2 })).selectOption({ label: 'An toàn trên đường' });
    await renamedRow.getByTestId('theme-delete').getByRole('button', { name: T['codingUi.deleteConfirm'], exact: true }).click();
    await expect.poll(() => tree.locator('.theme-name').allInnerTexts()).toEqual(['Bắt nạt', 'An toàn trên đường']);
    expect(await storedCodes('why')).toEqual({
      [WHY[0]!]: ['An toàn trên đường'],
      [WHY[1]!]: ['An toàn trên đường'],
      [WHY[2]!]: ['Bắt nạt'],
      [WHY[4]!]: ['An toàn trên đường'],
      [WHY[8]!]: ['Bắt nạt'],
      [WHY[9]!]: ['Bắt nạt'],
      [WHY[10]!]: ['An toàn trên đường'],
    });
    const renamed = (await callApi<CodingTheme[]>(server, 'coding/themes', { surveyId, question: 'why' })).map((th) => th.label);
    expect(renamed).toEqual([
      { vi: 'Bắt nạt', en: 'Bullying' },
      { vi: 'An toàn trên đường', en: 'Safety on the way' },
    ]);

    // A quote copied as a report would print it.
    await quoteItem.getByRole('button', { name: T['codingUi.copy'], exact: true }).click();
    await page.getByText(T['codingUi.copied']).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('“Em ở một bản xa, đường đi học rất khó.” (em gái, Lào Cai)');

    // 7. On the Results screen the codes are a multiple-choice question among the others, with the themes as choices.
    await page.goto(`${server.url}#/survey/${surveyId}/results`);
    await page.getByTestId('question').selectOption('why#codes');
    const results = page.getByTestId('result-table').first();
    const resultCount = (name: string) => results.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).locator('td').first().innerText();
    await expect.poll(() => resultCount('An toàn trên đường')).toBe('4');
    expect(await resultCount('Bắt nạt')).toBe('3');
    expect(await resultCount(T['results.codedRow'])).toBe('7');
    await screenshot(page, 'analysis-codes');
    // …and in a filter: the provinces of the three children whose answer was coded "Bullying" (1 and 2: hidden).
    await page.getByTestId('question').selectOption('province');
    await page.getByTestId('filter-question').selectOption('why#codes');
    await page.getByTestId('filter-value').selectOption({ label: 'Bắt nạt' });
    await page.getByRole('button', { name: T['results.filterAdd'] }).click();
    await page.locator('.chip').filter({ hasText: `${t('coding.table.label', { question: 'Điều gì làm em lo lắng trên đường đi học?' })} = Bắt nạt` }).waitFor();
    await expect.poll(() => resultCount('Lào Cai')).toBe('< 3');
    expect(await resultCount('Điện Biên')).toBe('< 3');

    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });

  it('codes with the keyboard alone, in English', async () => {
    const { page } = browser;
    // English, and the attributes chosen for quotes last time on this computer: sex and province.
    await page.evaluate((id) => {
      localStorage.setItem('tiengnoi.lang', 'en');
      localStorage.setItem(`tiengnoi.coding.${id}`, JSON.stringify({ question: 'wish', attributes: ['sex', 'province'] }));
    }, surveyId);
    await page.goto(`${server.url}#/survey/${surveyId}/coding`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `${t('codingUi.title', {}, 'en')}: ${SURVEY.en}` }).waitFor();
    expect(await page.getByTestId('coding-question').inputValue()).toBe('wish');
    const range = page.getByTestId('answer-range');
    await expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from: 1, to: 12, total: 12 }, 'en'));
    const items = page.getByTestId('answer-item');
    // The shared theme of the other question is offered here too.
    await expect.poll(() => page.locator('[data-testid=theme-tree] .theme-name').allInnerTexts()).toEqual(['Bullying']);

    // Two themes, typed and submitted with Enter.
    const nameVi = page.getByTestId('theme-form').getByLabel(t('codingUi.nameVi', {}, 'en'));
    await tabTo(page, nameVi);
    for (const [vi, en] of [
      ['Gia đình', 'Family'],
      ['Học tập', 'Learning'],
    ]) {
      await page.keyboard.type(vi!);
      await page.keyboard.press('Tab');
      await page.keyboard.type(en!);
      await page.keyboard.press('Enter');
      await page.getByTestId('theme-tree').locator('.theme-name', { hasText: en! }).waitFor();
      await expectFocused(page, nameVi, 'the name field, ready for the next theme');
    }
    await expect.poll(() => page.locator('[data-testid=theme-tree] .theme-name').allInnerTexts()).toEqual(['Bullying', 'Family', 'Learning']);

    // To the answers: the current one is the list's tab stop.
    await tabTo(page, items.nth(0));
    await page.keyboard.press('2'); // Family
    await expect.poll(() => chips(page, 0)).toEqual(['Family']);
    // Space selects answers 2 and 3; 3 gives both Learning.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await page.keyboard.press('j');
    await page.keyboard.press(' ');
    await page.getByText(t('codingUi.selected', { count: 2 }, 'en')).waitFor();
    await page.keyboard.press('3');
    await expect.poll(() => chips(page, 2)).toEqual(['Learning']);
    expect(await chips(page, 1)).toEqual(['Learning']);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByText(t('codingUi.selected', { count: 2 }, 'en')).count()).toBe(0);
    // A slip and its undo.
    await page.keyboard.press('1');
    await expect.poll(() => chips(page, 2)).toEqual(['Bullying', 'Learning']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => chips(page, 2)).toEqual(['Learning']);
    // Taking a theme off with its digit: the current answer has Learning, so 3 removes it.
    await page.keyboard.press('k');
    await page.keyboard.press('3');
    await expect.poll(() => chips(page, 1)).toEqual([]);
    await page.keyboard.press('3');
    await expect.poll(() => chips(page, 1)).toEqual(['Learning']);

    // "/" to search, Escape back to the list, "s" to star.
    await page.keyboard.press('/');
    await expectFocused(page, page.getByTestId('coding-search'), 'the search box');
    await page.keyboard.type('san bong');
    await expect.poll(() => range.innerText()).toBe(t('codingUi.range', { from: 1, to: 1, total: 1 }, 'en'));
    await page.keyboard.press('Escape');
    await expectFocused(page, items.nth(0), 'the answer found');
    await page.keyboard.press('2');
    await expect.poll(() => chips(page, 0)).toEqual(['Family']);
    await page.keyboard.press('s');
    const editor = page.getByTestId('quote-editor');
    await expectFocused(page, editor.getByTestId('quote-excerpt'), 'the excerpt of the new quote');
    // The attributes chosen last time are ticked again, shown in English.
    await expect.poll(() => editor.getByTestId('quote-attributes').innerText()).toBe('— girl, Lao Cai');
    await page.getByTestId('coding-shortcuts').waitFor();
    await screenshot(page, 'coding-en');
    // Escape leaves the excerpt for the list again.
    await page.keyboard.press('Escape');
    await expectFocused(page, items.nth(0), 'the starred answer');

    expect(await storedCodes('wish', 'en')).toEqual({
      [CHILDREN[0]![5]]: ['Family'],
      [CHILDREN[1]![5]]: ['Learning'],
      [CHILDREN[2]![5]]: ['Learning'],
      [CHILDREN[5]![5]]: ['Family'],
    });
    const quotes = await callApi<CodingQuote[]>(server, 'coding/quotes', { surveyId, question: 'wish' });
    expect(quotes.map((q) => [q.number, q.chosenAttributes])).toEqual([[6, ['sex', 'province']]]);
    expect(await page.locator('.error-banner').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });
});
