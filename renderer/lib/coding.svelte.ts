import { SvelteSet } from 'svelte/reactivity';
import type { AnalysisTable } from '../../core/api/analysis';
import type { AnswerRef, CodingAnswer, CodingQuote, CodingTheme, OpenQuestion } from '../../core/api/coding';
import { canBeAttribute } from '../../core/coding/attributes';
import type { Labels, Question, Survey } from '../../core/survey/model';
import { send } from './api';
import { notices } from './notices.svelte';
import { answerId, applyChange, inverseChange, rangeBetween, step, toggleChange, UndoStack, type CodingChange } from './coding-actions';
import { isInside, themeKeys, type MoveArgs } from './coding-tree';

export const PAGE_SIZE = 50;
/** How many attributes a quote may show (the API's limit). */
const MAX_ATTRIBUTES = 10;
const storageKey = (surveyId: string) => `tiengnoi.coding.${surveyId}`;

/** What a reload keeps (localStorage, per survey): the question being coded and the attributes last chosen for quotes. */
interface Saved {
  question: string | null;
  attributes: string[];
}

/** The last thing done, for the status line (and its undo). */
export interface CodingNotice {
  kind: 'assign' | 'unassign' | 'undo' | 'moveUndone';
  themeIds: string[];
  count: number;
}

/**
 * The coding screen of one survey: the open question being coded, its codebook, the page of answers with the
 * current and selected ones, the starred quotes, and the codes table. Every change is one API call (saved at once);
 * assignments can be undone.
 */
export class CodingDesk {
  survey = $state.raw<Survey | null>(null);
  questions = $state.raw<OpenQuestion[]>([]);
  question = $state<string | null>(null);
  themes = $state.raw<CodingTheme[]>([]);
  answers = $state.raw<CodingAnswer[]>([]);
  total = $state(0);
  offset = $state(0);
  /** The offset of the page shown: `offset` moves when a page is asked for, this once it has come. */
  shownOffset = $state(0);
  search = $state('');
  uncoded = $state(false);
  themeFilter = $state<string | null>(null);
  /** The answer the keys act on, as an index into `answers`. */
  current = $state(0);
  /** Answers chosen with Space or Shift+click; themes go to all of them. */
  selected = new SvelteSet<string>();
  quotes = $state.raw<CodingQuote[]>([]);
  /** The attributes ticked for a new quote: the last ones chosen. */
  quoteAttributes = $state<string[]>([]);
  table = $state.raw<AnalysisTable | null>(null);
  tableLevel = $state<'top' | 'all'>('top');
  tableBy = $state<string | null>(null);
  notice = $state.raw<CodingNotice | null>(null);
  loading = $state(false);
  undoable = $state(0);

  private undoStack = new UndoStack();
  private anchor: number | null = null;
  private answerRequests = 0;
  private tableRequests = 0;

  openQuestion = $derived<OpenQuestion | null>(this.questions.find((q) => q.name === this.question) ?? null);
  keys = $derived(themeKeys(this.themes));
  currentAnswer = $derived<CodingAnswer | null>(this.answers[this.current] ?? null);
  /** Questions whose answers can stand beside a quote: single choice and numbers, never identifying ones. */
  attributeQuestions = $derived<Question[]>(this.survey?.questions.filter((q) => canBeAttribute(q)) ?? []);
  /** Questions the codes table can be broken down by. */
  byQuestions = $derived<Question[]>(
    this.survey?.questions.filter((q) => !q.identifying && (q.type === 'select_one' || q.type === 'select_multiple')) ?? [],
  );
  /** Rebuilt whole whenever the quotes change, never mutated: a plain Map is enough. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  quoteByAnswer = $derived(new Map(this.quotes.map((q) => [answerId(q), q])));
  /** The project's small-cell threshold, as the codes table reports it (5 until the table has loaded). */
  k = $derived(this.table?.note.k ?? 5);

  constructor(readonly surveyId: string) {}

  async load(): Promise<void> {
    const [survey, questions] = await Promise.all([send('survey/get', { surveyId: this.surveyId }), send('coding/questions', { surveyId: this.surveyId })]);
    this.survey = notices.take(survey) ?? null;
    this.questions = notices.take(questions) ?? [];
    const saved = this.restore();
    this.quoteAttributes = saved.attributes.filter((name) => this.attributeQuestions.some((q) => q.name === name));
    if (saved.attributes.length === 0) this.quoteAttributes = this.defaultAttributes();
    const first = this.questions.find((q) => q.name === saved.question) ?? this.questions.find((q) => q.answers > 0) ?? this.questions[0];
    if (first) await this.setQuestion(first.name);
  }

