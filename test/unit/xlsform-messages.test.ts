import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogKeys } from '../../core/i18n/messages';

describe('XLSForm importer messages', () => {
  it('has a message in both languages for every problem code the importer can report', () => {
    const source = fs.readFileSync(new URL('../../electron/io/xlsform-import.ts', import.meta.url), 'utf8');
    const codes = [...new Set([...source.matchAll(/'(xlsform\.[A-Za-z]+)'/g)].map((m) => m[1]!))];
    expect(codes.length).toBeGreaterThan(10);
    for (const lang of ['vi', 'en'] as const) {
      const keys = new Set(catalogKeys(lang));
      expect(codes.filter((code) => !keys.has(code)), lang).toEqual([]);
    }
  });
});
