import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or packaged app) root, found from this file whether run from source or from out/. */
function findRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // source: <root>/electron ; bundled: <root>/out/main
  return path.basename(here) === 'main' && path.basename(path.dirname(here)) === 'out'
    ? path.resolve(here, '..', '..')
    : path.resolve(here, '..');
}

export const APP_ROOT = findRoot();
/** The built renderer, served over app:// (Electron) or HTTP (browser mode). */
export const RENDERER_DIR = path.join(APP_ROOT, 'out', 'renderer');