  /** Sex, age and province when the survey has them ("em gái, 14 tuổi, Lào Cai"), else nothing ticked. */
  private defaultAttributes(): string[] {
    const wanted = ['sex', 'age', 'province'];
    return wanted.filter((name) => this.attributeQuestions.some((q) => q.name === name));
  }

  private restore(): Saved {
    try {
      const raw = globalThis.localStorage?.getItem(storageKey(this.surveyId));
      const saved = raw ? (JSON.parse(raw) as Partial<Saved>) : {};
      return { question: typeof saved.question === 'string' ? saved.question : null, attributes: Array.isArray(saved.attributes) ? saved.attributes.filter((a) => typeof a === 'string') : [] };
    } catch {
      // A damaged entry is forgotten, not fatal.
      return { question: null, attributes: [] };
    }
  }

  private save(): void {
    const saved: Saved = { question: this.question, attributes: $state.snapshot(this.quoteAttributes) };
    globalThis.localStorage?.setItem(storageKey(this.surveyId), JSON.stringify(saved));
  }

  async setQuestion(name: string): Promise<void> {
    this.question = name;
    this.search = '';
    this.uncoded = false;
    this.themeFilter = null;
    this.offset = 0;
    this.current = 0;
    this.selected.clear();
    this.undoStack.clear();
    this.undoable = 0;
    this.notice = null;
    this.save();
    await Promise.all([this.loadThemes(), this.loadAnswers(), this.loadQuotes(), this.loadTable()]);
  }

  /** The page of answers for the search and filters as they are now. */
  async loadAnswers(): Promise<void> {
    if (!this.question) return;
    const request = ++this.answerRequests;
    const offset = this.offset;
    this.loading = true;
    try {
      const result = await send('coding/answers', {
        surveyId: this.surveyId,
        question: this.question,
        search: this.search.trim() || undefined,
        uncoded: this.uncoded || undefined,
        themeId: this.themeFilter ?? undefined,
        offset,
        limit: PAGE_SIZE,
      });
      // A later search or page may have been asked for while this one ran.
      if (request !== this.answerRequests) return;
      const page = notices.take(result);
      if (!page) return;
      this.answers = page.answers;
      this.shownOffset = offset;
      this.total = page.total;
      this.current = step(this.current, 0, page.answers.length);
      // A local look-up, not state.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const onPage = new Set(page.answers.map(answerId));
      for (const id of [...this.selected]) if (!onPage.has(id)) this.selected.delete(id);
    } finally {
      if (request === this.answerRequests) this.loading = false;
    }
  }

  async loadThemes(): Promise<void> {
    if (!this.question) return;
    const themes = notices.take(await send('coding/themes', { surveyId: this.surveyId, question: this.question }));
    if (themes) this.themes = themes;
    if (this.themeFilter && !this.themes.some((t) => t.id === this.themeFilter)) this.themeFilter = null;
  }

  async loadCounts(): Promise<void> {
    const questions = notices.take(await send('coding/questions', { surveyId: this.surveyId }));
    if (questions) this.questions = questions;
  }

  async loadQuotes(): Promise<void> {
    if (!this.question) return;
    const quotes = notices.take(await send('coding/quotes', { surveyId: this.surveyId, question: this.question }));
    if (quotes) this.quotes = quotes;
  }

  async loadTable(): Promise<void> {
    if (!this.question) return;
    const request = ++this.tableRequests;
    const result = await send('coding/table', { surveyId: this.surveyId, question: this.question, level: this.tableLevel, by: this.tableBy });
    if (request !== this.tableRequests) return;
    this.table = notices.take(result) ?? null;
  }

  /** After any change of codes: the counts beside themes and questions, and the table. */
  private async refreshCounts(): Promise<void> {
    await Promise.all([this.loadThemes(), this.loadCounts(), this.loadTable()]);
  }

  async setSearch(text: string): Promise<void> {
    this.search = text;
    this.offset = 0;
    this.current = 0;
    await this.loadAnswers();
  }

  async setUncoded(on: boolean): Promise<void> {
    this.uncoded = on;
    if (on) this.themeFilter = null;
    this.offset = 0;
    this.current = 0;
    await this.loadAnswers();
  }

  async setThemeFilter(themeId: string | null): Promise<void> {
    this.themeFilter = themeId;
    if (themeId) this.uncoded = false;
    this.offset = 0;
    this.current = 0;
    await this.loadAnswers();
  }

