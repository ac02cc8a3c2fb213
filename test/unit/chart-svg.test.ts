import { describe, it, expect } from 'vitest';
import type { AnalysisLikert, AnalysisNumeric, AnalysisTable } from '../../core/api/analysis';
import { colouredGroups, extraHeight, histogramData, tableChartData, wrapLabel, OKABE_ITO, type ChartData, type ChartWords } from '../../renderer/lib/analysis-chart';
import { chartSvg, type SvgWords } from '../../renderer/lib/chart-svg';

/**
 * Strict well-formedness, written apart from the builder: every tag closes in order, attributes are quoted, text
 * and attribute values hold no raw "<" and only the five XML entities. Returns the root's tag name.
 */
function wellFormed(xml: string): string {
  const stack: string[] = [];
  let root = '';
  const entity = /&(?!(?:lt|gt|amp|quot|apos);)/;
  for (const token of xml.match(/<[^>]*>|[^<]+/g) ?? []) {
    if (!token.startsWith('<')) {
      expect(token).not.toMatch(entity);
      if (stack.length === 0) expect(token.trim()).toBe('');
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    expect(tag, token).not.toBeNull();
    const [, closing, name, attributes, selfClosing] = tag!;
    expect(attributes ?? '').not.toMatch(entity);
    if (closing) expect(stack.pop()).toBe(name);
    else {
      if (stack.length === 0) {
        expect(root, 'one root').toBe('');
        root = name!;
      }
      if (!selfClosing) stack.push(name!);
    }
  }
  expect(stack).toEqual([]);
  return root;
}

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
const vi: SvgWords = { title: 'Em có thấy an toàn không? <Lào Cai & Hà Giang>', valueTitle: 'Số trẻ em', number: (v) => v.toLocaleString('vi-VN'), note: 'Các ô dưới 5 trẻ em không vẽ thành số' };
const en: SvgWords = { title: 'Do you feel safe?', subtitle: 'Sex: Girl', valueTitle: 'Children', number: (v) => v.toLocaleString('en-GB') };

/** Grouped bars: three groups over two answers, the third group's cells hidden ("< 5"), one complementary (×). */
const grouped: ChartData = {
  kind: 'bar',
  labels: ['Có', 'Không'],
  series: [
    { label: 'Con gái', colour: OKABE_ITO[0]!, values: [12, null], texts: ['12 (60,0 %)', '×'] },
    { label: 'Con trai', colour: OKABE_ITO[1]!, values: [10, 10], texts: ['10 (50,0 %)', '10 (50,0 %)'] },
    { label: 'Khác', colour: OKABE_ITO[2]!, values: [null, null], texts: ['< 5', '< 5'] },
  ],
  stacked: false,
  horizontal: false,
  percent: false,
  diverging: false,
  hidden: true,
};

describe('chart SVG', () => {
  it('draws grouped bars: valid XML, one rect per shown cell, hidden cells only marked, labels and legend in Vietnamese', () => {
    const svg = chartSvg(grouped, vi);
    expect(wellFormed(svg)).toBe('svg');
    expect(count(svg, /<rect class="bar"/g)).toBe(3);
    const all = texts(svg);
    expect(all).toContain('Em có thấy an toàn không? &lt;Lào Cai &amp; Hà Giang&gt;');
    expect(all).toEqual(expect.arrayContaining(['Có', 'Không', 'Số trẻ em', '12 (60,0 %)', '10 (50,0 %)', '×', 'Con gái', 'Con trai', 'Khác']));
    expect(all.filter((t) => t === '&lt; 5')).toHaveLength(2);
    expect(count(svg, /class="legend-key"/g)).toBe(3);
    // Colours as on the canvas, and the note under a chart with hidden counts.
    for (const colour of OKABE_ITO.slice(0, 3)) expect(svg).toContain(`fill="${colour}"`);
    expect(all).toContain(vi.note);
  });

  it('stacks to 100 %, and marks a wholly hidden bar once', () => {
    const data: ChartData = {
      ...grouped,
      labels: ['Con gái', 'Con trai', 'Khác'],
      series: [
        { label: 'Có', colour: OKABE_ITO[0]!, values: [60, 50, null], texts: ['60 %', '50 %', '< 5'] },
        { label: 'Không', colour: OKABE_ITO[1]!, values: [null, 50, null], texts: ['×', '50 %', '< 5'] },
      ],
      stacked: true,
      percent: true,
    };
    const svg = chartSvg(data, en);
    wellFormed(svg);
    expect(count(svg, /<rect class="bar"/g)).toBe(3);
    expect(texts(svg).filter((t) => t === '&lt; 5')).toHaveLength(1);
    // Three bars of 60 + 50 + 50 %: the 100 % axis ends at 100.
    expect(texts(svg)).toContain('100');
    expect(texts(svg)).toEqual(expect.arrayContaining(['Do you feel safe?', 'Sex: Girl', 'Children']));
    // No note text is drawn unless given.
    expect(count(svg, /class="note"/g)).toBe(0);
  });

  it('draws a pie and a doughnut: a slice per shown non-zero count, hidden ones named in the legend', () => {
    const pie: ChartData = {
      kind: 'pie',
      labels: ['Rất an toàn', 'An toàn', 'Không an toàn', 'Rất không an toàn'],
      series: [{ label: 'Số trẻ em', colour: '', values: [30, null, 0, 10], texts: ['30 (75,0 %)', '< 5', '0', '10 (25,0 %)'] }],
      stacked: false,
      horizontal: false,
      percent: false,
      diverging: false,
      hidden: true,
    };
    for (const kind of ['pie', 'doughnut'] as const) {
      const svg = chartSvg({ ...pie, kind }, vi);
      expect(wellFormed(svg)).toBe('svg');
      expect(count(svg, /<path class="slice"/g)).toBe(2);
      expect(texts(svg)).toEqual(expect.arrayContaining(['30 (75,0 %)', '10 (25,0 %)', 'An toàn (&lt; 5)', 'Rất an toàn', 'Không an toàn']));
      expect(count(svg, /class="legend-key"/g)).toBe(4);
      // The slices take the first and fourth colours, as the canvas gives them by answer.
      expect(svg).toContain(`class="slice" d="M`);
      expect(svg).toMatch(new RegExp(`class="slice"[^>]*fill="${OKABE_ITO[3]}"`));
    }
    // A doughnut's slices are rings: two arcs each.
    expect(count(chartSvg({ ...pie, kind: 'doughnut' }, vi), / A /g)).toBe(4);
    // A single answer is a whole circle.
    const whole = chartSvg({ ...pie, series: [{ ...pie.series[0]!, values: [12, 0, 0, 0] }] }, en);
    wellFormed(whole);
    expect(count(whole, /<path class="slice"/g)).toBe(1);
  });

  it('draws the diverging Likert chart from the summary: disagree left of zero, agree right, legend once per point', () => {
    const point = (value: string, side: 'negative' | 'neutral' | 'positive', score: number) => ({ value, side, score });
    const shown = (count: number) => ({ count, suppressed: false, reason: null });
    const likert: AnalysisLikert = {
      points: [point('1', 'negative', 1), point('2', 'negative', 2), point('3', 'neutral', 3), point('4', 'positive', 4), point('5', 'positive', 5)],
      rows: [
        { by: null, layer: null, n: shown(40), negative: shown(10), neutral: shown(10), positive: shown(20), negativePercent: 25, neutralPercent: 25, positivePercent: 50, points: [10, 15, 25, 30, 20], mean: 3.25 },
      ],
    };
    const table = {
      question: 'safe',
      by: null,
      layer: null,
      kind: 'frequency',
      dimensions: [{ question: 'safe', kind: 'single', label: { vi: 'An toàn' }, categories: ['1', '2', '3', '4', '5'].map((value) => ({ value, label: { vi: value }, inList: true })) }],
      n: 40,
      cells: [4, 6, 10, 12, 8].map((c, i) => ({ value: String(i + 1), by: null, layer: null, ...shown(c), percent: null, percentOther: null })),
      totals: {},
      rowTotals: [],
      columnTotals: [],
      layerTotals: [],
      chiSquare: [],
      additive: true,
      note: { enabled: true, k: 5, hidden: 0, primary: 0, complementary: 0, hiddenTotals: 0 },
      filtered: { count: 40, suppressed: false, reason: null },
      likert,
    } as AnalysisTable;
    const names: Record<string, string> = { '1': 'Strongly disagree', '2': 'Disagree', '3': 'Neither', '4': 'Agree', '5': 'Strongly agree' };
    const words: ChartWords = { label: (_q, v) => names[v]!, count: 'Children', all: 'All', percent: (v) => (v === null ? '–' : v.toFixed(1)), number: String };
    const data = tableChartData(table, 'likert', words);
    expect(data.diverging).toBe(true);
    const svg = chartSvg(data, { ...en, valueTitle: 'Percent (%)' });
    wellFormed(svg);
    // Five points, the neutral one in two halves across zero.
    const rects = [...svg.matchAll(/<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*fill="([^"]+)"><title>([^<]*)<\/title>/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]), title: m[4]! }));
    expect(rects).toHaveLength(6);
    const zero = Number(/<line x1="([\d.]+)"[^>]*stroke="#333333"/.exec(svg)![1]);
    const left = rects.filter((r) => r.title.startsWith('Disagree') || r.title.startsWith('Strongly disagree'));
    const right = rects.filter((r) => r.title.startsWith('Agree') || r.title.startsWith('Strongly agree'));
    for (const r of left) expect(r.x + r.w).toBeLessThanOrEqual(zero + 0.2);
    for (const r of right) expect(r.x).toBeGreaterThanOrEqual(zero - 0.2);
    // Widths follow the percentages: "Strongly agree" (20 %) is twice as wide as "Strongly disagree" (10 %).
    const width = (name: string) => rects.find((r) => r.title.startsWith(name + ':'))!.w;
    expect(width('Strongly agree') / width('Strongly disagree')).toBeCloseTo(2, 1);
    expect(count(svg, /class="legend-key"/g)).toBe(5);
    // Ticks read as sizes on both sides: no "-20".
    expect(texts(svg).some((t) => t.startsWith('-'))).toBe(false);
    expect(texts(svg)).toEqual(expect.arrayContaining(['All', '30.0 %', '25.0 %']));
  });

  it('draws a side as one bar for a group whose points are hidden but whose side is shown', () => {
    const shown = (count: number) => ({ count, suppressed: false, reason: null });
    const hidden = { count: null, suppressed: true, reason: 'primary' as const };
    const point = (value: string, side: 'negative' | 'neutral' | 'positive', score: number) => ({ value, side, score });
    const line = (by: string | null, points: (number | null)[], sides: [number, number, number], n: number) => ({
      by,
      layer: null,
      n: shown(n),
      negative: shown(sides[0]),
      neutral: shown(sides[1]),
      positive: shown(sides[2]),
      negativePercent: (100 * sides[0]) / n,
      neutralPercent: (100 * sides[1]) / n,
      positivePercent: (100 * sides[2]) / n,
      points,
      mean: null,
    });
    const values = ['1', '2', '3', '4', '5'];
    const table = {
      question: 'safe',
      by: 'sex',
      layer: null,
      kind: 'crosstab',
      dimensions: [
        { question: 'safe', kind: 'single', label: {}, categories: values.map((value) => ({ value, label: {}, inList: true })) },
        { question: 'sex', kind: 'single', label: {}, categories: ['girl', 'boy'].map((value) => ({ value, label: {}, inList: true })) },
      ],
      n: 40,
      // Boys: points 1 and 2 are "< 5" (3 and 4), their side (7) is shown.
      cells: [
        ...[5, 6, 5, 2 + 3, 5].map((c, i) => ({ value: values[i]!, by: 'girl', layer: null, ...shown(c), percent: null, percentOther: null })),
        ...[3, 4, 5, 6, 5].map((c, i) => ({ value: values[i]!, by: 'boy', layer: null, ...(c < 5 ? hidden : shown(c)), percent: null, percentOther: null })),
      ],
      totals: {},
      rowTotals: [],
      columnTotals: [
        { value: null, by: 'girl', layer: null, ...shown(26) },
        { value: null, by: 'boy', layer: null, ...shown(23) },
      ],
      layerTotals: [],
      chiSquare: [],
      additive: true,
      note: { enabled: true, k: 5, hidden: 2, primary: 2, complementary: 0, hiddenTotals: 0 },
      filtered: { count: 49, suppressed: false, reason: null },
      likert: {
        points: [point('1', 'negative', 1), point('2', 'negative', 2), point('3', 'neutral', 3), point('4', 'positive', 4), point('5', 'positive', 5)],
        rows: [line('girl', [5, 6, 5, 5, 5].map((c) => (100 * c) / 26), [11, 5, 10], 26), line('boy', [null, null, ...[5, 6, 5].map((c) => (100 * c) / 23)], [7, 5, 11], 23)],
      },
    } as unknown as AnalysisTable;
    const words: ChartWords = {
      label: (_q, v) => `p${v}`,
      count: 'Children',
      all: 'All',
      combined: { negative: 'Disagree (points combined)', positive: 'Agree (points combined)' },
      percent: (v) => (v === null ? '–' : v.toFixed(1)),
      number: String,
    };
    const data = tableChartData(table, 'likert', words);
    const combined = data.series.find((s) => s.label === 'Disagree (points combined)')!;
    // Girls (row 0) have their points; boys (row 1) get 7 of 23 as one bar on the left.
    expect(combined.values[0]).toBeNull();
    expect(combined.values[1]).toBeCloseTo((-100 * 7) / 23, 9);
    expect(data.series.filter((s) => s.label === 'p1' || s.label === 'p2').every((s) => s.values[1] === null)).toBe(true);
    expect(data.series.some((s) => s.label === 'Agree (points combined)')).toBe(false);
    // Stacked outward from zero: the neutral half first, then the combined side.
    expect(data.series.slice(0, 2).map((s) => s.label)).toEqual(['p3', 'Disagree (points combined)']);
    const svg = chartSvg(data, en);
    wellFormed(svg);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Disagree (points combined)', ((100 * 7) / 23).toFixed(1) + ' %']));
  });

  it('breaks long category labels between words for the canvas', () => {
    expect(wrapLabel('Em tự mô tả theo cách khác')).toEqual(['Em tự mô tả theo', 'cách khác']);
    expect(wrapLabel('Có')).toEqual(['Có']);
    expect(wrapLabel('Supercalifragilistic word')).toEqual(['Supercalifragilistic', 'word']);
  });

  it('draws a histogram with its bins, and a hidden bin as "< 5"', () => {
    const bins = [shownBin(6), { count: null, suppressed: true, reason: 'primary' as const }, shownBin(9)];
    const numeric = { histogram: { rule: 'integer', edges: [12, 13, 14, 15], bins }, note: { k: 5 } } as unknown as AnalysisNumeric;
    const data = histogramData(numeric, { label: (_q, v) => v, count: 'Số trẻ em', all: 'Tất cả', percent: String, number: String });
    const svg = chartSvg(data, vi);
    wellFormed(svg);
    expect(count(svg, /<rect class="bar"/g)).toBe(2);
    expect(texts(svg)).toEqual(expect.arrayContaining(['12', '13', '14', '6', '9', '&lt; 5']));
  });
});

function shownBin(count: number) {
  return { count, suppressed: false, reason: null };
}

describe('the groups a chart tells apart by colour', () => {
  it('counts a bar chart’s series, a pie’s slices, and nothing for one series or a diverging scale', () => {
    const provinces = Array.from({ length: 34 }, (_, i) => ({ label: `Tỉnh ${i + 1}`, colour: OKABE_ITO[i % OKABE_ITO.length]!, values: [1], texts: ['1'] }));
    expect(colouredGroups(grouped)).toBe(3);
    expect(colouredGroups({ ...grouped, series: provinces })).toBe(34);
    expect(colouredGroups({ ...grouped, series: provinces.slice(0, 1) })).toBe(0);
    expect(colouredGroups({ ...grouped, series: provinces, diverging: true })).toBe(0);
    expect(colouredGroups({ ...grouped, kind: 'pie', labels: ['a', 'b', 'c', 'd'] })).toBe(4);
  });
});

describe('the room a chart needs beyond its box', () => {
  const provinces = Array.from({ length: 34 }, (_, i) => `Tỉnh ${i + 1}`);
  it('none for a few bars and a short legend', () => {
    expect(extraHeight(grouped, 1000)).toBe(0);
    expect(extraHeight({ ...grouped, horizontal: true, stacked: true, labels: ['Tất cả', 'Lào Cai', 'Điện Biên'] }, 500)).toBe(0);
  });
  it('rows for a legend of 34 provinces, more at half width', () => {
    const series = provinces.map((label, i) => ({ label, colour: OKABE_ITO[i % OKABE_ITO.length]!, values: [1], texts: ['1'] }));
    const full = extraHeight({ ...grouped, series }, 1000);
    const half = extraHeight({ ...grouped, series }, 480);
    expect(full).toBeGreaterThan(0);
    expect(half).toBeGreaterThan(full);
  });
  it('a row of at least 22 pixels for each of 35 rows of a horizontal chart (a Likert scale by province)', () => {
    const likert: ChartData = { ...grouped, horizontal: true, stacked: true, diverging: true, labels: ['Tất cả', ...provinces] };
    // The plot holds 200 pixels of rows without more.
    expect(extraHeight(likert, 500)).toBe(35 * 22 - 200);
    expect(extraHeight({ ...likert, horizontal: false }, 500)).toBe(0);
  });
});

