/**
 * The published analysis views of a survey: tables (frequency, 2- and 3-way cross-tabs) and number statistics,
 * computed on the cached columns (column-cache.ts) and protected against small cells (core/analysis/protect.ts)
 * before anything leaves the main process. Nothing unprotected is returned: a hidden count is null, and so is
 * every percentage, statistic or test that would give it back.
 */
import { AppError } from '../../core/errors';
import { AnalysisError } from '../../core/analysis/analysis-error';
import { FIRST_CHOICE_CODE, type Column, type ColumnSet, type SingleChoiceColumn } from '../../core/analysis/columns';
import { filterMask, type FilterConditionInput } from '../../core/analysis/filter';
import { multipleChoiceFrequency, singleChoiceFrequency } from '../../core/analysis/frequencies';
import { crossTab, type CrossTab, type Dimension } from '../../core/analysis/crosstab';
import { chiSquareTest } from '../../core/analysis/chi-square';
import { numericSummary } from '../../core/analysis/numeric';
import { columnForInstances } from '../../core/analysis/levels';
import {
  protectCrossTab,
  protectMultipleChoiceFrequency,
  protectSingleChoiceFrequency,
  protectedPercent,
  type ProtectedCount,
  type ProtectedCrossTab,
  type ProtectionNote,
} from '../../core/analysis/protect';
import { COMPLEMENTARY, LEAST_MIN_CELL, suppress, type Relation } from '../../core/analysis/suppression';
import { choicesOf, type Labels, type Survey } from '../../core/survey/model';
import { OTHER_CHOICE } from '../../core/survey/answers';
import { translate } from '../../core/i18n/messages';
import {
  DEFAULT_MIN_CELL,
  type AnalysisNumeric,
  type AnalysisTable,
  type BucketInput,
  type TableCategory,
  type TableCell,
  type TableChiSquare,
  type TableTotal,
} from '../../core/api/analysis';
import type { Db } from '../db/open';
import { audit, type Actor } from '../db/audit';
import { writeTransaction } from '../db/transaction';
import { analysisColumns } from './column-cache';
import { likertOutput, likertPlan, likertRow, type LikertPlan } from './likert-view';

export interface TableRequest {
  surveyId: string;
  question: string;
  by?: string | null;
  layer?: string | null;
  buckets?: Record<string, BucketInput[]>;
  filter?: FilterConditionInput[];
  minCell?: number;
  /** Add a Likert question's summary, protected with the table. */
  likert?: boolean;
}

/**
 * The project's k (analysis_setting `min_cell`), 5 when never set. A value below 3 (stored when 2 was allowed)
 * reads as 3: "< 2" can only mean 1, so it would protect nothing.
 */
export function projectMinCell(db: Db): number {
  const value = db.prepare(`SELECT value FROM analysis_setting WHERE key = 'min_cell'`).pluck().get() as string | undefined;
  const k = value === undefined ? NaN : Number(value);
  if (!Number.isInteger(k)) return DEFAULT_MIN_CELL;
  return k < LEAST_MIN_CELL ? LEAST_MIN_CELL : k;
}

