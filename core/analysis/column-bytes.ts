/**
 * One column as one byte string, to persist as a BLOB per question and read back without parsing answers again.
 *
 * Layout (all numbers little-endian; every array starts on an 8-byte boundary so it can be copied in one go):
 *   0  "TNAC"              magic (Tiếng Nói Analysis Column)
 *   4  u8  format version  (COLUMN_FORMAT_VERSION; a newer one is refused, an older one is read)
 *   5  u8  kind            1 single, 2 multiple, 3 numeric, 4 text
 *   6  u8  flags           bit 0: inside a repeat (parent and instance arrays follow), bit 1: 16-bit codes
 *   7  u8  0
 *   8  u32 entries
 *  12  u32 metadata bytes  UTF-8 JSON: question, type, repeat, values, listSize, wordsPerEntry
 *  16  metadata, then, each padded to 8 bytes: [parent u32[n], instance u16[n]], then by kind:
 *      single: codes u8[n] | u16[n]; multiple: state u8[n], bits u32[n × wordsPerEntry];
 *      numeric: state u8[n], values f64[n]; text: state u8[n].
 * Format 1 also stored a text column's texts after its state (lengths, then one UTF-8 run); they are not read.
 * Typed arrays are written in the machine's byte order, so a big-endian machine is refused rather than misread
 * (every machine this app runs on is little-endian).
 */
import { AnalysisError } from './analysis-error';
import type { Column, ColumnKind } from './columns';

export const COLUMN_FORMAT_VERSION = 2;
const MAGIC = [0x54, 0x4e, 0x41, 0x43];
const HEADER = 16;
const KIND_CODES: Record<ColumnKind, number> = { single: 1, multiple: 2, numeric: 3, text: 4 };
const KINDS: ColumnKind[] = ['single', 'multiple', 'numeric', 'text'];

interface Metadata {
  question: string;
  type: Column['type'];
  repeat: string | null;
  values?: string[];
  listSize?: number;
  wordsPerEntry?: number;
}

type Block = Uint8Array | Uint16Array | Uint32Array | Float64Array;

export function encodeColumn(column: Column): Uint8Array {
  requireLittleEndian();
  const metadata: Metadata = { question: column.question, type: column.type, repeat: column.repeat };
  const blocks: Block[] = [];
  if (column.parent && column.instance) blocks.push(column.parent, column.instance);
  switch (column.kind) {
    case 'single':
      Object.assign(metadata, { values: column.values, listSize: column.listSize });
      blocks.push(column.codes);
      break;
    case 'multiple':
      Object.assign(metadata, { values: column.values, listSize: column.listSize, wordsPerEntry: column.wordsPerEntry });
      blocks.push(column.state, column.bits);
      break;
    case 'numeric':
      blocks.push(column.state, column.values);
      break;
    case 'text':
      blocks.push(column.state);
      break;
  }
  const json = new TextEncoder().encode(JSON.stringify(metadata));
  let size = pad8(HEADER + json.length);
  for (const block of blocks) size = pad8(size + block.byteLength);
  const bytes = new Uint8Array(size);
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint8(4, COLUMN_FORMAT_VERSION);
  view.setUint8(5, KIND_CODES[column.kind]);
  view.setUint8(6, (column.parent ? 1 : 0) | (column.kind === 'single' && column.codes instanceof Uint16Array ? 2 : 0));
  view.setUint32(8, column.length, true);
  view.setUint32(12, json.length, true);
  bytes.set(json, HEADER);
  let at = pad8(HEADER + json.length);
  for (const block of blocks) {
    bytes.set(new Uint8Array(block.buffer, block.byteOffset, block.byteLength), at);
    at = pad8(at + block.byteLength);
  }
  return bytes;
}

export function decodeColumn(bytes: Uint8Array): Column {
  requireLittleEndian();
  if (bytes.length < HEADER || MAGIC.some((b, i) => bytes[i] !== b)) throw new AnalysisError('badColumnBytes', 'not a column');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(4);
  if (version > COLUMN_FORMAT_VERSION) throw new AnalysisError('columnBytesTooNew', `format ${version}, this app reads up to ${COLUMN_FORMAT_VERSION}`);
  const kind = KINDS[view.getUint8(5) - 1];
  if (!kind) throw new AnalysisError('badColumnBytes', `unknown kind ${view.getUint8(5)}`);
  const flags = view.getUint8(6);
  const length = view.getUint32(8, true);
  const jsonLength = view.getUint32(12, true);
  if (HEADER + jsonLength > bytes.length) throw new AnalysisError('badColumnBytes', 'truncated metadata');
  const metadata = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + jsonLength))) as Metadata;
  let at = pad8(HEADER + jsonLength);
  /** Copies the next block out, so the arrays are aligned and do not pin the caller's buffer. */
  const take = <T extends Block>(make: (buffer: ArrayBuffer) => T, byteLength: number): T => {
    if (at + byteLength > bytes.length) throw new AnalysisError('badColumnBytes', 'truncated data');
    const start = bytes.byteOffset + at;
    at = pad8(at + byteLength);
    return make(bytes.buffer.slice(start, start + byteLength) as ArrayBuffer);
  };
  const inRepeat = (flags & 1) !== 0;
  const parent = inRepeat ? take((b) => new Uint32Array(b), length * 4) : null;
  const instance = inRepeat ? take((b) => new Uint16Array(b), length * 2) : null;
  const base = { question: metadata.question, type: metadata.type, length, repeat: metadata.repeat, parent, instance };
  switch (kind) {
    case 'single': {
      const codes = flags & 2 ? take((b) => new Uint16Array(b), length * 2) : take((b) => new Uint8Array(b), length);
      return { ...base, kind, codes, values: metadata.values ?? [], listSize: metadata.listSize ?? 0 };
    }
    case 'multiple': {
      const wordsPerEntry = metadata.wordsPerEntry ?? 1;
      const state = take((b) => new Uint8Array(b), length);
      const bits = take((b) => new Uint32Array(b), length * wordsPerEntry * 4);
      return { ...base, kind, state, bits, wordsPerEntry, values: metadata.values ?? [], listSize: metadata.listSize ?? 0 };
    }
    case 'numeric': {
      const state = take((b) => new Uint8Array(b), length);
      return { ...base, kind, state, values: take((b) => new Float64Array(b), length * 8) };
    }
    case 'text':
      return { ...base, kind, state: take((b) => new Uint8Array(b), length) };
  }
}

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function requireLittleEndian(): void {
  if (!LITTLE_ENDIAN) throw new AnalysisError('bigEndianPlatform', 'column bytes are little-endian');
}
