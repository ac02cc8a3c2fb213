/**
 * Cross-tabulation (disaggregation) of one question by another, optionally in layers of a third, under a mask.
 * Every dimension becomes small integer codes first (choice codes as they are, numbers through their buckets),
 * then one flat loop adds into a Uint32Array of cells: no Map, no object, no string per entry.
 *
 * A multiple-choice dimension counts a respondent once in each group ticked. Its table is then not additive:
 * totals count respondents (each once), so they are at most, not equal to, the sums of their cells (`additive`).
 */
import { AnalysisError } from './analysis-error';
import { ANSWERED, FIRST_CHOICE_CODE, type MultipleChoiceColumn, type NumericColumn, type SingleChoiceColumn } from './columns';
import { choiceCounts } from './frequencies';

/** Numbers grouped for disaggregation: `from` and `to` both inclusive (age 8–11 holds 8 and 11). */
export interface Bucket {
  from: number;
  to: number;
  label?: string;
}

export interface BucketedNumbers {
  column: NumericColumn;
  buckets: readonly Bucket[];
}

export type Dimension = SingleChoiceColumn | MultipleChoiceColumn | BucketedNumbers;

export interface Category {
  /** The choice name, or the bucket's label. */
  value: string;
  /** False for a choice met in the data but not in the list. */
  inList: boolean;
}

export interface DimensionInfo {
  question: string;
  kind: 'single' | 'multiple' | 'buckets';
  categories: Category[];
}

export interface CrossTab {
  rows: DimensionInfo;
  columns: DimensionInfo;
  /** Null for a 2-way table, which then has one layer. */
  layers: DimensionInfo | null;
  rowCount: number;
  columnCount: number;
  layerCount: number;
  /** cells[(layer * rowCount + row) * columnCount + column] */
  cells: Uint32Array;
  /** rowTotals[layer * rowCount + row]: entries in the row (with an answer in every dimension). */
  rowTotals: Uint32Array;
  /** columnTotals[layer * columnCount + column] */
  columnTotals: Uint32Array;
  /** layerTotals[layer]: the grand total of each layer's table. */
  layerTotals: Uint32Array;
  /** Entries in the table, each counted once. */
  total: number;
  /** Entries under the mask. */
  masked: number;
  /** Entries under the mask left out: no answer (not asked, refused, unreadable) in some dimension, or a number outside every bucket. */
  excluded: number;
  /** True when every entry is in exactly one cell, so totals are sums of cells (no multiple-choice dimension). */
  additive: boolean;
}

export interface CrossTabRequest {
  rows: Dimension;
  columns: Dimension;
  layers?: Dimension | null;
  /** One byte per entry, 0 or 1 (filterMask's output); null counts every entry. */
  mask?: Uint8Array | null;
}

/**
 * Imported constants copied to module constants: some loaders (tsx) turn an imported binding into a getter call,
 * which would cost a call per entry in the loops below.
 */
const FIRST = FIRST_CHOICE_CODE;
const ANSWERED_STATE = ANSWERED;

/**
 * A dimension ready for the loops. Single choices and buckets share one code scheme: 0 and 1 mean no category
 * (not asked, refused, no number, outside every bucket), 2 + k is category k, and `width` codes exist in all.
 */
type PreparedSingle = { multi: false; codes: Uint8Array | Uint16Array; width: number; info: DimensionInfo; length: number };
type PreparedMultiple = { multi: true; column: MultipleChoiceColumn; info: DimensionInfo; length: number };
type Prepared = PreparedSingle | PreparedMultiple;

