/**
 * The published form of each view under small-cell protection (suppression.ts): every count becomes
 * {count | null, suppressed, reason}, and a percentage is null when its count or its base is hidden (a shown
 * percentage of a hidden count, or of a hidden base, would give the hidden number back).
 * Each result carries `note`, the parameters of the sentence under the table ("Cells under 5 children are
 * hidden (3 cells)"): the message text itself belongs to the UI's catalogs.
 */
import type { CrossTab } from './crosstab';
import type { MultipleChoiceFrequency, SingleChoiceFrequency } from './frequencies';
import type { LikertSummary } from './likert';
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
  add(value: number, rank: 0 | 1 | 2): number {
    this.values.push(value);
    this.rank.push(rank);
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
      if (h === 0) return;
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

export interface ProtectedSingleChoiceFrequency {
  question: string;
  rows: { value: string; inList: boolean; count: ProtectedCount; percentOfAll: number | null; percentOfAnswered: number | null }[];
  answered: ProtectedCount;
  refused: ProtectedCount;
  notAsked: ProtectedCount;
  total: ProtectedCount;
  note: ProtectionNote;
}

/** Relations: the choices add up to the answered; answered, refused and not asked add up to the total. */
export function protectSingleChoiceFrequency(frequency: SingleChoiceFrequency, options: ProtectionOptions = {}): ProtectedSingleChoiceFrequency {
  const lattice = new LatticeBuilder();
  const rows = frequency.rows.map((row) => lattice.add(row.count, 0));
  const answered = lattice.add(frequency.answered, 1);
  const refused = lattice.add(frequency.refused, 0);
  const notAsked = lattice.add(frequency.notAsked, 0);
  const total = lattice.add(frequency.total, 2);
  lattice.relate(rows, answered);
  lattice.relate([answered, refused, notAsked], total);
  const { count, note } = lattice.protect(options);
  return {
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

/** Relations: the ticks per choice add up to all ticks; answered, refused and not asked to the total. */
export function protectMultipleChoiceFrequency(frequency: MultipleChoiceFrequency, options: ProtectionOptions = {}): ProtectedMultipleChoiceFrequency {
  const lattice = new LatticeBuilder();
  const rows = frequency.rows.map((row) => lattice.add(row.count, 0));
  const ticks = lattice.add(frequency.ticks, 1);
  const answered = lattice.add(frequency.answered, 1);
  const refused = lattice.add(frequency.refused, 0);
  const notAsked = lattice.add(frequency.notAsked, 0);
  const total = lattice.add(frequency.total, 2);
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
  note: ProtectionNote;
}

/**
 * Relations per layer: each row's cells add up to its row total, each column's to its column total, the row
 * totals and the column totals to the layer's total; with layers, the layer totals add up to the grand total.
 * With a multiple-choice dimension the totals count respondents and the sums are only bounds; protecting as if
 * they were equalities hides at least as much as needed.
 */
export function protectCrossTab(table: CrossTab, options: ProtectionOptions = {}): ProtectedCrossTab {
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
  const excluded = lattice.add(table.excluded, 0);
  const { count, note } = lattice.protect(options);
  return {
    rowCount: R,
    columnCount: C,
    layerCount: L,
    cells: cells.map(count),
    rowTotals: rowTotals.map(count),
    columnTotals: columnTotals.map(count),
    layerTotals: layerTotals.map(count),
    total: count(total),
    excluded: count(excluded),
    note,
  };
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

export interface ProtectedLikert {
  question: string;
  points: { value: string; side: LikertSummary['points'][number]['side']; count: ProtectedCount; percent: number | null }[];
  onScale: ProtectedCount;
  negative: ProtectedCount;
  neutral: ProtectedCount;
  positive: ProtectedCount;
  negativePercent: number | null;
  neutralPercent: number | null;
  positivePercent: number | null;
  note: ProtectionNote;
}

/** Relations: each side's points add up to the side; the sides add up to the answers on the scale. */
export function protectLikert(summary: LikertSummary, options: ProtectionOptions = {}): ProtectedLikert {
  const lattice = new LatticeBuilder();
  const points = summary.points.map((p) => lattice.add(p.count, 0));
  const sides = { negative: lattice.add(summary.negative, 1), neutral: lattice.add(summary.neutral, 1), positive: lattice.add(summary.positive, 1) };
  const onScale = lattice.add(summary.onScale, 2);
  for (const side of ['negative', 'neutral', 'positive'] as const) {
    lattice.relate(
      points.filter((_, i) => summary.points[i]!.side === side),
      sides[side],
    );
  }
  lattice.relate([sides.negative, sides.neutral, sides.positive], onScale);
  const { count, note } = lattice.protect(options);
  const base = count(onScale);
  const hasNeutral = summary.neutralPercent !== null;
  return {
    question: summary.question,
    points: summary.points.map((p, i) => {
      const c = count(points[i]!);
      return { value: p.value, side: p.side, count: c, percent: protectedPercent(c, base) };
    }),
    onScale: base,
    negative: count(sides.negative),
    neutral: count(sides.neutral),
    positive: count(sides.positive),
    negativePercent: protectedPercent(count(sides.negative), base),
    neutralPercent: hasNeutral ? protectedPercent(count(sides.neutral), base) : null,
    positivePercent: protectedPercent(count(sides.positive), base),
    note,
  };
}

function range(n: number, at: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => at(i));
}
