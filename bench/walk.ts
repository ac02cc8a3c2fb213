// `npm run bench:walk`: every main screen of the real interface walked at 100 000 responses in headless Chromium, as a
// researcher clicks (browser mode, the same server and browser as the end-to-end tests), each step timed from the
// click or key until what it waits for is on screen. The project is bench/synthetic.ts's consultation with its stored
// analysis columns removed, as a merge leaves them, so the first visit to Results rebuilds them; the project is then
// opened again, and Results read from the file. Prints the steps, the slowest API calls of the page, and every console
// error, failed request and error reply seen. A screenshot after each step goes to test-results/walk/.
//
//   tsx bench/walk.ts                        100 000 responses, in Vietnamese
//   tsx bench/walk.ts --responses 20000 --lang en
//   tsx bench/walk.ts --no-build             the renderer in out/ as it is (the walk builds it first otherwise)
//
// Run by hand, not by vitest. It shares the end-to-end tests' lock: flock /tmp/tiengnoi-e2e.lock npx tsx bench/walk.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Download, Page, Request } from 'playwright-core';
import { isLang, translate, type Lang, type MessageKey, type MessageParams } from '../core/i18n/messages';
import type { CodingAnswerPage } from '../core/api/coding';
import type { ResponseSearch } from '../core/api/responses';
import type { Labels } from '../core/survey/model';
import { ROOT, startServer, type RunningServer } from '../test/e2e/helpers/server';
import { openBrowser, type OpenBrowser } from '../test/e2e/helpers/browser';
import { withProjectFile } from '../test/helpers/project-file';
import { createSyntheticProject, syntheticSurvey, type SyntheticProject } from './synthetic';

const { values: options } = parseArgs({
  options: {
    responses: { type: 'string', default: '100000' },
    lang: { type: 'string', default: 'vi' },
    'no-build': { type: 'boolean', default: false },
  },
});
const RESPONSES = Number(options.responses);
const LANG: Lang = isLang(options.lang) ? options.lang : 'vi';
if (!Number.isInteger(RESPONSES) || RESPONSES < 1 || !isLang(options.lang)) {
  console.error('Usage: tsx bench/walk.ts [--responses 100000] [--lang vi|en] [--no-build]');
  process.exit(1);
}
const OTHER: Lang = LANG === 'vi' ? 'en' : 'vi';

const FILE = 'tham-van-tong-hop.tiengnoi';
const SHOTS = path.join(ROOT, 'test-results', 'walk');
/** A step gives up after this long (the longest, the responses out to Excel, takes about 10 s at 100 000 on 2 cores, 2 min at a million). */
const STEP_TIMEOUT_MS = Math.max(120_000, RESPONSES * 0.3);
/** Words that are in the synthetic open answers ("sân chơi") and in the provinces' names ("Lào Cai"), typed without tone marks. */
const CODING_SEARCH = 'san choi';
const RESPONSES_SEARCH = 'lao cai';

const t = (key: MessageKey, params?: MessageParams, lang: Lang = LANG) => translate(lang, key, params);
const survey = syntheticSurvey();
const label = (labels: Labels | undefined, lang: Lang = LANG) => labels?.[lang] ?? '';
const question = (name: string) => survey.questions.find((q) => q.name === name)!;
const choice = (question: string, name: string) => survey.choiceLists[survey.questions.find((q) => q.name === question)!.listName!]!.find((c) => c.name === name)!;

interface Row {
  step: string;
  ms: number | null;
  note?: string;
}

interface ApiCall {
  name: string;
  step: string;
  ms: number;
  bytes: number | null;
}

const rows: Row[] = [];
const calls: ApiCall[] = [];
const problems: string[] = [];
let currentStep = '(loading the app)';
let stepNumber = 0;

