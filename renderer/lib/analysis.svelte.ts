import type { AnalysisNumeric, AnalysisTable, BucketInput } from '../../core/api/analysis';
import type { FilterConditionInput } from '../../core/analysis/filter';
import { likertKind } from '../../core/analysis/likert';
import { choicesOf, type Question, type Survey } from '../../core/survey/model';
import { send } from './api';
import { notices } from './notices.svelte';
import { DEFAULT_AGE_BUCKETS } from './analysis-format';

export const NUMERIC_TYPES: readonly string[] = ['integer', 'decimal', 'range'];
export type ChartType = 'bar' | 'grouped' | 'stacked' | 'stacked100' | 'pie' | 'doughnut' | 'histogram' | 'likert';
export type PercentBy = 'column' | 'row';

/** What a reload keeps (localStorage, per survey). Saving it in the project file needs an API that does not exist yet. */
interface Saved {
  question: string | null;
  by: string | null;
  layer: string | null;
  buckets: Record<string, BucketInput[]>;
  filter: FilterConditionInput[];
  percentBy: PercentBy;
  chartType: ChartType;
}

const storageKey = (surveyId: string) => `tiengnoi.results.${surveyId}`;

/** The Results screen of one survey: the question, its disaggregation, the filter, the chart, and what the API returned. */
export class Analysis {
  survey = $state.raw<Survey | null>(null);
  question = $state<string | null>(null);
  by = $state<string | null>(null);
  layer = $state<string | null>(null);
  buckets = $state<Record<string, BucketInput[]>>({});
  filter = $state<FilterConditionInput[]>([]);
  percentBy = $state<PercentBy>('column');
  chartType = $state<ChartType>('bar');
  table = $state.raw<AnalysisTable | null>(null);
  numeric = $state.raw<AnalysisNumeric | null>(null);
  loading = $state(false);
  /** Numbers each request, so an answer that arrives after a newer request is dropped. */
  private requests = 0;

  analysable = $derived<Question[]>(
    this.survey?.questions.filter((q) => q.type === 'select_one' || q.type === 'select_multiple' || NUMERIC_TYPES.includes(q.type)) ?? [],
  );
  current = $derived<Question | null>(this.analysable.find((q) => q.name === this.question) ?? null);
  /** Numeric questions in the table, which need number groups. */
  bucketed = $derived<Question[]>(
    [this.question, this.by, this.layer]
      .map((name) => this.analysable.find((q) => q.name === name))
      .filter((q): q is Question => q !== undefined && NUMERIC_TYPES.includes(q.type) && (q.name !== this.question || this.by !== null)),
  );
  isLikert = $derived(this.survey !== null && this.current !== null && likertKind(this.survey, this.current) !== null);
  /** Chart types that make sense for what is shown. */
  chartTypes = $derived<ChartType[]>(this.availableCharts());

  constructor(readonly surveyId: string) {}

  private availableCharts(): ChartType[] {
    const q = this.current;
    if (!q) return [];
    if (NUMERIC_TYPES.includes(q.type) && this.by === null) return ['histogram'];
    const likert: ChartType[] = this.isLikert ? ['likert'] : [];
    if (this.by === null) return ['bar', 'stacked', 'stacked100', ...(q.type === 'select_one' ? (['pie', 'doughnut'] as ChartType[]) : []), ...likert];
    return ['grouped', 'stacked', 'stacked100', 'bar', ...likert];
  }

  async load(): Promise<void> {
    this.survey = notices.take(await send('survey/get', { surveyId: this.surveyId })) ?? null;
    this.restore();
    if (!this.current) this.question = this.analysable[0]?.name ?? null;
    if (this.by !== null && !this.analysable.some((q) => q.name === this.by)) this.by = null;
    if (this.layer !== null && (this.by === null || !this.analysable.some((q) => q.name === this.layer))) this.layer = null;
    await this.refresh();
  }

