import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openProjectDb } from '../../electron/db/open';
import { Session } from '../../electron/api/session';
import { call, newSession, TEST_ACTOR } from '../helpers/session';
import { seededRandom as mulberry32 } from '../helpers/seeded-random';

/**
 * "Never lose a child's answer": a writer process answers through the real dispatcher and is SIGKILLed at a
 * random moment; every answer it acknowledged must then be in the file, with the acknowledged value.
 * SIGKILL proves crash safety of the process (the OS still flushes its page cache); it cannot simulate a power cut.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const writer = path.join(import.meta.dirname, 'fixtures', 'answer-writer.ts');
const SEED = 0x7469656e; // "tien"


type Mode = 'steady' | 'burst' | 'complete';
interface TrialPlan {
  mode: Mode;
  /** Kill this long after the first ACK... */
  killAfterMs?: number;
  /** ...or the moment the n-th TRYCOMPLETE line arrives. */
  killOnCompleteNumber?: number;
  walAutocheckpoint?: number;
}

interface TrialRun {
  lines: string[];
  stderr: string;
  signal: NodeJS.Signals | null;
  code: number | null;
  walBytesAtKill: number;
}

interface Writer {
  /** Lets the writer open the file and start answering; resolves once it has been killed and its output read. */
  start(): Promise<TrialRun>;
  /** Ends a writer that was never started (after a failure). */
  discard(): void;
}

/** Starts a writer process ahead of its trial: it loads the app's code, then waits for GO before opening the file. */
function spawnWriter(projectsDir: string, file: string, surveyId: string, trial: number, plan: TrialPlan): Writer {
  const args = ['--import', 'tsx', writer, projectsDir, file, surveyId, String(SEED + trial), String(trial), plan.mode];
  if (plan.walAutocheckpoint) args.push(String(plan.walAutocheckpoint));
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let walBytesAtKill = -1;
  let completes = 0;
  let timer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null || child.killed) return;
    try {
      walBytesAtKill = fs.statSync(path.join(projectsDir, `${file}-wal`)).size;
    } catch {
      walBytesAtKill = 0;
    }
    child.kill('SIGKILL');
  };
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (text) => {
    lines.push(text);
    if (text.startsWith('ACK ') && !timer && plan.killAfterMs !== undefined) timer = setTimeout(kill, plan.killAfterMs);
    if (text.startsWith('TRYCOMPLETE ') && ++completes === plan.killOnCompleteNumber) kill();
  });
  // 'close' comes after stdout ended, so every line the writer printed before dying has been read.
  const closed = new Promise<TrialRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(timer);
      resolve({ lines, stderr, signal, code, walBytesAtKill });
    });
  });
  return {
    start() {
      // A writer that never starts acknowledging is a failure, not a hang.
      watchdog = setTimeout(kill, 15_000);
      child.stdin.write('GO\n');
      return closed;
    },
    discard() {
      child.kill('SIGKILL');
    },
  };
}

/** What the file must hold, built from every acknowledged call of every trial so far. */
interface Expected {
  /** responseId → question → last acknowledged value (null = cleared). */
  answers: Map<string, Map<string, string | null>>;
  completed: Set<string>;
}

interface TrialResult {
  acked: number;
  checked: number;
  lost: string[];
  phantoms: string[];
  /** What became of the call in flight at the kill: committed, or rolled back as if never made. */
  completeInFlight: 'committed' | 'rolled back' | null;
  answerInFlight: 'committed' | 'rolled back' | null;
}

function parseValue(json: string): string | null {
  return JSON.parse(json) as string | null;
}

/** Splits "ACK <id> <question> <json>" into its parts; the JSON may contain spaces. */
function parseAnswerLine(text: string): { responseId: string; question: string; value: string | null } {
  const [, responseId, question, ...rest] = text.split(' ');
  return { responseId: responseId!, question: question!, value: parseValue(rest.join(' ')) };
}