/** Chromium's own timing when it has it (from the request's start to the reply's last byte); else the walk's clock. */
function watchApi(page: Page): () => void {
  const started = new Map<Request, { at: number; step: string }>();
  const isApi = (request: Request) => new URL(request.url()).pathname.startsWith('/api/');
  const onRequest = (request: Request) => {
    if (isApi(request)) started.set(request, { at: performance.now(), step: currentStep });
  };
  const onFinished = async (request: Request) => {
    const start = started.get(request);
    if (!start) return;
    started.delete(request);
    const name = new URL(request.url()).pathname.slice('/api/'.length);
    if (name === 'events') return; // the server's push stream, open all along
    const timing = request.timing();
    const ms = timing.responseEnd > 0 ? timing.responseEnd : performance.now() - start.at;
    const response = await request.response().catch(() => null);
    const bytes = (await request.sizes().catch(() => null))?.responseBodySize ?? null;
    if (response) {
      if (response.status() >= 400) problems.push(`[${start.step}] HTTP ${response.status()} from /api/${name}`);
      // An error reply is HTTP 200 with ok: false, and small; the larger replies (an export's parts) are not read again.
      const body = bytes !== null && bytes < 65_536 ? await response.body().catch(() => null) : null;
      if (body?.subarray(0, 12).toString('latin1') === '{"ok":false,') problems.push(`[${start.step}] /api/${name} replied ${body.subarray(0, 300).toString('utf8')}`);
    }
    calls.push({ name, step: start.step, ms, bytes });
  };
  const onFailed = (request: Request) => {
    const start = started.get(request);
    started.delete(request);
    if (new URL(request.url()).pathname === '/api/events') return;
    problems.push(`[${start?.step ?? currentStep}] request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? '?'}`);
  };
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  page.on('requestfailed', onFailed);
  return () => {
    page.off('request', onRequest);
    page.off('requestfinished', onFinished);
    page.off('requestfailed', onFailed);
  };
}

interface StepParts {
  /** Untimed: what the person does before the action (fills a name, picks a value in a list). */
  before?: () => Promise<void>;
  /** The click or key the step is timed from. */
  act: () => Promise<unknown>;
  /** Waits until the result is on screen; may record an earlier point of the same step, and return a note. */
  until: (mark: (what: string) => void) => Promise<string | void>;
}

class StepFailed extends Error {}

/** One timed step, a screenshot after it; a step that fails or takes too long stops the walk, named. */
async function step(walk: Walk, name: string, parts: StepParts): Promise<void> {
  const { page, browser } = walk;
  currentStep = name;
  stepNumber++;
  const errorsBefore = browser.errors.length;
  browser.context.setDefaultTimeout(STEP_TIMEOUT_MS);
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result after ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
    });
    const run = async () => {
      await parts.before?.();
      const at = performance.now();
      await parts.act();
      const note = await parts.until((what) => rows.push({ step: `${name}: ${what}`, ms: performance.now() - at }));
      return { ms: performance.now() - at, note };
    };
    const { ms, note } = await Promise.race([run(), timedOut]);
    rows.push({ step: name, ms, ...(note ? { note } : {}) });
  } catch (error) {
    rows.push({ step: name, ms: null, note: 'FAILED' });
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    await shot(page, `${name} (failed)`).catch(() => {});
    throw new StepFailed(`step "${name}" failed after ${Math.round(performance.now() - started)} ms: ${message}`);
  } finally {
    clearTimeout(timer);
    for (const error of browser.errors.slice(errorsBefore)) problems.push(`[${name}] ${error}`);
  }
  const banner = page.locator('.error-banner');
  if ((await banner.count()) > 0) problems.push(`[${name}] the page shows an error: ${(await banner.first().innerText()).trim()}`);
  await shot(page, name);
}

async function shot(page: Page, name: string): Promise<void> {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  await page.screenshot({ path: path.join(SHOTS, `${String(stepNumber).padStart(2, '0')}-${slug}.png`), fullPage: true });
}

/** The reply to the next call of an API method whose input passes `match`, as the page got it. */
async function apiReply<T>(page: Page, name: string, match: (input: Record<string, unknown>) => boolean = () => true): Promise<T> {
  const reply = (async () => {
    const response = await page.waitForResponse((r) => new URL(r.url()).pathname === `/api/${name}` && match(JSON.parse(r.request().postData() ?? '{}') as Record<string, unknown>));
    const body = (await response.json()) as { ok: true; value: T } | { ok: false; error: unknown };
    if (!body.ok) throw new Error(`${name} replied with an error: ${JSON.stringify(body.error)}`);
    return body.value;
  })();
  // Awaited later in the step; if the step fails first, its failure is the one reported.
  reply.catch(() => {});
  return reply;
}

