// `npm run bench` (third part): analysis at 10 000 and 100 000 responses of the 40-question synthetic consultation
// (bench/synthetic.ts; 1 000 000 with --1m, generation then takes minutes). Each size is measured in two child
// processes (the first open; then a cold open with the views), so each peak memory (maxRSS) is that step's alone. Every
// view is timed (median of 9 runs, columns in memory) beside two baselines on the same file in the same run: a plain
// loop over the same typed arrays written here (the floor), and lean hand-written SQLite queries (the counted responses
// put once into a temporary table, then one primary-key seek per response and question, no join to the survey tables).
// Opening is timed three ways: rebuilding every column from the answers (the first open after an import), the same the
// plain way it was done before (one row per answer, sorted; up to 100k only, it takes long), and cold from the BLOBs.
// The coding screen's page of open answers (coding/answers) is timed too, beside the same page as one SQL query, and
// the responses screen (response/search): its first page, and searches in every answer. Before the views, the
// synthetic project's CSV export is imported into a new project (bench/export.ts's children): time, peak memory, and
// Results opened right after.
//
//   tsx bench/analysis.ts            10k and 100k
//   tsx bench/analysis.ts --1m       and 1M
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openProjectDb, type Db } from '../electron/db/open';
import { listSurveys } from '../electron/db/survey-store';
import { analysisColumns, forgetColumns } from '../electron/analysis/column-cache';
import { numericView, tableView } from '../electron/analysis/views';
import { listAnswers } from '../electron/db/coding-store';
import { searchResponses } from '../electron/db/response-review';
import { completeResponse, createResponse, writeAnswer } from '../electron/db/response-store';
import { getSurvey } from '../electron/db/survey-store';
import { buildColumns, expectKind, ANSWERED, type ColumnSet, type ResponseAnswers } from '../core/analysis/columns';
import { fold } from '../core/text/vietnamese';
import { createSyntheticProject } from './synthetic';
import { run as runExport } from './export';

const BENCH_ACTOR = { name: 'bench', deviceId: 'bench-device-1' };

interface Row {
  what: string;
  ms: number;
  loopMs: number | null;
  sqlMs: number | null;
}

const COUNTED = `v.form_id = ? AND r.status = 'complete' AND r.deleted_at IS NULL AND r.verifies IS NULL`;

function median(run: () => unknown, times = 9): number {
  const spent: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    run();
    spent.push(performance.now() - t);
  }
  return spent.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

/** The typed-array floor: the loops a careful programmer would write by hand for each view. */
function loops(set: ColumnSet) {
  const single = (name: string) => expectKind(set.columns.get(name)!, 'single');
  const safe = single('safe_school');
  const province = single('province');
  const sex = single('sex');
  const area = single('area');
  const happy = single('happy');
  const age = expectKind(set.columns.get('age')!, 'numeric');
  const worry = expectKind(set.columns.get('online_worry')!, 'multiple');
  const n = set.responseCount;
  return {
    frequency: () => {
      const counts = new Uint32Array(256);
      const codes = safe.codes;
      for (let i = 0; i < n; i++) counts[codes[i]!]!++;
      return counts;
    },
    twoWay: () => {
      const W = 2 + sex.values.length;
      const counts = new Uint32Array((2 + province.values.length) * W);
      const a = province.codes;
      const b = sex.codes;
      for (let i = 0; i < n; i++) counts[a[i]! * W + b[i]!]!++;
      return counts;
    },
    threeWay: () => {
      const W = 2 + sex.values.length;
      const H = 2 + happy.values.length;
      const counts = new Uint32Array((2 + area.values.length) * H * W);
      const a = happy.codes;
      const b = sex.codes;
      const c = area.codes;
      const ages = age.values;
      for (let i = 0; i < n; i++) {
        const x = ages[i]!;
        if (x >= 12 && x <= 17) counts[(c[i]! * H + a[i]!) * W + b[i]!]!++;
      }
      return counts;
    },
    multipleBySex: () => {
      const W = 2 + sex.values.length;
      const counts = new Uint32Array(32 * W);
      const bits = worry.bits;
      const codes = sex.codes;
      for (let i = 0; i < n; i++) {
        let word = bits[i]!;
        const s = codes[i]!;
        while (word !== 0) {
          const low = word & -word;
          counts[(31 - Math.clz32(low)) * W + s]!++;
          word ^= low;
        }
      }
      return counts;
    },
    numeric: () => {
      const values = age.values;
      const state = age.state;
      const tally = new Uint32Array(256);
      let sum = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (state[i] !== ANSWERED) continue;
        const x = values[i]!;
        sum += x;
        count++;
        tally[x & 255]!++;
      }
      return sum / count;
    },
  };
}