/** Sets the project's k; a change is recorded in the audit trail (who lowered the protection, and when). */
export function setProjectMinCell(db: Db, k: number, actor: Actor): void {
  writeTransaction(db, () => {
    const from = projectMinCell(db);
    db.prepare(`INSERT INTO analysis_setting (key, value) VALUES ('min_cell', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(k));
    if (from !== k) audit(db, actor, 'setMinCell', 'project', 'min_cell', { from, to: k });
  })();
}

/** Runs engine code, turning its refusals into AppErrors with messages. */
function engine<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    const detail = error.message.replace(/^\w+: /, '');
    switch (error.reason) {
      case 'unknownQuestion':
        throw new AppError('analysis.unknownQuestion', { question: detail });
      case 'wrongColumnKind':
        throw new AppError('analysis.wrongKind', { detail });
      case 'badBuckets':
        throw new AppError('analysis.badBuckets', { detail });
      case 'lengthMismatch':
        throw new AppError('analysis.differentLevels', { detail });
      default:
        throw new AppError('analysis.columnsUnreadable', { detail });
    }
  }
}

function columnOf(set: ColumnSet, name: string): Column {
  const column = set.columns.get(name);
  if (!column) {
    const skipped = set.skipped.find((s) => s.question === name);
    throw new AppError(skipped ? 'analysis.notAnalysable' : 'analysis.unknownQuestion', { question: name });
  }
  return column;
}

/**
 * `extra`: columns not cached from answers that join the table under their own names, with the same entries as
 * the survey's columns (the codes of an open question, electron/analysis/code-columns.ts, as `why#codes`).
 */
export function tableView(db: Db, request: TableRequest, extra?: ReadonlyMap<string, Column>): AnalysisTable {
  const cached = analysisColumns(db, request.surveyId);
  const survey = cached.survey;
  const set: ColumnSet = extra ? { ...cached.set, columns: new Map([...cached.set.columns, ...extra]) } : cached.set;
  const k = request.minCell ?? projectMinCell(db);
  const names = [request.question, request.by ?? null, request.layer ?? null];
  const present = names.filter((n): n is string => n !== null);
  if (new Set(present).size !== present.length) throw new AppError('analysis.sameQuestionTwice');
  const raw = present.map((name) => columnOf(set, name));
  // Questions inside one repeat are analysed per instance; top-level ones are repeated for each instance.
  const levels = [...new Set(raw.map((c) => c.repeat).filter((r): r is string => r !== null))];
  if (levels.length > 1) throw new AppError('analysis.differentLevels', { detail: levels.join(', ') });
  const level = levels[0] ?? null;
  const columns = raw.map((c) => (level !== null && c.repeat === null ? columnForInstances(c, set.repeats.get(level)!) : c));
  const dimensions = columns.map((column) => dimensionOf(column, request.buckets?.[column.question]));
  const mask = engine(() => filterMask(set, request.filter ?? [], level));
  const question = columns[0]!;

  if (present.length === 1 && question.kind !== 'numeric') {
    return frequencyTable(survey, question, mask, k, request.likert === true);
  }
  // A numbers question on its own, in groups: a cross-tab by one column that holds everyone.
  const everyone: SingleChoiceColumn | null = present.length === 1 ? constantColumn(question) : null;
  const table = engine(() => crossTab({ rows: dimensions[0]!, columns: everyone ?? dimensions[1]!, layers: dimensions[2] ?? null, mask }));
  const plan = request.likert && question.kind === 'single' && !everyone ? likertPlan(question, table.rows.categories.map((c) => c.value)) : null;
  const shown = protectCrossTab(table, { minCell: k }, plan?.rowSums);
  const info = [table.rows, ...(everyone ? [] : [table.columns]), ...(table.layers ? [table.layers] : [])];
  const described = info.map((d, i) => ({ question: d.question, kind: d.kind, label: labelOf(survey, d.question), categories: categoriesOf(survey, columns[i]!, d.categories) }));
  const rowValues = table.rows.categories.map((c) => c.value);
  const byValues = everyone ? [null] : table.columns.categories.map((c) => c.value);
  const layerValues = table.layers ? table.layers.categories.map((c) => c.value) : [null];
  const { rowCount: R, columnCount: C, layerCount: L } = table;
  const cells: TableCell[] = [];
  for (let l = 0; l < L; l++) {
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < C; c++) {
        const at = (l * R + r) * C + c;
        const cell = shown.cells[at]!;
        cells.push({
          value: rowValues[r]!,
          by: byValues[c] ?? null,
          layer: layerValues[l] ?? null,
          ...cell,
          percent: protectedPercent(cell, shown.columnTotals[l * C + c]!),
          percentOther: protectedPercent(cell, shown.rowTotals[l * R + r]!),
        });
      }
    }
  }
  const chiSquare: TableChiSquare[] = everyone
    ? []
    : layerValues.map((layer, l) => {
        const test = chiSquareTest(table, l);
        const hidden = shown.cells.slice(l * R * C, (l + 1) * R * C).some((cell) => cell.suppressed);
        const problems: TableChiSquare['problems'] = [...test.problems, ...(hidden ? (['hiddenCells'] as const) : [])];
        const valid = test.valid && !hidden;
        return { layer, statistic: valid ? test.statistic : null, degreesOfFreedom: test.degreesOfFreedom, pValue: valid ? test.pValue : null, valid, problems };
      });
  const total = (count: ProtectedCount, value: string | null, by: string | null, layer: string | null): TableTotal => ({ value, by, layer, ...count });
  return {
    question: request.question,
    by: request.by ?? null,
    layer: request.layer ?? null,
    kind: 'crosstab',
    dimensions: described,
    n: shown.total.count,
    cells,
    totals: { total: shown.total, excluded: shown.excluded },
    rowTotals: shown.rowTotals.map((count, at) => total(count, rowValues[at % R]!, null, layerValues[Math.floor(at / R)] ?? null)),
    columnTotals: everyone ? [] : shown.columnTotals.map((count, at) => total(count, null, byValues[at % C] ?? null, layerValues[Math.floor(at / C)] ?? null)),
    layerTotals: table.layers ? shown.layerTotals.map((count, l) => total(count, null, null, layerValues[l] ?? null)) : [],
    chiSquare,
    additive: table.additive,
    note: shown.note,
    filtered: shown.filtered,
    ...(plan && shown.sums ? { likert: crossTabLikert(plan, table, shown, byValues, layerValues) } : {}),
  };
}

/** Per layer: a line per `by` group, then one for everyone in the layer (from the row totals). */
function crossTabLikert(plan: LikertPlan, table: CrossTab, shown: ProtectedCrossTab, byValues: (string | null)[], layerValues: (string | null)[]): AnalysisTable['likert'] {
  const { rowCount: R, columnCount: C, layerCount: L } = table;
  const G = plan.sides.length;
  const sums = shown.sums!;
  const rows = [];
  for (let l = 0; l < L; l++) {
    for (let c = 0; c <= C; c++) {
      const at = l * (C + 1) + c;
      const sideSums = { groups: sums.groups.slice(at * G, at * G + G), total: sums.totals[at]! };
      const all = c === C;
      const points = plan.rowOfPoint.map((r) => (all ? shown.rowTotals[l * R + r]! : shown.cells[(l * R + r) * C + c]!));
      const raw = plan.rowOfPoint.map((r) => (all ? table.rowTotals[l * R + r]! : table.cells[(l * R + r) * C + c]!));
      rows.push(likertRow(plan, sideSums, points, raw, all ? null : (byValues[c] ?? null), layerValues[l] ?? null));
    }
  }
  return likertOutput(plan, rows);
}

function frequencyTable(survey: Survey, column: Column, mask: Uint8Array | null, k: number, withLikert: boolean): AnalysisTable {
  const dimension = { question: column.question, kind: column.kind as 'single' | 'multiple', label: labelOf(survey, column.question), categories: [] as TableCategory[] };
  let cells: TableCell[];
  let totals: Record<string, ProtectedCount>;
  let note: ProtectionNote;
  let n: number | null;
  // A frequency's total is every entry under the filter: the published count itself.
  let filtered: ProtectedCount;
  let likert: AnalysisTable['likert'];
  if (column.kind === 'single') {
    const raw = singleChoiceFrequency(column, mask);
    const plan = withLikert ? likertPlan(column, raw.rows.map((r) => r.value)) : null;
    const shown = protectSingleChoiceFrequency(raw, { minCell: k }, plan?.rowSums);
    if (plan && shown.sums) {
      const points = plan.rowOfPoint.map((r) => shown.rows[r]!.count);
      likert = likertOutput(plan, [likertRow(plan, shown.sums, points, plan.rowOfPoint.map((r) => raw.rows[r]!.count), null, null)]);
    }
    dimension.categories = categoriesOf(survey, column, shown.rows);
    cells = shown.rows.map((row) => ({ value: row.value, by: null, layer: null, ...row.count, percent: row.percentOfAnswered, percentOther: row.percentOfAll }));
    totals = { answered: shown.answered, refused: shown.refused, notAsked: shown.notAsked, total: shown.total };
    note = shown.note;
    n = shown.answered.count;
    filtered = shown.total;
  } else if (column.kind === 'multiple') {
    const shown = protectMultipleChoiceFrequency(multipleChoiceFrequency(column, mask), { minCell: k });
    dimension.categories = categoriesOf(survey, column, shown.rows);
    cells = shown.rows.map((row) => ({ value: row.value, by: null, layer: null, ...row.count, percent: row.percentOfRespondents, percentOther: row.percentOfResponses }));
    totals = { answered: shown.answered, refused: shown.refused, notAsked: shown.notAsked, total: shown.total, ticks: shown.ticks };
    note = shown.note;
    n = shown.answered.count;
    filtered = shown.total;
  } else {
    throw new AppError('analysis.notAnalysable', { question: column.question });
  }
  return {
    question: column.question,
    by: null,
    layer: null,
    kind: 'frequency',
    dimensions: [dimension],
    n,
    cells,
    totals,
    rowTotals: [],
    columnTotals: [],
    layerTotals: [],
    chiSquare: [],
    additive: column.kind === 'single',
    note,
    filtered,
    ...(likert ? { likert } : {}),
  };
}

function dimensionOf(column: Column, buckets: BucketInput[] | undefined): Dimension {
  if (column.kind === 'single' || column.kind === 'multiple') return column;
  if (column.kind === 'numeric') {
    if (!buckets) throw new AppError('analysis.needsBuckets', { question: column.question });
    return { column, buckets };
  }
  throw new AppError('analysis.notAnalysable', { question: column.question });
}

function constantColumn(like: Column): SingleChoiceColumn {
  return { ...like, kind: 'single', question: '', codes: new Uint8Array(like.length).fill(FIRST_CHOICE_CODE), values: ['*'], listSize: 1 } as SingleChoiceColumn;
}

/** XLSForm's "or other" choice, which no choice list names. */
const OTHER_LABEL: Labels = { vi: translate('vi', 'responses.other'), en: translate('en', 'responses.other') };

function labelOf(survey: Survey, name: string): Labels {
  return survey.questions.find((q) => q.name === name)?.label ?? {};
}

/** Choice labels for choice columns; a bucket's label in both languages. */
function categoriesOf(survey: Survey, column: Column, categories: readonly { value: string; inList: boolean }[]): TableCategory[] {
  const question = survey.questions.find((q) => q.name === column.question);
  const choices = question && column.kind !== 'numeric' ? choicesOf(survey, question) : [];
  return categories.map(({ value, inList }) => {
    const choice = choices.find((ch) => ch.name === value);
    if (!choice && question?.orOther && value === OTHER_CHOICE) return { value, inList, label: OTHER_LABEL };
    return { value, inList, label: choice ? choice.label : column.kind === 'numeric' ? { vi: value, en: value } : {} };
  });
}

/**
 * Statistics of a number question. Counts (n, refused, not asked, unreadable, total; histogram bins) are
 * protected as one table: bins add up to n, and n, refused, not asked and unreadable to the total. The total is
 * every entry under the filter, the `filtered` count other views print: published, so hidden only below k. Below k
 * children no statistic is given; min and max are one child's value each, so they are given only when the bin
 * holding them is shown.
 */
export function numericView(db: Db, request: { surveyId: string; question: string; filter?: FilterConditionInput[]; minCell?: number }): AnalysisNumeric {
  const { survey, set } = analysisColumns(db, request.surveyId);
  const k = request.minCell ?? projectMinCell(db);
  const column = columnOf(set, request.question);
  if (column.kind !== 'numeric') throw new AppError('analysis.wrongKind', { detail: `${column.question}: ${column.kind}` });
  const mask = engine(() => filterMask(set, request.filter ?? [], column.repeat));
  const summary = numericSummary(column, mask);
  const bins = summary.histogram.counts;
  const values = [...bins, summary.n, summary.refused, summary.notAsked, summary.unreadable, summary.total];
  const rank = [...bins.map(() => 0), 1, 0, 0, 0, 2];
  const B = bins.length;
  const relations: Relation[] = [
    ...(B > 0 ? [{ parts: bins.map((_, i) => i), total: B }] : []),
    { parts: [B, B + 1, B + 2, B + 3], total: B + 4 },
  ];
  const published = values.map((_, e) => (e === B + 4 ? 1 : 0));
  const hidden = suppress({ values, rank, relations, published }, k);
  const note: ProtectionNote = { enabled: true, k, hidden: 0, primary: 0, complementary: 0, hiddenTotals: 0 };
  const count = (e: number): ProtectedCount => {
    const h = hidden[e]!;
    if (h === 0) return { count: values[e]!, suppressed: false, reason: null };
    return { count: null, suppressed: true, reason: h === COMPLEMENTARY ? 'complementary' : 'primary' };
  };
  hidden.forEach((h, e) => {
    if (h === 0) return;
    note.hidden++;
    if (h === COMPLEMENTARY) note.complementary++;
    else note.primary++;
    if (rank[e]! > 0) note.hiddenTotals++;
  });
  const enough = summary.n >= k && hidden[B] === 0;
  const edges = summary.histogram.edges;
  const binOf = (x: number) => {
    for (let i = 0; i < B; i++) if (x >= edges[i]! && x < edges[i + 1]!) return i;
    return B - 1;
  };
  const extreme = (x: number | null) => (enough && x !== null && hidden[binOf(x)] === 0 ? x : null);
  return {
    question: column.question,
    label: labelOf(survey, column.question),
    n: count(B),
    refused: count(B + 1),
    notAsked: count(B + 2),
    unreadable: count(B + 3),
    total: count(B + 4),
    mean: enough ? summary.mean : null,
    standardDeviation: enough ? summary.standardDeviation : null,
    min: extreme(summary.min),
    max: extreme(summary.max),
    q1: enough ? summary.q1 : null,
    median: enough ? summary.median : null,
    q3: enough ? summary.q3 : null,
    histogram: { rule: summary.histogram.rule, edges: enough ? edges : [], bins: enough ? bins.map((_, i) => count(i)) : [] },
    note,
  };
}