/** Until `condition` holds in the page (tested each frame; the app's CSP allows no strings as code), then two more frames, so that what it caused is drawn. */
async function untilPage(page: Page, condition: (want: ResultsWant) => boolean, want: ResultsWant = {}): Promise<void> {
  await page.waitForFunction(condition, want, { polling: 'raf' });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

interface ResultsWant {
  /** The first table's caption, without its layer line. */
  caption?: string;
  /** At least this many header cells in the first table. */
  headerCells?: number;
  /** At least this many tables with a layer line. */
  layers?: number;
  chartType?: string;
}

/** Results has asked for nothing more, shows a table and a chart, and what `want` says. */
const resultsReady = (page: Page, want: ResultsWant = {}) =>
  untilPage(
    page,
    (w: ResultsWant) => {
      const card = document.querySelector('.results-table-card');
      if (!card || card.getAttribute('aria-busy') === 'true' || document.querySelector('[data-testid="results-preparing"]')) return false;
      const table = document.querySelector('[data-testid="result-table"]');
      if (!table || !document.querySelector('[data-testid="result-chart"]')) return false;
      const caption = [...(table.querySelector('caption')?.childNodes ?? [])]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent)
        .join('')
        .trim();
      if (w.caption !== undefined && caption !== w.caption) return false;
      if (w.headerCells !== undefined && table.querySelectorAll('thead th').length < w.headerCells) return false;
      if (w.layers !== undefined && document.querySelectorAll('[data-testid="result-table"] .layer-caption').length < w.layers) return false;
      if (w.chartType !== undefined && document.querySelector<HTMLSelectElement>('[data-testid="chart-type"]')?.value !== w.chartType) return false;
      return true;
    },
    want,
  );

