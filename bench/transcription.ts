// `npm run bench`: typing in paper forms, end to end in Chromium against browser mode.
// A 30-question paper is typed with the keyboard alone, at a trained typist's pace (a pause between keys),
// and at machine speed as the baseline in the same run. Prints keystrokes and seconds per paper.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAPERS = 3;
/** About 240 keystrokes a minute: a steady data-entry typist reading codes off paper. */
const TYPIST_DELAY_MS = 250;

type Kind = 'choice' | 'number' | 'text' | 'multiple';
const KINDS: Kind[] = ['choice', 'choice', 'number', 'choice', 'multiple', 'choice', 'text', 'choice', 'number', 'choice'];
const questions = Array.from({ length: 30 }, (_, i) => ({ name: `q${i + 1}`, kind: KINDS[i % KINDS.length]! }));

function surveyContent() {
  return {
    title: { vi: 'Phiếu 30 câu' },
    questions: questions.map(({ name, kind }) => ({
      name,
      type: kind === 'choice' ? 'select_one' : kind === 'multiple' ? 'select_multiple' : kind === 'number' ? 'integer' : 'text',
      label: { vi: `Câu ${name}` },
      ...(kind === 'choice' || kind === 'multiple' ? { listName: 'scale' } : {}),
    })),
    choiceLists: { scale: [1, 2, 3, 4, 5].map((n) => ({ name: String(n), label: { vi: `Mức ${n}` } })) },
  };
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-bench-'));
  const server = spawn(process.execPath, [path.join(ROOT, 'bin/tiengnoi.mjs'), 'serve', '--dir', base, '--port', '0'], {
    env: { ...process.env, TIENGNOI_CONFIG_DIR: base },
  });
  const openUrl = await new Promise<string>((resolve) => {
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
      if (match) resolve(match[0]);
    });
  });
  const url = new URL(openUrl);
  const token = url.searchParams.get('token')!;
  const api = async <T>(route: string, input: unknown): Promise<T> => {
    const reply = await fetch(new URL(`/api/${route}`, url), { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
    const result = (await reply.json()) as { ok: boolean; value: T };
    if (!result.ok) throw new Error(`${route}: ${JSON.stringify(result)}`);
    return result.value;
  };
  await api('project/create', { title: 'Bench' });
  const survey = await api<{ id: string }>('survey/create', { title: { vi: 'Phiếu 30 câu' } });
  await api('survey/save', { surveyId: survey.id, ...surveyContent() });

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  await page.goto(openUrl);
  await page.goto(new URL(`/#/survey/${survey.id}/enter`, url).href);
  await page.getByRole('button', { name: 'Bắt đầu phiếu mới' }).waitFor();

  const rows: string[][] = [];
  let paperNumber = 0;
  for (const [label, delay] of [['machine speed (baseline)', 0], [`typist, ${TYPIST_DELAY_MS} ms a key`, TYPIST_DELAY_MS]] as const) {
    let keys = 0;
    const started = performance.now();
    for (let p = 0; p < PAPERS; p++) {
      const press = async (key: string) => {
        keys++;
        // Letters with tone marks come through an input method, not as key names: type them.
        if (key.length === 1 && !/[A-Za-z0-9]/.test(key)) await page.keyboard.type(key);
        else await page.keyboard.press(key);
        if (delay) await page.waitForTimeout(delay);
      };
      await press('Control+n');
      paperNumber++;
      await page.getByRole('heading', { name: `Phiếu số ${paperNumber}` }).waitFor();
      for (const [i, { kind }] of questions.entries()) {
        const code = String(((i + p) % 5) + 1);
        if (kind === 'choice') await press(code);
        else if (kind === 'multiple') for (const c of [code, String((Number(code) % 5) + 1)]) await press(c);
        else if (kind === 'number') for (const digit of String(10 + i)) await press(digit);
        else for (const ch of 'Có') await press(ch);
        if (i < questions.length - 1) await press('Enter');
      }
      await press('Control+s');
      await page.getByRole('status').filter({ hasText: `Đã lưu ${paperNumber} phiếu hoàn chỉnh.` }).waitFor();
    }
    const seconds = (performance.now() - started) / 1000 / PAPERS;
    rows.push([label, String(PAPERS), (keys / PAPERS).toFixed(0), seconds.toFixed(1), seconds < 90 ? 'yes' : 'NO']);
  }
  await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(base, { recursive: true, force: true });

  const header = ['typing in paper forms (30 questions)', 'papers', 'keys/paper', 's/paper', '< 90 s'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

await main();