/** The counted responses, once, in a temporary table keyed by id: what a careful SQL user does first. */
function countedTable(db: Db, surveyId: string): void {
  db.exec('DROP TABLE IF EXISTS temp.counted');
  db.exec('CREATE TEMP TABLE counted (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, number INTEGER NOT NULL)');
  db.prepare(`INSERT INTO temp.counted SELECT r.id, r.uuid, r.number FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE ${COUNTED}`).run(surveyId);
}

/**
 * Lean SQL: the counted responses from the temporary table, each answer found by its primary key (response, question).
 * CROSS JOIN keeps that order: left to itself SQLite walked the whole answer table and probed the temporary table
 * (it has no statistics on it), twice as slow.
 */
function sqlQueries(db: Db) {
  const answer = (alias: string, name: string) => `CROSS JOIN answer ${alias} ON ${alias}.response_id = c.id AND ${alias}.question_name = '${name}' AND ${alias}.state = 'answered'`;
  const FROM = 'FROM temp.counted c';
  const choices = ['strangers', 'bullying', 'scary', 'privacy', 'scam', 'too_long', 'none', 'other'];
  const q = {
    frequency: db.prepare(`SELECT a.value, count(*) ${FROM} ${answer('a', 'safe_school')} GROUP BY a.value`),
    twoWay: db.prepare(`SELECT a.value, b.value, count(*) ${FROM} ${answer('a', 'province')} ${answer('b', 'sex')} GROUP BY 1, 2`),
    threeWay: db.prepare(
      `SELECT c3.value, a.value, b.value, count(*) ${FROM} ${answer('g', 'age')} ${answer('a', 'happy')} ${answer('b', 'sex')} ${answer('c3', 'area')}
       WHERE CAST(g.value AS REAL) BETWEEN 12 AND 17 GROUP BY 1, 2, 3`,
    ),
    multipleBySex: db.prepare(
      `SELECT s.value, ${choices.map((ch) => `sum(instr(' ' || m.value || ' ', ' ${ch} ') > 0)`).join(', ')} ${FROM} ${answer('m', 'online_worry')} ${answer('s', 'sex')} GROUP BY 1`,
    ),
    numeric: db.prepare(
      `SELECT count(*), avg(x), min(x), max(x) FROM (SELECT CAST(a.value AS REAL) AS x ${FROM} ${answer('a', 'age')})`,
    ),
    histogram: db.prepare(`SELECT a.value, count(*) ${FROM} ${answer('a', 'age')} GROUP BY 1`),
  };
  return {
    frequency: () => q.frequency.all(),
    twoWay: () => q.twoWay.all(),
    threeWay: () => q.threeWay.all(),
    multipleBySex: () => q.multipleBySex.all(),
    numeric: () => [q.numeric.get(), q.histogram.all()],
  };
}

