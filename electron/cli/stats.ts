import path from 'node:path';
import { AppError, errorKey } from '../../core/errors';
import { formatNumber, translate, type Lang, type MessageKey, type MessageParams } from '../../core/i18n/messages';
import type { AnalysisNumeric, AnalysisTable, BucketInput } from '../../core/api/analysis';
import type { ProtectedCount } from '../../core/analysis/protect';
import type { Labels } from '../../core/survey/model';
import { openProjectDb } from '../db/open';
import { getSurvey, listSurveys } from '../db/survey-store';
import { analysisColumns } from '../analysis/column-cache';
import { LEAST_MIN_CELL } from '../../core/analysis/suppression';
import { numericView } from '../analysis/views';
import { tableWithCodes } from '../analysis/codes-table';
import { FilterExpressionError, parseFilterExpression } from '../analysis/filter-expression';
import { findSavedAnalysis } from './stats-saved';

export interface StatsOptions {
  question?: string;
  by?: string;
  layer?: string;
  filter?: string;
  'min-cell'?: string;
  buckets?: string;
  survey?: string;
  /** A saved analysis (title or id): its question, groups, filter; --by, --layer, --buckets override, --filter adds. */
  saved?: string;
  json?: boolean;
}

/**
 * `tiengnoi stats FILE --question Q [--by V] [--layer W] [--filter EXPR] [--buckets 8-11,12-14] [--min-cell K]
 * [--survey ID] [--json]`: a protected table (or number statistics) of the complete responses. The JSON always
 * has {question, by, n, cells: [{value, by, count, suppressed}]}, a hidden count being null.
 */
export function statsCommand(file: string, options: StatsOptions, lang: Lang): number {
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  const fail = (key: MessageKey, params?: MessageParams) => {
    if (options.json) console.log(JSON.stringify({ error: { message: t(key, params) } }));
    console.error(t(key, params));
    return 1;
  };
  if (!options.question && !options.saved) return fail('cli.badOption', { detail: '--question' });
  let minCell: number | undefined;
  if (options['min-cell'] !== undefined) {
    minCell = Number(options['min-cell']);
    // "< 2" can only mean 1: 3 is the least k that protects anything.
    if (!Number.isInteger(minCell) || minCell < LEAST_MIN_CELL || minCell > 1000) return fail('cli.badOption', { detail: `--min-cell ${options['min-cell']} (${LEAST_MIN_CELL}–1000)` });
  }
  let buckets: BucketInput[] | undefined;
  if (options.buckets !== undefined) {
    buckets = parseBuckets(options.buckets) ?? undefined;
    if (!buckets) return fail('cli.badOption', { detail: `--buckets ${options.buckets}` });
  }
  // Read-write: the columns built are saved in the file, so the next run opens in milliseconds.
  const db = openProjectDb(path.resolve(file));
  try {
    const surveys = listSurveys(db);
    const saved = options.saved === undefined ? null : findSavedAnalysis(db, options.saved, options.survey ? surveys.filter((s) => s.id === options.survey || getSurvey(db, s.id).formKey === options.survey).map((s) => s.id) : undefined);
    if (saved && saved.missing.length > 0) return fail('analysis.error.savedMissing', { title: saved.title[lang] ?? saved.title.vi ?? saved.title.en ?? '', questions: saved.missing.join(', ') });
    const chosen = saved ? surveys.find((s) => s.id === saved.surveyId) : options.survey ? surveys.find((s) => s.id === options.survey || getSurvey(db, s.id).formKey === options.survey) : surveys.length === 1 ? surveys[0] : undefined;
    if (!chosen) return fail('cli.chooseSurvey', { surveys: surveys.map((s) => `${getSurvey(db, s.id).formKey} (${s.title.vi ?? s.title.en ?? ''})`).join(', ') || '—' });
    const { set } = analysisColumns(db, chosen.id);
    let filter;
    try {
      filter = [...(saved?.spec.filter ?? []), ...parseFilterExpression(options.filter ?? '', (name) => set.columns.get(name)?.kind ?? null)];
    } catch (error) {
      if (!(error instanceof FilterExpressionError)) throw error;
      return fail('analysis.error.badFilter', { part: error.part, hint: t(error.hint) });
    }
    const question = saved?.spec.question ?? options.question!;
    const by = options.by ?? saved?.spec.by ?? null;
    const layer = options.layer ?? saved?.spec.layer ?? null;
    const numbers = set.columns.get(question)?.kind === 'numeric';
    const dims = [question, by, layer].filter((n): n is string => Boolean(n));
    const numericDims = dims.filter((n) => set.columns.get(n)?.kind === 'numeric');
    const bucketMap = buckets
      ? Object.fromEntries(numericDims.map((n) => [n, buckets]))
      : saved
        ? Object.fromEntries(numericDims.flatMap((n) => (saved.spec.buckets?.[n] ? [[n, saved.spec.buckets[n]]] : [])))
        : undefined;
    // A saved number question without a disaggregation is shown as statistics and a histogram, as on the screen.
    if (numbers && !by && !buckets) {
      const view = numericView(db, { surveyId: chosen.id, question, filter, minCell });
      if (options.json) console.log(JSON.stringify(numericJson(view)));
      else printNumeric(view, lang);
      return 0;
    }
    const table = tableWithCodes(db, { surveyId: chosen.id, question, by, layer, buckets: bucketMap, filter, minCell }, saved?.spec.codeLevel);
    if (options.json) console.log(JSON.stringify(tableJson(table)));
    else printTable(table, lang);
    return 0;
  } catch (error) {
    if (error instanceof AppError) return fail(errorKey(error.code), error.params);
    throw error;
  } finally {
    db.close();
  }
}