  async setTable(level: 'top' | 'all', by: string | null): Promise<void> {
    this.tableLevel = level;
    this.tableBy = by;
    await this.loadTable();
  }

  hasNextPage = $derived(this.offset + this.answers.length < this.total);
  hasPreviousPage = $derived(this.offset > 0);

  async nextPage(): Promise<void> {
    if (!this.hasNextPage) return;
    // Answers that left the filtered list while on this page would otherwise make the next page skip as many.
    this.offset += PAGE_SIZE - this.answersGone();
    this.current = 0;
    await this.loadAnswers();
  }

  async previousPage(atEnd = false): Promise<void> {
    if (!this.hasPreviousPage) return;
    const from = this.offset;
    this.offset = Math.max(0, from - PAGE_SIZE);
    // At the end: the answer just before the page left (not always the 50th: a page may start anywhere).
    this.current = atEnd ? from - this.offset - 1 : 0;
    await this.loadAnswers();
  }

  /**
   * Answers on this page that the filter no longer matches: coded under "uncoded only", or their theme taken off
   * under a theme filter. The page keeps showing them (see `apply`), but the list the API pages through has lost them.
   */
  private answersGone(): number {
    const filter = this.themeFilter;
    if (this.uncoded) return this.answers.filter((a) => a.themeIds.length > 0).length;
    if (filter) return this.answers.filter((a) => !a.themeIds.some((id) => isInside(this.themes, id, filter))).length;
    return 0;
  }

  /** The next or previous answer; past the end of a page, the next page. Returns whether the page changed. */
  async move(delta: 1 | -1): Promise<boolean> {
    const target = this.current + delta;
    if (target >= this.answers.length && this.hasNextPage) {
      await this.nextPage();
      return true;
    }
    if (target < 0 && this.hasPreviousPage) {
      await this.previousPage(true);
      return true;
    }
    this.current = step(this.current, delta, this.answers.length);
    this.anchor = null;
    return false;
  }

  /** A click on an answer: it becomes the current one; with Shift, the answers from the last one clicked are selected too. */
  pick(index: number, extend = false): void {
    if (extend) {
      const from = this.anchor ?? this.current;
      for (const a of rangeBetween(this.answers, from, index)) this.selected.add(answerId(a));
    } else {
      this.anchor = index;
    }
    this.current = step(index, 0, this.answers.length);
  }

  /** Space: adds the current answer to the selection, or takes it out. */
  toggleSelected(index = this.current): void {
    const answer = this.answers[index];
    if (!answer) return;
    const id = answerId(answer);
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
    this.anchor = index;
  }

  clearSelection(): void {
    this.selected.clear();
  }

  /** The answers a theme goes to: the selected ones when there are any, else the current one. */
  targets(): CodingAnswer[] {
    if (this.selected.size > 0) return this.answers.filter((a) => this.selected.has(answerId(a)));
    return this.currentAnswer ? [this.currentAnswer] : [];
  }

  /** The theme numbered so in the codebook (1–9), if there is one. */
  themeByKey(number: number): CodingTheme | undefined {
    return this.themes.find((t) => this.keys.get(t.id) === number);
  }

  /** Gives the theme to the target answers, or takes it off when they all have it. */
  async toggleTheme(themeId: string): Promise<void> {
    const change = toggleChange(this.targets(), themeId);
    if (!change) return;
    if (await this.apply(change)) {
      this.undoStack.push(change);
      this.undoable = this.undoStack.size;
      this.notice = { kind: change.kind, themeIds: change.themeIds, count: change.answers.length };
    }
  }

  /** The × on a theme chip: takes that theme off that one answer. */
  async removeTheme(answer: AnswerRef, themeId: string): Promise<void> {
    const change: CodingChange = { kind: 'unassign', themeIds: [themeId], answers: [{ responseId: answer.responseId, key: answer.key }] };
    if (await this.apply(change)) {
      this.undoStack.push(change);
      this.undoable = this.undoStack.size;
      this.notice = { kind: 'unassign', themeIds: [themeId], count: 1 };
    }
  }

  /** Undoes the last assignment, removal or move of a theme (Ctrl+Z). */
  async undo(): Promise<void> {
    const last = this.undoStack.pop();
    this.undoable = this.undoStack.size;
    if (!last) return;
    if (last.kind === 'move') {
      if (await this.sendMove({ themeId: last.themeId, ...last.from })) this.notice = { kind: 'moveUndone', themeIds: [last.themeId], count: 0 };
    } else if (await this.apply(inverseChange(last))) {
      this.notice = { kind: 'undo', themeIds: last.themeIds, count: last.answers.length };
    }
  }

