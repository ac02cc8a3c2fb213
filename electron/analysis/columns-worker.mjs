// The thread that rebuilds a survey's analysis columns, run from TypeScript source (tests, the CLI, browser mode);
// the bundled app runs columns-worker.js, built from the same file. See columns-thread.ts.
import { register } from 'tsx/esm/api';

register();
await import('./columns-worker.ts');
