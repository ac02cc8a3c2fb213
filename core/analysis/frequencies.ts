/**
 * Frequencies of a choice question under a mask. Percentages are plain numbers (0–100, unrounded; null when the
 * base is zero): rounding is the display's business, and rounding here would make rows not add up twice.
 */
import { ANSWERED, FIRST_CHOICE_CODE, NOT_ASKED, REFUSED, type MultipleChoiceColumn, type SingleChoiceColumn } from './columns';

export interface ChoiceCount {
  /** The stored choice name. */
  value: string;
  /** False for a value met in the data but not in today's choice list (an older version's choice). */
  inList: boolean;
  count: number;
}

export interface SingleChoiceRow extends ChoiceCount {
  /** Of every entry counted (answered, refused and not asked). */
  percentOfAll: number | null;
  /** Of the entries with an answer. */
  percentOfAnswered: number | null;
}

export interface SingleChoiceFrequency {
  question: string;
  kind: 'single';
  /** Entries under the mask. */
  total: number;
  answered: number;
  refused: number;
  notAsked: number;
  rows: SingleChoiceRow[];
}

export interface MultipleChoiceRow extends ChoiceCount {
  /** Of the respondents who answered the question (ticked at least one): rows add up to more than 100. */
  percentOfRespondents: number | null;
  /** Of all ticks: rows add up to 100. */
  percentOfResponses: number | null;
}

export interface MultipleChoiceFrequency {
  question: string;
  kind: 'multiple';
  total: number;
  answered: number;
  refused: number;
  notAsked: number;
  /** Ticks over all respondents: the base of percentOfResponses. */
  ticks: number;
  rows: MultipleChoiceRow[];
}

export function percent(count: number, base: number): number | null {
  return base > 0 ? (100 * count) / base : null;
}

/** One pass: counts[code]++ for the entries under the mask (mask bytes are 0 or 1, as filterMask makes them). */
export function singleChoiceFrequency(column: SingleChoiceColumn, mask: Uint8Array | null = null): SingleChoiceFrequency {
  const counts = new Uint32Array(FIRST_CHOICE_CODE + column.values.length);
  const { codes, length } = column;
  if (mask === null) for (let i = 0; i < length; i++) counts[codes[i]!]!++;
  // Adding the mask byte (0 or 1) rather than testing it: no branch to mispredict on a filter in random order.
  else for (let i = 0; i < length; i++) counts[codes[i]!]! += mask[i]!;
  let total = 0;
  for (let code = 0; code < counts.length; code++) total += counts[code]!;
  const notAsked = counts[NOT_ASKED]!;
  const refused = counts[REFUSED]!;
  const answered = total - notAsked - refused;
  return {
    question: column.question,
    kind: 'single',
    total,
    answered,
    refused,
    notAsked,
    rows: column.values.map((value, k) => {
      const count = counts[FIRST_CHOICE_CODE + k]!;
      return { value, inList: k < column.listSize, count, percentOfAll: percent(count, total), percentOfAnswered: percent(count, answered) };
    }),
  };
}

/**
 * One pass, without a branch per tick: each entry adds its mask byte to the count of each byte of its bitmask
 * (256 patterns per byte), and the patterns are turned into per-choice counts afterwards. Entries that did not
 * answer have no bit set, so they land on pattern 0, which counts nothing.
 */
export function multipleChoiceFrequency(column: MultipleChoiceColumn, mask: Uint8Array | null = null): MultipleChoiceFrequency {
  const { bits, state, length, wordsPerEntry: w } = column;
  const bytes = Math.max(1, Math.ceil(column.values.length / 8));
  const patterns = tickPatterns(bits, w, bytes, state, length, mask);
  const states = patterns.states;
  const counts = choiceCounts(patterns.table, bytes, 0);
  let ticks = 0;
  for (let b = 0; b < column.values.length; b++) ticks += counts[b]!;
  const answered = states[ANSWERED]!;
  return {
    question: column.question,
    kind: 'multiple',
    total: states[NOT_ASKED]! + states[REFUSED]! + answered,
    answered,
    refused: states[REFUSED]!,
    notAsked: states[NOT_ASKED]!,
    ticks,
    rows: column.values.map((value, k) => {
      const count = counts[k]!;
      return { value, inList: k < column.listSize, count, percentOfRespondents: percent(count, answered), percentOfResponses: percent(count, ticks) };
    }),
  };
}

/** Per byte of the bitmask, how many entries (under the mask) have each of its 256 patterns; and the states. */
function tickPatterns(bits: Uint32Array, w: number, bytes: number, state: Uint8Array, length: number, mask: Uint8Array | null) {
  const table = new Uint32Array(bytes * 256);
  const states = new Uint32Array(4);
  if (bytes === 1 && mask === null) {
    for (let i = 0; i < length; i++) {
      states[state[i]!]!++;
      table[bits[i * w]! & 255]!++;
    }
  } else {
    for (let i = 0; i < length; i++) {
      const m = mask === null ? 1 : mask[i]!;
      states[state[i]!]! += m;
      for (let j = 0; j < bytes; j++) table[j * 256 + ((bits[i * w + (j >>> 2)]! >>> ((j & 3) * 8)) & 255)]! += m;
    }
  }
  return { table, states };
}

/** Turns pattern counts (one block of bytes × 256 at `offset`) into a count per choice. */
export function choiceCounts(table: Uint32Array, bytes: number, offset: number): Uint32Array {
  const counts = new Uint32Array(bytes * 8);
  for (let j = 0; j < bytes; j++) {
    for (let pattern = 1; pattern < 256; pattern++) {
      const n = table[offset + j * 256 + pattern]!;
      if (n === 0) continue;
      for (let t = 0; t < 8; t++) if ((pattern >>> t) & 1) counts[j * 8 + t]! += n;
    }
  }
  return counts;
}