  private restore(): void {
    try {
      const raw = globalThis.localStorage?.getItem(storageKey(this.surveyId));
      if (!raw) return;
      const saved = JSON.parse(raw) as Partial<Saved>;
      this.question = saved.question ?? null;
      this.by = saved.by ?? null;
      this.layer = saved.layer ?? null;
      this.buckets = saved.buckets ?? {};
      this.filter = Array.isArray(saved.filter) ? saved.filter : [];
      this.percentBy = saved.percentBy === 'row' ? 'row' : 'column';
      this.chartType = saved.chartType ?? 'bar';
    } catch {
      // A damaged entry is forgotten, not fatal.
    }
  }

  private save(): void {
    const saved: Saved = {
      question: this.question,
      by: this.by,
      layer: this.layer,
      buckets: $state.snapshot(this.buckets),
      filter: $state.snapshot(this.filter),
      percentBy: this.percentBy,
      chartType: this.chartType,
    };
    globalThis.localStorage?.setItem(storageKey(this.surveyId), JSON.stringify(saved));
  }

  bucketsFor(name: string): BucketInput[] {
    return this.buckets[name] ?? DEFAULT_AGE_BUCKETS;
  }

  choicesOf(name: string) {
    const q = this.analysable.find((x) => x.name === name);
    return this.survey && q ? choicesOf(this.survey, q) : [];
  }

  labelOf(name: string) {
    return this.analysable.find((q) => q.name === name)?.label ?? { vi: name, en: name };
  }

  async setQuestion(name: string): Promise<void> {
    this.question = name;
    if (this.by === name) this.by = null;
    if (this.layer === name || this.by === null) this.layer = null;
    await this.refresh();
  }

  async setBy(name: string | null): Promise<void> {
    this.by = name;
    if (name === null || this.layer === name) this.layer = null;
    await this.refresh();
  }

  async setLayer(name: string | null): Promise<void> {
    this.layer = name;
    await this.refresh();
  }

  async setBuckets(name: string, buckets: BucketInput[]): Promise<void> {
    this.buckets = { ...this.buckets, [name]: buckets };
    await this.refresh();
  }

  async addCondition(condition: FilterConditionInput): Promise<void> {
    this.filter = [...this.filter, condition];
    await this.refresh();
  }

  async removeCondition(index: number): Promise<void> {
    this.filter = this.filter.filter((_, i) => i !== index);
    await this.refresh();
  }

  async clearFilter(): Promise<void> {
    this.filter = [];
    await this.refresh();
  }

  setPercentBy(value: PercentBy): void {
    this.percentBy = value;
    this.save();
  }

  setChartType(value: ChartType): void {
    this.chartType = value;
    this.save();
  }

  /** Asks the API again for what is shown (after any change, or when answers change elsewhere). */
  async refresh(): Promise<void> {
    const q = this.current;
    if (!this.chartTypes.includes(this.chartType)) this.chartType = this.chartTypes[0] ?? 'bar';
    this.save();
    if (!q) return;
    this.loading = true;
    const request = ++this.requests;
    const filter = $state.snapshot(this.filter);
    const numeric = NUMERIC_TYPES.includes(q.type);
    try {
      const [table, stats] = await Promise.all([
        numeric && this.by === null
          ? Promise.resolve(null)
          : send('analysis/table', {
              surveyId: this.surveyId,
              question: q.name,
              by: this.by,
              layer: this.layer,
              buckets: Object.fromEntries(this.bucketed.map((b) => [b.name, $state.snapshot(this.bucketsFor(b.name))])),
              filter,
            }),
        numeric ? send('analysis/numeric', { surveyId: this.surveyId, question: q.name, filter }) : Promise.resolve(null),
      ]);
      // A later request (another question, group or filter) may have been made while this one ran.
      if (request !== this.requests) return;
      this.table = table ? (notices.take(table) ?? null) : null;
      this.numeric = stats ? (notices.take(stats) ?? null) : null;
    } finally {
      if (request === this.requests) this.loading = false;
    }
  }
}
