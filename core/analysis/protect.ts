/**
 * The published form of each view under small-cell protection (suppression.ts): every count becomes
 * {count | null, suppressed, reason}, and a percentage is null when its count or its base is hidden (a shown
 * percentage of a hidden count, or of a hidden base, would give the hidden number back).
 * Each result carries `note`, the parameters of the sentence under the table ("Cells under 5 children are
 * hidden (3 cells)"): the message text itself belongs to the UI's catalogs.
 *
 * The count of responses under the filter (`filtered`) is printed with every view that uses the filter, so it is
 * a published number: it is hidden only when it is itself under k, never as a complement, and each view is
 * protected knowing it (a frequency's total is that count; a cross-tab's total and excluded add up to it).
 */
import type { CrossTab } from './crosstab';
import type { MultipleChoiceFrequency, SingleChoiceFrequency } from './frequencies';
import { COMPLEMENTARY, DEFAULT_MIN_CELL, PRIMARY, suppress, type Relation } from './suppression';

export interface ProtectionOptions {
  /** On by default; a project may turn it off for internal work (the note then says so). */
  enabled?: boolean;
  /** The smallest count shown; default 5. */
  minCell?: number;
}

export interface ProtectedCount {
  count: number | null;
  suppressed: boolean;
  reason: 'primary' | 'complementary' | null;
}

export interface ProtectionNote {
  enabled: boolean;
  k: number;
  /** Counts hidden in all: primary + complementary. */
  hidden: number;
  primary: number;
  complementary: number;
  /** Of `hidden`, how many are totals or subtotals. */
  hiddenTotals: number;
}

/** Builds the entries and relations of one view, then reads the suppression back per entry. */
class LatticeBuilder {
  readonly values: number[] = [];
  readonly rank: number[] = [];
  readonly relations: Relation[] = [];
  readonly zeroComplement: number[] = [];
  readonly published: number[] = [];
  /** Entries that are not the view's own (the filtered count beside a cross-tab): left out of its note. */
  readonly beside = new Set<number>();
  /**
   * `zeroComplement`: may be hidden as a complement even at zero; `published`: printed in other views too, never
   * hidden as a complement (suppression.ts); `beside`: not one of the view's own entries.
   */
  add(value: number, rank: 0 | 1 | 2, flags: { zeroComplement?: boolean; published?: boolean; beside?: boolean } = {}): number {
    this.values.push(value);
    this.rank.push(rank);
    this.zeroComplement.push(flags.zeroComplement ? 1 : 0);
    this.published.push(flags.published ? 1 : 0);
    if (flags.beside) this.beside.add(this.values.length - 1);
    return this.values.length - 1;
  }
  relate(parts: readonly number[], total: number): void {
    if (parts.length > 0) this.relations.push({ parts, total });
  }
  protect(options: ProtectionOptions): { count: (entry: number) => ProtectedCount; note: ProtectionNote } {
    const enabled = options.enabled ?? true;
    const k = options.minCell ?? DEFAULT_MIN_CELL;
    const hidden = enabled ? suppress(this, k) : new Uint8Array(this.values.length);
    const note: ProtectionNote = { enabled, k, hidden: 0, primary: 0, complementary: 0, hiddenTotals: 0 };
    hidden.forEach((h, e) => {
      if (h === 0 || this.beside.has(e)) return;
      note.hidden++;
      if (h === PRIMARY) note.primary++;
      else note.complementary++;
      if (this.rank[e]! > 0) note.hiddenTotals++;
    });
    const count = (entry: number): ProtectedCount => {
      const h = hidden[entry]!;
      if (h === 0) return { count: this.values[entry]!, suppressed: false, reason: null };
      return { count: null, suppressed: true, reason: h === COMPLEMENTARY ? 'complementary' : 'primary' };
    };
    return { count, note };
  }
}

