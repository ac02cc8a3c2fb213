import type { AnalysisNumeric, AnalysisSpecInput, AnalysisTable, BucketInput } from '../../core/api/analysis';
import type { FilterConditionInput } from '../../core/analysis/filter';
import { likertKind } from '../../core/analysis/likert';
import { choicesOf, type Choice, type Question, type Survey } from '../../core/survey/model';
import { codesColumnName, codesLabel, isCodesName } from '../../core/coding/code-column';
import { send } from './api';
import { notices } from './notices.svelte';
import { DEFAULT_AGE_BUCKETS } from './analysis-format';
import { SavedAnalyses, type SpecHolder } from './saved-analyses.svelte';

export const NUMERIC_TYPES: readonly string[] = ['integer', 'decimal', 'range'];
export type ChartType = 'bar' | 'grouped' | 'stacked' | 'stacked100' | 'pie' | 'doughnut' | 'histogram' | 'likert';
export type PercentBy = 'column' | 'row';

/** The Results screen of one survey: the question, its disaggregation, the filter, the chart, and what the API returned. */
export class Analysis implements SpecHolder {
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
  /** How far a long rebuild of the survey's columns got (`task/progress` prepareAnalysis), while it runs. */
  preparing = $state.raw<{ done: number; total: number } | null>(null);
  /** The project's small-cell threshold k (`analysis/settings`), once read. */
  minCell = $state<number | null>(null);
  /** Numbers each request, so an answer that arrives after a newer request is dropped. */
  private requests = 0;
  /** The saved analyses and the working view, kept in the project file (saved-analyses.svelte.ts). */
  readonly saved = new SavedAnalyses(this);