export function crossTab(request: CrossTabRequest): CrossTab {
  const rows = prepare(request.rows);
  const columns = prepare(request.columns);
  const layers = request.layers ? prepare(request.layers) : null;
  const length = rows.length;
  const mask = request.mask ?? null;
  if (columns.length !== length || (layers && layers.length !== length) || (mask && mask.length !== length)) {
    throw new AnalysisError('lengthMismatch', 'dimensions and mask must have one entry each for the same responses or instances');
  }
  const R = rows.info.categories.length;
  const C = columns.info.categories.length;
  const L = layers ? layers.info.categories.length : 1;
  const table: CrossTab = {
    rows: rows.info,
    columns: columns.info,
    layers: layers?.info ?? null,
    rowCount: R,
    columnCount: C,
    layerCount: L,
    cells: new Uint32Array(L * R * C),
    rowTotals: new Uint32Array(L * R),
    columnTotals: new Uint32Array(L * C),
    layerTotals: new Uint32Array(L),
    total: 0,
    masked: 0,
    excluded: 0,
    additive: !rows.multi && !columns.multi && !layers?.multi,
  };
  if (!rows.multi && !columns.multi && (layers === null || !layers.multi)) {
    countCodes(table, rows, columns, layers, mask);
    addUpTotals(table);
  } else if (layers === null && rows.multi !== columns.multi) {
    countMultipleBySingle(table, rows.multi ? rows : (columns as PreparedMultiple), rows.multi ? (columns as PreparedSingle) : rows, rows.multi, mask);
  } else {
    countWithMultiple(table, rows, columns, layers, mask);
  }
  table.excluded = table.masked - table.total;
  return table;
}

/**
 * The hottest loop, without a branch: every entry adds its mask byte (0 or 1) to the cell of its raw codes in a
 * table that also has rows and columns for "no category"; the real cells are copied out afterwards, and what
 * fell in the "no category" rows and columns is the excluded count.
 */
function countCodes(table: CrossTab, rows: PreparedSingle, columns: PreparedSingle, layers: PreparedSingle | null, mask: Uint8Array | null): void {
  const Rw = rows.width;
  const Cw = columns.width;
  const Lw = layers ? layers.width : 1;
  const full = new Uint32Array(Lw * Rw * Cw);
  const rc = rows.codes;
  const cc = columns.codes;
  const n = rows.length;
  if (layers === null) {
    if (mask === null) for (let i = 0; i < n; i++) full[rc[i]! * Cw + cc[i]!]!++;
    else for (let i = 0; i < n; i++) full[rc[i]! * Cw + cc[i]!]! += mask[i]!;
  } else {
    const lc = layers.codes;
    if (mask === null) for (let i = 0; i < n; i++) full[(lc[i]! * Rw + rc[i]!) * Cw + cc[i]!]!++;
    else for (let i = 0; i < n; i++) full[(lc[i]! * Rw + rc[i]!) * Cw + cc[i]!]! += mask[i]!;
  }
  const { cells, rowCount: R, columnCount: C, layerCount: L } = table;
  const first = FIRST;
  const layerOffset = layers ? first : 0;
  for (let l = 0; l < L; l++) {
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < C; c++) cells[(l * R + r) * C + c] = full[((l + layerOffset) * Rw + r + first) * Cw + c + first]!;
    }
  }
  let masked = 0;
  for (let k = 0; k < full.length; k++) masked += full[k]!;
  table.masked = masked;
}

/** Totals of an additive table are the sums of its cells: computed after the loop, not in it. */
function addUpTotals(table: CrossTab): void {
  const { cells, rowCount: R, columnCount: C, layerCount: L } = table;
  for (let l = 0; l < L; l++) {
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < C; c++) {
        const n = cells[(l * R + r) * C + c]!;
        table.rowTotals[l * R + r]! += n;
        table.columnTotals[l * C + c]! += n;
        table.layerTotals[l]! += n;
      }
    }
    table.total += table.layerTotals[l]!;
  }
}

/**
 * A multiple choice by a single choice (help by sex), either way round, in one pass without a branch per tick:
 * per single-choice code, each byte of the bitmask counts its 256 patterns (as multipleChoiceFrequency does) and
 * the states are counted beside them; cells come out of the patterns afterwards. The single side's totals count
 * each child once; the multiple side's totals are sums of cells, since a child is in one group of the single side.
 */
