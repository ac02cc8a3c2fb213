/**
 * The data of a Results chart, built from a protected table (or a number question's histogram); chart-svg.ts
 * draws the same data as SVG. A hidden count stays null here: it is never drawn as a number, only marked.
 */
import type { AnalysisLikert, AnalysisNumeric, AnalysisTable } from '../../core/api/analysis';
import type { ProtectedCount } from '../../core/analysis/protect';
import { OFF_SCALE_CODES } from '../../core/analysis/likert';
import { cellAt, layersOf, totalAt, usedColumns } from './analysis-format';
import type { ChartType } from './analysis.svelte';

/** Okabe–Ito: told apart by readers with the common colour-vision deficiencies. */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
/** Diverging scale for Likert bars: negative oranges, a grey middle, positive blues. */
const DIVERGING: Record<string, string[]> = {
  3: ['#D55E00', '#BBBBBB', '#0072B2'],
  4: ['#D55E00', '#E69F00', '#56B4E9', '#0072B2'],
  5: ['#D55E00', '#E69F00', '#BBBBBB', '#56B4E9', '#0072B2'],
  6: ['#A04000', '#D55E00', '#E69F00', '#56B4E9', '#0072B2', '#004C7A'],
  7: ['#A04000', '#D55E00', '#E69F00', '#BBBBBB', '#56B4E9', '#0072B2', '#004C7A'],
};
/** A Likert side drawn as one bar: light tints of the side's strongest colours. */
const COMBINED = { negative: '#EDB48A', positive: '#8CC0DE' } as const;
/** Colours dark enough for white text on them. */
const DARK = new Set(['#0072B2', '#000000', '#D55E00', '#A04000', '#004C7A', '#009E73', '#CC79A7']);
/** The groups a chart tells apart by colour: a pie's slices, a bar chart's series (one series, or a diverging scale with its own colours: none). */
export function colouredGroups(data: ChartData): number {
  if (data.kind !== 'bar') return data.labels.length;
  return data.diverging || data.series.length === 1 ? 0 : data.series.length;
}

/** About the width of a legend entry (a key and a province's name) and the height of a row of them. */
const LEGEND_ENTRY_PX = 150;
const LEGEND_ROW_PX = 24;
/** The least height of a row of a horizontal chart (its name and text fit), and what its plot holds without more. */
const BAR_ROW_PX = 22;
const PLOT_PX = 200;

/**
 * The height a chart `width` pixels wide needs beyond its box's own: the legend's rows beyond the first two
 * (Chart.js takes the legend's room from the plot, so 34 provinces in a legend left a half-width chart's bars 20
 * pixels high), and a horizontal chart's rows beyond what its plot holds (a Likert scale by 34 provinces had
 * squeezed each row to 5 pixels).
 */
export function extraHeight(data: ChartData, width: number): number {
  const perRow = Math.max(1, Math.floor((width - 40) / LEGEND_ENTRY_PX));
  const legend = Math.max(0, Math.ceil(colouredGroups(data) / perRow) - 2) * LEGEND_ROW_PX;
  const rows = data.kind === 'bar' && data.horizontal ? Math.max(0, data.labels.length * BAR_ROW_PX - PLOT_PX) : 0;
  return legend + rows;
}

export const textColourOn = (colour: string): string => (DARK.has(colour) ? '#ffffff' : '#000000');

export interface ChartSeries {
  label: string;
  colour: string;
  /** The drawn value (count or percent); null when hidden or not drawn. */
  values: (number | null)[];
  /** The text on each bar: "12 (34,5 %)", "< 5", "×", or "". */
  texts: string[];
  /** Place in the legend (a diverging chart draws its series in another order than the scale's). */
  rank?: number;
}

export interface ChartData {
  kind: 'bar' | 'pie' | 'doughnut';
  labels: string[];
  series: ChartSeries[];
  stacked: boolean;
  horizontal: boolean;
  percent: boolean;
  /** Diverging: negative values go left of zero. */
  diverging: boolean;
  /** Whether some count is hidden (the chart then carries the note). */
  hidden: boolean;
}

