import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'bin', 'tiengnoi.mjs');
const OPEN_URL = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/;
const START_TIMEOUT_MS = 30_000;

export interface RunningServer {
  /** The app's address, e.g. http://127.0.0.1:PORT/ */
  url: string;
  /** The address with the one-time token: opening it sets the cookie and redirects to `/`. */
  openUrl: string;
  /** A fresh projects folder the server creates project files in (empty unless `prepare` put files there). */
  projectsDir: string;
  /** The server's own config folder (TIENGNOI_CONFIG_DIR). */
  configDir: string;
  /** Stops the server (SIGTERM) and waits for it to exit; safe to call more than once. */
  stop(): Promise<void>;
  /** Stops the server and deletes its temporary folders. */
  cleanup(): Promise<void>;
}

export interface StartOptions {
  /** Runs before the server starts, e.g. to put project files (good or broken) in the projects folder. */
  prepare?: (dirs: { projectsDir: string; configDir: string }) => void;
}

/** Starts `tiengnoi serve` on a free port, with its own temporary projects and config folders. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-e2e-'));
  const projectsDir = path.join(base, 'projects');
  const configDir = path.join(base, 'config');
  fs.mkdirSync(projectsDir);
  fs.mkdirSync(configDir);
  try {
    options.prepare?.({ projectsDir, configDir });
  } catch (error) {
    fs.rmSync(base, { recursive: true, force: true });
    throw error;
  }

  const child = spawn(process.execPath, [CLI, 'serve', '--dir', projectsDir, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, TIENGNOI_CONFIG_DIR: configDir, TIENGNOI_PROJECTS_DIR: projectsDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let output = '';
  let openUrl: string;
  try {
    openUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tiengnoi serve did not print its URL in time:\n${output}`)), START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = OPEN_URL.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`tiengnoi serve exited early (code ${code}, signal ${signal}):\n${output}`));
      });
    });
  } catch (error) {
    await kill(child, exited);
    fs.rmSync(base, { recursive: true, force: true });
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= kill(child, exited));
  return {
    url: new URL('/', openUrl).href,
    openUrl,
    projectsDir,
    configDir,
    stop,
    cleanup: async () => {
      await stop();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface ProjectInfo {
  schemaVersion: number;
  title: string;
  forms: number;
  questions: number;
  responses: number;
}

/** `tiengnoi info FILE --json`, parsed. */
export function projectInfo(file: string): ProjectInfo {
  const out = execFileSync(process.execPath, [CLI, 'info', file, '--json'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as ProjectInfo;
}

/**
 * `tiengnoi new FILE --title TITLE`, as someone preparing a project from the command line would.
 * `configDir` becomes TIENGNOI_CONFIG_DIR, so the test never touches the real settings folder.
 */
export function newProjectWithCli(file: string, title: string, configDir: string): string {
  return execFileSync(process.execPath, [CLI, 'new', file, '--title', title], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TIENGNOI_CONFIG_DIR: configDir, TIENGNOI_LANG: 'vi' },
  });
}

/** The project files (`*.tiengnoi`) in a projects folder. */
export function projectFiles(projectsDir: string): string[] {
  return fs
    .readdirSync(projectsDir)
    .filter((name) => name.endsWith('.tiengnoi'))
    .map((name) => path.join(projectsDir, name));
}

/** Calls the app's API as the browser does, with the server's token; fails loudly on an error result. */
export async function callApi<T>(server: RunningServer, route: string, input: unknown): Promise<T> {
  const token = new URL(server.openUrl).searchParams.get('token')!;
  const reply = await fetch(`${server.url}api/${route}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await reply.json()) as { ok: true; value: T } | { ok: false; error: unknown };
  if (!result.ok) throw new Error(`${route} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}