/** "8-11,12-14,15-17" → buckets (labels as written). */
export function parseBuckets(text: string): BucketInput[] | null {
  const parts = text.split(',').map((p) => p.trim());
  const buckets: BucketInput[] = [];
  for (const part of parts) {
    const m = /^(-?\d+(?:\.\d+)?)\s*[-–]\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!m) return null;
    buckets.push({ from: Number(m[1]), to: Number(m[2]), label: `${m[1]}–${m[2]}` });
  }
  return buckets.length > 0 ? buckets : null;
}

function tableJson(table: AnalysisTable) {
  const plain = (c: ProtectedCount) => ({ count: c.count, suppressed: c.suppressed, reason: c.reason });
  return {
    question: table.question,
    by: table.by,
    layer: table.layer,
    kind: table.kind,
    n: table.n,
    // Null when fewer than k responses pass the filter (as `n`).
    filtered: table.filtered.count,
    cells: table.cells.map((c) => ({ value: c.value, by: c.by, ...(table.layer ? { layer: c.layer } : {}), ...plain(c), percent: c.percent })),
    totals: Object.fromEntries(Object.entries(table.totals).map(([k, v]) => [k, plain(v)])),
    rowTotals: table.rowTotals.map((c) => ({ value: c.value, layer: c.layer, ...plain(c) })),
    columnTotals: table.columnTotals.map((c) => ({ by: c.by, layer: c.layer, ...plain(c) })),
    layerTotals: table.layerTotals.map((c) => ({ layer: c.layer, ...plain(c) })),
    chiSquare: table.chiSquare,
    additive: table.additive,
    note: table.note,
  };
}

function numericJson(view: AnalysisNumeric) {
  const { edges, bins } = view.histogram;
  return {
    question: view.question,
    by: null,
    n: view.n.count,
    cells: bins.map((bin, i) => ({ value: `${edges[i]}–${edges[i + 1]}`, by: null, count: bin.count, suppressed: bin.suppressed, reason: bin.reason })),
    statistics: { mean: view.mean, standardDeviation: view.standardDeviation, min: view.min, q1: view.q1, median: view.median, q3: view.q3, max: view.max },
    totals: { n: view.n, refused: view.refused, notAsked: view.notAsked, unreadable: view.unreadable, total: view.total },
    histogram: { rule: view.histogram.rule, edges },
    note: view.note,
  };
}

function label(labels: Labels | undefined, lang: Lang, fallback: string): string {
  return labels?.[lang] || labels?.vi || labels?.en || fallback;
}

function shown(count: ProtectedCount, k: number, lang: Lang): string {
  if (count.count !== null) return formatNumber(lang, count.count);
  return count.reason === 'primary' ? `< ${k}` : '×';
}

/** A number with a fixed count of decimals, written as the language writes it (12,5 / 12.5). */
function fixed(x: number, digits: number, lang: Lang): string {
  return x.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
}

function pct(x: number | null, lang: Lang): string {
  return x === null ? '' : fixed(x, 1, lang);
}