/** A percentage that is shown only when both its count and its base are. */
export function protectedPercent(count: ProtectedCount, base: ProtectedCount): number | null {
  if (count.count === null || base.count === null || base.count === 0) return null;
  return (100 * count.count) / base.count;
}

/**
 * Sums of some rows published beside a table: a Likert scale's disagree / neutral / agree (`groups`, by row index),
 * and their sum, the answers on the scale. They join the table's own sums, so that the table and the summary read
 * together give nothing hidden away (protected apart, a side's sum minus the table's shown points could).
 */
export interface RowSums {
  groups: readonly (readonly number[])[];
}

export interface ProtectedRowSums {
  /** Per group. */
  groups: ProtectedCount[];
  /** The groups together. */
  total: ProtectedCount;
}

/**
 * Adds the entries and relations of row sums over some row entries (`rows`, one per row, adding up to `whole`):
 * one entry per group, and one for their sum (or `whole` itself when the groups cover every row).
 */
function addRowSums(lattice: LatticeBuilder, sums: RowSums, rows: readonly number[], whole: number): { groups: number[]; total: number } {
  const groups = sums.groups.map((g) => lattice.add(g.reduce((sum, r) => sum + lattice.values[rows[r]!]!, 0), 1));
  sums.groups.forEach((g, i) => lattice.relate(g.map((r) => rows[r]!), groups[i]!));
  const covered = new Set(sums.groups.flat());
  if (covered.size === rows.length) {
    lattice.relate(groups, whole);
    return { groups, total: whole };
  }
  const total = lattice.add(groups.reduce((sum, e) => sum + lattice.values[e]!, 0), 1);
  lattice.relate(groups, total);
  lattice.relate([total, ...rows.filter((_, r) => !covered.has(r))], whole);
  return { groups, total };
}

export interface ProtectedSingleChoiceFrequency {
  question: string;
  rows: { value: string; inList: boolean; count: ProtectedCount; percentOfAll: number | null; percentOfAnswered: number | null }[];
  answered: ProtectedCount;
  refused: ProtectedCount;
  notAsked: ProtectedCount;
  total: ProtectedCount;
  /** Given `rowSums`: the sums of those rows. */
  sums?: ProtectedRowSums;
  note: ProtectionNote;
}

/**
 * Relations: the choices add up to the answered; answered, refused and not asked add up to the total. "Not asked"
 * may be hidden at zero, so a small number of refusals is covered by it rather than by "answered". The total is
 * every response under the filter, the published `filtered`: hidden only below k.
 */
export function protectSingleChoiceFrequency(frequency: SingleChoiceFrequency, options: ProtectionOptions = {}, rowSums?: RowSums): ProtectedSingleChoiceFrequency {
  const lattice = new LatticeBuilder();
  const rows = frequency.rows.map((row) => lattice.add(row.count, 0));
  const { answered, refused, notAsked, total } = addAnswerStates(lattice, frequency);
  lattice.relate(rows, answered);
  lattice.relate([answered, refused, notAsked], total);
  const sums = rowSums ? addRowSums(lattice, rowSums, rows, answered) : null;
  const { count, note } = lattice.protect(options);
  return {
    ...(sums ? { sums: { groups: sums.groups.map(count), total: count(sums.total) } } : {}),
    question: frequency.question,
    rows: frequency.rows.map((row, i) => {
      const c = count(rows[i]!);
      return { value: row.value, inList: row.inList, count: c, percentOfAll: protectedPercent(c, count(total)), percentOfAnswered: protectedPercent(c, count(answered)) };
    }),
    answered: count(answered),
    refused: count(refused),
    notAsked: count(notAsked),
    total: count(total),
    note,
  };
}

export interface ProtectedMultipleChoiceFrequency {
  question: string;
  rows: { value: string; inList: boolean; count: ProtectedCount; percentOfRespondents: number | null; percentOfResponses: number | null }[];
  answered: ProtectedCount;
  refused: ProtectedCount;
  notAsked: ProtectedCount;
  total: ProtectedCount;
  ticks: ProtectedCount;
  note: ProtectionNote;
}

