import { describe, expect, it } from 'vitest';
import { vi as viCatalog } from '../../core/i18n/vi';
import { en as enCatalog } from '../../core/i18n/en';
import { catalogKeys, translate } from '../../core/i18n/messages';

/** The names a message fills in, each once: `{name}`, and the number of a `{name, plural, …}` block. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((m) => m[1]))].sort();

describe('message catalogs', () => {
  it('have exactly the same keys in Vietnamese and English', () => {
    expect(catalogKeys('en').sort()).toEqual(catalogKeys('vi').sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(viCatalog) as (keyof typeof viCatalog)[]) {
      expect(placeholders(enCatalog[key]), key).toEqual(placeholders(viCatalog[key]));
    }
  });

  it('hold Vietnamese text in NFC and no empty messages', () => {
    for (const [key, text] of Object.entries(viCatalog)) {
      expect(text.normalize('NFC'), key).toBe(text);
      expect(text.trim().length, key).toBeGreaterThan(0);
    }
  });

  it('fills placeholders and formats numbers per language', () => {
    expect(translate('vi', 'home.responses', { count: 1234 })).toBe('1.234 phiếu hoàn chỉnh');
    expect(translate('en', 'home.responses', { count: 1234 })).toBe('Complete responses: 1,234');
  });

  it('chooses the plural form the language needs, with the number written as the language writes it', () => {
    expect(translate('en', 'import.moreProblems', { count: 1 })).toBe('1 more problem is not listed here.');
    expect(translate('en', 'import.moreProblems', { count: 1200 })).toBe('1,200 more problems are not listed here.');
    expect(translate('en', 'import.moreProblems', { count: 0 })).toBe('0 more problems are not listed here.');
    expect(translate('vi', 'import.moreProblems', { count: 1200 })).toBe(viCatalog['import.moreProblems'].replace('{count}', '1.200'));
    // Placeholders inside a form are filled too.
    expect(translate('en', 'results.reportSkipped', { count: 1, titles: '“Tuổi”' })).toContain('1 analysis could not be included: “Tuổi”');
    expect(translate('en', 'results.reportSkipped', { count: 2, titles: '“Tuổi”, “Giới”' })).toContain('2 analyses could not be included: “Tuổi”, “Giới”');
  });

  it('writes every English message with a number of things in its plural forms, never "1 answers"', () => {
    // A number followed by a plural noun, outside a plural block, reads wrongly for 1.
    // (Not `rows`: a sheet too large for Excel has over a million.)
    const counts = 'count|n|questions|imported|responses|added|files|duplicates|skipped|complementary|hidden|expected|min';
    const bare = new RegExp(`\\{(${counts})\\}(?: [a-z]+)? [a-z]+s\\b|\\(s\\)`);
    const outsideBlocks = (text: string) => text.replace(/\{\w+, plural,(?:[^{}]|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})*\}/g, '');
    for (const [key, text] of Object.entries(enCatalog)) expect(bare.test(outsideBlocks(text)), key).toBe(false);
  });

  it('leaves a missing placeholder visible rather than printing undefined', () => {
    expect(translate('en', 'home.folder')).toBe('Projects are saved in: {folder}');
  });
});
