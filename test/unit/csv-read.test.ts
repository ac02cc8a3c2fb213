/**
 * The CSV reader keeps each distinct short field once (a large export repeats its codes millions of times): the
 * records must be exactly the text's fields all the same, whatever the characters and however many fields differ.
 */
import { describe, expect, it } from 'vitest';
import { CsvPieces, parseCsv } from '../../core/io/csv-read';
import { unescapeFormula, unescapeFormulas } from '../../core/io/formula-escape';
import { seededRandom } from '../helpers/seeded-random';

/** Records of a text without quotes, the plain way: lines, then fields. */
const plainRecords = (text: string, separator: string) =>
  text
    .replace(/(\r\n|\n|\r)$/, '')
    .split(/\r\n|\n|\r/)
    .map((line) => line.split(separator));

describe('short fields', () => {
  it('are the fields of the text, for any characters (accents, Greek, emoji) and lengths around the short limit', () => {
    const random = seededRandom(3);
    const alphabet = ['a', '0', '9', '-', ' ', 'ấ', 'Ω', 'ÿ', '\u0100', '😀', '.', "'", 'Đ'];
    for (let t = 0; t < 300; t++) {
      const separator = [',', ';', '\t'][t % 3]!;
      const lines: string[] = [];
      for (let r = 0; r < 20; r++) {
        const fields: string[] = [];
        for (let f = 0; f < 6; f++) {
          const length = Math.floor(random() * 16);
          let field = '';
          for (let k = 0; k < length; k++) field += alphabet[Math.floor(random() * alphabet.length)];
          fields.push(field);
        }
        lines.push(fields.join(separator));
      }
      const text = lines.join(['\n', '\r\n', '\r'][t % 3]!);
      expect(parseCsv(text, separator as ',').records).toEqual(plainRecords(text, separator));
    }
  });

  it('are right past the number of distinct fields kept once', () => {
    // 3-character and 6-character fields, 60,000 of each kind distinct: more than the reader keeps.
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const letter = (n: number) => letters[n % letters.length]!;
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(`${letter(i)}${letter(Math.floor(i / 62))}${letter(Math.floor(i / 3844))},x${String(i).padStart(5, '0')},${i % 7}`);
    const text = lines.join('\n');
    const { records } = parseCsv(text, ',');
    const plain = plainRecords(text, ',');
    expect(records.length).toBe(60_000);
    // The first record that differs, if any (a diff of 60,000 records would take minutes to print).
    expect(records.findIndex((record, i) => record.join('\u0000') !== plain[i]!.join('\u0000'))).toBe(-1);
    expect(new Set(records.map((r) => r[0])).size).toBe(60_000);
  });

  it('read in pieces are those of the whole text', () => {
    const text = Array.from({ length: 500 }, (_, i) => `${i % 13},ab${i % 5},"q,${i}",Ω${i % 3},${'x'.repeat(i % 15)}`).join('\r\n');
    const parser = new CsvPieces(',');
    const records: string[][] = [];
    for (let at = 0; at < text.length; at += 37) records.push(...parser.push(text.slice(at, at + 37)));
    records.push(...parser.end().records);
    expect(records).toEqual(parseCsv(text, ',').records);
    expect(records[7]).toEqual(['7', 'ab2', 'q,7', 'Ω1', 'xxxxxxx']);
  });
});

describe('taking the formula escape off a record', () => {
  it('changes the record in place as unescapeFormula changes each cell', () => {
    const cells = ["'=1+1", "'-5", "''=x", "'", "'abc", '=1', '', '-99', "'+84 912", "'@x", 'a', "''"];
    const expected = cells.map(unescapeFormula);
    const record = [...cells];
    expect(unescapeFormulas(record)).toBe(record);
    expect(record).toEqual(expected);
    expect(record).toEqual(['=1+1', "'-5", "'=x", "'", "'abc", '=1', '', '-99', '+84 912', '@x', 'a', "''"]);
  });
});