function countMultipleBySingle(table: CrossTab, multiple: PreparedMultiple, single: PreparedSingle, multipleOnRows: boolean, mask: Uint8Array | null): void {
  const { bits, state, wordsPerEntry: w } = multiple.column;
  const codes = single.codes;
  const width = single.width;
  const bytes = Math.max(1, Math.ceil(multiple.info.categories.length / 8));
  const patterns = new Uint32Array(width * bytes * 256);
  const states = new Uint32Array(width * 4);
  const n = multiple.length;
  for (let i = 0; i < n; i++) {
    const m = mask === null ? 1 : mask[i]!;
    const code = codes[i]!;
    states[code * 4 + state[i]!]! += m;
    const base = code * bytes * 256;
    for (let j = 0; j < bytes; j++) patterns[base + j * 256 + ((bits[i * w + (j >>> 2)]! >>> ((j & 3) * 8)) & 255)]! += m;
  }
  const { cells, columnCount: C } = table;
  const strideTicked = multipleOnRows ? C : 1;
  const strideSingle = multipleOnRows ? 1 : C;
  const singleTotals = multipleOnRows ? table.columnTotals : table.rowTotals;
  const multipleTotals = multipleOnRows ? table.rowTotals : table.columnTotals;
  let masked = 0;
  for (let k = 0; k < states.length; k++) masked += states[k]!;
  let total = 0;
  for (let s = 0; s < singleTotals.length; s++) {
    const code = s + FIRST_CHOICE_CODE;
    singleTotals[s] = states[code * 4 + ANSWERED]!;
    total += singleTotals[s]!;
    const counts = choiceCounts(patterns, bytes, code * bytes * 256);
    for (let b = 0; b < multipleTotals.length; b++) cells[s * strideSingle + b * strideTicked] = counts[b]!;
  }
  for (let b = 0; b < multipleTotals.length; b++) {
    let sum = 0;
    for (let s = 0; s < singleTotals.length; s++) sum += cells[b * strideTicked + s * strideSingle]!;
    multipleTotals[b] = sum;
  }
  table.masked = masked;
  table.total = total;
  table.layerTotals[0] = total;
}

/**
 * With a multiple-choice dimension an entry falls in several cells: its categories in each dimension are listed
 * into small scratch arrays, then every combination is counted, and each total once per group the entry is in.
 */
function countWithMultiple(table: CrossTab, rows: Prepared, columns: Prepared, layers: Prepared | null, mask: Uint8Array | null): void {
  const { cells, rowTotals, columnTotals, layerTotals, rowCount: R, columnCount: C } = table;
  const rowCats = new Int32Array(Math.max(1, R));
  const colCats = new Int32Array(Math.max(1, C));
  const layerCats = new Int32Array(Math.max(1, table.layerCount));
  let masked = 0;
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    if (mask !== null && mask[i] === 0) continue;
    masked++;
    const nr = categoriesOf(rows, i, rowCats);
    if (nr === 0) continue;
    const nc = categoriesOf(columns, i, colCats);
    if (nc === 0) continue;
    let nl = 1;
    if (layers === null) layerCats[0] = 0;
    else nl = categoriesOf(layers, i, layerCats);
    if (nl === 0) continue;
    total++;
    for (let a = 0; a < nl; a++) {
      const l = layerCats[a]!;
      layerTotals[l]!++;
      for (let b = 0; b < nr; b++) {
        const r = rowCats[b]!;
        rowTotals[l * R + r]!++;
        for (let d = 0; d < nc; d++) cells[(l * R + r) * C + colCats[d]!]!++;
      }
      for (let d = 0; d < nc; d++) columnTotals[l * C + colCats[d]!]!++;
    }
  }
  table.masked = masked;
  table.total = total;
}

/** Writes entry i's categories in one dimension into `out`; returns how many (0 = no answer there). */
function categoriesOf(dimension: Prepared, i: number, out: Int32Array): number {
  if (!dimension.multi) {
    const category = dimension.codes[i]! - FIRST;
    if (category < 0) return 0;
    out[0] = category;
    return 1;
  }
  const { state, bits, wordsPerEntry: w } = dimension.column;
  if (state[i] !== ANSWERED_STATE) return 0;
  let n = 0;
  for (let k = 0; k < w; k++) {
    let word = bits[i * w + k]! | 0;
    while (word !== 0) {
      const low = word & -word;
      out[n++] = k * 32 + 31 - Math.clz32(low);
      word ^= low;
    }
  }
  return n;
}

