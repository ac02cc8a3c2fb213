/**
 * Moving between the response level and a repeat's instance level. A repeat's entries carry `parent`, the
 * response each instance belongs to, so a response's value reaches its instances by one gather, and instance
 * results reach responses by "any instance".
 */
import { AnalysisError } from './analysis-error';
import type { Column, RepeatLevel } from './columns';

/** The response mask seen from the instances: an instance counts when its response does. */
export function maskForInstances(responseMask: Uint8Array, level: Pick<RepeatLevel, 'parent' | 'length'>): Uint8Array {
  const out = new Uint8Array(level.length);
  const { parent } = level;
  for (let i = 0; i < out.length; i++) out[i] = responseMask[parent[i]!]!;
  return out;
}

/** A response counts when any of its instances does (a child with at least one sibling under 6). */
export function maskForResponses(instanceMask: Uint8Array, level: Pick<RepeatLevel, 'parent' | 'length'>, responseCount: number): Uint8Array {
  const out = new Uint8Array(responseCount);
  const { parent } = level;
  for (let i = 0; i < level.length; i++) out[parent[i]!]! |= instanceMask[i]!;
  return out;
}

/**
 * A top-level column repeated for each instance of a repeat, so that a repeat's question can be cross-tabulated by
 * the respondent's sex or age group: entry i holds the value of response parent[i].
 */
export function columnForInstances(column: Column, level: RepeatLevel): Column {
  if (column.repeat !== null) throw new AnalysisError('lengthMismatch', `${column.question} is already inside ${column.repeat}`);
  const { parent, length } = level;
  const at = { length, repeat: level.repeat, parent: level.parent, instance: level.instance };
  switch (column.kind) {
    case 'single': {
      const codes = new (column.codes.constructor as Uint8ArrayConstructor | Uint16ArrayConstructor)(length);
      for (let i = 0; i < length; i++) codes[i] = column.codes[parent[i]!]!;
      return { ...column, ...at, codes };
    }
    case 'multiple': {
      const w = column.wordsPerEntry;
      const state = new Uint8Array(length);
      const bits = new Uint32Array(length * w);
      for (let i = 0; i < length; i++) {
        const p = parent[i]!;
        state[i] = column.state[p]!;
        for (let k = 0; k < w; k++) bits[i * w + k] = column.bits[p * w + k]!;
      }
      return { ...column, ...at, state, bits };
    }
    case 'numeric': {
      const values = new Float64Array(length);
      const state = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        values[i] = column.values[parent[i]!]!;
        state[i] = column.state[parent[i]!]!;
      }
      return { ...column, ...at, values, state };
    }
    case 'text': {
      const state = new Uint8Array(length);
      for (let i = 0; i < length; i++) state[i] = column.state[parent[i]!]!;
      return { ...column, ...at, state };
    }
  }
}