export interface ChartWords {
  label: (question: string, value: string) => string;
  count: string;
  all: string;
  /** Diverging chart: a side drawn as one bar where its points are hidden but the side is not. */
  combined?: { negative: string; positive: string };
  percent: (value: number | null) => string;
  number: (value: number) => string;
}

/** A long category label in lines of about `width` characters, broken between words (Chart.js draws each line). */
export function wrapLabel(label: string, width = 16): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [label];
}

const colourAt = (i: number) => OKABE_ITO[i % OKABE_ITO.length]!;

function countText(c: ProtectedCount, k: number, words: ChartWords, percent: number | null): string {
  if (c.count === null) return c.reason === 'complementary' ? '×' : `< ${k}`;
  return percent === null ? words.number(c.count) : `${words.number(c.count)} (${words.percent(percent)} %)`;
}

export function histogramData(numeric: AnalysisNumeric, words: ChartWords): ChartData {
  const { edges, bins } = numeric.histogram;
  const k = numeric.note.k;
  const labels = bins.map((_, i) => (numeric.histogram.rule === 'integer' ? words.number(edges[i]!) : `${words.number(edges[i]!)}–${words.number(edges[i + 1]!)}`));
  const values = bins.map((b) => b.count);
  return {
    kind: 'bar',
    labels,
    series: [{ label: words.count, colour: colourAt(0), values, texts: bins.map((b) => countText(b, k, words, null)) }],
    stacked: false,
    horizontal: false,
    percent: false,
    diverging: false,
    hidden: bins.some((b) => b.suppressed),
  };
}

/** The chart of a table, or of one layer of a 3-way table (the first when not said). */
export function tableChartData(table: AnalysisTable, type: ChartType, words: ChartWords, layer: string | null = layersOf(table)[0] ?? null): ChartData {
  const k = table.note.k;
  const rowDim = table.dimensions[0]!;
  const colDim = table.by !== null ? table.dimensions[1] : undefined;
  if (type === 'likert' && table.likert) return likertChartData(table, table.likert, layer, words);
  const rowLabels = rowDim.categories.map((c) => words.label(rowDim.question, c.value));
  const hidden = table.cells.some((c) => c.layer === layer && c.suppressed);
  const base = { stacked: false, horizontal: false, percent: false, diverging: false, hidden };

  if (!colDim) {
    const cells = rowDim.categories.map((c) => cellAt(table, c.value, table.kind === 'frequency' ? null : '*', null) ?? cellAt(table, c.value, null, null));
    if (type === 'pie' || type === 'doughnut') {
      return {
        ...base,
        kind: type,
        labels: rowLabels,
        series: [{ label: words.count, colour: '', values: cells.map((c) => c?.count ?? null), texts: cells.map((c) => (c ? countText(c, k, words, c.percent) : '')) }],
      };
    }
    if (type === 'stacked' || type === 'stacked100' || type === 'likert') {
      return stackedOf(rowDim.categories.map((c) => c.value), rowLabels, [words.all], (value) => {
        const c = cells[rowDim.categories.findIndex((x) => x.value === value)];
        return c ? [{ count: c, percent: c.percent }] : [null];
      }, type, k, words, hidden);
    }
    return {
      ...base,
      kind: 'bar',
      labels: rowLabels,
      series: [{ label: words.count, colour: colourAt(0), values: cells.map((c) => c?.count ?? null), texts: cells.map((c) => (c ? countText(c, k, words, c.percent) : '')) }],
    };
  }

  const columns = usedColumns(table);
  const colLabels = columns.map((c) => words.label(colDim.question, c.value));
  if (type === 'bar') {
    const totals = rowDim.categories.map((c) => totalAt(table.rowTotals, { value: c.value, layer }));
    return {
      ...base,
      kind: 'bar',
      labels: rowLabels,
      series: [{ label: words.count, colour: colourAt(0), values: totals.map((t) => t?.count ?? null), texts: totals.map((t) => (t ? countText(t, k, words, null) : '')) }],
      hidden: totals.some((t) => t?.suppressed),
    };
  }
  if (type === 'stacked' || type === 'stacked100' || type === 'likert') {
    return stackedOf(rowDim.categories.map((c) => c.value), rowLabels, colLabels, (value) =>
      columns.map((col) => {
        const c = cellAt(table, value, col.value, layer);
        return c ? { count: c, percent: c.percent } : null;
      }), type, k, words, hidden);
  }
  // Grouped: one bar per group of the `by` question within each answer.
  return {
    ...base,
    kind: 'bar',
    labels: rowLabels,
    series: columns.map((col, i) => {
      const cells = rowDim.categories.map((r) => cellAt(table, r.value, col.value, layer));
      return { label: colLabels[i]!, colour: colourAt(i), values: cells.map((c) => c?.count ?? null), texts: cells.map((c) => (c ? countText(c, k, words, c.percent) : '')) };
    }),
  };
}

