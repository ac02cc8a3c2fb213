// The thread that upgrades an older project file, run from TypeScript source (tests, the CLI, browser mode); the
// bundled app runs upgrade-worker.js, built from the same file. See upgrade-thread.ts.
import { register } from 'tsx/esm/api';

register();
await import('./upgrade-worker.ts');
