import { describe, expect, it } from 'vitest';
import { IdTable, packUuid } from '../../core/io/id-table';
import { seededRandom } from '../helpers/seeded-random';

function randomUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('the ids an import has met (IdTable)', () => {
  it('packs a lower-case UUID into its four words, and nothing else', () => {
    const words = new Uint32Array(4);
    expect(packUuid('0123abcd-4567-89ef-fedc-ba9876543210', words)).toBe(true);
    expect([...words]).toEqual([0x0123abcd, 0x456789ef, 0xfedcba98, 0x76543210]);
    for (const other of ['0123ABCD-4567-89ef-fedc-ba9876543210', '0123abcd04567-89ef-fedc-ba9876543210', '0123abcd-4567-89ef-fedc-ba987654321', 'g123abcd-4567-89ef-fedc-ba9876543210', 'R_3kS9'])
      expect(packUuid(other, words), other).toBe(false);
  });

  it('answers as a Map does, over many ids of every shape, through many growths', () => {
    const random = seededRandom(7);
    const table = new IdTable();
    const map = new Map<string, number>();
    const ids: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const roll = random();
      // New UUIDs mostly; some ids met again; upper case and other shapes, which are other ids.
      const id =
        roll < 0.7 || ids.length === 0
          ? randomUuid(random)
          : roll < 0.85
            ? ids[Math.floor(random() * ids.length)]!
            : roll < 0.93
              ? randomUuid(random).toUpperCase()
              : `row-${Math.floor(random() * 5000)}`;
      ids.push(id);
      const value = Math.floor(random() * 2 ** 46);
      table.set(id, value);
      map.set(id, value);
    }
    expect(table.size).toBe(map.size);
    for (const [id, value] of map) expect(table.get(id)).toBe(value);
    // An upper-case id is not its lower-case twin.
    const lower = ids.find((id) => /^[0-9a-f-]{36}$/.test(id) && /[a-f]/.test(id))!;
    if (!map.has(lower.toUpperCase())) expect(table.has(lower.toUpperCase())).toBe(false);
    for (let i = 0; i < 2000; i++) {
      const absent = randomUuid(random);
      expect(table.get(absent)).toBe(map.get(absent));
    }
    expect(table.has('row-999999')).toBe(false);
  });

  it('tells apart UUIDs that differ in one digit only (ids made by other tools need not be random)', () => {
    const table = new IdTable();
    const base = '00000000-0000-4000-8000-';
    for (let n = 0; n < 5000; n++) table.set(base + n.toString(16).padStart(12, '0'), n);
    expect(table.size).toBe(5000);
    for (let n = 0; n < 5000; n++) expect(table.get(base + n.toString(16).padStart(12, '0'))).toBe(n);
    expect(table.get(base + (5000).toString(16).padStart(12, '0'))).toBeUndefined();
  });
});
