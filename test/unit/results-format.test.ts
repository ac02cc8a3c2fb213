import { describe, it, expect } from 'vitest';
import type { AnalysisTable } from '../../core/api/analysis';
import { countText, parseBuckets, tableGrid, toCsv, toTsv, usedColumns, type GridWords } from '../../renderer/lib/analysis-format';
import { tableChartData, type ChartWords } from '../../renderer/lib/analysis-chart';
import { chartSvg } from '../../renderer/lib/chart-svg';

const shown = (count: number) => ({ count, suppressed: false, reason: null });
const small = { count: null, suppressed: true, reason: 'primary' as const };
const other = { count: null, suppressed: true, reason: 'complementary' as const };

/** Answer (yes/no) by sex (girl/boy/other): the "other" column is under 5, and a complement hides girls' "no". */
const table: AnalysisTable = {
  question: 'q',
  by: 'sex',
  layer: null,
  kind: 'crosstab',
  dimensions: [
    { question: 'q', kind: 'single', label: { vi: 'Câu hỏi' }, categories: [{ value: 'yes', label: { vi: 'Có' }, inList: true }, { value: 'no', label: { vi: 'Không' }, inList: true }] },
    {
      question: 'sex',
      kind: 'single',
      label: { vi: 'Giới tính' },
      categories: [
        { value: 'girl', label: { vi: 'Gái' }, inList: true },
        { value: 'boy', label: { vi: 'Trai' }, inList: true },
        { value: 'other', label: { vi: 'Khác' }, inList: true },
        { value: 'none', label: { vi: 'Không ai' }, inList: true },
      ],
    },
  ],
  n: 40,
  cells: [
    { value: 'yes', by: 'girl', layer: null, ...shown(12), percent: 60, percentOther: 50 },
    { value: 'yes', by: 'boy', layer: null, ...shown(10), percent: 50, percentOther: 40 },
    { value: 'yes', by: 'other', layer: null, ...small, percent: null, percentOther: null },
    { value: 'yes', by: 'none', layer: null, ...shown(0), percent: null, percentOther: 0 },
    { value: 'no', by: 'girl', layer: null, ...other, percent: null, percentOther: null },
    { value: 'no', by: 'boy', layer: null, ...shown(10), percent: 50, percentOther: 60 },
    { value: 'no', by: 'other', layer: null, ...small, percent: null, percentOther: null },
    { value: 'no', by: 'none', layer: null, ...shown(0), percent: null, percentOther: 0 },
  ],
  totals: { total: shown(40), excluded: shown(0) },
  rowTotals: [
    { value: 'yes', by: null, layer: null, ...shown(24) },
    { value: 'no', by: null, layer: null, ...shown(16) },
  ],
  columnTotals: [
    { value: null, by: 'girl', layer: null, ...shown(20) },
    { value: null, by: 'boy', layer: null, ...shown(20) },
    { value: null, by: 'other', layer: null, ...small },
    { value: null, by: 'none', layer: null, ...shown(0) },
  ],
  layerTotals: [],
  chiSquare: [],
  additive: true,
  note: { enabled: true, k: 5, hidden: 4, primary: 3, complementary: 1, hiddenTotals: 1 },
  filtered: { count: 40, suppressed: false, reason: null },
};

const label = (question: string, value: string) => table.dimensions.find((d) => d.question === question)?.categories.find((c) => c.value === value)?.label.vi ?? value;
const gridWords: GridWords = {
  value: 'Lựa chọn',
  count: 'Số lượng',
  percentA: '%A',
  percentB: '%B',
  total: 'Tổng',
  answered: 'Đã trả lời',
  refused: 'Không muốn trả lời',
  notAsked: 'Không được hỏi',
  ticks: 'Lựa chọn được đánh dấu',
  label,
  layerCaption: (v) => v,
};

describe('Results: number groups', () => {
  it('reads "from-to" groups with commas, dashes and decimal commas', () => {
    expect(parseBuckets('8-11, 12–14,15-17')).toEqual([
      { from: 8, to: 11 },
      { from: 12, to: 14 },
      { from: 15, to: 17 },
    ]);
    expect(parseBuckets('0-2,5; 3-4')).toEqual([
      { from: 0, to: 2.5 },
      { from: 3, to: 4 },
    ]);
  });
  it('refuses unreadable, reversed or overlapping groups', () => {
    expect(parseBuckets('')).toBeNull();
    expect(parseBuckets('8 to 11')).toBeNull();
    expect(parseBuckets('11-8')).toBeNull();
    expect(parseBuckets('8-12, 12-14')).toBeNull();
  });
});

describe('Results: protected cells as text', () => {
  it('shows "< k" for a small cell and × for a complementary one, never a number', () => {
    expect(countText(shown(7), 5)).toBe('7');
    expect(countText(small, 5)).toBe('< 5');
    expect(countText(other, 10)).toBe('×');
  });

  it('lays a cross-tab out without the empty group, with totals, for the clipboard and CSV', () => {
    expect(usedColumns(table).map((c) => c.value)).toEqual(['girl', 'boy', 'other']);
    const grid = tableGrid(table, gridWords, 'vi', 'column');
    expect(grid).toEqual([
      ['', 'Gái', 'Trai', 'Khác', 'Tổng'],
      ['Có', '12 (60,0 %)', '10 (50,0 %)', '< 5', '24'],
      ['Không', '×', '10 (50,0 %)', '< 5', '16'],
      ['Tổng', '20', '20', '< 5', '40'],
    ]);
    expect(toTsv(grid).split('\r\n')[1]).toBe('Có\t12 (60,0 %)\t10 (50,0 %)\t< 5\t24');
    expect(toCsv([['a,b', 'c"d']])).toBe('\uFEFF"a,b","c""d"');
  });
});

describe('Results: chart data', () => {
  const words: ChartWords = { label, count: 'Số trẻ em', all: 'Tất cả', percent: (v) => (v === null ? '–' : v.toFixed(1)), number: String };

  it('leaves hidden cells undrawn, marked "< 5" or ×', () => {
    const data = tableChartData(table, 'grouped', words);
    expect(data.labels).toEqual(['Có', 'Không']);
    expect(data.series.map((s) => s.label)).toEqual(['Gái', 'Trai', 'Khác']);
    expect(data.series[2]!.values).toEqual([null, null]);
    expect(data.series[2]!.texts).toEqual(['< 5', '< 5']);
    expect(data.series[0]!.texts).toEqual(['12 (60.0 %)', '×']);
    expect(data.hidden).toBe(true);
  });

  it('stacks to 100 % per group and draws an SVG with no hidden number in it', () => {
    const data = tableChartData(table, 'stacked100', words);
    expect(data.labels).toEqual(['Gái', 'Trai', 'Khác']);
    expect(data.series.map((s) => s.values)).toEqual([
      [60, 50, null],
      [null, 50, null],
    ]);
    const svg = chartSvg(data, { title: 'Câu hỏi theo giới tính', valueTitle: '%', number: String });
    expect(svg.startsWith('<svg')).toBe(true);
    // The wholly hidden group is marked where its bar would be; no number of it appears.
    expect(svg).toContain('&lt; 5');
  });
});