  private async apply(change: CodingChange): Promise<boolean> {
    if (!this.question) return false;
    const input = { surveyId: this.surveyId, question: this.question, themeIds: change.themeIds, answers: change.answers };
    const done = change.kind === 'assign' ? notices.take(await send('coding/assign', input)) : notices.take(await send('coding/unassign', input));
    if (done === undefined) return false;
    // The page keeps its answers (an answer coded under "uncoded only" stays until the next search or page),
    // so the current answer does not jump away under the facilitator's eyes.
    this.answers = applyChange(this.answers, change);
    void this.refreshCounts();
    return true;
  }

  async createTheme(label: Labels, shared: boolean, parentId: string | null): Promise<CodingTheme | null> {
    if (!this.question) return null;
    const parent = parentId ? this.themes.find((t) => t.id === parentId) : undefined;
    // A sub-theme lives in its parent's codebook.
    const question = parent ? parent.question : shared ? null : this.question;
    const theme = notices.take(await send('coding/createTheme', { surveyId: this.surveyId, question, label, parentId }));
    await this.loadThemes();
    return theme ?? null;
  }

  async renameTheme(themeId: string, label: Labels): Promise<boolean> {
    const theme = notices.take(await send('coding/renameTheme', { themeId, label }));
    await this.loadThemes();
    if (theme) void this.loadTable();
    return theme !== undefined;
  }

  /** Moves a theme in the codebook; Ctrl+Z puts it back. */
  async moveTheme(args: MoveArgs | null): Promise<void> {
    const theme = args && this.themeById(args.themeId);
    if (!args || !theme) return;
    const from = { parentId: theme.parentId, position: theme.position };
    if (await this.sendMove(args)) {
      this.undoStack.push({ kind: 'move', themeId: args.themeId, from });
      this.undoable = this.undoStack.size;
    }
  }

  private async sendMove(args: MoveArgs): Promise<boolean> {
    const moved = notices.take(await send('coding/moveTheme', args));
    await this.loadThemes();
    void this.loadTable();
    return moved !== undefined;
  }

  async deleteTheme(themeId: string, reassignTo: string | null): Promise<boolean> {
    const result = notices.take(await send('coding/deleteTheme', { themeId, reassignTo: reassignTo ?? undefined }));
    if (!result) return false;
    // Assignments changed under the undo stack's feet: undoing an old one could bring a deleted theme back.
    this.undoStack.clear();
    this.undoable = 0;
    if (this.themeFilter === themeId) this.themeFilter = null;
    await Promise.all([this.loadThemes(), this.loadAnswers(), this.loadCounts(), this.loadTable(), this.loadQuotes()]);
    return true;
  }

  /** Stars an answer as a quote with the attributes last chosen; returns the quote. */
  async star(answer: CodingAnswer): Promise<CodingQuote | null> {
    return this.saveQuote(answer, this.quoteAttributes, this.quoteByAnswer.get(answerId(answer))?.excerpt ?? null);
  }

  async saveQuote(answer: AnswerRef, attributes: string[], excerpt: string | null): Promise<CodingQuote | null> {
    const chosen = attributes.slice(0, MAX_ATTRIBUTES);
    const quote = notices.take(await send('coding/star', { responseId: answer.responseId, key: answer.key, attributes: chosen, excerpt }));
    if (!quote) return null;
    this.quoteAttributes = chosen;
    this.save();
    const id = answerId(quote);
    this.quotes = this.quoteByAnswer.has(id) ? this.quotes.map((q) => (answerId(q) === id ? quote : q)) : [...this.quotes, quote];
    this.answers = this.answers.map((a) => (answerId(a) === id ? { ...a, starred: true } : a));
    void this.loadCounts();
    return quote;
  }

  async unstar(answer: AnswerRef): Promise<void> {
    if (notices.take(await send('coding/unstar', { responseId: answer.responseId, key: answer.key })) === undefined) return;
    const id = answerId(answer);
    this.quotes = this.quotes.filter((q) => answerId(q) !== id);
    this.answers = this.answers.map((a) => (answerId(a) === id ? { ...a, starred: false } : a));
    void this.loadCounts();
  }

  /** The privacy check of an excerpt being edited. */
  async checkText(text: string) {
    return notices.take(await send('coding/checkText', { text }));
  }

  themeById(id: string): CodingTheme | undefined {
    return this.themes.find((t) => t.id === id);
  }
}
