/**
 * The data of a Results chart, built from a protected table (or a number question's histogram), and a plain
 * SVG drawn from the same data. A hidden count stays null here: it is never drawn as a number, only marked.
 */
import type { AnalysisNumeric, AnalysisTable } from '../../core/api/analysis';
import type { ProtectedCount } from '../../core/analysis/protect';
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
/** App codes for "I don't know" and "I'd rather not say": off the scale of a Likert chart. */
const OFF_SCALE = new Set(['98', '99']);

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
  percent: (value: number | null) => string;
  number: (value: number) => string;
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

/** The chart of a table: its first layer when layered. */
export function tableChartData(table: AnalysisTable, type: ChartType, words: ChartWords): ChartData {
  const k = table.note.k;
  const rowDim = table.dimensions[0]!;
  const colDim = table.by !== null ? table.dimensions[1] : undefined;
  const layer = layersOf(table)[0] ?? null;
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
  const onScale = type === 'likert' ? values.filter((v) => !OFF_SCALE.has(v)) : values;
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

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/**
 * A plain SVG of a vertical bar chart (simple, grouped, stacked, 100 % stacked, histogram) from the same data
 * as the canvas. Pie, doughnut and diverging charts are not covered (PNG only). Null when not covered.
 */
export function chartSvg(data: ChartData, title: string, yTitle: string): string | null {
  if (data.kind !== 'bar' || data.diverging) return null;
  const W = 900;
  const H = 520;
  const left = 70;
  const right = 20;
  const top = 60;
  const bottom = 110;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const n = data.labels.length;
  const stackTotals = data.labels.map((_, i) => data.series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0));
  const max = data.percent && data.stacked ? 100 : Math.max(1, ...(data.stacked ? stackTotals : data.series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const groupW = plotW / Math.max(1, n);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="13">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="28" text-anchor="middle" font-size="17" font-weight="600">${escapeXml(title)}</text>`);
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#dddddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v * 10) / 10}</text>`);
  }
  parts.push(`<text transform="translate(16 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yTitle)}</text>`);
  data.labels.forEach((label, i) => {
    const x0 = left + i * groupW;
    parts.push(`<text x="${x0 + groupW / 2}" y="${top + plotH + 18}" text-anchor="middle">${escapeXml(label.length > 22 ? label.slice(0, 21) + '…' : label)}</text>`);
    let acc = 0;
    data.series.forEach((s, j) => {
      const v = s.values[i] ?? null;
      const barW = data.stacked ? groupW * 0.6 : (groupW * 0.8) / data.series.length;
      const x = data.stacked ? x0 + groupW * 0.2 : x0 + groupW * 0.1 + j * barW;
      if (v === null) {
        if (s.texts[i]) parts.push(`<text x="${x + barW / 2}" y="${y(acc) - 4}" text-anchor="middle" fill="#555555">${escapeXml(s.texts[i]!)}</text>`);
        return;
      }
      const y1 = y(acc + v);
      const h = y(acc) - y1;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.colour}"/>`);
      if (s.texts[i] && h >= 0) parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${(data.stacked ? y1 + h / 2 + 4 : y1 - 4).toFixed(1)}" text-anchor="middle" font-size="11">${escapeXml(s.texts[i]!)}</text>`);
      if (data.stacked) acc += v;
    });
  });
  parts.push(`<line x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333333"/>`);
  if (data.series.length > 1) {
    let lx = left;
    data.series.forEach((s) => {
      parts.push(`<rect x="${lx}" y="${H - 40}" width="12" height="12" fill="${s.colour}"/><text x="${lx + 16}" y="${H - 30}">${escapeXml(s.label)}</text>`);
      lx += 28 + s.label.length * 7;
    });
  }
  parts.push('</svg>');
  return parts.join('\n');
}