function printGrid(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

function printNote(note: AnalysisTable['note'], lang: Lang): void {
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  console.log(note.hidden > 0 ? t('analysis.cli.noteOn', { k: note.k, hidden: note.hidden, complementary: note.complementary }) : t('analysis.cli.noteNone', { k: note.k }));
}

function printTable(table: AnalysisTable, lang: Lang): void {
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  const k = table.note.k;
  const [rowDim, colDim, layerDim] = table.dimensions;
  const valueLabel = (dim: typeof rowDim, value: string | null) => label(dim?.categories.find((c) => c.value === value)?.label, lang, value ?? '');
  const head = `${t('analysis.cli.title', { question: `${table.question} — ${label(rowDim?.label, lang, table.question)}` })}${table.by ? ` ${t('analysis.cli.by', { by: `${table.by} — ${label(colDim?.label, lang, table.by)}` })}` : ''}`;
  console.log(head);
  if (table.kind === 'frequency') {
    const rows: string[][] = [[t('analysis.cli.value'), t('analysis.cli.count'), t('analysis.cli.percent')]];
    for (const cell of table.cells) rows.push([`${cell.value} ${valueLabel(rowDim, cell.value)}`, shown(cell, k, lang), pct(cell.percent, lang)]);
    for (const key of ['answered', 'refused', 'notAsked', 'ticks', 'total'] as const) {
      const total = table.totals[key];
      if (total) rows.push([t(`analysis.cli.${key}`), shown(total, k, lang), '']);
    }
    printGrid(rows);
  } else {
    const layers = table.layer ? (layerDim?.categories ?? []).map((c) => c.value) : [null];
    const byValues = table.by ? (colDim?.categories ?? []).map((c) => c.value) : [null];
    for (const layer of layers) {
      if (layer !== null) console.log(`\n${t('analysis.cli.layer', { layer: `${layer} ${valueLabel(layerDim, layer)}` })}`);
      const rows: string[][] = [[t('analysis.cli.value'), ...byValues.map((b) => (b === null ? t('analysis.cli.count') : `${b} ${valueLabel(colDim, b)}`)), ...(table.by ? [t('analysis.cli.total')] : [])]];
      for (const value of (rowDim?.categories ?? []).map((c) => c.value)) {
        const cells = byValues.map((b) => table.cells.find((c) => c.value === value && c.by === b && c.layer === layer)!);
        const rowTotal = table.rowTotals.find((r) => r.value === value && r.layer === layer)!;
        rows.push([`${value} ${valueLabel(rowDim, value)}`, ...cells.map((c) => `${shown(c, k, lang)}${table.by && c.percent !== null ? ` (${pct(c.percent, lang)}%)` : ''}`), ...(table.by ? [shown(rowTotal, k, lang)] : [])]);
      }
      if (table.by) {
        const layerTotal = layer === null ? table.totals.total! : table.layerTotals.find((l) => l.layer === layer)!;
        rows.push([t('analysis.cli.total'), ...byValues.map((b) => shown(table.columnTotals.find((c) => c.by === b && c.layer === layer)!, k, lang)), shown(layerTotal, k, lang)]);
      }
      printGrid(rows);
      const test = table.chiSquare.find((c) => c.layer === layer);
      if (test?.valid && test.statistic !== null && test.pValue !== null) {
        console.log(t('analysis.cli.chiSquare', { statistic: fixed(test.statistic, 2, lang), df: test.degreesOfFreedom, p: test.pValue < 0.001 ? `< ${fixed(0.001, 3, lang)}` : fixed(test.pValue, 3, lang) }));
      } else if (test) {
        console.log(t('analysis.cli.chiSquareInvalid', { problems: test.problems.map((p) => t(`analysis.problem.${p}`)).join(', ') }));
      }
    }
    const excluded = table.totals.excluded;
    if (excluded) console.log(`${t('analysis.cli.excluded')}: ${shown(excluded, k, lang)}`);
    if (!table.additive) console.log(t('analysis.cli.notAdditive'));
  }
  // `n` is the answered of a frequency and the total of a cross-tab: their mark says "< k" or "×".
  const n = table.totals[table.kind === 'frequency' ? 'answered' : 'total'];
  console.log(t('analysis.cli.n', { n: n ? shown(n, k, lang) : table.n === null ? `< ${k}` : table.n }));
  console.log(t('analysis.cli.filtered', { n: shown(table.filtered, k, lang) }));
  printNote(table.note, lang);
}

function printNumeric(view: AnalysisNumeric, lang: Lang): void {
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  const k = view.note.k;
  console.log(t('analysis.cli.title', { question: `${view.question} — ${label(view.label, lang, view.question)}` }));
  if (view.mean === null) console.log(t('analysis.cli.numericHidden', { k }));
  else {
    const f = (x: number | null) => (x === null ? '×' : fixed(x, Number.isInteger(x) ? 0 : 2, lang));
    console.log(t('analysis.cli.numeric', { n: shown(view.n, k, lang), mean: f(view.mean), sd: f(view.standardDeviation), min: f(view.min), q1: f(view.q1), median: f(view.median), q3: f(view.q3), max: f(view.max) }));
    const rows: string[][] = [[t('analysis.cli.bin'), t('analysis.cli.count')]];
    view.histogram.bins.forEach((bin, i) => rows.push([`[${view.histogram.edges[i]}, ${view.histogram.edges[i + 1]})`, shown(bin, k, lang)]));
    printGrid(rows);
  }
  for (const key of ['refused', 'notAsked', 'total'] as const) console.log(`${t(`analysis.cli.${key}`)}: ${shown(view[key], k, lang)}`);
  printNote(view.note, lang);
}
