/**
 * A map from response ids to numbers that holds a million ids in a third of the memory of a `Map` (issue 7: the
 * ids met by an import of a million rows were 109 MB of its heap, now about 50 MB). Kobo's and ODK's ids, and the
 * ids made from a row's content, are UUIDs: their 32 hex digits are kept as four 32-bit words in typed arrays, an
 * open-addressing table, exactly (no hash stands in for an id). Any other id (upper-case hex, a `key` of another
 * shape) goes to a plain `Map`.
 */
export class IdTable {
  /** Four words per slot, the UUID's digits in order. */
  private words = new Uint32Array(4 * INITIAL_SLOTS);
  /** The number of each slot; EMPTY where no id is. */
  private values = new Float64Array(INITIAL_SLOTS).fill(EMPTY);
  private packed = 0;
  private readonly others = new Map<string, number>();
  /** One UUID's words, reused (this runs once per row). */
  private readonly key = new Uint32Array(4);

  get size(): number {
    return this.packed + this.others.size;
  }

  get(id: string): number | undefined {
    if (!packUuid(id, this.key)) return this.others.get(id);
    const value = this.values[this.find(this.key, this.values.length - 1)]!;
    return value === EMPTY ? undefined : value;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** `value` must be 0 or more (the first row and a fingerprint, say). */
  set(id: string, value: number): void {
    if (!packUuid(id, this.key)) {
      this.others.set(detached(id), value);
      return;
    }
    const slot = this.find(this.key, this.values.length - 1);
    if (this.values[slot] === EMPTY) {
      this.words.set(this.key, slot * 4);
      this.packed++;
    }
    this.values[slot] = value;
    // Half full at most: short probes, and growth by doubling.
    if (this.packed * 2 > this.values.length) this.grow();
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing). */
  private find(key: Uint32Array, mask: number): number {
    const { words, values } = this;
    let slot = mix(key) & mask;
    while (values[slot] !== EMPTY) {
      const at = slot * 4;
      if (words[at] === key[0] && words[at + 1] === key[1] && words[at + 2] === key[2] && words[at + 3] === key[3]) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const { words, values } = this;
    this.words = new Uint32Array(words.length * 2);
    this.values = new Float64Array(values.length * 2).fill(EMPTY);
    const mask = this.values.length - 1;
    const key = new Uint32Array(4);
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] === EMPTY) continue;
      key.set(words.subarray(slot * 4, slot * 4 + 4));
      const to = this.find(key, mask);
      this.words.set(key, to * 4);
      this.values[to] = values[slot]!;
    }
  }
}

const INITIAL_SLOTS = 1024;
const EMPTY = -1;

/** Where the hyphens of `8-4-4-4-12` are. */
const HYPHENS = [8, 13, 18, 23];

/** Fills `into` with a lower-case UUID's 128 bits and says true; false for any other text (left as it is). */
export function packUuid(id: string, into: Uint32Array): boolean {
  if (id.length !== 36) return false;
  for (const at of HYPHENS) if (id.charCodeAt(at) !== 45) return false;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) continue;
    const code = id.charCodeAt(i);
    // 0-9 and a-f only: upper case is another text, so another id, as a Map would have it.
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1;
    if (digit < 0) return false;
    word = (word << 4) | digit;
    if (++digits % 8 === 0) {
      into[digits / 8 - 1] = word >>> 0;
      word = 0;
    }
  }
  return true;
}

/** A slot for a UUID: its words mixed (ids made from content, or written by other tools, need not be random). */
function mix(key: Uint32Array): number {
  let hash = Math.imul(key[0]! ^ 0x9e3779b9, 0x85ebca6b);
  hash = Math.imul(hash ^ key[1]! ^ (hash >>> 15), 0xc2b2ae35);
  hash = Math.imul(hash ^ key[2]! ^ (hash >>> 13), 0x85ebca6b);
  hash = Math.imul(hash ^ key[3]! ^ (hash >>> 16), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * A copy of a short text that does not hold on to the text it was cut from. An id read from a CSV cell is a slice
 * of the megabytes of text read with it: kept for the whole file, a million ids kept the whole file in memory.
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}
