import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** End-to-end tests drive the built renderer, so build it fresh once per run. */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'pipe',
  });
}
