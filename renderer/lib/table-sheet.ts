/**
 * A protected table as a spreadsheet a researcher can compute with: counts are numbers, percentages are numbers
 * formatted as percentages, hidden cells keep their marks ("< 5", "×"), and the title and the protection note
 * travel with the table (issue 7: "the setting and its effect are stated under each table"). The text grid of
 * analysis-format.ts is for the clipboard and CSV, where "831 (33,6 %)" reads well; here each gets a column.
 */
import type { AnalysisNumeric, AnalysisTable } from '../../core/api/analysis';
import type { ProtectedCount, ProtectionNote } from '../../core/analysis/protect';
import type { MessageKey, MessageParams } from '../../core/i18n/messages';
import { cellAt, countText, layersOf, totalAt, usedColumns, type GridWords } from './analysis-format';

/** A percentage, 0–100 as the API gives it. */
export interface PercentCell {
  percent: number;
}
export type SheetCell = string | number | PercentCell;

export interface SheetWords extends GridWords {
  /** "%" over the percentage column of each group. */
  percent: string;
  /** The protection note under the table, one sentence a line. */
  note: string[];
}

const value = (count: { count: number | null; reason?: string | null }, k: number): SheetCell =>
  count.count !== null ? count.count : countText(count as Parameters<typeof countText>[0], k);
const percent = (p: number | null): SheetCell => (p === null ? '' : { percent: p });

/** `heading`: the title, then lines such as the filter, each a row above the table. */
export function tableSheet(table: AnalysisTable, heading: string[], words: SheetWords, percentBy: 'column' | 'row'): SheetCell[][] {
  const k = table.note.k;
  const rows: SheetCell[][] = [...heading.map((line) => [line]), []];
  const [rowDim, colDim] = table.dimensions;
  if (table.kind === 'frequency' || !colDim || table.by === null) {
    rows.push([words.value, words.count, words.percentA, words.percentB]);
    for (const cat of rowDim!.categories) {
      const cell = cellAt(table, cat.value, null, null);
      if (cell) rows.push([words.label(rowDim!.question, cat.value), value(cell, k), percent(cell.percent), percent(cell.percentOther)]);
    }
    const t = table.totals;
    const totals = table.kind === 'frequency' ? ([['answered', words.answered], ['refused', words.refused], ['notAsked', words.notAsked], ['total', words.total], ['ticks', words.ticks]] as const) : ([['total', words.total]] as const);
    for (const [key, name] of totals) if (t[key]) rows.push([name, value(t[key], k)]);
  } else {
    for (const layer of layersOf(table)) {
      if (layer !== null) rows.push([words.layerCaption(layer)]);
      const columns = usedColumns(table);
      rows.push(['', ...columns.flatMap((c) => [words.label(colDim.question, c.value), '']), words.total]);
      rows.push(['', ...columns.flatMap(() => [words.count, words.percent]), words.count]);
      for (const cat of rowDim!.categories) {
        const line: SheetCell[] = [words.label(rowDim!.question, cat.value)];
        for (const col of columns) {
          const cell = cellAt(table, cat.value, col.value, layer);
          line.push(cell ? value(cell, k) : '', cell ? percent(percentBy === 'column' ? cell.percent : cell.percentOther) : '');
        }
        const rowTotal = totalAt(table.rowTotals, { value: cat.value, layer });
        line.push(rowTotal ? value(rowTotal, k) : '');
        rows.push(line);
      }
      const footer: SheetCell[] = [words.total];
      for (const col of columns) {
        const columnTotal = totalAt(table.columnTotals, { by: col.value, layer });
        footer.push(columnTotal ? value(columnTotal, k) : '', '');
      }
      const grand = layer === null ? table.totals.total : totalAt(table.layerTotals, { layer });
      footer.push(grand ? value(grand, k) : '');
      rows.push(footer, []);
    }
    rows.pop();
  }
  rows.push([], ...words.note.map((line) => [line]));
  return rows;
}

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The statistics of a number question in the order they are shown, each with its label's key (null: hidden). */
export function numericStatistics(numeric: AnalysisNumeric): (readonly [MessageKey, number | null])[] {
  return [
    ['results.statMean', numeric.mean],
    ['results.statSd', numeric.standardDeviation],
    ['results.statMin', numeric.min],
    ['results.statQ1', numeric.q1],
    ['results.statMedian', numeric.median],
    ['results.statQ3', numeric.q3],
    ['results.statMax', numeric.max],
  ];
}

/** A number question's statistics, then its histogram (bins as "[8, 10)"), with the note; hidden values say so. */
export function numericSheet(numeric: AnalysisNumeric, heading: string[], t: Translate): SheetCell[][] {
  const k = numeric.note.k;
  const stat = (v: number | null): SheetCell => (v === null ? t('results.statHidden') : v);
  const rows: SheetCell[][] = [...heading.map((line) => [line]), []];
  rows.push([t('results.statN'), value(numeric.n, k)]);
  for (const [key, v] of numericStatistics(numeric)) rows.push([t(key), stat(v)]);
  rows.push([t('results.refusedRow'), value(numeric.refused, k)], [t('results.notAskedRow'), value(numeric.notAsked, k)], [t('results.totalRow'), value(numeric.total, k)]);
  const { edges, bins } = numeric.histogram;
  if (bins.length > 0) {
    rows.push([], [t('results.value'), t('results.countCol')]);
    bins.forEach((bin, i) => rows.push([`[${edges[i]}, ${edges[i + 1]})`, value(bin, k)]));
  }
  rows.push([], ...noteLines(numeric.note, t, numeric.total).map((line) => [line]));
  return rows;
}

/** The sentences of the protection note, as SuppressionNote.svelte shows them. */
export function noteLines(note: ProtectionNote, t: Translate, filtered?: ProtectedCount): string[] {
  const few = filtered !== undefined && filtered.count === null && filtered.reason === 'primary' ? [t('results.noteTooFew', { k: note.k })] : [];
  if (note.hidden === 0) return [...few, t('results.noteNone', { k: note.k })];
  const complement = note.complementary === 1 ? t('results.noteComplementaryOne') : note.complementary > 1 ? t('results.noteComplementary', { complementary: note.complementary }) : '';
  return [...few, [t('results.noteOn', { k: note.k }), complement].filter(Boolean).join(' '), t('results.legendSmall', { k: note.k }), ...(note.complementary > 0 ? [t('results.legendComplementary')] : [])];
}

/** SheetJS cell objects: numbers stay numbers, percentages become fractions shown as "33.6%". */
export function sheetRows(rows: SheetCell[][]): (string | number | { t: 'n'; v: number; z: string })[][] {
  return rows.map((row) => row.map((cell) => (typeof cell === 'object' ? { t: 'n' as const, v: cell.percent / 100, z: '0.0%' } : cell)));
}

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ], and unique in the workbook. */
export function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}