/** Bars per group (or one bar for all), stacked by answer: counts, 100 %, or diverging around the scale's middle. */
function stackedOf(
  values: string[],
  valueLabels: string[],
  groups: string[],
  cellsOf: (value: string) => ({ count: ProtectedCount; percent: number | null } | null)[],
  type: 'stacked' | 'stacked100' | 'likert',
  k: number,
  words: ChartWords,
  hidden: boolean,
): ChartData {
  const onScale = type === 'likert' ? values.filter((v) => !OFF_SCALE_CODES.has(v)) : values;
  const palette = type === 'likert' ? (DIVERGING[String(onScale.length)] ?? OKABE_ITO) : OKABE_ITO;
  const half = Math.floor(onScale.length / 2);
  const middle = onScale.length % 2 === 1 ? half : -1;
  const series: ChartSeries[] = [];
  onScale.forEach((value, i) => {
    const cells = cellsOf(value);
    const label = valueLabels[values.indexOf(value)]!;
    const texts = cells.map((c) => (c ? (c.count.count === null ? countText(c.count, k, words, null) : type === 'stacked' ? words.number(c.count.count) : `${words.percent(c.percent)} %`) : ''));
    if (type === 'stacked') {
      series.push({ label, colour: palette[i % palette.length]!, values: cells.map((c) => c?.count.count ?? null), texts });
      return;
    }
    const pct = cells.map((c) => c?.percent ?? null);
    if (type === 'likert' && i === middle) {
      // The neutral point straddles zero: half each side.
      series.push({ label, colour: palette[i]!, values: pct.map((p) => (p === null ? null : -p / 2)), texts: texts.map(() => ''), rank: i });
      series.push({ label, colour: palette[i]!, values: pct.map((p) => (p === null ? null : p / 2)), texts, rank: i });
      return;
    }
    const sign = type === 'likert' && i < half ? -1 : 1;
    series.push({ label, colour: palette[i % palette.length]!, values: pct.map((p) => (p === null ? null : sign * p)), texts, rank: i });
  });
  if (type === 'likert') {
    // Drawn outward from zero on each side: the negative points nearest the middle first.
    const negatives = series.filter((s) => s.values.some((v) => v !== null && v < 0)).reverse();
    const rest = series.filter((s) => !negatives.includes(s));
    series.splice(0, series.length, ...negatives, ...rest);
  }
  return { kind: 'bar', labels: groups, series, stacked: true, horizontal: type === 'likert' || groups.length === 1, percent: type !== 'stacked', diverging: type === 'likert', hidden };
}

/**
 * The diverging chart of a Likert summary: a bar per `by` group (and one for all) in the layer, each point as a %
 * of the answers on the scale, disagree to the left of zero, agree to the right, the middle point across it.
 */