function verify(filePath: string, run: TrialRun, expected: Expected): TrialResult {
  let acked = 0;
  let pendingAnswer: ReturnType<typeof parseAnswerLine> | null = null;
  let pendingComplete: string | null = null;
  let answerInFlight: TrialResult['answerInFlight'] = null;
  let completeInFlight: TrialResult['completeInFlight'] = null;
  for (const text of run.lines) {
    if (text.startsWith('TRY ')) {
      pendingAnswer = parseAnswerLine(text);
      if (!expected.answers.has(pendingAnswer.responseId)) expected.answers.set(pendingAnswer.responseId, new Map());
    } else if (text.startsWith('ACK ')) {
      const { responseId, question, value } = parseAnswerLine(text);
      if (!expected.answers.has(responseId)) expected.answers.set(responseId, new Map());
      expected.answers.get(responseId)!.set(question, value);
      pendingAnswer = null;
      acked++;
    } else if (text.startsWith('CREATED ')) {
      const responseId = text.split(' ')[1]!;
      if (!expected.answers.has(responseId)) expected.answers.set(responseId, new Map());
    } else if (text.startsWith('TRYCOMPLETE ')) pendingComplete = text.split(' ')[1]!;
    else if (text.startsWith('COMPLETED ')) {
      expected.completed.add(text.split(' ')[1]!);
      pendingComplete = null;
    }
  }

  const db = openProjectDb(filePath);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const lost: string[] = [];
    const phantoms: string[] = [];
    let checked = 0;
    // Only this writer's kind of row counts as the answer: a refusal or any other state is not the acknowledged value.
    const rowsOf = db.prepare(`SELECT question_name AS question, iif(state = 'answered', value, '<' || state || '>') AS value FROM answer WHERE response_id = (SELECT id FROM response WHERE uuid = ?)`);
    const responseOf = db.prepare('SELECT status, completed_at AS completedAt FROM response WHERE uuid = ?');
    const completeAudits = db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'complete' AND entity = 'response' AND entity_id = ?`).pluck();
    let expectedRows = 0;
    for (const [responseId, answers] of expected.answers) {
      const response = responseOf.get(responseId) as { status: string; completedAt: string | null } | undefined;
      if (!response) {
        lost.push(`response ${responseId} is missing`);
        continue;
      }
      const actual = new Map((rowsOf.all(responseId) as { question: string; value: string }[]).map((r) => [r.question, r.value]));
      // The one call in flight at the kill may or may not have committed; whichever it is, it is then the truth.
      if (pendingAnswer?.responseId === responseId) {
        const { question, value } = pendingAnswer;
        const got = actual.get(question) ?? null;
        const before = answers.has(question) ? answers.get(question)! : null;
        if (got !== value && got !== before) lost.push(`${responseId}/${question}: in-flight write left ${JSON.stringify(got)}`);
        else if (value !== before) answerInFlight = got === value ? 'committed' : 'rolled back';
        answers.set(question, got);
      }
      for (const [question, value] of answers) {
        checked++;
        const got = actual.get(question) ?? null;
        if (got !== value) lost.push(`${responseId}/${question}: acknowledged ${JSON.stringify(value)}, found ${JSON.stringify(got)}`);
      }
      for (const question of actual.keys()) if (!answers.has(question)) phantoms.push(`${responseId}/${question}`);
      expectedRows += [...answers.values()].filter((v) => v !== null).length;
      if (expected.completed.has(responseId) && (response.status !== 'complete' || !response.completedAt)) {
        lost.push(`response ${responseId} was acknowledged complete but is ${response.status}`);
      }
      if (responseId === pendingComplete) {
        // Atomic either way: complete with its audit record, or still a draft without one.
        const audits = completeAudits.get(responseId) as number;
        if (response.status === 'complete') {
          expect(response.completedAt).not.toBeNull();
          expect(audits).toBe(1);
          expected.completed.add(responseId);
          completeInFlight = 'committed';
        } else {
          expect(response.completedAt).toBeNull();
          expect(audits).toBe(0);
          completeInFlight = 'rolled back';
        }
      }
    }
    // No answer turned up anywhere else (e.g. on a response the writer never acknowledged creating).
    const known = [...expected.answers.keys()];
    const strays = db
      .prepare(`SELECT count(*) FROM answer WHERE response_id NOT IN (SELECT id FROM response WHERE uuid IN (SELECT value FROM json_each(?)))`)
      .pluck()
      .get(JSON.stringify(known)) as number;
    const rows = db.prepare('SELECT count(*) FROM answer').pluck().get() as number;
    if (strays > 0 || rows !== expectedRows + phantoms.length) phantoms.push(`${strays} answers on unknown responses; ${rows} rows, expected ${expectedRows}`);
    return { acked, checked, lost, phantoms, completeInFlight, answerInFlight };
  } finally {
    db.close();
  }
}

function plans(count: number): TrialPlan[] {
  const random = mulberry32(SEED);
  const delay = (min: number, max: number) => Math.round(min + random() * (max - min));
  return Array.from({ length: count }, (_, trial): TrialPlan => {
    // Special trials sit in the middle, so later trials re-check what survived them.
    if (trial === 8 || trial === 22) return { mode: 'burst', killAfterMs: delay(900, 1400) };
    if (trial === 15) return { mode: 'burst', killAfterMs: delay(20, 300), walAutocheckpoint: 4 };
    if (trial === 12 || trial === 28) return { mode: 'complete', killOnCompleteNumber: 2 + Math.floor(random() * 6) };
    if (trial === 33) return { mode: 'complete', killOnCompleteNumber: 2 + Math.floor(random() * 6), walAutocheckpoint: 2 };
    return { mode: 'steady', killAfterMs: delay(20, 300) };
  });
}

describe('crash safety: a killed writer loses no acknowledged answer', () => {
  it('keeps every acknowledged answer through 40 SIGKILLs of the writing process', async () => {
    const started = performance.now();
    const session = newSession();
    const project = await call(session, 'project/create', { title: 'Diễn đàn trẻ em Sa Pa' });
    const survey = await call(session, 'survey/create', { title: { vi: 'Tiếng nói của em', en: 'Your voice' } });
    await call(session, 'survey/save', {
      surveyId: survey.id,
      title: survey.title,
      questions: [
        { name: 'safe', type: 'select_one', label: { vi: 'Em có thấy an toàn không?', en: 'Do you feel safe?' }, listName: 'yn' },
        { name: 'grade', type: 'select_one', label: { vi: 'Em học lớp mấy?', en: 'Which grade are you in?' }, listName: 'grades' },
        { name: 'age', type: 'integer', label: { vi: 'Em bao nhiêu tuổi?', en: 'How old are you?' } },
        { name: 'why', type: 'text', label: { vi: 'Vì sao?', en: 'Why?' } },
        { name: 'note', type: 'text', label: { vi: 'Em muốn nói thêm điều gì?', en: 'Anything else?' } },
      ],
      choiceLists: {
        yn: [
          { name: '1', label: { vi: 'Có', en: 'Yes' } },
          { name: '2', label: { vi: 'Không', en: 'No' } },
          { name: '3', label: { vi: 'Không chắc', en: 'Not sure' } },
        ],
        grades: Array.from({ length: 12 }, (_, i) => ({ name: String(i + 1), label: { vi: `Lớp ${i + 1}`, en: `Grade ${i + 1}` } })),
      },
    });
    session.dispose();

    const filePath = project.path;
    const expected: Expected = { answers: new Map(), completed: new Set() };
    const trials = plans(40);
    let acked = 0;
    let lost = 0;
    let checks = 0;
    const inFlight = { answers: { committed: 0, 'rolled back': 0 }, completes: { committed: 0, 'rolled back': 0 } };
    let largestWal = 0;
    const writerFor = (trial: number) => spawnWriter(session.projectsDir, project.file, survey.id, trial, trials[trial]!);
    let next: Writer | null = writerFor(0);
    try {
      for (const [trial, plan] of trials.entries()) {
        const current: Writer = next!;
        // The next writer loads its code while this one writes; it touches the file only after GO.
        next = trial + 1 < trials.length ? writerFor(trial + 1) : null;
        const run = await current.start();
        if (run.signal !== 'SIGKILL') throw new Error(`trial ${trial}: writer ended by itself (code ${run.code}): ${run.stderr}`);
        expect(run.lines[0], `trial ${trial} stderr: ${run.stderr}`).toBe('READY');
        expect(run.lines.some((l) => l.startsWith('ERR '))).toBe(false);
        const result = verify(filePath, run, expected);
        expect(result.lost, `trial ${trial} (${JSON.stringify(plan)})`).toEqual([]);
        expect(result.phantoms, `trial ${trial}: answers nobody acknowledged or tried`).toEqual([]);
        if (plan.killAfterMs !== undefined) expect(result.acked, `trial ${trial} acknowledged nothing`).toBeGreaterThan(0);
        acked += result.acked;
        checks += result.checked;
        lost += result.lost.length;
        if (result.completeInFlight) inFlight.completes[result.completeInFlight]++;
        if (result.answerInFlight) inFlight.answers[result.answerInFlight]++;
        largestWal = Math.max(largestWal, run.walBytesAtKill);
      }
    } finally {
      next?.discard();
    }

    // The last word through the API itself: a fresh session reads back what the trials left.
    const reader = new Session({ projectsDir: session.projectsDir, actor: TEST_ACTOR });
    await call(reader, 'project/open', { file: project.file });
    for (const [responseId, answers] of [...expected.answers].slice(-5)) {
      const detail = await call(reader, 'response/get', { responseId });
      expect(detail.answers).toEqual(Object.fromEntries([...answers].filter(([, v]) => v !== null)));
    }
    reader.dispose();

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const keys = [...expected.answers.values()].reduce((n, m) => n + m.size, 0);
    console.info(
      `crash-safety: ${trials.length} trials, ${acked} acknowledged answers, ${keys} answer keys, ${checks} value checks (all keys after every kill), ` +
        `lost = ${lost}; in flight at the kill: answers ${JSON.stringify(inFlight.answers)}, completes ${JSON.stringify(inFlight.completes)}; ` +
        `largest WAL at a kill ${largestWal} B; ${seconds} s`,
    );
    expect(lost).toBe(0);
  }, 120_000);
});
