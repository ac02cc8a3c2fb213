import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from '../paths';

/**
 * Viet Nam reference lists shipped as data in data/reference/ (see its README.md): read, checked and cached.
 * Every check failure throws a ReferenceDataError naming the file, the row (1-based line number in the file,
 * the header being line 1) and the column.
 */

export const REFERENCE_DIR = path.join(APP_ROOT, 'data', 'reference');

export const PROVINCES_2025_FILE = 'provinces-2025.csv';
export const PROVINCES_2008_FILE = 'provinces-2008-2025.csv';
export const ETHNIC_GROUPS_FILE = 'ethnic-groups.csv';

export type ProvinceType = 'city' | 'province';

export interface Province2025 {
  code: string;
  name_vi: string;
  name_en: string;
  type: ProvinceType;
  /** name_vi of the pre-2025 units it was formed from (itself when unchanged). */
  merged_from: readonly string[];
}

export interface Province2008 {
  code: string;
  name_vi: string;
  name_en: string;
  type: ProvinceType;
  /** One of the six GSO socio-economic regions, English label. */
  region: string;
  /** name_vi of the unit in provinces-2025.csv it belongs to now. */
  successor_2025: string;
}

export interface EthnicGroup {
  code: string;
  name_vi: string;
  name_en: string;
}

export class ReferenceDataError extends Error {
  constructor(
    readonly file: string,
    readonly row: number | undefined,
    readonly column: string | undefined,
    problem: string,
  ) {
    const where = [file, row === undefined ? '' : `row ${row}`, column === undefined ? '' : `column "${column}"`]
      .filter(Boolean)
      .join(', ');
    super(`Reference data ${where}: ${problem}`);
    this.name = 'ReferenceDataError';
  }
}

/** A parsed CSV record with the line it started on (header = line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180, enough for our files: comma separator, CRLF or LF, fields optionally in double quotes with "" for a
 * quote and line breaks allowed inside quotes. A trailing line break does not make an empty record.
 */