function prepare(dimension: Dimension): Prepared {
  if ('buckets' in dimension) return prepareBuckets(dimension);
  const categories = dimension.values.map((value, k) => ({ value, inList: k < dimension.listSize }));
  if (dimension.kind === 'multiple') {
    return { multi: true, column: dimension, info: { question: dimension.question, kind: 'multiple', categories }, length: dimension.length };
  }
  return { multi: false, codes: dimension.codes, width: FIRST_CHOICE_CODE + categories.length, info: { question: dimension.question, kind: 'single', categories }, length: dimension.length };
}

/** Numbers become codes like a single choice's (0 = no number or outside every bucket, 2 + b = bucket b) in one pass. */
function prepareBuckets({ column, buckets }: BucketedNumbers): PreparedSingle {
  checkBuckets(buckets);
  const B = buckets.length;
  const from = Float64Array.from(buckets, (b) => b.from);
  const to = Float64Array.from(buckets, (b) => b.to);
  const codes = B + FIRST <= 0xff ? new Uint8Array(column.length) : new Uint16Array(column.length);
  const { values } = column;
  const lowest = Math.min(...from);
  const highest = Math.max(...to);
  /** The general rule: the bucket holding x, by comparisons (NaN passes none, so no number finds no bucket). */
  const codeOf = (x: number) => {
    for (let b = 0; b < B; b++) if (x >= from[b]! && x <= to[b]!) return FIRST + b;
    return 0;
  };
  // Whole numbers (ages, counts) read their code from a table over the buckets' span: one load per entry instead
  // of a comparison per bucket. Anything else in the span (11.5) goes through the comparisons.
  const low = Math.ceil(lowest);
  const span = Math.floor(highest) - low;
  if (span >= 0 && span < 1 << 16) {
    const table = new Uint16Array(span + 1);
    for (let k = 0; k <= span; k++) table[k] = codeOf(low + k);
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      const k = x - low;
      if (k >= 0 && k <= span && (k | 0) === k) codes[i] = table[k]!;
      else if (x >= lowest && x <= highest) codes[i] = codeOf(x);
    }
  } else {
    for (let i = 0; i < values.length; i++) codes[i] = codeOf(values[i]!);
  }
  const categories = buckets.map((b) => ({ value: b.label ?? `${b.from}–${b.to}`, inList: true }));
  return { multi: false, codes, width: FIRST + B, info: { question: column.question, kind: 'buckets', categories }, length: column.length };
}

/** Buckets must be real intervals that do not overlap: a child counted in two age groups would be counted twice. */
export function checkBuckets(buckets: readonly Bucket[]): void {
  if (buckets.length === 0) throw new AnalysisError('badBuckets', 'no bucket');
  for (const b of buckets) {
    if (!Number.isFinite(b.from) || !Number.isFinite(b.to) || b.from > b.to) throw new AnalysisError('badBuckets', `${b.from}–${b.to} is not an interval`);
  }
  const sorted = [...buckets].sort((a, b) => a.from - b.from);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.from <= sorted[k - 1]!.to) throw new AnalysisError('badBuckets', `${sorted[k - 1]!.from}–${sorted[k - 1]!.to} and ${sorted[k]!.from}–${sorted[k]!.to} overlap`);
  }
}

export type PercentBase = 'row' | 'column' | 'total';

/**
 * Percentages of each cell (0–100, NaN when the base is zero): of its row total, its column total, or its
 * layer's grand total. With a multiple-choice dimension the bases are respondents, so rows may add up past 100.
 */
export function cellPercentages(table: CrossTab, base: PercentBase): Float64Array {
  const { rowCount: R, columnCount: C, layerCount: L } = table;
  const out = new Float64Array(table.cells.length);
  for (let l = 0; l < L; l++) {
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < C; c++) {
        const at = (l * R + r) * C + c;
        const denominator = base === 'row' ? table.rowTotals[l * R + r]! : base === 'column' ? table.columnTotals[l * C + c]! : table.layerTotals[l]!;
        out[at] = denominator > 0 ? (100 * table.cells[at]!) / denominator : NaN;
      }
    }
  }
  return out;
}
