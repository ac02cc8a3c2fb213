import type { ApiErrorValue } from '../../core/errors';
import type { HistoryEntry, ResponseSearch, ResponseView } from '../../core/api/responses';
import { translate, type Lang } from '../../core/i18n/messages';
import type { Labels } from '../../core/survey/model';
import { send } from './api';
import { notices } from './notices.svelte';
import { dayEnd, dayStart } from './response-view';

/** The status filter of the list: every response not deleted, one status, or the deleted ones. */
export type StatusFilter = '' | 'complete' | 'draft' | 'deleted';

/** Rows asked for at once; "show more" asks for as many again. */
export const PAGE_SIZE = 100;
const SEARCH_DELAY_MS = 200;
const SLOW_SEARCH_MS = 300;

/** The responses screen of one survey: search and filters, the list, and the response opened from it. */
export class ResponseReview {
  title = $state.raw<Labels | null>(null);
  query = $state('');
  status = $state<StatusFilter>('');
  from = $state('');
  to = $state('');
  device = $state('');

  result = $state.raw<ResponseSearch | null>(null);
  limit = $state(PAGE_SIZE);
  rows = $derived(this.result?.rows ?? []);
  filtered = $derived(Boolean(this.query.trim() || this.from || this.to || this.device));

  /** A search is on its way (the first one on a large survey can take seconds). */
  searching = $state(false);
  /** How far the search index's first build got, while a search waits for it (`task/progress` prepareSearch). */
  indexing = $state.raw<{ done: number; total: number } | null>(null);
  view = $state.raw<ResponseView | null>(null);
  history = $state.raw<HistoryEntry[]>([]);
  /** The last thing done ("Response 3 deleted."), announced politely. */
  announcement = $state('');

  private searchSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The filters of the last search sent: new filters list from the top again. */
  private lastFilters = '';

  constructor(readonly surveyId: string) {}

  async load(): Promise<void> {
    const survey = notices.take(await send('survey/get', { surveyId: this.surveyId }));
    this.title = survey?.title ?? null;
    await this.search();
  }

  /** While typing: search once the typing pauses. */
  searchSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), SEARCH_DELAY_MS);
  }

  async search(): Promise<void> {
    clearTimeout(this.timer);
    const seq = ++this.searchSeq;
    const filters = {
      ...(this.query.trim() ? { query: this.query.trim() } : {}),
      ...(this.status === 'deleted' ? { deleted: true } : this.status ? { status: this.status } : {}),
      ...(this.from ? { from: dayStart(this.from) } : {}),
      ...(this.to ? { to: dayEnd(this.to) } : {}),
      ...(this.device ? { device: this.device } : {}),
    };
    const key = JSON.stringify(filters);
    if (key !== this.lastFilters) this.limit = PAGE_SIZE;
    this.lastFilters = key;
    // Said only when it takes long enough to notice, so that quick ones do not flicker.
    const slow = setTimeout(() => (this.searching = true), SLOW_SEARCH_MS);
    const result = await send('response/search', { surveyId: this.surveyId, ...filters, limit: this.limit });
    clearTimeout(slow);
    if (seq !== this.searchSeq) return; // a later search has been sent since
    this.searching = false;
    this.indexing = null;
    const value = notices.take(result);
    if (!value) return;
    this.result = value;
  }

  async clearFilters(): Promise<void> {
    this.query = '';
    this.status = '';
    this.from = '';
    this.to = '';
    this.device = '';
    await this.search();
  }

  async showMore(): Promise<void> {
    this.limit += PAGE_SIZE;
    await this.search();
  }

  async open(responseId: string): Promise<boolean> {
    if (this.view?.response.id !== responseId) this.announcement = '';
    const [view, history] = await Promise.all([send('response/view', { responseId }), send('response/history', { responseId })]);
    const opened = notices.take(view);
    if (!opened) return false;
    this.view = opened;
    this.history = notices.take(history) ?? [];
    return true;
  }

  close(): void {
    this.view = null;
    this.history = [];
  }

  get editable(): boolean {
    return this.view?.response.status === 'complete' && !this.view.response.deletedAt;
  }

  /** Saves a corrected answer; returns the error to show next to the field, or whether anything changed. */
  async edit(key: string, value: string | null, reason: string): Promise<{ changed: boolean } | { error: ApiErrorValue }> {
    const view = this.view;
    if (!view) return { changed: false };
    const result = await send('response/edit', {
      responseId: view.response.id,
      question: key,
      value: value === '' ? null : value,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
    if (!result.ok) return { error: result.error };
    if (result.value.changed) await Promise.all([this.open(view.response.id), this.search()]);
    return { changed: result.value.changed };
  }

  async remove(reason: string, lang: Lang): Promise<boolean> {
    const view = this.view;
    if (!view) return false;
    const done = notices.take(await send('response/delete', { responseId: view.response.id, reason }));
    if (!done) return false;
    await Promise.all([this.open(view.response.id), this.search()]);
    this.announcement = translate(lang, 'responses.deleted', { number: view.response.number });
    return true;
  }

  async restore(lang: Lang): Promise<boolean> {
    const view = this.view;
    if (!view) return false;
    const done = notices.take(await send('response/restore', { responseId: view.response.id }));
    if (!done) return false;
    await Promise.all([this.open(view.response.id), this.search()]);
    this.announcement = translate(lang, 'responses.restored', { number: view.response.number });
    return true;
  }

  /** Another window entered or changed answers: refresh the list and the open response. */
  async refresh(): Promise<void> {
    await Promise.all([this.search(), this.view ? this.open(this.view.response.id) : Promise.resolve(true)]);
  }
}
