// `npm run bench` (third part): analysis at 10 000 and 100 000 responses of the 40-question synthetic consultation
// (bench/synthetic.ts; 1 000 000 with --1m, generation then takes minutes). Each size is measured in a child
// process of its own, so its peak memory (maxRSS) is the analysis's alone. Every view is timed (median of 9 runs,
// columns in memory) beside two baselines on the same file in the same run: a plain loop over the same typed
// arrays written here (the floor), and a hand-written SQLite GROUP BY query on the answer table.
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
import { expectKind, ANSWERED, type ColumnSet } from '../core/analysis/columns';
import { createSyntheticProject } from './synthetic';

interface Row {
  what: string;
  ms: number;
  loopMs: number | null;
  sqlMs: number | null;
}

const COUNTED = `v.form_id = ? AND r.status = 'complete' AND r.deleted_at IS NULL AND r.verifies IS NULL`;
const FROM = `FROM response r JOIN form_version v ON v.id = r.form_version_id`;
const answer = (alias: string, name: string) => `JOIN answer ${alias} ON ${alias}.response_uuid = r.uuid AND ${alias}.question_name = '${name}' AND ${alias}.state = 'answered'`;

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

function sqlQueries(db: Db, surveyId: string) {
  const choices = ['strangers', 'bullying', 'scary', 'privacy', 'scam', 'too_long', 'none', 'other'];
  const q = {
    frequency: db.prepare(`SELECT a.value, count(*) ${FROM} ${answer('a', 'safe_school')} WHERE ${COUNTED} GROUP BY a.value`),
    twoWay: db.prepare(`SELECT a.value, b.value, count(*) ${FROM} ${answer('a', 'province')} ${answer('b', 'sex')} WHERE ${COUNTED} GROUP BY 1, 2`),
    threeWay: db.prepare(
      `SELECT c.value, a.value, b.value, count(*) ${FROM} ${answer('a', 'happy')} ${answer('b', 'sex')} ${answer('c', 'area')} ${answer('g', 'age')}
       WHERE ${COUNTED} AND CAST(g.value AS REAL) BETWEEN 12 AND 17 GROUP BY 1, 2, 3`,
    ),
    multipleBySex: db.prepare(
      `SELECT s.value, ${choices.map((c) => `sum(instr(' ' || m.value || ' ', ' ${c} ') > 0)`).join(', ')} ${FROM} ${answer('m', 'online_worry')} ${answer('s', 'sex')} WHERE ${COUNTED} GROUP BY 1`,
    ),
    numeric: db.prepare(`SELECT count(*), avg(CAST(a.value AS REAL)), min(CAST(a.value AS REAL)), max(CAST(a.value AS REAL)) ${FROM} ${answer('a', 'age')} WHERE ${COUNTED}`),
    histogram: db.prepare(`SELECT a.value, count(*) ${FROM} ${answer('a', 'age')} WHERE ${COUNTED} GROUP BY 1`),
  };
  return {
    frequency: () => q.frequency.all(surveyId),
    twoWay: () => q.twoWay.all(surveyId),
    threeWay: () => q.threeWay.all(surveyId),
    multipleBySex: () => q.multipleBySex.all(surveyId),
    numeric: () => [q.numeric.get(surveyId), q.histogram.all(surveyId)],
  };
}

/** In the child: every measurement of one file, printed as JSON. */
function child(file: string): void {
  const db = openProjectDb(file);
  const surveyId = listSurveys(db)[0]!.id;
  const rows: Row[] = [];
  db.prepare('DELETE FROM analysis_column').run();
  let t = performance.now();
  const built = analysisColumns(db, surveyId);
  rows.push({ what: 'open: rebuild all columns from answers (+ save BLOBs)', ms: performance.now() - t, loopMs: null, sqlMs: null });
  forgetColumns(db);
  t = performance.now();
  const cold = analysisColumns(db, surveyId);
  rows.push({ what: 'open: cold, from BLOBs', ms: performance.now() - t, loopMs: null, sqlMs: null });
  if (cold.report.fromFile !== built.set.columns.size) throw new Error('cold open did not read the BLOBs');
  const set = cold.set;
  const loop = loops(set);
  const sql = sqlQueries(db, surveyId);
  const ageGroups = { age: [{ from: 8, to: 11 }, { from: 12, to: 14 }, { from: 15, to: 17 }] };
  const views: [string, () => unknown, keyof typeof loop][] = [
    ['frequency (safe_school)', () => tableView(db, { surveyId, question: 'safe_school' }), 'frequency'],
    ['2-way (province × sex)', () => tableView(db, { surveyId, question: 'province', by: 'sex' }), 'twoWay'],
    ['3-way + filter (happy × sex × area, age 12–17)', () => tableView(db, { surveyId, question: 'happy', by: 'sex', layer: 'area', filter: [{ type: 'range', question: 'age', min: 12, max: 17 }] }), 'threeWay'],
    ['multiple choice × sex (online_worry)', () => tableView(db, { surveyId, question: 'online_worry', by: 'sex' }), 'multipleBySex'],
    ['numeric stats + histogram (age)', () => numericView(db, { surveyId, question: 'age' }), 'numeric'],
  ];
  for (const [what, run, key] of views) {
    rows.push({ what, ms: median(run), loopMs: median(loop[key]), sqlMs: median(sql[key], 3) });
  }
  rows.push({ what: 'age groups × sex (buckets)', ms: median(() => tableView(db, { surveyId, question: 'age', by: 'sex', buckets: ageGroups })), loopMs: null, sqlMs: null });
  db.close();
  console.log(JSON.stringify({ responses: set.responseCount, rows, peakMb: process.resourceUsage().maxRSS / 1024 }));
}

function fmt(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
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
      const result = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
      const out = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { responses: number; rows: Row[]; peakMb: number };
      const n = size.toLocaleString('en');
      lines.push(`| ${n} | generate (${made.answers.toLocaleString('en')} answer rows, direct SQL inserts) | ${fmt(made.seconds * 1000)} | — | — | — | — |`);
      for (const row of out.rows) {
        const ratio = (base: number | null) => (base === null ? '—' : `${(row.ms / base).toFixed(1)}×`);
        lines.push(`| ${n} | ${row.what} | ${fmt(row.ms)} | ${fmt(row.loopMs)} | ${ratio(row.loopMs)} | ${fmt(row.sqlMs)} | ${row.sqlMs === null ? '—' : `${(row.sqlMs / row.ms).toFixed(0)}× faster`} |`);
      }
      lines.push(`| ${n} | peak memory of the analysis process (MB), ${out.responses.toLocaleString('en')} complete responses | ${out.peakMb.toFixed(0)} | — | — | — | — |`);
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  console.log('');
  console.log('| responses | step (views: API, protected, median of 9) | ms | typed loop ms | vs loop | SQLite ms | vs SQLite |');
  console.log('| --: | --- | --: | --: | --: | --: | --: |');
  for (const line of lines) console.log(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [flag, file] = process.argv.slice(2);
  if (flag === '--child') child(file!);
  else main();
}
