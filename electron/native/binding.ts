import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 compiled for Electron's ABI lives apart from node_modules, so `npm test` (Node's ABI)
 * and the desktop app (Electron's) never overwrite each other's build. One folder per Electron version:
 * an upgrade simply builds anew. The `native/` folder is git-ignored.
 */
export function electronBindingPath(appRoot: string, electronVersion: string): string {
  return path.join(appRoot, 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
}

export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

export function nodeGypArgs(electronVersion: string): string[] {
  return [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    '--jobs=max',
  ];
}

/**
 * node-gyp lets npm_config_* variables override its command line. npm exports the user's .npmrc that way,
 * so a `nodedir=/usr` there (as on the build machines) would silently build for Node's ABI again;
 * the same goes for a stray target, runtime or dist-url.
 */
const OVERRIDING_KEY = /^npm_(?:config|package_config_node_gyp)_(?:nodedir|target|runtime|dist_url|disturl)$/i;

export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !OVERRIDING_KEY.test(key)));
}

/**
 * How to run node-gyp, best first: the copy npm names when it runs our script, npm's bundled copy next to
 * this Node, and only then npx (which may need the network).
 */
export function nodeGypCommand(
  env: NodeJS.ProcessEnv,
  execPath: string,
  exists: (file: string) => boolean = fs.existsSync,
): { command: string; args: string[] } {
  const candidates = [
    env.npm_config_node_gyp,
    path.join(path.dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const script = candidates.find((file): file is string => Boolean(file) && exists(file!));
  if (script) return { command: execPath, args: [script] };
  return { command: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['--yes', 'node-gyp'] };
}
