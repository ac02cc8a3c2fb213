import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildEnv, electronBindingPath, nodeGypArgs, nodeGypCommand } from './binding';

export interface BuildOptions {
  appRoot: string;
  electronVersion: string;
  /** 'inherit' shows the compiler's output (npm start); 'ignore' keeps it quiet. */
  stdio?: 'inherit' | 'ignore';
}

/**
 * Compiles better-sqlite3 for Electron in a scratch copy, so node_modules keeps the build the tests use,
 * then installs the result at electronBindingPath. Needs Electron's headers, hence the network, once.
 * Returns the binding path; rejects when node-gyp fails.
 */
export async function buildForElectron({ appRoot, electronVersion, stdio = 'inherit' }: BuildOptions): Promise<string> {
  const source = path.join(appRoot, 'node_modules', 'better-sqlite3');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-better-sqlite3-'));
  try {
    fs.cpSync(source, work, {
      recursive: true,
      // The existing build is Node's: copying it would only slow the copy and confuse node-gyp.
      filter: (file) => path.relative(source, file) !== 'build',
    });
    const { command, args } = nodeGypCommand(process.env, process.execPath);
    await run(command, [...args, ...nodeGypArgs(electronVersion)], work, stdio);
    const target = electronBindingPath(appRoot, electronVersion);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Copy then rename, so an interrupted build never leaves a half-written binding that looks usable.
    const partial = `${target}.partial`;
    fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), partial);
    fs.renameSync(partial, target);
    return target;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string, stdio: 'inherit' | 'ignore'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: buildEnv(process.env), stdio });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`node-gyp exited with ${signal ?? code}`)),
    );
  });
}
