#!/usr/bin/env node
// `npm start`: build, then open Electron's window, or browser mode where Electron's binary cannot be had.
// Arguments after `npm start --` go to whichever starts (e.g. `npm start -- --port 5000`).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_DIR = path.join(ROOT, 'node_modules', 'electron');
const isWindows = process.platform === 'win32';

const NO_WINDOW_LINE =
  "Electron's window is not available on this machine (its binary is not installed and cannot be downloaded here), so Tiếng Nói starts in browser mode:";

async function main(args) {
  build();
  if (process.env.TIENGNOI_BROWSER === '1') return browserMode(args);

  const binary = electronBinary() ?? tryInstallElectron();
  if (!binary) {
    console.log(NO_WINDOW_LINE);
    return browserMode(args);
  }
  if (!(await ensureSqliteForElectron())) return browserMode(args);
  return runElectron(binary, args);
}

function build() {
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit', shell: isWindows });
  if (result.status !== 0) {
    console.error(`npm start: "electron-vite build" failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}).`);
    process.exit(result.status || 1);
  }
}

/** Where the electron package would run its binary from, if it is really there (mirrors node_modules/electron/index.js). */
function electronBinary() {
  const pathFile = path.join(ELECTRON_DIR, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative || 'electron');
    return fs.existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = path.join(ELECTRON_DIR, 'dist', relative);
  return fs.existsSync(candidate) ? candidate : null;
}

/** One quiet attempt: offline it fails within a second, and its stack trace would only alarm. */
function tryInstallElectron() {
  const install = path.join(ELECTRON_DIR, 'install.js');
  if (!fs.existsSync(install)) return null;
  spawnSync(process.execPath, [install], { cwd: ELECTRON_DIR, stdio: 'ignore', timeout: 10 * 60_000 });
  return electronBinary();
}

function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(ELECTRON_DIR, 'package.json'), 'utf8')).version;
}

/**
 * Electron needs better-sqlite3 compiled for its own ABI, kept apart from node_modules so the tests'
 * build stays intact. Built once per Electron version; false when that is impossible here.
 */
async function ensureSqliteForElectron() {
  const { tsImport } = await import('tsx/esm/api');
  const native = await tsImport('../electron/native/build.ts', import.meta.url);
  const binding = await tsImport('../electron/native/binding.ts', import.meta.url);
  const version = electronVersion();
  if (fs.existsSync(binding.electronBindingPath(ROOT, version))) return true;
  console.log(`Building better-sqlite3 for Electron ${version} (once, about two minutes)…`);
  try {
    await native.buildForElectron({ appRoot: ROOT, electronVersion: version });
    return true;
  } catch (error) {
    console.log(
      `Could not build better-sqlite3 for Electron ${version} (${error.message}; it needs Electron's headers from electronjs.org), so Tiếng Nói starts in browser mode:`,
    );
    return false;
  }
}

function runElectron(binary, args) {
  const env = { ...process.env };
  // Set in some shells and CI images; it would turn the window into a plain Node process.
  delete env.ELECTRON_RUN_AS_NODE;
  return passThrough(spawn(binary, ['.', ...args], { cwd: ROOT, env, stdio: 'inherit' }));
}

function browserMode(args) {
  return passThrough(spawn(process.execPath, [path.join(ROOT, 'bin', 'tiengnoi.mjs'), 'serve', ...args], { cwd: ROOT, stdio: 'inherit' }));
}

/** npm start ends when the child ends, with its exit status; a Ctrl-C or kill reaches the child too. */
function passThrough(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`npm start: could not start ${child.spawnfile}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
  });
}

await main(process.argv.slice(2));
