import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';
import globals from 'globals';
import { builtinModules } from 'node:module';

/**
 * The layering of ARCHITECTURE.md, enforced: core/ is platform-free, the renderer never reaches Node or
 * main-side code, and only a handful of shell files may import 'electron'.
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noNode = { group: nodeBuiltins, message: 'core/ and renderer/ run in both places: no Node built-ins.' };
const noElectron = { name: 'electron', message: "Only electron/main, preload, window, ipc and protocol files import 'electron'." };
const noMainSide = { group: ['**/electron/**', '../electron', '../../electron'], message: 'Main-side code stays on the main side; share through core/.' };
const noRenderer = { group: ['**/renderer/**', '../renderer', '../../renderer'], message: 'core/ must not depend on the renderer.' };
const noNativeDb = { group: ['better-sqlite3'], message: 'The database is reached through the API only.' };

const ELECTRON_SHELL_FILES = ['electron/main.ts', 'electron/preload.ts', 'electron/window.ts', 'electron/ipc.ts', 'electron/protocol.ts', 'electron/menu.ts', 'electron/dialogs.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'native/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noNode, noMainSide, noRenderer, noNativeDb] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      // `import type` from main-side code is allowed (types vanish at build); values are not.
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noNode, { ...noMainSide, allowTypeImports: true }, noNativeDb] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ELECTRON_SHELL_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noRenderer] }] },
  },
  {
    // Write transactions begin IMMEDIATE, or a save can fail at once while an import's thread writes.
    files: ['electron/**/*.ts'],
    ignores: ['electron/db/transaction.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='transaction']", message: 'Use writeTransaction or readTransaction (electron/db/transaction.ts).' },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
