import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rule', () => {
  it('keeps Node, Electron and main-side code out of core/', async () => {
    expect(await importErrors('core/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await importErrors('core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await importErrors('core/x.ts', "import { dispatch } from '../electron/api/dispatch';\nexport const a = dispatch;\n")).toHaveLength(1);
  });

  it('lets the renderer import main-side types but not main-side code or Node', async () => {
    expect(await importErrors('renderer/lib/x.ts', "import type { Ctx } from '../../electron/api/handler-types';\nexport type A = Ctx;\n")).toEqual([]);
    expect(await importErrors('renderer/lib/x.ts', "import { dispatch } from '../../electron/api/dispatch';\nexport const a = dispatch;\n")).toHaveLength(1);
    expect(await importErrors('renderer/lib/x.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
  });

  it("allows 'electron' only in the shell files", async () => {
    expect(await importErrors('electron/api/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await importErrors('electron/window.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
