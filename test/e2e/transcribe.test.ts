import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { vi as T } from '../../core/i18n/vi';
import type { ResponseDetail, ResponseSummary } from '../../core/api/response';
import type { Survey } from '../../core/survey/model';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { callApi, startServer, type RunningServer } from './helpers/server';

/**
 * A facilitator types in paper questionnaires with the keyboard alone: Ctrl+N for a new paper, a choice's code
 * to pick it, Enter to move on, skip logic jumping over what the paper skips, Ctrl+S to save. Keystrokes and
 * time per paper are counted and printed.
 */
describe('typing in paper forms by keyboard (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;
  let surveyId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
    await callApi(server, 'project/create', { title: 'Phiếu giấy Cao Bằng' });
    const survey = await callApi<Survey>(server, 'survey/create', { title: { vi: 'Phiếu hỏi em', en: 'Paper form' } });
    surveyId = survey.id;
    await callApi(server, 'survey/save', {
      surveyId,
      title: survey.title,
      questions: [
        { name: 'sex', type: 'select_one', label: { vi: 'Giới tính' }, listName: 'sex', required: true },
        { name: 'age', type: 'integer', label: { vi: 'Tuổi' }, constraint: '. >= 6 and . <= 18', constraintMessage: { vi: 'Tuổi từ 6 đến 18' } },
        { name: 'school', type: 'select_one', label: { vi: 'Em có đi học không?' }, listName: 'yn' },
        { name: 'grade', type: 'integer', label: { vi: 'Lớp mấy?' }, relevance: "${school} = '1'" },
        { name: 'worries', type: 'select_multiple', label: { vi: 'Em lo lắng điều gì?' }, listName: 'worries' },
        { name: 'wish', type: 'text', label: { vi: 'Em mong muốn điều gì?' } },
      ],
      choiceLists: {
        sex: [{ name: '1', label: { vi: 'Nữ' } }, { name: '2', label: { vi: 'Nam' } }, { name: '99', label: { vi: 'Không muốn nói' } }],
        yn: [{ name: '1', label: { vi: 'Có' } }, { name: '2', label: { vi: 'Không' } }],
        worries: [{ name: '1', label: { vi: 'Học tập' } }, { name: '2', label: { vi: 'Bạo lực' } }, { name: '3', label: { vi: 'Mạng xã hội' } }],
      },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('enters three papers with the keyboard alone', async () => {
    const { page } = browser;
    await page.goto(`${server.openUrl}`);
    await page.waitForURL(`${server.url}#/project`);
    await page.goto(`${server.url}#/survey/${surveyId}/enter`);
    await page.getByRole('heading', { level: 1, name: `${T['entry.title']}: Phiếu hỏi em` }).waitFor();

    let keystrokes = 0;
    const press = async (key: string) => {
      keystrokes++;
      await page.keyboard.press(key);
    };
    const type = async (text: string) => {
      keystrokes += [...text].length;
      await page.keyboard.type(text);
    };
    const saved = (n: number) => page.getByRole('status').filter({ hasText: T['entry.completed'].replace('{count}', String(n)) });

    const papers = [
      { sex: '1', age: '12', school: '1', grade: '6', worries: ['1', '3'], wish: 'Có sân chơi' },
      { sex: '99', age: '15', school: '2', grade: null, worries: ['2'], wish: 'Không bị bắt nạt' },
      { sex: '2', age: '9', school: '1', grade: '3', worries: [], wish: 'Được đi học' },
    ];
    const started = Date.now();
    for (const [i, paper] of papers.entries()) {
      await press('Control+n');
      await page.getByRole('heading', { name: T['entry.responseNumber'].replace('{number}', String(i + 1)) }).waitFor();
      // The first question has the focus: codes pick, Enter moves on.
      for (const digit of paper.sex) await press(digit);
      await press('Enter');
      await type(paper.age);
      await press('Enter');
      await press(paper.school);
      await press('Enter');
      if (paper.grade) {
        await type(paper.grade);
        await press('Enter');
      }
      for (const code of paper.worries) await press(code);
      await press('Enter');
      await type(paper.wish);
      if (i === 0) await screenshot(page, 'transcribe');
      await press('Control+s');
      await saved(i + 1).waitFor();
    }
    const seconds = (Date.now() - started) / 1000;
    console.info(`transcription: ${papers.length} papers, ${keystrokes} keystrokes (${(keystrokes / papers.length).toFixed(1)} a paper), ${(seconds / papers.length).toFixed(2)} s a paper (machine speed, not a typist's)`);

    // What was typed is what was stored, skip logic included: no grade where the child is not at school.
    const responses = await callApi<ResponseSummary[]>(server, 'response/list', { surveyId });
    expect(responses.map((r) => r.status)).toEqual(['complete', 'complete', 'complete']);
    const stored = await Promise.all(responses.map((r) => callApi<ResponseDetail>(server, 'response/get', { responseId: r.id })));
    expect(stored.map((r) => r.answers)).toEqual([
      { sex: '1', age: '12', school: '1', grade: '6', worries: '1 3', wish: 'Có sân chơi' },
      { sex: '99', age: '15', school: '2', worries: '2', wish: 'Không bị bắt nạt' },
      { sex: '2', age: '9', school: '1', grade: '3', wish: 'Được đi học' },
    ]);
    expect(browser.errors).toEqual([]);
  });

  it('shows a constraint error inline and keeps the focus where the typist is', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: T['entry.responseNumber'].replace('{number}', '4') }).waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.keyboard.type('40');
    await page.keyboard.press('Enter');
    await page.getByText('Tuổi từ 6 đến 18').waitFor();
    // The typist moved on; the message stays by the age question, which can be fixed with Shift+Enter.
    await page.keyboard.press('Shift+Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('40');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('14');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Tuổi từ 6 đến 18').count()).toBe(0);
  });
});
