/**
 * A CSV export read a few megabytes at a time (issue 7: a million rows are about 450 MB, more than a JavaScript
 * string can hold): its header, then its data rows in pieces of at most `rowsPerPiece`, each piece a Table with
 * the header's columns. Reading again starts from the beginning (the import reads a large file twice: to check
 * it, then to write it). Rows are numbered and kept exactly as readCsv in responses-import.ts keeps them.
 */
import fs from 'node:fs';
import { CsvPieces, detectSeparator } from '../../core/io/csv-read';
import { unescapeFormulas } from '../../core/io/formula-escape';
import type { FileProblem } from '../../core/io/problems';
import type { Table } from '../../core/io/response-plan';

/** Bytes read at a time. */
const READ_BYTES = 4 << 20;

/** Where the bytes come from: a file on disk (never read whole) or bytes already in memory. */
export interface ByteReader {
  name: string;
  size: number;
  /** Up to `length` bytes from `position` (fewer at the end). */
  read(position: number, length: number): Uint8Array;
  close(): void;
}

export function bufferReader(name: string, bytes: Uint8Array): ByteReader {
  return { name, size: bytes.length, read: (position, length) => bytes.subarray(position, position + length), close() {} };
}

export function fileReader(name: string, file: string): ByteReader {
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    name,
    size,
    read(position, length) {
      const buffer = Buffer.allocUnsafe(Math.min(length, Math.max(0, size - position)));
      const read = fs.readSync(fd, buffer, 0, buffer.length, position);
      return buffer.subarray(0, read);
    },
    close: () => fs.closeSync(fd),
  };
}

/** A problem that ends the reading: the file is not UTF-8, a quote never closes, or there is no header. */
export class CsvPieceProblem extends Error {
  constructor(readonly problem: FileProblem) {
    super(problem.code);
  }
}

export interface CsvPiece {
  /** A table of the header's columns and the next rows. */
  table: Table;
  /** Bytes of the file read so far: for a progress bar. */
  bytesDone: number;
}

const baseName = (file: string) => file.replace(/\.[^.]+$/, '');

/**
 * The pieces of a CSV file, in order; throws CsvPieceProblem on a file it cannot read. `sameAsBefore` may keep a row
 * in the piece of the row before it (the rows of one submission in a flattened export stay together).
 */
export async function* csvTablePieces(
  reader: ByteReader,
  rowsPerPiece: number,
  sameAsBefore: (headers: Table['headers'], before: readonly string[], row: readonly string[]) => boolean = () => false,
): AsyncGenerator<CsvPiece> {
  const head = reader.read(0, 2);
  // Excel's "Unicode text" is UTF-16 with a byte-order mark; everything else must be UTF-8. The decoder drops the mark.
  const decoder = new TextDecoder(head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : 'utf-8', { fatal: true });
  let parser: CsvPieces | null = null;
  let header: Omit<Table, 'rows'> | null = null;
  let recordNumber = 0;
  let rows: Table['rows'] = [];
  let position = 0;
  let yielded = false;
  /** Pieces complete, waiting to be handed out. */
  const pieces: CsvPiece[] = [];

  const take = (records: string[][]) => {
    for (const cells of records) {
      recordNumber++;
      if (!header) {
        if (!cells.some((cell) => cell.trim() !== '')) continue;
        const headers = cells.map((text, column) => ({ column, header: text.trim() })).filter((h) => h.header !== '');
        header = { file: reader.name, name: baseName(reader.name), headerRow: recordNumber, headers, context: { decimalComma: parser!.separator === ';' } };
        continue;
      }
      if (!header.headers.some((h) => cells[h.column] !== undefined && cells[h.column] !== '')) continue;
      if (rows.length >= rowsPerPiece && !sameAsBefore(header.headers, rows.at(-1)!.cells as string[], cells)) pieces.push(piece());
      rows.push({ row: recordNumber, cells: unescapeFormulas(cells) });
    }
  };
  const piece = (): CsvPiece => {
    const table = { ...header!, rows };
    rows = [];
    yielded = true;
    return { table, bytesDone: position };
  };

  while (position < reader.size) {
    const bytes = reader.read(position, READ_BYTES);
    if (!bytes.length) break;
    position += bytes.length;
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: position < reader.size });
    } catch {
      throw new CsvPieceProblem({ file: reader.name, code: 'import.notUtf8', params: {} });
    }
    parser ??= new CsvPieces(detectSeparator(text));
    take(parser.push(text));
    yield* pieces.splice(0);
  }
  if (parser) {
    const last = parser.end();
    if (last.unclosedQuoteAt !== undefined) throw new CsvPieceProblem({ file: reader.name, row: last.unclosedQuoteAt, code: 'import.unclosedQuote', params: {} });
    take(last.records);
    yield* pieces.splice(0);
  }
  if (!header) throw new CsvPieceProblem({ file: reader.name, code: 'import.emptyFile', params: {} });
  // A file of a header alone still gives one (empty) piece: the survey is chosen from its columns.
  if (rows.length || !yielded) yield piece();
}