/** Waits for `count` more downloads than `before`, and for each to be saved; their names and sizes. */
async function downloaded(downloads: Download[], before: number, count: number): Promise<string> {
  const deadline = performance.now() + STEP_TIMEOUT_MS;
  while (downloads.length < before + count) {
    if (performance.now() > deadline) throw new Error(`${downloads.length - before} of ${count} downloads arrived`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const saved = await Promise.all(downloads.slice(before, before + count).map(async (d) => ({ name: d.suggestedFilename(), size: fs.statSync((await d.path())!).size })));
  return saved.map((s) => `${s.name} ${megabytes(s.size)}`).join(', ');
}

const megabytes = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Walk {
  page: Page;
  browser: OpenBrowser;
  server: RunningServer;
}

async function walkThrough(walk: Walk): Promise<void> {
  const { page, server } = walk;
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  const projectTitle = 'Tham vấn trẻ em (dữ liệu tổng hợp)';
  const surveyTitle = label(survey.title);
  const surveyRow = page.getByRole('listitem').filter({ hasText: surveyTitle });
  const toProject = async () => {
    await page.locator('header .project-link').click();
    await surveyRow.getByRole('button', { name: t('project.results'), exact: true }).waitFor();
  };

  await page.goto(server.openUrl);
  if (LANG !== 'vi') await page.getByRole('button', { name: t('lang.en'), exact: true }).click();
  const homeRow = page.getByRole('listitem').filter({ hasText: FILE });
  await homeRow.getByRole('button', { name: t('home.open'), exact: true }).waitFor();

  // 1. The project, from the home list.
  const openProject = (name: string) =>
    step(walk, name, {
      act: () => homeRow.getByRole('button', { name: t('home.open'), exact: true }).click(),
      until: async () => {
        await page.getByRole('heading', { level: 1, name: projectTitle }).waitFor();
        await surveyRow.getByRole('button', { name: t('project.results'), exact: true }).waitFor();
      },
    });
  await openProject('Open the project from the home list');

  // 2. Results as a merge leaves them: the columns are rebuilt from every answer, with a bar of the responses read.
  const resultsHeading = page.getByRole('heading', { level: 1, name: `${t('results.title')}: ${surveyTitle}` });
  await step(walk, 'Results after a merge', {
    act: () => surveyRow.getByRole('button', { name: t('project.results'), exact: true }).click(),
    until: async (mark) => {
      const bar = page.locator('[data-testid="results-preparing"] .task-progress progress');
      let barSeen = false;
      void bar.waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS }).then(
        () => (barSeen = true),
        () => {},
      );
      await page.getByTestId('results-preparing').waitFor();
      mark('"preparing" shown');
      await resultsHeading.waitFor();
      await resultsReady(page);
      return `first table; progress bar ${barSeen ? 'shown' : 'not shown'}`;
    },
  });

  // Opened again: the database is opened anew, so Results reads the columns from the file, not from memory.
  await page.locator('header .brand').click();
  await homeRow.getByRole('button', { name: t('home.open'), exact: true }).waitFor();
  await openProject('Open the project again');
  await step(walk, 'Results: first table (columns read from the file)', {
    act: () => surveyRow.getByRole('button', { name: t('project.results'), exact: true }).click(),
    until: async () => {
      await resultsHeading.waitFor();
      await resultsReady(page);
    },
  });

  const safe = label(question('safe_school').label);
  const caption = (q: string, by: string, lang: Lang = LANG) => t('results.tableCaption', { question: label(question(q).label, lang), by: label(question(by).label, lang) }, lang);
  await step(walk, 'Results: another question (Likert)', {
    act: () => page.getByTestId('question').selectOption('safe_school'),
    until: () => resultsReady(page, { caption: safe }),
  });
  await step(walk, 'Results: by sex', {
    act: () => page.getByTestId('by').selectOption('sex'),
    until: () => resultsReady(page, { caption: caption('safe_school', 'sex') }),
  });
  await step(walk, 'Results: by province (34 groups)', {
    act: () => page.getByTestId('by').selectOption('province'),
    // 34 provinces, the row heads' column and the total.
    until: () => resultsReady(page, { caption: caption('safe_school', 'province'), headerCells: 36 }),
  });
  await step(walk, 'Results: third variable (layer: sex)', {
    act: () => page.getByTestId('layer').selectOption('sex'),
    until: async () => {
      await resultsReady(page, { layers: 2 });
      return `${await page.getByTestId('result-table').count()} tables, ${await page.getByTestId('result-chart').count()} charts`;
    },
  });
  const filterBar = page.getByTestId('filter-bar');
  await step(walk, 'Results: add a filter (area = countryside)', {
    before: async () => {
      await page.getByTestId('filter-question').selectOption('area');
      await page.getByTestId('filter-value').selectOption('rural');
    },
    act: () => filterBar.getByRole('button', { name: t('results.filterAdd'), exact: true }).click(),
    until: async () => {
      await filterBar.locator('.chip').filter({ hasText: label(choice('area', 'rural').label) }).waitFor();
      await resultsReady(page);
    },
  });
  await step(walk, 'Results: clear the filter', {
    act: () => filterBar.getByRole('button', { name: t('results.filterClear'), exact: true }).click(),
    until: async () => {
      await filterBar.getByText(t('results.filterNone')).waitFor();
      await resultsReady(page);
    },
  });
  for (const type of ['stacked', 'stacked100', 'bar', 'likert', 'grouped']) {
    await step(walk, `Results: chart type ${type}`, {
      act: () => page.getByTestId('chart-type').selectOption(type),
      until: () => resultsReady(page, { chartType: type }),
    });
  }
  let before = downloads.length;
  await step(walk, 'Results: export the chart (PNG)', {
    act: () => page.getByRole('button', { name: t('results.exportPng'), exact: true }).first().click(),
    until: () => downloaded(downloads, before, 1),
  });
  before = downloads.length;
  await step(walk, 'Results: export the table (xlsx)', {
    act: () => page.getByRole('button', { name: t('results.exportXlsx'), exact: true }).click(),
    until: () => downloaded(downloads, before, 1),
  });
  const switchTo = (lang: Lang) =>
    step(walk, `Results: interface in ${lang === 'vi' ? 'Vietnamese' : 'English'}`, {
      act: () => page.getByRole('button', { name: t(`lang.${lang}`), exact: true }).click(),
      until: async () => {
        await page.getByRole('heading', { level: 1, name: `${t('results.title', {}, lang)}: ${label(survey.title, lang)}` }).waitFor();
        await resultsReady(page, { caption: caption('safe_school', 'province', lang) });
      },
    });
  await switchTo(OTHER);
  await switchTo(LANG);

  // 3. Coding: a theme, given to an answer by its key, a search, a starred quote.
  const items = page.getByTestId('answer-item');
  const range = page.getByTestId('answer-range');
  let answers: Promise<CodingAnswerPage> | undefined;
  await step(walk, 'Coding: open', {
    act: async () => {
      answers = apiReply<CodingAnswerPage>(page, 'coding/answers');
      await page.getByRole('link', { name: t('codingUi.open'), exact: true }).click();
    },
    until: async () => {
      await page.getByRole('heading', { level: 1, name: `${t('codingUi.title')}: ${surveyTitle}` }).waitFor();
      const first = await answers!;
      await range.getByText(t('codingUi.range', { from: 1, to: first.answers.length, total: first.total }), { exact: true }).waitFor();
      await page.getByTestId('coding-progress').waitFor();
      await untilPage(page, () => document.querySelector('[data-testid="answer-list"]')?.getAttribute('aria-busy') !== 'true');
      return `${first.total.toLocaleString('en')} answers to the first open question`;
    },
  });
  const theme = LANG === 'vi' ? 'Sân chơi, trường học' : 'Playgrounds and school';
  const form = page.getByTestId('theme-form');
  await step(walk, 'Coding: create a theme', {
    before: async () => {
      await form.getByLabel(t('codingUi.nameVi')).fill('Sân chơi, trường học');
      await form.getByLabel(t('codingUi.nameEn')).fill('Playgrounds and school');
    },
    act: () => form.locator('button[type=submit]').click(),
    until: () => page.getByTestId('theme-tree').locator('.theme-name', { hasText: theme }).waitFor(),
  });
  const chips = (index: number) => items.nth(index).locator('.theme-chips .chip > span');
  await step(walk, 'Coding: give it to an answer (key 1)', {
    before: () => items.nth(0).locator('.answer-text').click(),
    act: () => page.keyboard.press('1'),
    until: async () => {
      await chips(0).filter({ hasText: theme }).waitFor();
      await page.getByTestId('coding-notice').getByText(t('codingUi.assigned', { theme, count: 1 })).waitFor();
    },
  });
  await step(walk, `Coding: search "${CODING_SEARCH}"`, {
    before: () => page.getByTestId('coding-search').fill(CODING_SEARCH),
    act: () => page.getByTestId('coding-search').press('Enter'),
    until: async () => {
      const found = await apiReply<CodingAnswerPage>(page, 'coding/answers', (input) => input.search === CODING_SEARCH);
      await untilPage(page, () => document.querySelector('[data-testid="answer-list"]')?.getAttribute('aria-busy') !== 'true');
      await range.getByText(t('codingUi.range', { from: 1, to: found.answers.length, total: found.total }), { exact: true }).waitFor();
      return `${found.total.toLocaleString('en')} answers found`;
    },
  });
  await step(walk, 'Coding: star a quote', {
    act: () => items.nth(0).getByRole('button', { name: t('codingUi.star'), exact: true }).click(),
    until: async () => {
      await page.getByTestId('quote-editor').waitFor();
      await page.getByTestId('quote-item').first().waitFor();
    },
  });

  // 4. The responses list: a search in every answer, then the next hundred.
  await toProject();
  const listed = async (reply: Promise<ResponseSearch>) => {
    const value = await reply;
    await page.getByText(t('responses.shown', { shown: value.rows.length, matched: value.matched }), { exact: true }).waitFor();
    await untilPage(page, () => true);
    return `${value.rows.length} of ${value.matched.toLocaleString('en')} listed`;
  };
  let search: Promise<ResponseSearch> | undefined;
  // The list starts its search index when it opens (about 4 s at 100 000): a search typed sooner waits for the rest.
  let listShownAt = 0;
  let typedAfter = 0;
  await step(walk, 'Responses: open', {
    act: async () => {
      search = apiReply<ResponseSearch>(page, 'response/search');
      await surveyRow.getByRole('button', { name: t('responses.open'), exact: true }).click();
    },
    until: async () => {
      await page.getByRole('heading', { level: 1, name: t('responses.heading', { survey: surveyTitle }) }).waitFor();
      const note = await listed(search!);
      listShownAt = performance.now();
      return note;
    },
  });
  await step(walk, `Responses: search "${RESPONSES_SEARCH}"`, {
    before: () => page.getByLabel(t('responses.search')).fill(RESPONSES_SEARCH),
    act: async () => {
      search = apiReply<ResponseSearch>(page, 'response/search', (input) => input.query === RESPONSES_SEARCH);
      typedAfter = performance.now() - listShownAt;
      await page.getByLabel(t('responses.search')).press('Enter');
    },
    until: async () => `${await listed(search!)}; sent ${(typedAfter / 1000).toFixed(1)} s after the list was shown`,
  });
  await step(walk, 'Responses: show more', {
    act: async () => {
      search = apiReply<ResponseSearch>(page, 'response/search', (input) => input.query === RESPONSES_SEARCH && input.limit === 200);
      await page.getByRole('button', { name: t('responses.showMore'), exact: true }).click();
    },
    until: () => listed(search!),
  });

  // 5. The data screen: every response out, to Excel and to CSV.
  await toProject();
  await step(walk, 'Data: open', {
    act: () => surveyRow.getByRole('button', { name: t('data.open'), exact: true }).click(),
    until: () => page.getByRole('heading', { level: 1, name: t('data.heading', { survey: surveyTitle }) }).waitFor(),
  });
  for (const format of ['xlsx', 'csv'] as const) {
    let exported: Promise<{ responses: number; files: { fileName: string }[] }> | undefined;
    await step(walk, `Data: export responses (${format === 'xlsx' ? 'Excel' : 'CSV'})`, {
      before: () => page.getByRole('radio', { name: t(format === 'xlsx' ? 'data.formatXlsx' : 'data.formatCsv'), exact: true }).check(),
      act: async () => {
        before = downloads.length;
        exported = apiReply(page, 'data/exportResponses', (input) => input.format === format);
        await page.getByRole('button', { name: t('data.export'), exact: true }).click();
      },
      until: async () => {
        const result = await exported!;
        const files = await downloaded(downloads, before, result.files.length);
        await page.getByRole('status').filter({ hasText: t('data.exportDone', { responses: result.responses, files: result.files.map((f) => f.fileName).join(', ') }) }).waitFor();
        return `${result.responses.toLocaleString('en')} responses: ${files}`;
      },
    });
  }
}

