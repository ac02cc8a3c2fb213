import { describe, it, expect } from 'vitest';
import * as XLSX from 'xlsx';
import type { AnalysisTable } from '../../core/api/analysis';
import { translate, type MessageKey, type MessageParams } from '../../core/i18n/messages';
import { noteLines, numericSheet, sheetName, sheetRows, tableSheet, type SheetWords } from '../../renderer/lib/table-sheet';
import type { AnalysisNumeric } from '../../core/api/analysis';

const shown = (count: number) => ({ count, suppressed: false, reason: null });
const small = { count: null, suppressed: true, reason: 'primary' as const };
const other = { count: null, suppressed: true, reason: 'complementary' as const };

/** Safe at school (yes/no) by sex: boys' "no" is under 5, and a complement hides girls' "no". */
const table: AnalysisTable = {
  question: 'safe',
  by: 'sex',
  layer: null,
  kind: 'crosstab',
  dimensions: [
    { question: 'safe', kind: 'single', label: { vi: 'An toàn?' }, categories: [{ value: 'yes', label: { vi: 'Có' }, inList: true }, { value: 'no', label: { vi: 'Không' }, inList: true }] },
    { question: 'sex', kind: 'single', label: { vi: 'Giới tính' }, categories: [{ value: 'girl', label: { vi: 'Gái' }, inList: true }, { value: 'boy', label: { vi: 'Trai' }, inList: true }] },
  ],
  n: 40,
  cells: [
    { value: 'yes', by: 'girl', layer: null, ...shown(12), percent: 60, percentOther: 46.2 },
    { value: 'yes', by: 'boy', layer: null, ...shown(14), percent: 70, percentOther: 53.8 },
    { value: 'no', by: 'girl', layer: null, ...other, percent: null, percentOther: null },
    { value: 'no', by: 'boy', layer: null, ...small, percent: null, percentOther: null },
  ],
  totals: { total: shown(40), excluded: shown(0) },
  rowTotals: [
    { value: 'yes', by: null, layer: null, ...shown(26) },
    { value: 'no', by: null, layer: null, ...shown(14) },
  ],
  columnTotals: [
    { value: null, by: 'girl', layer: null, ...shown(20) },
    { value: null, by: 'boy', layer: null, ...shown(20) },
  ],
  layerTotals: [],
  chiSquare: [],
  additive: true,
  note: { enabled: true, k: 5, hidden: 2, primary: 1, complementary: 1, hiddenTotals: 0 },
  filtered: { count: 40, suppressed: false, reason: null },
};

const t = (key: MessageKey, params?: MessageParams) => translate('vi', key, params);
const words: SheetWords = {
  value: 'Lựa chọn',
  count: 'Số lượng',
  percentA: '% A',
  percentB: '% B',
  total: 'Tổng',
  answered: 'Đã trả lời',
  refused: 'Không muốn trả lời',
  notAsked: 'Không được hỏi',
  ticks: 'Lượt chọn',
  label: (question, value) => table.dimensions.find((d) => d.question === question)!.categories.find((c) => c.value === value)!.label.vi!,
  layerCaption: (value) => value,
  percent: '%',
  note: noteLines(table.note, t),
};

