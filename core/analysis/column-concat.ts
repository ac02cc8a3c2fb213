/**
 * Joins column sets built from consecutive runs of responses into the set one build over all of them would give:
 * after an import, the columns of the responses already there are extended by those of the new ones instead of
 * being rebuilt from every answer (at a million responses, reading them back took about forty seconds).
 *
 * Every set must come from the same survey (the same columns and choice lists). Names met in the data but not in a
 * choice list are numbered in the order met, as the builder does: those of an earlier set first.
 */
import { AnalysisError } from './analysis-error';
import { FIRST_CHOICE_CODE, type Column, type ColumnSet, type MultipleChoiceColumn, type NumericColumn, type RepeatLevel, type SingleChoiceColumn, type TextColumn } from './columns';

export function concatColumnSets(sets: readonly ColumnSet[]): ColumnSet {
  const first = sets[0];
  if (!first) throw new Error('concatColumnSets needs at least one set');
  if (sets.length === 1) return first;
  const repeats = new Map<string, RepeatLevel>();
  for (const name of first.repeats.keys()) repeats.set(name, concatLevels(sets, name));
  const columns = new Map<string, Column>();
  for (const [name, column] of first.columns) {
    const parts = sets.map((set) => {
      const part = set.columns.get(name);
      if (!part || part.kind !== column.kind) throw new Error(`concatColumnSets: ${name} differs between the sets`);
      return part;
    });
    const level = column.repeat === null ? null : repeats.get(column.repeat)!;
    const base = { ...column, length: level ? level.length : sum(parts.map((p) => p.length)), parent: level?.parent ?? null, instance: level?.instance ?? null };
    columns.set(name, { ...base, ...concatValues(parts) } as Column);
  }
  return { responseCount: sum(sets.map((set) => set.responseCount)), columns, repeats, skipped: first.skipped };
}

/** The fields that hold entries, joined; the kind decides which. */
function concatValues(parts: Column[]): Partial<Column> {
  switch (parts[0]!.kind) {
    case 'single':
      return concatSingle(parts as SingleChoiceColumn[]);
    case 'multiple':
      return concatMultiple(parts as MultipleChoiceColumn[]);
    case 'numeric':
      return { values: joined(Float64Array, (parts as NumericColumn[]).map((p) => p.values)), state: joined(Uint8Array, (parts as NumericColumn[]).map((p) => p.state)) };
    case 'text':
      return { state: joined(Uint8Array, (parts as TextColumn[]).map((p) => p.state)) };
  }
}

/** One list of values for all parts, and for each part where each of its values went in it. */
function mergeValues(parts: { values: string[]; listSize: number }[]): { values: string[]; maps: Int32Array[] } {
  const values = [...parts[0]!.values];
  const indexOf = new Map<string, number>();
  values.forEach((name, index) => {
    if (!indexOf.has(name)) indexOf.set(name, index);
  });
  const maps = parts.map((part) =>
    Int32Array.from(part.values, (name, k) => {
      // The list part is the same in every set; beyond it, a name keeps the place it first got.
      if (k < part.listSize) return k;
      let index = indexOf.get(name);
      if (index === undefined) {
        index = values.length;
        values.push(name);
        indexOf.set(name, index);
      }
      return index;
    }),
  );
  return { values, maps };
}

function concatSingle(parts: SingleChoiceColumn[]): Partial<SingleChoiceColumn> {
  const { values, maps } = mergeValues(parts);
  const top = values.length - 1 + FIRST_CHOICE_CODE;
  if (top > 0xffff) throw new AnalysisError('tooManyValues', `${parts[0]!.question}: more than 65 533 different answers`);
  // Bytes as long as the builder would keep them: a list that fits, and no code met beyond a byte.
  const length = sum(parts.map((p) => p.length));
  const codes = parts[0]!.listSize + FIRST_CHOICE_CODE <= 0xff && top <= 0xff ? new Uint8Array(length) : new Uint16Array(length);
  let at = 0;
  parts.forEach((part, p) => {
    const map = maps[p]!;
    const same = map.every((index, k) => index === k);
    if (same) codes.set(part.codes, at);
    else for (let i = 0; i < part.length; i++) codes[at + i] = part.codes[i]! < FIRST_CHOICE_CODE ? part.codes[i]! : map[part.codes[i]! - FIRST_CHOICE_CODE]! + FIRST_CHOICE_CODE;
    at += part.length;
  });
  return { codes, values };
}

function concatMultiple(parts: MultipleChoiceColumn[]): Partial<MultipleChoiceColumn> {
  const { values, maps } = mergeValues(parts);
  const length = sum(parts.map((p) => p.length));
  // As wide as the builder makes it: the list's words, one more for each 32 names beyond.
  const words = Math.max(1, Math.ceil(parts[0]!.listSize / 32), Math.ceil(values.length / 32));
  const bits = new Uint32Array(length * words);
  let at = 0;
  parts.forEach((part, p) => {
    const map = maps[p]!;
    const same = part.wordsPerEntry === words && map.every((index, k) => index === k);
    if (same) bits.set(part.bits, at * words);
    else {
      for (let i = 0; i < part.length; i++) {
        for (let k = 0; k < part.values.length; k++) {
          if (!(part.bits[i * part.wordsPerEntry + (k >>> 5)]! & (1 << (k & 31)))) continue;
          const bit = map[k]!;
          bits[(at + i) * words + (bit >>> 5)]! |= 1 << (bit & 31);
        }
      }
    }
    at += part.length;
  });
  return { state: joined(Uint8Array, parts.map((p) => p.state)), bits, wordsPerEntry: words, values };
}

/** A repeat's instances across the sets: each set's parents follow the responses of the sets before it. */
function concatLevels(sets: readonly ColumnSet[], name: string): RepeatLevel {
  const levels = sets.map((set) => set.repeats.get(name));
  const length = sum(levels.map((level) => level?.length ?? 0));
  const parent = new Uint32Array(length);
  const instance = new Uint16Array(length);
  let at = 0;
  let responses = 0;
  sets.forEach((set, s) => {
    const level = levels[s];
    if (level) {
      for (let i = 0; i < level.length; i++) parent[at + i] = level.parent[i]! + responses;
      instance.set(level.instance, at);
      at += level.length;
    }
    responses += set.responseCount;
  });
  return { repeat: name, length, parent, instance };
}

function joined<T extends Uint8Array | Float64Array>(Type: new (length: number) => T, arrays: T[]): T {
  const out = new Type(sum(arrays.map((a) => a.length)));
  let at = 0;
  for (const array of arrays) {
    out.set(array, at);
    at += array.length;
  }
  return out;
}

function sum(numbers: number[]): number {
  return numbers.reduce((a, b) => a + b, 0);
}
