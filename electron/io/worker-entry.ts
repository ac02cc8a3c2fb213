import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A thread's script (`name`, without extension): the bundled `.js` beside the app's main script (electron-vite builds
 * each one), else the `.mjs` that runs it from TypeScript source (tests, the CLI, browser mode), in the folder of the
 * module `near` (its import.meta.url; by default this one's) or the folder above. null: neither.
 */
export function workerEntry(name: string, near = import.meta.url): string | null {
  const here = path.dirname(fileURLToPath(near));
  for (const dir of [here, path.dirname(here)]) {
    for (const file of [`${name}.js`, `${name}.mjs`]) {
      const full = path.join(dir, file);
      if (fs.existsSync(full)) return full;
    }
  }
  return null;
}
