// The thread of a large import, run from TypeScript source (tests, the CLI, browser mode); the bundled app runs
// import-worker.js, built from the same file. See import-thread.ts.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