function report(made: SyntheticProject | undefined, fileBytes: number | null, failure: string | null): void {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  console.log(
    `Machine: ${os.cpus().length} cores (${cpu}), ${memory} GB memory, Node ${process.version}, ${os.platform()} ${os.release()}; ` +
      `${RESPONSES.toLocaleString('en')} responses, interface in ${LANG === 'vi' ? 'Vietnamese' : 'English'}`,
  );
  if (made) {
    console.log(
      `Project: ${made.live.toLocaleString('en')} live responses (${made.complete.toLocaleString('en')} complete), ${made.answers.toLocaleString('en')} answers, ` +
        `${fileBytes === null ? '?' : megabytes(fileBytes)}, made in ${made.seconds.toFixed(1)} s; stored analysis columns removed, as a merge leaves them`,
    );
  }
  console.log('');
  console.log('| step | ms |');
  console.log('| --- | --: |');
  for (const row of rows) console.log(`| ${row.step}${row.note ? ` — ${row.note}` : ''} | ${row.ms === null ? '—' : Math.round(row.ms)} |`);
  console.log('');
  const slowest = [...calls].sort((a, b) => b.ms - a.ms).slice(0, 15);
  console.log(`The ${slowest.length} slowest of the page's ${calls.length} API calls (from the request to the reply's last byte, as Chromium timed them):`);
  console.log('');
  console.log('| API call | step | ms | reply |');
  console.log('| --- | --- | --: | --: |');
  for (const call of slowest) console.log(`| ${call.name} | ${call.step} | ${Math.round(call.ms)} | ${call.bytes === null ? '?' : megabytes(call.bytes)} |`);
  console.log('');
  if (failure) console.log(`WALK FAILED: ${failure}`);
  if (problems.length === 0) console.log('No console errors, no failed requests.');
  else {
    console.log(`Errors (${problems.length}):`);
    for (const problem of problems) console.log(`- ${problem.replace(/\s*\n\s*/g, ' ⏎ ').slice(0, 600)}`);
  }
}

