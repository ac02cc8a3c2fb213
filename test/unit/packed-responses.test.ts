import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import type { PlannedResponse } from '../../core/io/response-plan';
import { REFUSED } from '../../core/io/response-values';
import { packedBuffers, packResponses, unpackResponses, type PackedResponses, type WritableResponse } from '../../electron/io/packed-responses';
import { writingOrder } from '../../electron/io/response-writer';
import { seededRandom } from '../helpers/seeded-random';

/** What the writer reads of a response, with its answers copied out (the unpacked pairs are reused). */
const plain = (r: WritableResponse | PlannedResponse) => ({ id: r.id, createdAt: r.createdAt, completedAt: r.completedAt, source: r.source, answers: Array.from(r.answers, ([k, v]) => [k, v]) });

/** Through the structured clone postMessage uses, as the writing thread receives it. */
function sent(packed: PackedResponses): PackedResponses {
  return v8.deserialize(v8.serialize(packed)) as PackedResponses;
}

describe('responses packed for the writing thread', () => {
  it('unpack to what was packed: nulls, sheets, refusals, empty texts, Vietnamese, line breaks, no answers', () => {
    const responses: PlannedResponse[] = [
      { id: 'em-1', createdAt: null, completedAt: null, answers: new Map([['tuoi', '12'], ['y_kien', 'Em muốn được hỏi ý kiến\r\nvà được nghe']]), source: { file: 'a.csv', row: 2 } },
      { id: 'em-2', createdAt: '2026-11-01T08:00:00.000Z', completedAt: '2026-11-01T08:30:00.000Z', answers: new Map(), source: { file: 'Dữ liệu.xlsx', sheet: 'Trang 1', row: 3 } },
      { id: 'em-3', createdAt: null, completedAt: null, answers: new Map([['y_kien', REFUSED], ['tuoi', ''], ['con[2]', '😀 ổn']]), source: { file: 'a.csv', sheet: '', row: 400_000 } },
    ];
    const packed = sent(packResponses(responses));
    expect(unpackResponses(packed).map(plain)).toEqual(responses.map(plain));
    // Keys are sent once each, answers point at them.
    expect(packed.keys).toEqual(['tuoi', 'y_kien', 'con[2]']);
  });

  it('round-trips a seeded random piece, and its arrays can be handed over without a copy', () => {
    const random = seededRandom(7);
    const texts = ['', 'có', 'không', 'Lào Cai', 'a,b', '"', 'x'.repeat(300), 'Đắk Lắk\n', REFUSED];
    const responses: PlannedResponse[] = Array.from({ length: 500 }, (_, i) => ({
      id: `r${i}`,
      createdAt: random() < 0.3 ? null : `2026-11-0${1 + (i % 9)}T00:00:00.000Z`,
      completedAt: random() < 0.5 ? null : '2026-11-27T00:00:00.000Z',
      answers: new Map(Array.from({ length: Math.floor(random() * 12) }, (_, k) => [`q${k}`, texts[Math.floor(random() * texts.length)]!] as const)),
      source: random() < 0.5 ? { file: 'f.csv', row: i + 2 } : { file: 'f.xlsx', sheet: `S${i % 3}`, row: i + 2 },
    }));
    const packed = packResponses(responses);
    expect(packedBuffers(packed)).toHaveLength(4);
    expect(unpackResponses(sent(packed)).map(plain)).toEqual(responses.map(plain));
  });

  it('the writing order puts the last response first, then the others in file order', () => {
    expect(writingOrder(['a', 'b', 'c', 'd'])).toEqual(['d', 'a', 'b', 'c']);
    expect(writingOrder(['a'])).toEqual(['a']);
    expect(writingOrder([])).toEqual([]);
  });
});
