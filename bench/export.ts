// `npm run bench` (second part): responses out at 10 000 and 100 000 responses of a 40-question consultation
// (bench/synthetic.ts), to xlsx and to CSV, each run in a child process of its own so that its peak memory
// (maxRSS) is its own. Printed beside two references measured in the same run: reading the responses and their
// answers without writing anything (the floor), and SheetJS building the same workbook in memory (10 000 only; at
// 100 000 it needs about 3.4 GB and 50 s, which is why the export streams its own xlsx).
//
//   tsx bench/export.ts                      10k and 100k
//   BENCH_EXPORT_SIZES=1000,50000 tsx bench/export.ts
//   BENCH_SHEETJS_MAX=100000 tsx bench/export.ts   SheetJS at 100k too
//   BENCH_EXPORT_MODES=csv,import tsx bench/export.ts   some of the runs only (the import reads the csv run's file;
//                                                        by default it runs in bench/analysis.ts's table instead)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as XLSX from 'xlsx';
import { openProjectDb } from '../electron/db/open';
import { createSurvey, getSurvey, listSurveys } from '../electron/db/survey-store';
import { initProject } from '../electron/db/project-store';
import { importResponses } from '../electron/io/responses-import';
import { analysisColumns, forgetColumns } from '../electron/analysis/column-cache';
import { exportResponsesFromFile, forEachResponse } from '../electron/io/responses-export';
import { responseLayout, RowMaker, type Cell } from '../core/io/response-columns';
import { createSyntheticProject } from './synthetic';

XLSX.set_fs(fs);

export type Mode = 'read' | 'csv' | 'xlsx' | 'sheetjs' | 'import';

export interface Measure {
  mode: Mode;
  responses: number;
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  outputMb: number;
  /** After an import: opening Results (the survey's analysis columns) then, and cold from the file, ms. */
  thenOpenMs?: number;
  coldOpenMs?: number;
}

const self = import.meta.filename;

/** In the child: one measurement, printed as JSON. */
async function child(mode: Mode, file: string, out: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let responses = 0;
  let files: string[] = [];
  /** For the import: the import alone, without making the project and its survey. */
  let importSeconds: number | null = null;
  let thenOpenMs: number | undefined;
  let coldOpenMs: number | undefined;
  if (mode === 'read') {
    const db = openProjectDb(file, { readonly: true });
    let answers = 0;
    responses = await forEachResponse(db, {}, (_meta, a) => {
      answers += a.size;
    });
    db.close();
    if (answers === 0 && responses > 0) throw new Error('no answers read');
  } else if (mode === 'sheetjs') {
    const db = openProjectDb(file, { readonly: true });
    const survey = getSurvey(db, listSurveys(db)[0]!.id);
    const layout = responseLayout(survey, { includeIdentifying: false, mainName: survey.formKey });
    const maker = new RowMaker(survey, layout, { labels: false, lang: 'vi' });
    const rows: Cell[][] = [layout.tables[0]!.columns.map((c) => c.name)];
    responses = await forEachResponse(db, {}, (meta, answers) => maker.rows(meta, answers, (_t, cells) => rows.push(cells), new Set([0])));
    db.close();
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'responses');
    XLSX.writeFile(book, out, { compression: true });
    files = [out];
  } else if (mode === 'import') {
    // Responses in: the CSV just exported, into a new project with the same survey (a Kobo-sized import).
    const source = openProjectDb(file, { readonly: true });
    const survey = getSurvey(source, listSurveys(source)[0]!.id);
    source.close();
    const target = `${out}.tiengnoi`;
    const db = openProjectDb(target, { create: true });
    const actor = { name: 'bench', deviceId: 'bench' };
    initProject(db, 'bench', actor);
    createSurvey(db, survey.title, actor, survey);
    const started = performance.now();
    const result = await importResponses(db, [out], actor);
    importSeconds = (performance.now() - started) / 1000;
    // Results opened right after: the import extended the columns as it wrote (else they would be rebuilt here).
    const surveyId = listSurveys(db)[0]!.id;
    let opening = performance.now();
    analysisColumns(db, surveyId);
    thenOpenMs = performance.now() - opening;
    forgetColumns(db);
    opening = performance.now();
    analysisColumns(db, surveyId);
    coldOpenMs = performance.now() - opening;
    db.close();
    if (result.problems.length) throw new Error(`import refused: ${JSON.stringify(result.problems.slice(0, 3))}`);
    responses = result.imported;
    files = [target];
  } else {
    const result = await exportResponsesFromFile(file, out, { format: mode, labels: false, lang: 'vi', includeIdentifying: false });
    responses = result.responses;
    files = result.files;
  }
  const used = process.cpuUsage(cpu);
  const measure: Measure = {
    mode,
    responses,
    seconds: importSeconds ?? (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakMb: process.resourceUsage().maxRSS / 1024,
    outputMb: files.reduce((sum, f) => sum + fs.statSync(f).size, 0) / 1e6,
    thenOpenMs,
    coldOpenMs,
  };
  console.log(JSON.stringify(measure));
}