function likertChartData(table: AnalysisTable, likert: AnalysisLikert, layer: string | null, words: ChartWords): ChartData {
  const k = table.note.k;
  const question = table.dimensions[0]!.question;
  const byQuestion = table.by !== null ? table.dimensions[1]!.question : null;
  const rows = likert.rows.filter((r) => r.layer === layer && r.n.count !== 0 && (byQuestion === null || r.by === null || usedColumns(table).some((c) => c.value === r.by)));
  // Everyone first, then the groups.
  rows.sort((a, b) => Number(a.by !== null) - Number(b.by !== null));
  const countOf = (value: string, by: string | null): ProtectedCount | undefined =>
    by === null && table.by !== null ? totalAt(table.rowTotals, { value, layer }) : cellAt(table, value, table.by === null ? null : by, table.by === null ? null : layer);
  const palette = DIVERGING[String(likert.points.length)] ?? OKABE_ITO;
  // A group whose side has a hidden point but a shown total gets that side as one bar: more than blank bars say.
  const sidePercent = (r: (typeof rows)[number], side: 'negative' | 'positive') => (side === 'negative' ? r.negativePercent : r.positivePercent);
  const combinedSide = (r: (typeof rows)[number], side: 'negative' | 'positive') =>
    words.combined !== undefined && sidePercent(r, side) !== null && likert.points.some((p, i) => p.side === side && r.points[i] === null);
  const series: ChartSeries[] = [];
  likert.points.forEach((point, i) => {
    const label = words.label(question, point.value);
    const combined = (g: number) => point.side !== 'neutral' && combinedSide(rows[g]!, point.side);
    const values = rows.map((r, g) => (combined(g) ? null : (r.points[i] ?? null)));
    const texts = rows.map((r, g) => {
      if (combined(g)) return '';
      const count = countOf(point.value, r.by);
      if (count && count.count === null) return countText(count, k, words, null);
      const v = values[g];
      return v === null || v === undefined ? '' : `${words.percent(v)} %`;
    });
    const sign = point.side === 'negative' ? -1 : 1;
    if (point.side === 'neutral') {
      series.push({ label, colour: palette[i]!, values: values.map((v) => (v === null ? null : -v / 2)), texts: texts.map(() => ''), rank: i });
      series.push({ label, colour: palette[i]!, values: values.map((v) => (v === null ? null : v / 2)), texts, rank: i });
    } else {
      series.push({ label, colour: palette[i % palette.length]!, values: values.map((v) => (v === null ? null : sign * v)), texts, rank: i });
    }
  });
  for (const side of ['negative', 'positive'] as const) {
    if (!words.combined || !rows.some((r) => combinedSide(r, side))) continue;
    const values = rows.map((r) => (combinedSide(r, side) ? (side === 'negative' ? -1 : 1) * sidePercent(r, side)! : null));
    const at = likert.points.map((p) => p.side).lastIndexOf('negative');
    series.push({
      label: words.combined[side],
      colour: COMBINED[side],
      values,
      texts: values.map((v) => (v === null ? '' : `${words.percent(Math.abs(v))} %`)),
      // In the legend beside its side's points.
      rank: side === 'negative' ? at + 0.5 : at + (likert.points.some((p) => p.side === 'neutral') ? 1.5 : 0.5),
    });
  }
  // Drawn outward from zero: the neutral half, then the negative points nearest the middle first (or their side
  // as one bar).
  const combinedNegative = series.find((s) => s.colour === COMBINED.negative);
  const negatives = series.filter((s) => s !== combinedNegative && s.values.some((v) => v !== null && v < 0)).reverse();
  const neutralAt = likert.points.findIndex((p) => p.side === 'neutral');
  if (combinedNegative) negatives.splice(negatives[0]?.rank === neutralAt ? 1 : 0, 0, combinedNegative);
  const ordered = [...negatives, ...series.filter((s) => !negatives.includes(s))];
  return {
    kind: 'bar',
    labels: rows.map((r) => (r.by === null ? words.all : words.label(byQuestion!, r.by))),
    series: ordered,
    stacked: true,
    horizontal: true,
    percent: true,
    diverging: true,
    hidden: rows.some((r) => r.points.some((p) => p === null)),
  };
}