/** The same page of open answers as one SQL statement over the temporary table (numbers there too), searched with fold() in SQLite. */
function sqlCodingPage(db: Db) {
  db.function('bench_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? fold(text) : null));
  const page = (search: boolean) =>
    db.prepare(
      `SELECT c.uuid, c.number, a.question_name, a.value, count(*) OVER () FROM temp.counted c
       CROSS JOIN answer a ON a.response_id = c.id AND a.question_name = 'one_thing' AND a.state = 'answered' AND a.value <> ''
       ${search ? 'WHERE instr(bench_fold(a.value), ?) > 0' : ''} ORDER BY c.number LIMIT 50 OFFSET ?`,
    );
  const plain = page(false);
  const searched = page(true);
  return { page: (offset: number) => plain.all(offset), search: (words: string) => searched.all(fold(words), 0) };
}

/** Rebuilding the columns the way it was done before answer-reader.ts: one row per answer, all sorted. */
function* plainWayResponses(db: Db, surveyId: string): Generator<ResponseAnswers> {
  const rows = db
    .prepare(
      `SELECT r.uuid, a.question_name, a.value, a.state FROM response r JOIN form_version v ON v.id = r.form_version_id
       LEFT JOIN answer a ON a.response_id = r.id WHERE ${COUNTED} ORDER BY r.id`,
    )
    .raw()
    .iterate(surveyId) as IterableIterator<[string, string | null, string | null, string]>;
  let current: string | null = null;
  let answers: Record<string, string | null> = {};
  let refused: string[] = [];
  for (const [uuid, key, value, state] of rows) {
    if (uuid !== current) {
      if (current !== null) yield { answers, refused };
      current = uuid;
      answers = {};
      refused = [];
    }
    if (key === null) continue;
    if (state === 'refused') refused.push(key);
    else answers[key] = value;
  }
  if (current !== null) yield { answers, refused };
}

interface ChildResult {
  responses: number;
  rows: Row[];
  peakMb: number;
}

function report(db: Db, responses: number, rows: Row[]): void {
  db.close();
  const result: ChildResult = { responses, rows, peakMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(result));
}

/**
 * First child: the first open after an import, every column rebuilt from the answers and saved (then, up to 100k,
 * the same the plain way). A process of its own, so its peak memory is that of the first open.
 */
function firstOpenChild(file: string): void {
  const db = openProjectDb(file);
  const surveyId = listSurveys(db)[0]!.id;
  db.prepare('DELETE FROM analysis_column').run();
  const t = performance.now();
  const built = analysisColumns(db, surveyId);
  const { buildMs, writeMs } = built.report;
  const rows: Row[] = [
    { what: `open: rebuild all ${built.set.columns.size} columns from answers (read + build ${fmt(buildMs)}, save BLOBs ${fmt(writeMs)})`, ms: performance.now() - t, loopMs: null, sqlMs: null },
  ];
  const responses = built.set.responseCount;
  if (responses <= 100_000) {
    forgetColumns(db);
    const survey = getSurvey(db, surveyId);
    const started = performance.now();
    buildColumns(survey, plainWayResponses(db, surveyId));
    rows.push({ what: 'open: the same rebuild the plain way (a row per answer, sorted), before', ms: performance.now() - started, loopMs: null, sqlMs: null });
  }
  report(db, responses, rows);
}

/** Second child: a cold open from the BLOBs, then every view and the coding page, each beside its baselines. */
async function viewsChild(file: string): Promise<void> {
  const db = openProjectDb(file);
  const surveyId = listSurveys(db)[0]!.id;
  const rows: Row[] = [];
  const once = (what: string, run: () => unknown, sqlMs: number | null = null) => {
    const t = performance.now();
    run();
    rows.push({ what, ms: performance.now() - t, loopMs: null, sqlMs });
  };
  let t = performance.now();
  const cold = analysisColumns(db, surveyId);
  rows.push({ what: `open: cold, from BLOBs (read ${fmt(cold.report.readMs)}, decode the rest)`, ms: performance.now() - t, loopMs: null, sqlMs: null });
  if (cold.report.rebuilt !== 0 || cold.report.fromFile !== cold.set.columns.size) throw new Error('cold open did not read the BLOBs');
  const set = cold.set;
  const loop = loops(set);
  // The app's own peak at each stage: what a researcher's laptop needs (the SQLite baselines add their own after).
  const peakSoFar = (what: string) => rows.push({ what: `peak memory (MB) so far: ${what}`, ms: process.resourceUsage().maxRSS / 1024, loopMs: null, sqlMs: null });
  const ageGroups = { age: [{ from: 8, to: 11 }, { from: 12, to: 14 }, { from: 15, to: 17 }] };
  const views: [string, () => unknown, keyof typeof loop][] = [
    ['frequency (safe_school)', () => tableView(db, { surveyId, question: 'safe_school' }), 'frequency'],
    ['2-way (province × sex)', () => tableView(db, { surveyId, question: 'province', by: 'sex' }), 'twoWay'],
    ['3-way + filter (happy × sex × area, age 12–17)', () => tableView(db, { surveyId, question: 'happy', by: 'sex', layer: 'area', filter: [{ type: 'range', question: 'age', min: 12, max: 17 }] }), 'threeWay'],
    ['multiple choice × sex (online_worry)', () => tableView(db, { surveyId, question: 'online_worry', by: 'sex' }), 'multipleBySex'],
    ['numeric stats + histogram (age)', () => numericView(db, { surveyId, question: 'age' }), 'numeric'],
  ];
  for (const [, run] of views) run();
  peakSoFar('Results opened cold, every view shown');
  t = performance.now();
  countedTable(db, surveyId);
  rows.push({ what: 'SQLite baseline setup: counted responses into a temporary table (once)', ms: performance.now() - t, loopMs: null, sqlMs: null });
  const sql = sqlQueries(db);
  for (const [what, run, key] of views) {
    rows.push({ what, ms: median(run), loopMs: median(loop[key]), sqlMs: median(sql[key], 3) });
  }
  rows.push({ what: 'age groups × sex (buckets)', ms: median(() => tableView(db, { surveyId, question: 'age', by: 'sex', buckets: ageGroups })), loopMs: null, sqlMs: null });

  // Coding: the page of open answers (50 a page) of one_thing, beside the same page as one SQL statement.
  const coding = sqlCodingPage(db);
  const page = (extra: { search?: string; uncoded?: boolean; offset?: number }) => () =>
    listAnswers(db, { surveyId, question: 'one_thing', offset: 0, limit: 50, ...extra });
  once('coding: first page of an open question (reads its answers into memory)', page({}), median(() => coding.page(0), 3));
  rows.push({ what: 'coding: a page further on (offset 5,000)', ms: median(page({ offset: 5000 })), loopMs: null, sqlMs: median(() => coding.page(5000), 3) });
  once('coding: first search, tone-insensitive ("lang nghe"; folds the texts once)', page({ search: 'lang nghe' }), median(() => coding.search('lang nghe'), 3));
  rows.push({ what: 'coding: another search ("truong")', ms: median(page({ search: 'truong' })), loopMs: null, sqlMs: median(() => coding.search('truong'), 3) });
  rows.push({ what: 'coding: uncoded answers, first page', ms: median(page({ uncoded: true })), loopMs: null, sqlMs: null });
  peakSoFar('and the coding page (its answers held), with the SQLite baselines');

  // The responses screen: its first page of 100, then searches in every answer (the first one indexes them).
  const listMs = async (query?: string) => {
    const t = performance.now();
    await searchResponses(db, surveyId, { limit: 100, ...(query ? { query } : {}) }, 'vi');
    return performance.now() - t;
  };
  const list = (what: string, ms: number) => rows.push({ what, ms, loopMs: null, sqlMs: null });
  list('responses list: first page of 100 (counts, previews)', await listMs());
  list('responses list: first search, tone-insensitive ("lao cai"; indexes every answer)', await listMs('lao cai'));
  const again = [await listMs('truong'), await listMs('truong'), await listMs('truong')].sort((a, b) => a - b);
  list('responses list: another search ("truong")', again[1]!);
  peakSoFar('and the responses list searched (its index held)');

  // Typing goes on while Results is open: one more response, then Results again (the columns are extended).
  const typed = createResponse(db, surveyId, BENCH_ACTOR);
  for (const [question, value] of [['province', '01'], ['sex', 'girl'], ['age', '13'], ['safe_school', '1'], ['one_thing', 'Em muốn được lắng nghe']] as const) writeAnswer(db, typed, question, value);
  completeResponse(db, typed, BENCH_ACTOR);
  t = performance.now();
  const afterTyping = analysisColumns(db, surveyId);
  rows.push({ what: `open after one response typed (extended by ${afterTyping.report.extended}, rebuilt ${afterTyping.report.rebuilt})`, ms: performance.now() - t, loopMs: null, sqlMs: null });
  forgetColumns(db);
  t = performance.now();
  const coldAfterTyping = analysisColumns(db, surveyId);
  rows.push({ what: `open cold after it (BLOBs, extended by ${coldAfterTyping.report.extended})`, ms: performance.now() - t, loopMs: null, sqlMs: null });
  if (afterTyping.report.extended !== 1 || coldAfterTyping.report.extended !== 1) throw new Error('the columns were not extended');
  // The coding page after it: the answers held are extended with the typed response's one.
  once('coding: first page after one response typed (the answers held, extended)', page({}), null);
  list('responses list: a search after it (one response indexed)', await listMs('truong'));
  report(db, set.responseCount, rows);
}

function fmt(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/**
 * The import (issue 7: 100k rows under 8 s, 1M under 90 s and 1 GB): the project's CSV export, as Kobo would give it,
 * into a new project with the same survey, each in a child process of its own (bench/export.ts).
 */
function importRows(file: string, n: string, csv: string): string[] {
  runExport('csv', file, csv);
  const m = runExport('import', file, csv);
  for (const f of fs.readdirSync(path.dirname(csv))) if (f.startsWith(path.basename(csv, '.csv'))) fs.rmSync(path.join(path.dirname(csv), f), { force: true });
  return [
    `| ${n} | import its CSV export (${m.responses.toLocaleString('en')} rows, ${m.outputMb.toFixed(0)} MB project) into a new project; CPU ${m.cpuSeconds.toFixed(1)} s | ${fmt(m.seconds * 1000)} | — | — | — | — |`,
    `| ${n} | peak memory (MB) of that import | ${m.peakMb.toFixed(0)} | — | — | — | — |`,
    `| ${n} | Results right after the import (columns extended as it wrote) | ${fmt(m.thenOpenMs ?? null)} | — | — | — | — |`,
  ];
}

function main(): void {
  const sizes = [10_000, 100_000, ...(process.argv.includes('--1m') ? [1_000_000] : [])];
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-bench-analysis-'));
  console.log(`Analysis benchmark (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version})`);
  const lines: string[] = [];
  try {
    for (const size of sizes) {
      const file = path.join(base, `synthetic-${size}.tiengnoi`);
      const made = createSyntheticProject({ file, responses: size, seed: 7 });
      const n = size.toLocaleString('en');
      lines.push(`| ${n} | generate (${made.answers.toLocaleString('en')} answer rows, multi-row inserts in key order) | ${fmt(made.seconds * 1000)} | — | — | — | — |`);
      lines.push(...importRows(file, n, path.join(base, `out-${size}.csv`)));
      for (const [flag, memory] of [
        ['--first-open', 'peak memory (MB) of the first open, rebuilding'],
        ['--views', 'peak memory (MB) of a cold open, the views and the coding page'],
      ] as const) {
        const result = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, flag, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
        const out = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ChildResult;
        for (const row of out.rows) {
          const ratio = (base: number | null) => (base === null ? '—' : `${(row.ms / base).toFixed(1)}×`);
          const vsSql = row.sqlMs === null ? '—' : row.sqlMs >= row.ms ? `${(row.sqlMs / row.ms).toFixed(row.sqlMs / row.ms < 10 ? 1 : 0)}× faster` : `${(row.ms / row.sqlMs).toFixed(1)}× slower`;
          lines.push(`| ${n} | ${row.what} | ${fmt(row.ms)} | ${fmt(row.loopMs)} | ${ratio(row.loopMs)} | ${fmt(row.sqlMs)} | ${vsSql} |`);
        }
        lines.push(`| ${n} | ${memory}, ${out.responses.toLocaleString('en')} complete responses | ${out.peakMb.toFixed(0)} | — | — | — | — |`);
      }
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  console.log('');
  console.log('| responses | step (views: API, protected, median of 9; SQLite: lean queries, median of 3) | ms | typed loop ms | vs loop | SQLite ms | vs SQLite |');
  console.log('| --: | --- | --: | --: | --: | --: | --: |');
  for (const line of lines) console.log(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [flag, file] = process.argv.slice(2);
  if (flag === '--first-open') firstOpenChild(file!);
  else if (flag === '--views') await viewsChild(file!);
  else main();
}
