import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server';

const EXECUTABLE = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far; a test asserts this stays empty. */
  errors: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, and one 1280×900 page that records console and page errors. */
export async function openBrowser(): Promise<OpenBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  // Generous: CI runs the e2e tests beside the integration tests (and their kill test) on 2 cores.
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    errors.push(`console.error: ${message.text()} (${where})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));

  let closed: Promise<void> | undefined;
  return {
    context,
    page,
    errors,
    close: () =>
      (closed ??= context.close().finally(() => fs.rmSync(userDataDir, { recursive: true, force: true }))),
  };
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