export function parseCsv(text: string, file = 'CSV'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endField = () => {
    fields.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (atFieldStart && c === '"') {
      // quoted field
      i++;
      for (;;) {
        if (i >= text.length) throw new ReferenceDataError(file, recordLine, undefined, 'a quoted field is never closed');
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      atFieldStart = false;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new ReferenceDataError(file, line, undefined, 'text after a closing quote');
      }
      continue;
    }
    atFieldStart = false;
    if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (!atFieldStart || fields.length > 0) endRecord();
  return records;
}

interface Row {
  /** Line in the file (header = 1). */
  line: number;
  get(column: string): string;
}

interface TableSpec {
  file: string;
  columns: readonly string[];
  rows: number;
}

const CODE = /^\d{2}$/;

/** Reads one file: BOM, NFC, header, field count, non-empty fields, code shape and uniqueness, row count. */
function readTable(folder: string, spec: TableSpec): Row[] {
  const { file } = spec;
  const full = path.join(folder, file);
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (error) {
    throw new ReferenceDataError(file, undefined, undefined, `cannot be read from ${folder} (${(error as Error).message})`);
  }
  if (text.startsWith('\uFEFF')) throw new ReferenceDataError(file, 1, undefined, 'starts with a byte-order mark (BOM); save as UTF-8 without BOM');
  if (text.includes('\uFFFD')) throw new ReferenceDataError(file, undefined, undefined, 'is not valid UTF-8');

  const records = parseCsv(text, file);
  const [header, ...body] = records;
  if (!header) throw new ReferenceDataError(file, 1, undefined, 'is empty');
  const expected = spec.columns.join(',');
  if (header.fields.join(',') !== expected) {
    throw new ReferenceDataError(file, 1, undefined, `header is "${header.fields.join(',')}", expected "${expected}"`);
  }

  const rows: Row[] = [];
  const codes = new Map<string, number>();
  for (const record of body) {
    if (record.fields.length === 1 && record.fields[0] === '') continue; // blank line
    if (record.fields.length !== spec.columns.length) {
      throw new ReferenceDataError(file, record.line, undefined, `has ${record.fields.length} fields, expected ${spec.columns.length}`);
    }
    const values = new Map<string, string>();
    spec.columns.forEach((column, index) => {
      const value = record.fields[index]!;
      if (value.trim() === '') throw new ReferenceDataError(file, record.line, column, 'is empty');
      if (value !== value.trim()) throw new ReferenceDataError(file, record.line, column, `has spaces around "${value}"`);
      if (value !== value.normalize('NFC')) throw new ReferenceDataError(file, record.line, column, `"${value}" is not Unicode NFC`);
      values.set(column, value);
    });
    const row: Row = { line: record.line, get: (column) => values.get(column) ?? '' };
    const code = row.get('code');
    if (!CODE.test(code)) throw new ReferenceDataError(file, record.line, 'code', `"${code}" is not a two-digit code kept as text (like "01")`);
    const earlier = codes.get(code);
    if (earlier !== undefined) throw new ReferenceDataError(file, record.line, 'code', `"${code}" repeats row ${earlier}`);
    codes.set(code, record.line);
    rows.push(row);
  }
  if (rows.length !== spec.rows) throw new ReferenceDataError(file, undefined, undefined, `has ${rows.length} rows, expected ${spec.rows}`);
  return rows;
}

function provinceType(file: string, row: Row): ProvinceType {
  const type = row.get('type');
  if (type !== 'city' && type !== 'province') {
    throw new ReferenceDataError(file, row.line, 'type', `"${type}" is neither "city" nor "province"`);
  }
  return type;
}

const cache = new Map<string, unknown>();

function cached<T>(folder: string, file: string, load: () => T): T {
  const key = path.resolve(folder, file);
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as T;
}

/** Forgets loaded lists (tests; after replacing a file). */
export function clearReferenceCache(): void {
  cache.clear();
}

/** The 34 provincial-level units since 1 July 2025, in file (code) order. */
export function loadProvinces2025(folder: string = REFERENCE_DIR): readonly Province2025[] {
  return cached(folder, PROVINCES_2025_FILE, () => {
    const file = PROVINCES_2025_FILE;
    const rows = readTable(folder, { file, columns: ['code', 'name_vi', 'name_en', 'type', 'merged_from'], rows: 34 });
    return Object.freeze(
      rows.map((row) => {
        const merged = row.get('merged_from').split(';');
        if (merged.some((name) => name.trim() === '' || name !== name.trim())) {
          throw new ReferenceDataError(file, row.line, 'merged_from', `"${row.get('merged_from')}" has an empty or padded name`);
        }
        return Object.freeze({
          code: row.get('code'),
          name_vi: row.get('name_vi'),
          name_en: row.get('name_en'),
          type: provinceType(file, row),
          merged_from: Object.freeze(merged),
        });
      }),
    );
  });
}

/** The 63 provincial-level units of 1 Aug 2008 – 30 Jun 2025, in file (code) order. */
export function loadProvinces2008(folder: string = REFERENCE_DIR): readonly Province2008[] {
  return cached(folder, PROVINCES_2008_FILE, () => {
    const file = PROVINCES_2008_FILE;
    const rows = readTable(folder, { file, columns: ['code', 'name_vi', 'name_en', 'type', 'region', 'successor_2025'], rows: 63 });
    return Object.freeze(
      rows.map((row) =>
        Object.freeze({
          code: row.get('code'),
          name_vi: row.get('name_vi'),
          name_en: row.get('name_en'),
          type: provinceType(file, row),
          region: row.get('region'),
          successor_2025: row.get('successor_2025'),
        }),
      ),
    );
  });
}

/** The 54 ethnic groups with GSO codes 01–54 (Decision 1019/QĐ-TCTK), in code order. */
export function loadEthnicGroups(folder: string = REFERENCE_DIR): readonly EthnicGroup[] {
  return cached(folder, ETHNIC_GROUPS_FILE, () => {
    const file = ETHNIC_GROUPS_FILE;
    const rows = readTable(folder, { file, columns: ['code', 'name_vi', 'name_en'], rows: 54 });
    return Object.freeze(
      rows.map((row) => Object.freeze({ code: row.get('code'), name_vi: row.get('name_vi'), name_en: row.get('name_en') })),
    );
  });
}
