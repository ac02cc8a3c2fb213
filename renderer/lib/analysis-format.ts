/**
 * Pure helpers of the Results screen: reading number groups typed by a person, formatting protected counts,
 * and laying a protected table out as a grid of text (for the clipboard, CSV and xlsx). Nothing here sees an
 * unprotected number: a hidden count is already null when it arrives from `analysis/table`.
 */
import type { AnalysisTable, BucketInput, TableCategory, TableCell, TableTotal } from '../../core/api/analysis';
import type { ProtectedCount } from '../../core/analysis/protect';
import { isCodesName } from '../../core/coding/code-column';

export const DEFAULT_AGE_BUCKETS: BucketInput[] = [
  { from: 8, to: 11 },
  { from: 12, to: 14 },
  { from: 15, to: 17 },
];

/**
 * "8-11, 12-14, 15–17" → buckets; null when any part is unreadable or the groups overlap. With a semicolon
 * anywhere, groups are split on semicolons only, so decimal commas can be written ("0-2,5; 3-4").
 */
export function parseBuckets(text: string): BucketInput[] | null {
  const parts = text.split(text.includes(';') ? ';' : ',').map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  const buckets: BucketInput[] = [];
  for (const part of parts) {
    const match = /^(-?\d+(?:[.,]\d+)?)\s*[-–—]\s*(-?\d+(?:[.,]\d+)?)$/.exec(part);
    if (!match) return null;
    const from = Number(match[1]!.replace(',', '.'));
    const to = Number(match[2]!.replace(',', '.'));
    if (!(from <= to)) return null;
    buckets.push({ from, to });
  }
  const sorted = [...buckets].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.from <= sorted[i - 1]!.to) return null;
  return buckets;
}

export function formatBuckets(buckets: readonly BucketInput[]): string {
  return buckets.map((b) => `${b.from}-${b.to}`).join(', ');
}

/** How a protected count reads: the number, "< k" for a small cell, "×" for a complementary one. */
export function countText(count: ProtectedCount, k: number, format: (n: number) => string = String): string {
  if (count.count !== null) return format(count.count);
  return count.reason === 'complementary' ? '×' : `< ${k}`;
}

export function percentText(value: number | null, lang: string): string {
  if (value === null) return '–';
  return value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export interface GridWords {
  value: string;
  count: string;
  percentA: string;
  percentB: string;
  total: string;
  answered: string;
  refused: string;
  notAsked: string;
  ticks: string;
  label: (question: string, value: string) => string;
  layerCaption: (value: string) => string;
}

/** A table of the codes given to an open question's answers (`why#codes`): uncoded answers count as not asked. */
export function isCodesTable(table: AnalysisTable): boolean {
  return isCodesName(table.question);
}

/** The layer values of a table in order (a single null without a layer). */
export function layersOf(table: AnalysisTable): (string | null)[] {
  return table.layer === null ? [null] : table.dimensions[2]?.categories.map((c) => c.value) ?? [null];
}

/**
 * The `by` question's groups that hold someone in some layer. A group nobody is in (most of 34 provinces in a
 * district's consultation) is left out of the table and chart; a zero total singles out no child.
 */
export function usedColumns(table: AnalysisTable): TableCategory[] {
  const dim = table.dimensions[1];
  if (!dim || table.by === null) return [];
  return dim.categories.filter((c) => table.columnTotals.some((t) => t.by === c.value && t.count !== 0));
}

export function cellAt(table: AnalysisTable, value: string, by: string | null, layer: string | null): TableCell | undefined {
  return table.cells.find((c) => c.value === value && c.by === by && c.layer === layer);
}

export function totalAt(list: readonly TableTotal[], key: { value?: string | null; by?: string | null; layer: string | null }): TableTotal | undefined {
  return list.find((t) => (key.value === undefined || t.value === key.value) && (key.by === undefined || t.by === key.by) && t.layer === key.layer);
}

/**
 * The table as rows of text cells, as the screen shows it: a frequency table with its percentage columns, or
 * one block per layer of a cross-tab (counts, then the chosen percentage in brackets).
 */
export function tableGrid(table: AnalysisTable, words: GridWords, lang: string, percentBy: 'column' | 'row'): string[][] {
  const k = table.note.k;
  const rows: string[][] = [];
  const [rowDim, colDim] = table.dimensions;
  if (table.kind === 'frequency' || !colDim || table.by === null) {
    const pct = (v: number | null) => percentText(v, lang);
    rows.push([words.value, words.count, words.percentA, words.percentB]);
    for (const cat of rowDim!.categories) {
      const cell = cellAt(table, cat.value, null, null);
      if (!cell) continue;
      rows.push([words.label(rowDim!.question, cat.value), countText(cell, k), pct(cell.percent), pct(cell.percentOther)]);
    }
    if (table.kind === 'frequency') {
      const t = table.totals;
      for (const [key, name] of [['answered', words.answered], ['refused', words.refused], ['notAsked', words.notAsked], ['total', words.total], ['ticks', words.ticks]] as const) {
        if (t[key]) rows.push([name, countText(t[key], k), '', '']);
      }
    } else if (table.totals.total) {
      rows.push([words.total, countText(table.totals.total, k), '', '']);
    }
    return rows;
  }
  for (const layer of layersOf(table)) {
    if (layer !== null) rows.push([words.layerCaption(layer)]);
    const columns = usedColumns(table);
    rows.push(['', ...columns.map((c) => words.label(colDim.question, c.value)), words.total]);
    for (const cat of rowDim!.categories) {
      const line = [words.label(rowDim!.question, cat.value)];
      for (const col of columns) {
        const cell = cellAt(table, cat.value, col.value, layer);
        if (!cell) {
          line.push('');
          continue;
        }
        const p = percentBy === 'column' ? cell.percent : cell.percentOther;
        line.push(cell.count === null ? countText(cell, k) : `${cell.count} (${percentText(p, lang)} %)`);
      }
      const rt = totalAt(table.rowTotals, { value: cat.value, layer });
      line.push(rt ? countText(rt, k) : '');
      rows.push(line);
    }
    const footer = [words.total];
    for (const col of columns) {
      const ct = totalAt(table.columnTotals, { by: col.value, layer });
      footer.push(ct ? countText(ct, k) : '');
    }
    const grand = layer === null ? table.totals.total : totalAt(table.layerTotals, { layer });
    footer.push(grand ? countText(grand, k) : '');
    rows.push(footer);
    rows.push([]);
  }
  if (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}

/** Tab-separated, so it pastes into Excel or Word as a table. */
export function toTsv(grid: string[][]): string {
  return grid.map((row) => row.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\r\n');
}

/** RFC 4180 CSV with a BOM, so Excel opens Vietnamese text as UTF-8. */
export function toCsv(grid: string[][]): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return '\uFEFF' + grid.map((row) => row.map(quote).join(',')).join('\r\n');
}
