import { describe, expect, it } from 'vitest';
import { vi as viCatalog } from '../../core/i18n/vi';
import { en as enCatalog } from '../../core/i18n/en';
import { catalogKeys, translate } from '../../core/i18n/messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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

  it('leaves a missing placeholder visible rather than printing undefined', () => {
    expect(translate('en', 'home.folder')).toBe('Projects are saved in: {folder}');
  });
});
