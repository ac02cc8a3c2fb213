import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          main: resolve(root, 'electron/main.ts'),
          // The thread that writes a large import (electron/io/piece-writer.ts looks for it beside the main script).
          'response-write-worker': resolve(root, 'electron/io/response-write-worker.ts'),
          // The thread a large import runs on (electron/io/import-thread.ts looks for it there too).
          'import-worker': resolve(root, 'electron/io/import-worker.ts'),
          // The thread an older project file is upgraded on (electron/io/upgrade-thread.ts).
          'upgrade-worker': resolve(root, 'electron/io/upgrade-worker.ts'),
          // The thread a survey's analysis columns are rebuilt on (electron/analysis/columns-thread.ts).
          'columns-worker': resolve(root, 'electron/analysis/columns-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS; the package is "type": "module", hence .cjs.
      rollupOptions: {
        input: { preload: resolve(root, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
  },
});