async function main(): Promise<number> {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!options['no-build']) {
    // The server serves the built renderer: built fresh, as the end-to-end tests' global setup does.
    console.error('Building the renderer…');
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      console.error(`The build failed (npm run build):\n${(error as { stderr?: Buffer }).stderr?.toString('utf8') ?? String(error)}`);
      return 1;
    }
  }
  let made: SyntheticProject | undefined;
  let fileBytes: number | null = null;
  let server: RunningServer | undefined;
  let browser: OpenBrowser | undefined;
  let stopWatching = () => {};
  let failure: string | null = null;
  try {
    console.error(`Making ${RESPONSES.toLocaleString('en')} responses…`);
    server = await startServer({
      prepare: ({ projectsDir }) => {
        const file = path.join(projectsDir, FILE);
        made = createSyntheticProject({ file, responses: RESPONSES });
        withProjectFile(file, (db) => db.prepare('DELETE FROM analysis_column').run());
        fileBytes = fs.statSync(file).size;
      },
    });
    browser = await openBrowser();
    stopWatching = watchApi(browser.page);
    console.error('Walking…');
    await walkThrough({ page: browser.page, browser, server });
  } catch (error) {
    failure = error instanceof StepFailed ? error.message : `after step "${currentStep}": ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  } finally {
    stopWatching();
    await browser?.close().catch((error: unknown) => problems.push(`closing Chromium: ${String(error)}`));
    await server?.cleanup().catch((error: unknown) => problems.push(`stopping the server: ${String(error)}`));
  }
  report(made, fileBytes, failure);
  return failure ? 1 : 0;
}

process.exitCode = await main();
