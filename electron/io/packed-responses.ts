/**
 * Planned responses packed for the writing thread (piece-writer.ts → response-write-worker.ts): every text one after
 * the other in a single string, with their lengths, and the answers' keys as numbers. Sent as they were (a Map per
 * response), 20 000 responses took half a second to rebuild on the other side and filled its memory with Maps; this
 * way the thread cuts one string into pieces, and the numbers travel without a copy.
 */
import type { PlannedResponse } from '../../core/io/response-plan';

export interface PackedResponses {
  count: number;
  /** Per response: id, createdAt, completedAt, source file, source sheet, then its answers' values. */
  text: string;
  /** The length of each of those texts in `text`; -1 for none (null or undefined). */
  lengths: Int32Array;
  /** Per response: how many answers it has, and its source row. */
  answerCounts: Int32Array;
  rows: Int32Array;
  /** Per answer, in order: its key, as a place in `keys`. */
  keyOf: Int32Array;
  keys: string[];
}

/** What the writer reads of a response (response-writer.ts): a planned response, or one unpacked here. */
export interface WritableResponse {
  id: string;
  createdAt: string | null;
  completedAt: string | null;
  source: PlannedResponse['source'];
  /** Each answer as [key, value]; the pair may be reused from one answer to the next. */
  answers: Iterable<readonly [key: string, value: string]>;
}

const FIELDS = 5;

export function packResponses(responses: readonly PlannedResponse[]): PackedResponses {
  const answerCount = responses.reduce((n, r) => n + r.answers.size, 0);
  const texts: string[] = [];
  const lengths = new Int32Array(responses.length * FIELDS + answerCount);
  const answerCounts = new Int32Array(responses.length);
  const rows = new Int32Array(responses.length);
  const keyOf = new Int32Array(answerCount);
  const keys: string[] = [];
  const keyPlace = new Map<string, number>();
  let field = 0;
  let answer = 0;
  const put = (text: string | null | undefined) => {
    if (text === null || text === undefined) lengths[field++] = -1;
    else {
      texts.push(text);
      lengths[field++] = text.length;
    }
  };
  responses.forEach((response, i) => {
    put(response.id);
    put(response.createdAt);
    put(response.completedAt);
    put(response.source.file);
    put(response.source.sheet);
    answerCounts[i] = response.answers.size;
    rows[i] = response.source.row;
    for (const [key, value] of response.answers) {
      let place = keyPlace.get(key);
      if (place === undefined) keyPlace.set(key, (place = keys.push(key) - 1));
      keyOf[answer++] = place;
      put(value);
    }
  });
  return { count: responses.length, text: texts.join(''), lengths, answerCounts, rows, keyOf, keys };
}

/** The buffers a PackedResponses can hand over instead of copying (postMessage's transfer list). */
export function packedBuffers(packed: PackedResponses): ArrayBuffer[] {
  return [packed.lengths, packed.answerCounts, packed.rows, packed.keyOf].map((array) => array.buffer as ArrayBuffer);
}

/**
 * The responses of a pack, for the writer. Each one's answers are read from the pack as the writer goes through
 * them (one pair reused, each value cut from `text` then): 700 000 answers a piece, not kept as 700 000 pairs.
 */
export function unpackResponses(packed: PackedResponses): WritableResponse[] {
  const { text, lengths, answerCounts, rows } = packed;
  /** Where each response's first text starts: in `lengths` (field), in `text` (at), and its first answer. */
  let field = 0;
  let at = 0;
  let answer = 0;
  const take = (): string | null => {
    const length = lengths[field++]!;
    if (length < 0) return null;
    at += length;
    return text.slice(at - length, at);
  };
  const responses: WritableResponse[] = [];
  for (let i = 0; i < packed.count; i++) {
    const id = take()!;
    const createdAt = take();
    const completedAt = take();
    const file = take()!;
    const sheet = take();
    const source = sheet === null ? { file, row: rows[i]! } : { file, sheet, row: rows[i]! };
    responses.push({ id, createdAt, completedAt, source, answers: new PackedAnswers(packed, field, at, answer, answerCounts[i]!) });
    for (let n = answerCounts[i]!; n > 0; n--) at += Math.max(lengths[field++]!, 0);
    answer += answerCounts[i]!;
  }
  return responses;
}

/** One response's answers in a pack: iterating gives [key, value] pairs, the same pair each time (read it at once). */
class PackedAnswers implements Iterable<readonly [string, string]> {
  constructor(
    private readonly packed: PackedResponses,
    private readonly field: number,
    private readonly at: number,
    private readonly answer: number,
    private readonly count: number,
  ) {}

  *[Symbol.iterator](): Iterator<readonly [string, string]> {
    const { text, lengths, keyOf, keys } = this.packed;
    const pair: [string, string] = ['', ''];
    let at = this.at;
    for (let i = 0; i < this.count; i++) {
      const length = lengths[this.field + i]!;
      pair[0] = keys[keyOf[this.answer + i]!]!;
      pair[1] = text.slice(at, at + length);
      at += length;
      yield pair;
    }
  }
}