describe('a results table as a spreadsheet', () => {
  it('gives counts and percentages columns of their own, as numbers, with the title and the protection note', () => {
    const rows = tableSheet(table, ['An toàn? theo Giới tính'], words, 'column');
    expect(rows).toEqual([
      ['An toàn? theo Giới tính'],
      [],
      ['', 'Gái', '', 'Trai', '', 'Tổng'],
      ['', 'Số lượng', '%', 'Số lượng', '%', 'Số lượng'],
      ['Có', 12, { percent: 60 }, 14, { percent: 70 }, 26],
      ['Không', '×', '', '< 5', '', 14],
      ['Tổng', 20, '', 20, '', 40],
      [],
      ['Ô có dưới 5 trẻ em được ẩn (hiện là "< 5"). Thêm 1 ô khác được ẩn (×) để không suy ra được số đã ẩn từ các tổng.'],
      ['< 5: dưới 5 trẻ em, số được ẩn'],
      ['×: ẩn thêm để bảo vệ ô nhỏ'],
    ]);
    // row percentages on request
    expect(tableSheet(table, ['Bảng', 'Bộ lọc: Tỉnh = Lào Cai'], words, 'row')[5]).toEqual(['Có', 12, { percent: 46.2 }, 14, { percent: 53.8 }, 26]);
  });

  it('writes real numbers and percentage formats into the workbook, and reads back the same', () => {
    const sheet = XLSX.utils.aoa_to_sheet(sheetRows(tableSheet(table, ['Bảng'], words, 'column')));
    expect(sheet.B5).toMatchObject({ t: 'n', v: 12 });
    expect(sheet.C5).toMatchObject({ t: 'n', v: 0.6, z: '0.0%' });
    expect(sheet.B6).toMatchObject({ t: 's', v: '×' });
    const book = XLSX.read(XLSX.write({ SheetNames: ['Bảng'], Sheets: { Bảng: sheet } }, { type: 'buffer', bookType: 'xlsx' }), { type: 'buffer', cellNF: true });
    const back = book.Sheets['Bảng']!;
    expect(back.F5).toMatchObject({ t: 'n', v: 26 });
    expect(back.E5).toMatchObject({ t: 'n', v: 0.7, w: '70.0%' });
  });

  it('says nothing about complements when no cell is hidden', () => {
    expect(noteLines({ ...table.note, hidden: 0, primary: 0, complementary: 0 }, t)).toEqual(['Bảo vệ ô nhỏ: không có ô nào dưới 5 trẻ em trong bảng này.']);
    expect(noteLines({ ...table.note, hidden: 1, primary: 1, complementary: 0 }, t)).toEqual(['Ô có dưới 5 trẻ em được ẩn (hiện là "< 5").', '< 5: dưới 5 trẻ em, số được ẩn']);
  });

  it('says first when the whole view is under k', () => {
    const few = { count: null, suppressed: true, reason: 'primary' as const };
    expect(noteLines({ ...table.note, hidden: 3, primary: 3, complementary: 0 }, t, few)[0]).toBe('Chỉ có dưới 5 trẻ em trong phạm vi này (theo bộ lọc), nên không hiện số nào, kể cả số 0.');
    expect(noteLines(table.note, t, { count: 40, suppressed: false, reason: null })[0]).toMatch(/^Ô có dưới 5/);
  });

  it('names sheets as Excel allows: 31 characters, no [ ] : / \\ ? *, unique', () => {
    const taken = new Set<string>();
    expect(sheetName('An toàn ở trường: theo tỉnh/thành phố [2026]', taken)).toBe('An toàn ở trường theo tỉnh thàn');
    expect(sheetName('An toàn ở trường: theo tỉnh/thành phố [2026]', taken)).toBe('An toàn ở trường theo tỉnh th 2');
    expect(sheetName('  ', taken)).toBe('Sheet');
    for (const name of taken) expect(name.length).toBeLessThanOrEqual(31);
  });

  it('lays number statistics out as label and number, with the histogram and its hidden bins', () => {
    const numeric: AnalysisNumeric = {
      question: 'age',
      label: { vi: 'Tuổi' },
      n: shown(40),
      total: shown(42),
      refused: small,
      notAsked: other,
      unreadable: shown(0),
      mean: 12.5,
      standardDeviation: 2.25,
      min: null,
      max: 17,
      q1: 10,
      median: 12,
      q3: 15,
      histogram: { rule: 'sturges', edges: [8, 11, 14, 18], bins: [small, shown(20), shown(17)] },
      note: { enabled: true, k: 5, hidden: 3, primary: 2, complementary: 1, hiddenTotals: 0 },
    } as AnalysisNumeric;
    const rows = numericSheet(numeric, ['Tuổi'], t);
    expect(rows.slice(0, 13)).toEqual([
      ['Tuổi'],
      [],
      ['Số trẻ em có câu trả lời', 40],
      ['Trung bình', 12.5],
      ['Độ lệch chuẩn', 2.25],
      ['Nhỏ nhất', 'ẩn'],
      ['Tứ phân vị 1', 10],
      ['Trung vị', 12],
      ['Tứ phân vị 3', 15],
      ['Lớn nhất', 17],
      ['Không muốn trả lời', '< 5'],
      ['Không được hỏi / bỏ trống', '×'],
      ['Tổng', 42],
    ]);
    expect(rows.slice(13, 18)).toEqual([[], ['Lựa chọn', 'Số lượng'], ['[8, 11)', '< 5'], ['[11, 14)', 20], ['[14, 18)', 17]]);
    expect(rows.at(-1)).toEqual(['×: ẩn thêm để bảo vệ ô nhỏ']);
  });
});
