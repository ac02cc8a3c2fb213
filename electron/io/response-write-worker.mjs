// The writing thread of an import, run from TypeScript source (tests, the CLI, browser mode); the bundled app runs
// response-write-worker.js, built from the same file. See piece-writer.ts.
import { register } from 'tsx/esm/api';

register();
await import('./response-write-worker.ts');
