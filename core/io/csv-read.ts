/**
 * CSV text → records (RFC 4180): quoted fields may hold the separator, doubled quotes and line breaks; lines end
 * in CRLF, LF or CR. The separator is `,`, `;` (Excel where the decimal mark is a comma, as in Vietnamese) or a tab,
 * whichever the header line uses most. A record's number is the row a spreadsheet shows it on.
 */

export type CsvSeparator = ',' | ';' | '\t';

/** The separator the first record (the header) uses most, outside quotes; `,` when it has none. */
export function detectSeparator(text: string): CsvSeparator {
  const counts: Record<CsvSeparator, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.keys(counts) as CsvSeparator[]).sort((a, b) => counts[b] - counts[a])[0]!;
  return counts[best] > 0 ? best : ',';
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface CsvRecords {
  records: string[][];
  /** The 1-based record where a quoted field opens and never closes, if any (the rest of the file is in it). */
  unclosedQuoteAt?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Splits CSV text into records of fields. Blank lines are kept as records with one empty field. */
export function parseCsv(text: string, separator: CsvSeparator): CsvRecords {
  const { records, unclosedQuoteAt } = parse(text, separator, true);
  return unclosedQuoteAt === undefined ? { records } : { records, unclosedQuoteAt };
}

/**
 * CSV text given piece by piece (a large file read a few megabytes at a time): `push` returns the records the
 * text so far completes and keeps the unfinished one for the next piece; `end` returns the last ones. The records
 * are those parseCsv gives for the whole text, with `unclosedQuoteAt` counted from the first record.
 */
export class CsvPieces {
  private rest = '';
  private count = 0;
  constructor(readonly separator: CsvSeparator) {}

  push(text: string): string[][] {
    const part = parse(this.rest + text, this.separator, false);
    this.rest = part.rest;
    this.count += part.records.length;
    return part.records;
  }

  end(): CsvRecords {
    const last = parse(this.rest, this.separator, true);
    this.rest = '';
    const before = this.count;
    this.count += last.records.length;
    return last.unclosedQuoteAt === undefined ? { records: last.records } : { records: last.records, unclosedQuoteAt: before + last.unclosedQuoteAt };
  }
}

/** Fields this short (codes, numbers, dates) are kept once each (ShortTexts). */
const SHORT = 12;
/** Distinct short fields kept, at most (a column of short ids would otherwise fill the map). */
const MAX_SHORT = 20_000;

/**
 * The short unquoted fields of a text, each distinct one made once: codes, numbers and dates repeat down the
 * columns of an export. A hundred thousand rows of a hundred cells are millions of strings otherwise, all kept
 * until the import ends (issue 7: 50 MB less at 100k rows), and a string seen again keeps its hash, so the maps
 * that later look cells up (the value caches of response-plan.ts) find it without hashing it again.
 */
class ShortTexts {
  /** Fields of at most 3 characters below 256, by a number made of their codes: no string is made to look. */
  private readonly byCodes = new Map<number, string>();
  private readonly byText = new Map<string, string>();

  get(text: string, start: number, end: number): string {
    // One character: JavaScript keeps those once already.
    if (end - start <= 1) return text.slice(start, end);
    if (end - start <= 3) {
      let code = end - start;
      for (let k = start; k < end; k++) {
        const c = text.charCodeAt(k);
        if (c > 255) return text.slice(start, end);
        code = code * 256 + c;
      }
      let field = this.byCodes.get(code);
      if (field === undefined) {
        field = text.slice(start, end);
        if (this.byCodes.size < MAX_SHORT) this.byCodes.set(code, field);
      }
      return field;
    }
    const field = text.slice(start, end);
    const known = this.byText.get(field);
    if (known !== undefined) return known;
    if (this.byText.size < MAX_SHORT) this.byText.set(field, field);
    return field;
  }
}

/**
 * The parser. `final` false: the text may go on, so a record that reaches the end of the text (or a CR that may be
 * half of a CRLF, or a closing quote that may be half of a doubled one) is not finished: it is returned in `rest`.
 */
function parse(text: string, separator: CsvSeparator, final: boolean): CsvRecords & { rest: string } {
  const sep = separator.charCodeAt(0);
  const records: string[][] = [];
  let record: string[] = [];
  let recordStart = 0;
  let i = 0;
  const n = text.length;
  const shortTexts = new ShortTexts();
  const unfinished = () => ({ records, rest: text.slice(recordStart) });
  while (i <= n) {
    if (i === n) {
      if (!final) return unfinished();
      // End of text: close the last record unless the text ended with a line break.
      if (record.length) records.push(record);
      break;
    }
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      let start = i + 1;
      let value = '';
      for (;;) {
        const close = text.indexOf('"', start);
        if (close < 0 || (!final && close + 1 === n)) {
          if (!final) return unfinished();
          record.push(value + text.slice(start));
          records.push(record);
          return { records, unclosedQuoteAt: records.length, rest: '' };
        }
        value += text.slice(start, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          start = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      // Anything between the closing quote and the separator is kept, as spreadsheets do.
      let end = i;
      while (end < n && text.charCodeAt(end) !== sep && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
      field = value + text.slice(i, end);
      i = end;
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === sep || c === LF || c === CR) break;
        end++;
      }
      field = end - i <= SHORT ? shortTexts.get(text, i, end) : text.slice(i, end);
      i = end;
    }
    record.push(field);
    if (i >= n) {
      if (!final) return unfinished();
      records.push(record);
      break;
    }
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
      if (i === n) {
        if (!final) return unfinished();
        record.push('');
        records.push(record);
        break;
      }
      continue;
    }
    // A line break ends the record (CRLF counts once).
    if (c === CR && i + 1 === n && !final) return unfinished();
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    records.push(record);
    record = [];
    recordStart = i;
    if (i === n) break;
  }
  return { records, rest: '' };
}
