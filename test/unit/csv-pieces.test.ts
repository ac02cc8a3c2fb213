import { describe, expect, it } from 'vitest';
import { CsvPieces, parseCsv } from '../../core/io/csv-read';
import { seededRandom } from '../helpers/seeded-random';

/** A large CSV is parsed a few megabytes at a time: any cut of the text must give the records of the whole. */
describe('CSV text in pieces', () => {
  function inPieces(text: string, cuts: number[]) {
    const parser = new CsvPieces(',');
    const records: string[][] = [];
    let at = 0;
    for (const cut of [...cuts, text.length]) {
      records.push(...parser.push(text.slice(at, cut)));
      at = cut;
    }
    const last = parser.end();
    records.push(...last.records);
    return last.unclosedQuoteAt === undefined ? { records } : { records, unclosedQuoteAt: last.unclosedQuoteAt };
  }

  it('cut inside a quoted field, between CR and LF, after a closing quote or a separator', () => {
    const text = 'a,b\r\n"x ""y"", z",2\r\n"two\nlines",\r\n3,4';
    for (let cut = 0; cut <= text.length; cut++) expect(inPieces(text, [cut]), `cut at ${cut}`).toEqual(parseCsv(text, ','));
    expect(inPieces(text, [10]).records).toEqual([['a', 'b'], ['x "y", z', '2'], ['two\nlines', ''], ['3', '4']]);
  });

  it('gives the same records and unclosed quote as the whole text, for random texts cut at random', () => {
    const random = seededRandom(11);
    const alphabet = ['a', 'b', ',', '"', '\n', '\r', '\r\n', 'ệ', ' '];
    for (let t = 0; t < 3000; t++) {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      const cuts: number[] = [];
      for (let at = 0; at < text.length; at += 1 + Math.floor(random() * 6)) cuts.push(at);
      expect(inPieces(text, cuts), JSON.stringify(text)).toEqual(parseCsv(text, ','));
    }
  });

  it('counts the unclosed quote from the first record of the whole text', () => {
    const text = 'a\n1\n2\n"open\n3\n';
    expect(inPieces(text, [2, 4, 7])).toEqual({ records: parseCsv(text, ',').records, unclosedQuoteAt: 4 });
  });
});
