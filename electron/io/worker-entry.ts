import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A thread's script (`name`, without extension): the bundled `.js` beside the app's main script (electron-vite builds
 * each one), else the `.mjs` that runs it from TypeScript source (tests, the CLI, browser mode). null: neither.
 */
export function workerEntry(name: string): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.dirname(here)]) {
    for (const file of [`${name}.js`, `${name}.mjs`]) {
      const full = path.join(dir, file);
      if (fs.existsSync(full)) return full;
    }
  }
  return null;
}