/**
 * The entries for answered, refused and not asked, and their total: every entry under the filter, published (never
 * a complement). "Not asked" may be hidden even at 0, and is preferred to "answered" as a complement. The caller
 * relates them, after its rows (the order of relations decides ties).
 */
function addAnswerStates(lattice: LatticeBuilder, frequency: { answered: number; refused: number; notAsked: number; total: number }) {
  const answered = lattice.add(frequency.answered, 1);
  const refused = lattice.add(frequency.refused, 0);
  const notAsked = lattice.add(frequency.notAsked, 0, { zeroComplement: true });
  const total = lattice.add(frequency.total, 2, { published: true });
  return { answered, refused, notAsked, total };
}

/** Relations: the ticks per choice add up to all ticks; answered, refused and not asked to the total (published, as above). */
export function protectMultipleChoiceFrequency(frequency: MultipleChoiceFrequency, options: ProtectionOptions = {}): ProtectedMultipleChoiceFrequency {
  const lattice = new LatticeBuilder();
  const rows = frequency.rows.map((row) => lattice.add(row.count, 0));
  const ticks = lattice.add(frequency.ticks, 1);
  const { answered, refused, notAsked, total } = addAnswerStates(lattice, frequency);
  lattice.relate(rows, ticks);
  lattice.relate([answered, refused, notAsked], total);
  const { count, note } = lattice.protect(options);
  return {
    question: frequency.question,
    rows: frequency.rows.map((row, i) => {
      const c = count(rows[i]!);
      return { value: row.value, inList: row.inList, count: c, percentOfRespondents: protectedPercent(c, count(answered)), percentOfResponses: protectedPercent(c, count(ticks)) };
    }),
    answered: count(answered),
    refused: count(refused),
    notAsked: count(notAsked),
    total: count(total),
    ticks: count(ticks),
    note,
  };
}

export interface ProtectedCrossTab {
  rowCount: number;
  columnCount: number;
  layerCount: number;
  /** Same layout as CrossTab.cells: [(layer * rowCount + row) * columnCount + column]. */
  cells: ProtectedCount[];
  rowTotals: ProtectedCount[];
  columnTotals: ProtectedCount[];
  layerTotals: ProtectedCount[];
  /** The grand total over all layers (for a 2-way table, the same as layerTotals[0]). */
  total: ProtectedCount;
  /** Entries left out for want of an answer: a count of children too, so protected as one. */
  excluded: ProtectedCount;
  /** Entries under the filter (`CrossTab.masked`): the total and `excluded` together. */
  filtered: ProtectedCount;
  /**
   * Given `rowSums`: per layer, per column and then for all columns together (index C), the sums of those rows:
   * `groups[((l * (C + 1)) + c) * G + g]`, `totals[l * (C + 1) + c]`.
   */
  sums?: { groups: ProtectedCount[]; totals: ProtectedCount[] };
  note: ProtectionNote;
}

/**
 * Relations per layer: each row's cells add up to its row total, each column's to its column total, the row
 * totals and the column totals to the layer's total; with layers, the layer totals add up to the grand total.
 * With a multiple-choice dimension the totals count respondents and the sums are only bounds; protecting as if
 * they were equalities hides at least as much as needed. The grand total and the excluded add up to the entries
 * under the filter, a published number (hidden only below k): with few excluded, the grand total is hidden too, or
 * `filtered − n` would give them away. The excluded may be hidden at zero then (a grand total hidden as a
 * complement beside 0 excluded would equal `filtered`).
 */