  /**
   * The codes given to open questions' answers (coding screen), each as a multiple-choice question named
   * `why#codes` whose choices are the top-level themes: analysed, disaggregated and filtered like any other.
   */
  codes = $state.raw<{ question: Question; themes: Choice[] }[]>([]);
  analysable = $derived<Question[]>([
    ...(this.survey?.questions.filter((q) => q.type === 'select_one' || q.type === 'select_multiple' || NUMERIC_TYPES.includes(q.type)) ?? []),
    ...this.codes.map((c) => c.question),
  ]);
  current = $derived<Question | null>(this.analysable.find((q) => q.name === this.question) ?? null);
  /** Numeric questions in the table, which need number groups. */
  bucketed = $derived<Question[]>(
    [this.question, this.by, this.layer]
      .map((name) => this.analysable.find((q) => q.name === name))
      .filter((q): q is Question => q !== undefined && NUMERIC_TYPES.includes(q.type) && (q.name !== this.question || this.by !== null)),
  );
  isLikert = $derived(this.survey !== null && this.current !== null && !isCodesName(this.current.name) && likertKind(this.survey, this.current) !== null);
  /**
   * Ask for the Likert summary: for a scale marked as one, or any 3–7 point list shown as a diverging chart. Not
   * for every short list: the summary's sums are protected with the table and can hide more of it.
   */
  wantsLikert = $derived(this.isLikert && (this.chartType === 'likert' || (this.survey !== null && this.current !== null && likertKind(this.survey, this.current) === 'appearance')));
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
    this.minCell = notices.take(await send('analysis/settings', {}))?.minCell ?? null;
    await this.loadCodes();
    await this.restore();
    if (!this.current) this.question = this.analysable[0]?.name ?? null;
    if (this.by !== null && !this.analysable.some((q) => q.name === this.by)) this.by = null;
    if (this.layer !== null && (this.by === null || !this.analysable.some((q) => q.name === this.layer))) this.layer = null;
    await this.refresh();
  }

  /**
   * Open questions with coded answers become `why#codes` questions; their themes are read once per visit. Asked
   * theme by theme (a count over the few coded answers), not through coding/questions, which counts every answer.
   */
  private async loadCodes(): Promise<void> {
    const survey = this.survey;
    if (!survey) return;
    const open = survey.questions.filter((q) => q.type === 'text');
    const themesOf = await Promise.all(open.map(async (q) => notices.take(await send('coding/themes', { surveyId: this.surveyId, question: q.name })) ?? []));
    const codes: { question: Question; themes: Choice[] }[] = [];
    open.forEach((question, i) => {
      const themes = themesOf[i]!;
      if (!themes.some((t) => t.count > 0)) return;
      codes.push({
        question: { ...question, name: codesColumnName(question.name), type: 'select_multiple', label: codesLabel(question.label), listName: undefined },
        themes: themes.filter((t) => t.depth === 0).map((t) => ({ name: t.id, label: t.label })) as Choice[],
      });
    });
    this.codes = codes;
  }

  /** The working view as the project file keeps it (on this laptop or the one the file came from). */
  private async restore(): Promise<void> {
    const spec = await this.saved.load();
    if (spec) this.applySpec(spec);
  }

  /** What is shown, as a saved analysis keeps it; the number groups in use are written out, defaults included. */
  specOf(): AnalysisSpecInput | null {
    if (this.question === null) return null;
    const used = Object.fromEntries(this.bucketed.map((b) => [b.name, $state.snapshot(this.bucketsFor(b.name))]));
    return {
      question: this.question,
      by: this.by,
      layer: this.layer,
      buckets: { ...$state.snapshot(this.buckets), ...used },
      filter: $state.snapshot(this.filter),
      percentBy: this.percentBy,
      chartType: this.chartType,
    };
  }

  /** Shows a spec (a saved analysis, or the working view); the caller refreshes. */
  applySpec(spec: AnalysisSpecInput): void {
    // A question the survey no longer has (left empty by withoutMissing) gives way to the first one.
    this.question = spec.question || (this.analysable[0]?.name ?? null);
    this.by = spec.by ?? null;
    this.layer = spec.layer ?? null;
    this.buckets = spec.buckets ?? {};
    this.filter = spec.filter ?? [];
    this.percentBy = spec.percentBy === 'row' ? 'row' : 'column';
    this.chartType = spec.chartType ?? 'bar';
  }

  private save(): void {
    this.saved.viewChanged();
  }

  bucketsFor(name: string): BucketInput[] {
    return this.buckets[name] ?? DEFAULT_AGE_BUCKETS;
  }

  choicesOf(name: string): Choice[] {
    if (isCodesName(name)) return this.codes.find((c) => c.question.name === name)?.themes ?? [];
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

  /** Rows become columns: provinces read better down the page than across it. The percentages keep their meaning. */
  async swap(): Promise<void> {
    if (this.by === null || !this.question) return;
    [this.question, this.by] = [this.by, this.question];
    this.percentBy = this.percentBy === 'column' ? 'row' : 'column';
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
    const likertBefore = this.wantsLikert;
    this.chartType = value;
    this.save();
    // The summary comes with the table: ask again when the chart decides whether it is wanted.
    if (this.wantsLikert !== likertBefore) void this.refresh();
  }

  /** Sets the project's k, then shows the view protected by it; false when it was not saved (the banner says why). */
  async setMinCell(k: number): Promise<boolean> {
    const saved = notices.take(await send('analysis/settings', { minCell: k }));
    if (!saved) return false;
    this.minCell = saved.minCell;
    await this.refresh();
    return true;
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
              likert: this.wantsLikert,
            }),
        numeric ? send('analysis/numeric', { surveyId: this.surveyId, question: q.name, filter }) : Promise.resolve(null),
      ]);
      // A later request (another question, group or filter) may have been made while this one ran.
      if (request !== this.requests) return;
      this.table = table ? (notices.take(table) ?? null) : null;
      this.numeric = stats ? (notices.take(stats) ?? null) : null;
    } finally {
      if (request === this.requests) {
        this.loading = false;
        this.preparing = null;
      }
    }
  }
}
