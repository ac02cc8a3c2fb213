import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { vi as T } from '../../core/i18n/vi';
import type { ResponseDetail, ResponseSummary } from '../../core/api/response';
import type { SurveySummary } from '../../core/survey/model';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { ROOT, callApi, startServer, type RunningServer } from './helpers/server';

/**
 * Children's mode with the starter consultation survey: the facilitator sets a PIN, a child answers by clicks
 * alone, skips one question ("Em không muốn trả lời", kept as a refusal), sees the thank-you screen with the
 * helpline, and the next child starts on a clean screen. Leaving needs the PIN.
 */
describe("children's mode (vi)", () => {
  let server: RunningServer;
  let browser: OpenBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({
        prepare: ({ projectsDir, configDir }) => {
          execFileSync(process.execPath, [path.join(ROOT, 'bin/tiengnoi.mjs'), 'new', path.join(projectsDir, 'dien-dan.tiengnoi'), '--title', 'Diễn đàn trẻ em Điện Biên', '--template', 'child-consultation'], {
            env: { ...process.env, TIENGNOI_CONFIG_DIR: configDir },
          });
        },
      }),
      openBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('lets a child answer by clicks, skip a question, and hands over to the next child', async () => {
    const { page } = browser;
    await page.goto(server.openUrl);
    await page.getByRole('button', { name: T['home.open'] }).click();
    await page.getByRole('button', { name: T['kiosk.open'] }).click();

    // The facilitator's PIN: refused when the two do not match, then set.
    await page.getByLabel(T['kiosk.pin']).fill('2468');
    await page.getByLabel(T['kiosk.pinAgain']).fill('2469');
    await page.getByRole('button', { name: T['kiosk.begin'] }).click();
    await page.getByRole('alert').filter({ hasText: T['kiosk.pinMismatch'] }).waitFor();
    await page.getByLabel(T['kiosk.pinAgain']).fill('2468');
    await page.getByRole('button', { name: T['kiosk.begin'] }).click();

    // The neutral start screen, without the app's header.
    await page.getByText(T['kiosk.welcome']).waitFor();
    expect(await page.locator('header.app-header').count()).toBe(0);
    await page.getByRole('button', { name: T['kiosk.start'], exact: true }).first().click();

    const kiosk = page.locator('.kiosk');
    const heading = kiosk.locator('h2.kiosk-question').first();
    const next = kiosk.getByRole('button', { name: T['preview.next'], exact: true });
    const progress = kiosk.locator('p.progress');
    const pick = async (text: string) => kiosk.locator('label.option').filter({ hasText: text }).first().click();

    // Consent first: the facilitator's question about the parent or guardian, then the child's own "yes".
    await expect.poll(() => heading.innerText()).toContain('Cha mẹ');
    await pick('Có, đã đồng ý');
    await next.click();
    await expect.poll(() => heading.innerText()).toContain('Chào em');
    await next.click();
    await screenshot(page, 'kiosk-consent');
    await pick('Có');
    await next.click();

    // Age by typing, then sex skipped: "I'd rather not say" moves on and is kept as a refusal.
    await expect.poll(() => heading.innerText()).toBe('Em bao nhiêu tuổi?');
    await kiosk.getByRole('textbox').fill('13');
    await next.click();
    await expect.poll(() => heading.innerText()).toBe('Em là…');
    await screenshot(page, 'kiosk-question');
    await kiosk.getByRole('button', { name: T['preview.skip'] }).click();

    // The rest: the first choice of each choice screen, until the thank-you screen.
    for (let screen = 0; screen < 30; screen++) {
      // The survey's own last note also says thank you: the end screen is the kiosk's own.
      if (await page.locator('.kiosk-end').count()) break;
      const options = kiosk.locator('label.option');
      if ((await options.count()) > 0) await options.first().click();
      const radios = kiosk.locator('.matrix tbody tr');
      for (let r = 0; r < (await radios.count()); r++) await radios.nth(r).locator('input').first().check();
      const before = await progress.innerText();
      await next.click();
      // On to the next screen, or (after the last) to the thank-you screen once the response is saved.
      await expect.poll(async () => (await page.locator('.kiosk-end').count()) > 0 || (await progress.innerText().catch(() => before)) !== before).toBe(true);
    }
    await page.locator('.kiosk-end').getByText(T['preview.end']).waitFor();
    // The survey has sensitive questions: the helpline shows at the end.
    await page.getByText(T['preview.helpline']).waitFor();
    await screenshot(page, 'kiosk-end');

    // Stored: one complete response, sex refused (not merely missing), age as typed.
    const [survey] = await callApi<SurveySummary[]>(server, 'survey/list', {});
    const responses = await callApi<ResponseSummary[]>(server, 'response/list', { surveyId: survey!.id });
    expect(responses.map((r) => r.status)).toEqual(['complete']);
    const detail = await callApi<ResponseDetail>(server, 'response/get', { responseId: responses[0]!.id });
    expect(detail.answers.age).toBe('13');
    expect(detail.refused).toContain('sex');
    expect(detail.answers.sex).toBeUndefined();

    // The next child starts on the neutral screen: nothing of the previous answers shows.
    await page.getByRole('button', { name: T['kiosk.nextChild'] }).click();
    await page.getByText(T['kiosk.welcome']).waitFor();
    await page.getByRole('button', { name: T['kiosk.start'], exact: true }).first().click();
    await expect.poll(() => heading.innerText()).toContain('Cha mẹ');
    expect(await kiosk.locator('input:checked').count()).toBe(0);

    // A reload, or another address typed in, does not leave children's mode.
    await page.reload();
    await page.getByText(T['kiosk.welcome']).waitFor();
    await page.evaluate(() => (location.hash = '#/project'));
    await page.getByText(T['kiosk.welcome']).waitFor();
    expect(await page.getByLabel(T['kiosk.pin']).count()).toBe(0);

    // Leaving needs the PIN.
    await page.getByRole('button', { name: T['kiosk.facilitator'] }).click();
    await page.getByLabel(T['kiosk.exitPin']).fill('0000');
    await page.getByRole('button', { name: T['kiosk.exit'] }).click();
    await page.getByText(T['kiosk.wrongPin']).waitFor();
    await page.getByLabel(T['kiosk.exitPin']).fill('2468');
    await page.getByRole('button', { name: T['kiosk.exit'] }).click();
    await page.getByRole('heading', { level: 1, name: 'Diễn đàn trẻ em Điện Biên' }).waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('goes back to the start screen when a child walks away, keeping the unfinished answers as a draft', async () => {
    const { page } = browser;
    // The page's clock, not the test's: three idle minutes pass in an instant.
    await page.clock.install();
    await page.goto(server.openUrl);
    // The project is still open from the first test: the app comes back to it.
    await page.getByRole('button', { name: T['kiosk.open'] }).click();
    await page.getByLabel(T['kiosk.pin']).fill('1357');
    await page.getByLabel(T['kiosk.pinAgain']).fill('1357');
    await page.getByRole('button', { name: T['kiosk.begin'] }).click();
    const [survey] = await callApi<SurveySummary[]>(server, 'survey/list', {});
    const before = new Set((await callApi<ResponseSummary[]>(server, 'response/list', { surveyId: survey!.id })).map((r) => r.id));
    await page.getByRole('button', { name: T['kiosk.start'], exact: true }).first().click();
    const kiosk = page.locator('.kiosk');
    await expect.poll(() => kiosk.locator('h2.kiosk-question').first().innerText()).toContain('Cha mẹ');
    await kiosk.locator('label.option').filter({ hasText: 'Có, đã đồng ý' }).first().click();

    // Two minutes: still there. One more (the idle limit is three): back to the neutral start screen.
    await page.clock.fastForward('02:00');
    expect(await page.getByText(T['kiosk.welcome']).count()).toBe(0);
    await page.clock.fastForward('01:01');
    await page.getByText(T['kiosk.welcome']).waitFor();
    expect(await kiosk.locator('input:checked').count()).toBe(0);

    // The answer given is kept, in a draft.
    const started = (await callApi<ResponseSummary[]>(server, 'response/list', { surveyId: survey!.id })).filter((r) => !before.has(r.id));
    expect(started.map((r) => r.status)).toEqual(['draft']);
    const draft = await callApi<ResponseDetail>(server, 'response/get', { responseId: started[0]!.id });
    expect(Object.keys(draft.answers)).toHaveLength(1);

    await page.getByRole('button', { name: T['kiosk.facilitator'] }).click();
    await page.getByLabel(T['kiosk.exitPin']).fill('1357');
    await page.getByRole('button', { name: T['kiosk.exit'] }).click();
    await page.getByRole('heading', { level: 1, name: 'Diễn đàn trẻ em Điện Biên' }).waitFor();
    expect(browser.errors).toEqual([]);
  });
});
