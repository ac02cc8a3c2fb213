import { describe, expect, it } from 'vitest';
import { entryHas, makeEntry } from '../../electron/db/response-search-index';

/** hits[id] = 1 for the ids given, as the search marks the pieces holding a word. */
function hitsOf(ids: readonly number[], size: number): Uint8Array {
  const hits = new Uint8Array(size);
  for (const id of ids) hits[id] = 1;
  return hits;
}

describe('a response’s entry in the search index', () => {
  const ids = [0, 1, 5, 57_341, 57_342, 65_535, 65_536, 70_000, 1 << 20];
  const size = (1 << 20) + 1;

  it('finds each of its pieces, past the ids one character holds too', () => {
    const entry = makeEntry(ids, []);
    for (const id of ids) expect(entryHas(entry, 'x', hitsOf([id], size)), `piece ${id}`).toBe(true);
    for (const other of [2, 57_340, 57_343, 65_537, 131_072]) expect(entryHas(entry, 'x', hitsOf([other], size)), `piece ${other}`).toBe(false);
  });

  it('finds a word within one of its texts, never across two, nor in the characters of its pieces', () => {
    const entry = makeEntry([65_536 + 0x61 * 65_536], ['em thich di hoc', 'cung ban be']);
    const none = new Uint8Array(size);
    expect(entryHas(entry, 'di hoc', none)).toBe(true);
    expect(entryHas(entry, 'ban be', none)).toBe(true);
    expect(entryHas(entry, 'hoccung', none)).toBe(false);
    expect(entryHas(entry, 'hoc cung', none)).toBe(false);
    // The piece's two characters are U+E061 and U+0000; a search for "a" must not find them.
    expect(entryHas(makeEntry([0x61 * 65_536], []), 'a', none)).toBe(false);
  });

  it('with no pieces and no texts, finds nothing', () => {
    expect(entryHas(makeEntry([], []), 'a', new Uint8Array(4))).toBe(false);
  });
});