/** One measurement in a child process of its own (its peak memory its own); `import` reads the CSV at `out`. */
export function run(mode: Mode, file: string, out: string): Measure {
  const result = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', mode, file, out], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${mode} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Measure;
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_EXPORT_SIZES ?? '10000,100000').split(',').map(Number);
  const sheetjsMax = Number(process.env.BENCH_SHEETJS_MAX ?? 10_000);
  const onlyModes = process.env.BENCH_EXPORT_MODES?.split(',');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-bench-export-'));
  const lines: string[] = [];
  const opens: string[] = [];
  console.log(`Responses export benchmark (${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version})`);
  try {
    for (const size of sizes) {
      const file = path.join(base, `synthetic-${size}.tiengnoi`);
      const made = createSyntheticProject({ file, responses: size, seed: 6 });
      console.log(
        `  ${size.toLocaleString('en')} responses generated in ${made.seconds.toFixed(1)} s: ${made.live.toLocaleString('en')} to export, ` +
          `${made.answers.toLocaleString('en')} answers, file ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`,
      );
      // The import is in bench/analysis.ts's table (the table); here only when asked for.
      const modes: Mode[] = onlyModes ? (['read', 'csv', 'import', 'xlsx', 'sheetjs'] as Mode[]).filter((m) => onlyModes.includes(m)) : ['read', 'csv', 'xlsx', ...(size <= sheetjsMax ? (['sheetjs'] as const) : [])];
      for (const mode of modes) {
        // The import reads the CSV the csv run wrote.
        const out = path.join(base, mode === 'import' ? `out-${size}-csv.csv` : `out-${size}-${mode}.${mode === 'csv' ? 'csv' : 'xlsx'}`);
        const m = run(mode, file, out);
        const label = { read: 'read only (floor)', csv: 'CSV + codebook + .sps', import: 'import that CSV (responses in)', xlsx: 'xlsx (streamed)', sheetjs: 'xlsx via SheetJS (reference)' }[mode];
        lines.push(
          `| ${size.toLocaleString('en').padStart(9)} | ${label.padEnd(30)} | ${m.seconds.toFixed(1).padStart(6)} | ${m.cpuSeconds.toFixed(1).padStart(6)} | ${m.peakMb.toFixed(0).padStart(7)} | ${mode === 'read' ? '      —' : m.outputMb.toFixed(1).padStart(7)} |`,
        );
        if (m.thenOpenMs !== undefined) opens.push(`| ${size.toLocaleString('en').padStart(9)} | ${m.thenOpenMs.toFixed(0).padStart(25)} | ${m.coldOpenMs!.toFixed(0).padStart(24)} |`);
      }
      fs.rmSync(file, { force: true });
      for (const f of fs.readdirSync(base)) if (f.startsWith(`out-${size}-`)) fs.rmSync(path.join(base, f), { force: true });
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  console.log('');
  console.log('| responses | export (or import)             | wall s |  CPU s | peak MB |  out MB |');
  console.log('| --------: | ------------------------------ | -----: | -----: | ------: | ------: |');
  for (const line of lines) console.log(line);
  if (opens.length) {
    console.log('');
    console.log('| responses | Results right after, ms   | Results cold (file), ms  |');
    console.log('| --------: | ------------------------: | -----------------------: |');
    for (const line of opens) console.log(line);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [flag, mode, file, out] = process.argv.slice(2);
  if (flag === '--child') {
    await child(mode as Mode, file!, out!);
  } else {
    await main();
  }
}