export function protectCrossTab(table: CrossTab, options: ProtectionOptions = {}, rowSums?: RowSums): ProtectedCrossTab {
  const { rowCount: R, columnCount: C, layerCount: L } = table;
  const lattice = new LatticeBuilder();
  const cells = Array.from(table.cells, (n) => lattice.add(n, 0));
  const rowTotals = Array.from(table.rowTotals, (n) => lattice.add(n, 1));
  const columnTotals = Array.from(table.columnTotals, (n) => lattice.add(n, 1));
  const layerTotals = Array.from(table.layerTotals, (n) => lattice.add(n, L > 1 ? 1 : 2));
  const total = L > 1 ? lattice.add(table.total, 2) : layerTotals[0]!;
  for (let l = 0; l < L; l++) {
    for (let r = 0; r < R; r++) lattice.relate(range(C, (c) => cells[(l * R + r) * C + c]!), rowTotals[l * R + r]!);
    for (let c = 0; c < C; c++) lattice.relate(range(R, (r) => cells[(l * R + r) * C + c]!), columnTotals[l * C + c]!);
    lattice.relate(range(R, (r) => rowTotals[l * R + r]!), layerTotals[l]!);
    lattice.relate(range(C, (c) => columnTotals[l * C + c]!), layerTotals[l]!);
  }
  if (L > 1) lattice.relate(layerTotals, total);
  const excluded = lattice.add(table.excluded, 0, { zeroComplement: true });
  const filtered = lattice.add(table.masked, 2, { published: true, beside: true });
  lattice.relate([total, excluded], filtered);
  const sums = rowSums ? crossTabRowSums(lattice, rowSums, table, { cells, rowTotals, columnTotals, layerTotals }) : null;
  const { count, note } = lattice.protect(options);
  return {
    ...(sums ? { sums: { groups: sums.groups.map(count), totals: sums.totals.map(count) } } : {}),
    rowCount: R,
    columnCount: C,
    layerCount: L,
    cells: cells.map(count),
    rowTotals: rowTotals.map(count),
    columnTotals: columnTotals.map(count),
    layerTotals: layerTotals.map(count),
    total: count(total),
    excluded: count(excluded),
    filtered: count(filtered),
    note,
  };
}

/** Row sums in each column of each layer and over the layer's row totals, tied across the columns too. */
function crossTabRowSums(
  lattice: LatticeBuilder,
  rowSums: RowSums,
  table: CrossTab,
  entries: { cells: number[]; rowTotals: number[]; columnTotals: number[]; layerTotals: number[] },
): { groups: number[]; totals: number[] } {
  const { rowCount: R, columnCount: C, layerCount: L } = table;
  const G = rowSums.groups.length;
  const groups: number[] = [];
  const totals: number[] = [];
  for (let l = 0; l < L; l++) {
    const perColumn = range(C, (c) => addRowSums(lattice, rowSums, range(R, (r) => entries.cells[(l * R + r) * C + c]!), entries.columnTotals[l * C + c]!));
    const all = addRowSums(lattice, rowSums, range(R, (r) => entries.rowTotals[l * R + r]!), entries.layerTotals[l]!);
    // A group over all columns is the sum of that group in each column (a bound only with a multiple-choice `by`).
    for (let g = 0; g < G; g++) lattice.relate(perColumn.map((s) => s.groups[g]!), all.groups[g]!);
    lattice.relate(perColumn.map((s) => s.total), all.total);
    for (const s of [...perColumn, all]) {
      groups.push(...s.groups);
      totals.push(s.total);
    }
  }
  return { groups, totals };
}

/** Cell percentages of a protected cross-tab: of the row total, the column total or the layer's total. */
export function protectedCellPercentages(table: ProtectedCrossTab, base: 'row' | 'column' | 'total'): (number | null)[] {
  const { rowCount: R, columnCount: C } = table;
  return table.cells.map((cell, at) => {
    const l = Math.floor(at / (R * C));
    const r = Math.floor(at / C) % R;
    const c = at % C;
    const denominator = base === 'row' ? table.rowTotals[l * R + r]! : base === 'column' ? table.columnTotals[l * C + c]! : table.layerTotals[l]!;
    return protectedPercent(cell, denominator);
  });
}

function range<T>(n: number, at: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => at(i));
}
