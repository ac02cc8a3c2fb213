import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_ROOT } from '../../electron/paths';
import {
  ETHNIC_GROUPS_FILE,
  PROVINCES_2008_FILE,
  PROVINCES_2025_FILE,
  REFERENCE_DIR,
  ReferenceDataError,
  clearReferenceCache,
  loadEthnicGroups,
  loadProvinces2008,
  loadProvinces2025,
  parseCsv,
} from '../../electron/reference/load';
import { tempDir } from '../helpers/temp';

beforeEach(() => clearReferenceCache());

/** A copy of the shipped folder with one file's text replaced. */
function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = tempDir('tiengnoi-reference-');
  for (const name of [PROVINCES_2025_FILE, PROVINCES_2008_FILE, ETHNIC_GROUPS_FILE]) {
    fs.copyFileSync(path.join(REFERENCE_DIR, name), path.join(dir, name));
  }
  const target = path.join(dir, file);
  fs.writeFileSync(target, edit(fs.readFileSync(target, 'utf8')));
  return dir;
}

describe('shipped reference data', () => {
  it('lives in data/reference under the app root', () => {
    expect(REFERENCE_DIR).toBe(path.join(APP_ROOT, 'data', 'reference'));
    for (const name of [PROVINCES_2025_FILE, PROVINCES_2008_FILE, ETHNIC_GROUPS_FILE, 'README.md']) {
      expect(fs.existsSync(path.join(REFERENCE_DIR, name)), name).toBe(true);
    }
  });

  it('reads 34 units since 2025, 63 before, 54 ethnic groups', () => {
    const p2025 = loadProvinces2025();
    const p2008 = loadProvinces2008();
    const ethnic = loadEthnicGroups();
    expect(p2025).toHaveLength(34);
    expect(p2008).toHaveLength(63);
    expect(ethnic).toHaveLength(54);
    expect(p2025[0]).toEqual({ code: '01', name_vi: 'Hà Nội', name_en: 'Hanoi', type: 'city', merged_from: ['Hà Nội'] });
    expect(ethnic[0]).toMatchObject({ code: '01', name_vi: 'Kinh' });
    expect(ethnic[53]).toMatchObject({ code: '54', name_vi: 'Ơ Đu' });
    for (const row of [...p2025, ...p2008, ...ethnic]) {
      expect(row.code).toMatch(/^\d{2}$/);
      expect(row.name_vi).toBe(row.name_vi.normalize('NFC'));
    }
  });

  it("gives every old unit a successor that is a 2025 unit, consistent with merged_from", () => {
    const p2025 = loadProvinces2025();
    const byName = new Map(p2025.map((p) => [p.name_vi, p]));
    for (const old of loadProvinces2008()) {
      const successor = byName.get(old.successor_2025);
      expect(successor, `${old.code} ${old.name_vi} → ${old.successor_2025}`).toBeDefined();
      expect(successor!.merged_from).toContain(old.name_vi);
    }
    const allMerged = p2025.flatMap((p) => p.merged_from);
    expect(allMerged).toHaveLength(63);
    expect(new Set(allMerged).size).toBe(63);
  });

  it('caches: a second call returns the same list', () => {
    expect(loadProvinces2025()).toBe(loadProvinces2025());
    expect(loadEthnicGroups()).toBe(loadEthnicGroups());
  });

  it('keeps the files as shipped conventions say: no BOM, LF, NFC', () => {
    for (const name of [PROVINCES_2025_FILE, PROVINCES_2008_FILE, ETHNIC_GROUPS_FILE]) {
      const text = fs.readFileSync(path.join(REFERENCE_DIR, name), 'utf8');
      expect(text.charCodeAt(0), name).not.toBe(0xfeff);
      expect(text.includes('\r'), name).toBe(false);
      expect(text === text.normalize('NFC'), name).toBe(true);
    }
  });
});

describe('broken reference data', () => {
  const failure = (load: () => unknown): ReferenceDataError => {
    try {
      load();
    } catch (error) {
      expect(error).toBeInstanceOf(ReferenceDataError);
      return error as ReferenceDataError;
    }
    throw new Error('expected the loader to fail');
  };

  it('names the file, row and column of a code that lost its leading zero', () => {
    const dir = brokenCopy(PROVINCES_2025_FILE, (text) => text.replace('\n04,Cao Bằng', '\n4,Cao Bằng'));
    const error = failure(() => loadProvinces2025(dir));
    expect(error.message).toContain(PROVINCES_2025_FILE);
    expect(error.message).toContain('row 3');
    expect(error.message).toContain('column "code"');
    expect([error.file, error.row, error.column]).toEqual([PROVINCES_2025_FILE, 3, 'code']);
  });

  it('names the column of a decomposed (NFD) name', () => {
    const dir = brokenCopy(ETHNIC_GROUPS_FILE, (text) => text.replace('02,Tày,', `02,${'Tày'.normalize('NFD')},`));
    const error = failure(() => loadEthnicGroups(dir));
    expect([error.file, error.row, error.column]).toEqual([ETHNIC_GROUPS_FILE, 3, 'name_vi']);
    expect(error.message).toMatch(/NFC/);
  });

  it('names the row of a record with a missing field, and a bad type', () => {
    const missing = brokenCopy(PROVINCES_2008_FILE, (text) => text.replace('Red River Delta,Hà Nội\n', 'Hà Nội\n'));
    expect(failure(() => loadProvinces2008(missing)).message).toMatch(/provinces-2008-2025\.csv, row 2: has 5 fields, expected 6/);
    clearReferenceCache();
    const badType = brokenCopy(PROVINCES_2008_FILE, (text) => text.replace('01,Hà Nội,Hanoi,city', '01,Hà Nội,Hanoi,town'));
    const error = failure(() => loadProvinces2008(badType));
    expect([error.row, error.column]).toEqual([2, 'type']);
  });

  it('rejects a wrong header, a BOM, a missing row and a repeated code', () => {
    const header = brokenCopy(ETHNIC_GROUPS_FILE, (text) => text.replace('code,name_vi,name_en', 'ma,name_vi,name_en'));
    expect(failure(() => loadEthnicGroups(header)).message).toMatch(/ethnic-groups\.csv, row 1: header/);
    const bom = brokenCopy(ETHNIC_GROUPS_FILE, (text) => `\uFEFF${text}`);
    expect(failure(() => loadEthnicGroups(bom)).message).toMatch(/BOM/);
    const short = brokenCopy(ETHNIC_GROUPS_FILE, (text) => text.replace('54,Ơ Đu,O Du\n', ''));
    expect(failure(() => loadEthnicGroups(short)).message).toMatch(/has 53 rows, expected 54/);
    const repeated = brokenCopy(ETHNIC_GROUPS_FILE, (text) => text.replace('54,Ơ Đu', '53,Ơ Đu'));
    const error = failure(() => loadEthnicGroups(repeated));
    expect([error.row, error.column]).toEqual([55, 'code']);
  });

  it('says which file is missing from the folder', () => {
    const dir = tempDir();
    expect(failure(() => loadProvinces2025(dir)).message).toContain(PROVINCES_2025_FILE);
  });
});

describe('parseCsv', () => {
  it('handles quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF', () => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n3,,""\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 4, fields: ['3', '', ''] },
    ]);
  });

  it('reads a last record without a final line break, and fails on an unclosed quote', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(() => parseCsv('a\n"open', 'x.csv')).toThrow(/x\.csv, row 2: a quoted field is never closed/);
  });
});
