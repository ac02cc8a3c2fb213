import type { AnalysisSpecInput, SavedAnalysis } from '../../core/api/analysis';
import { specKey, withoutMissing } from '../../core/analysis/saved-spec';
import type { Labels } from '../../core/survey/model';
import { send } from './api';
import { notices } from './notices.svelte';
import { locale } from './i18n.svelte';

/** How long the working view waits after the last change before it is written to the project file. */
export const VIEW_AUTOSAVE_MS = 400;

/** What the Results screen needs of its analysis state (renderer/lib/analysis.svelte.ts). */
export interface SpecHolder {
  readonly surveyId: string;
  /** The view as a spec, or null while no question is chosen. */
  specOf(): AnalysisSpecInput | null;
  /** Shows a spec (the caller has left out the questions the survey lacks). */
  applySpec(spec: AnalysisSpecInput): void;
  refresh(): Promise<void>;
}

export type ViewState = 'saved' | 'saving' | 'failed';

/**
 * The saved analyses of one survey and its working view, both in the project file: the list (open, save, save as,
 * rename, delete with undo, reorder), which one is open and whether the view differs from it, and the autosave of
 * the view (debounced) so that reopening the project, here or on another laptop, shows the screen as it was left.
 */
export class SavedAnalyses {
  list = $state.raw<SavedAnalysis[]>([]);
  /** The saved analysis shown (opened, or last saved as), null for none. */
  openId = $state<string | null>(null);
  viewState = $state<ViewState>('saved');
  /** The last deleted one, until undone or another is deleted. */
  deleted = $state.raw<SavedAnalysis | null>(null);
  /** Questions left out when a saved analysis (titled) or the last view (title null) was shown. */
  missing = $state.raw<{ title: string | null; questions: string[] } | null>(null);
  /** Bumped at every change of the view, so `dirty` follows it. */
  private changes = $state(0);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writtenKey: string | null = null;
  private writing: Promise<void> = Promise.resolve();

  open = $derived(this.list.find((s) => s.id === this.openId) ?? null);
  dirty = $derived.by(() => {
    void this.changes;
    const spec = this.holder.specOf();
    if (this.open === null || spec === null) return false;
    try {
      return specKey(spec) !== specKey(this.open.spec);
    } catch {
      return true;
    }
  });

  constructor(private readonly holder: SpecHolder) {}

  title(saved: { title: Labels }): string {
    return locale.label(saved.title);
  }

  /** The list and the working view; returns the view's spec (its missing questions left out) to show. */
  async load(): Promise<AnalysisSpecInput | null> {
    const surveyId = this.holder.surveyId;
    const [list, view] = await Promise.all([send('analysis/saved', { surveyId }), send('analysis/view', { surveyId })]);
    this.list = notices.take(list) ?? [];
    const current = notices.take(view);
    if (!current?.spec) return legacyView(surveyId);
    this.openId = current.savedId;
    this.writtenKey = writtenKey(current.spec, current.savedId);
    if (current.missing.length > 0) this.missing = { title: null, questions: current.missing };
    return withoutMissing(current.spec, current.missing);
  }

  /** Called after every change of the view: the list's "unsaved" mark follows, and the file is written soon. */
  viewChanged(): void {
    this.changes++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flushView(), VIEW_AUTOSAVE_MS);
  }

  /** Writes the working view now if it changed since last written (on leaving the screen, before a reload). */
  async flushView(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const spec = this.holder.specOf();
    if (spec === null) return;
    const key = writtenKey(spec, this.openId);
    if (key === this.writtenKey) return;
    this.viewState = 'saving';
    // One write at a time, in order: a slow write may not land after a newer one.
    this.writing = this.writing.then(async () => {
      const result = await send('analysis/view', { surveyId: this.holder.surveyId, view: { spec, savedId: this.openId } });
      this.viewState = result.ok ? 'saved' : 'failed';
      if (result.ok) this.writtenKey = key;
    });
    await this.writing;
  }

  /** Shows a saved analysis; questions the survey no longer has are left out, and named. */
  async show(id: string): Promise<void> {
    const saved = this.list.find((s) => s.id === id);
    if (!saved) return;
    this.openId = id;
    this.missing = saved.missing.length > 0 ? { title: this.title(saved), questions: saved.missing } : null;
    this.holder.applySpec(withoutMissing(saved.spec, saved.missing));
    await this.holder.refresh();
  }

  /** Saves the view into the open analysis. */
  async save(): Promise<boolean> {
    const spec = this.holder.specOf();
    if (!this.open || spec === null) return false;
    return this.store({ id: this.open.id, spec });
  }

  /** Saves the view as a new analysis, which becomes the open one. */
  async saveAs(title: Labels): Promise<boolean> {
    const spec = this.holder.specOf();
    if (spec === null) return false;
    return this.store({ title, spec });
  }

  async rename(id: string, title: Labels): Promise<boolean> {
    return this.store({ id, title: { vi: title.vi ?? '', en: title.en ?? '' } }, false);
  }

  private async store(input: { id?: string; title?: Labels; spec?: AnalysisSpecInput }, opens = true): Promise<boolean> {
    const saved = notices.take(await send('analysis/save', { surveyId: this.holder.surveyId, ...input }));
    if (!saved) return false;
    const at = this.list.findIndex((s) => s.id === saved.id);
    this.list = at < 0 ? [...this.list, saved] : this.list.map((s) => (s.id === saved.id ? saved : s));
    if (opens) {
      this.openId = saved.id;
      this.missing = null;
      this.viewChanged();
    }
    return true;
  }

  async remove(id: string): Promise<void> {
    const gone = this.list.find((s) => s.id === id) ?? null;
    const list = notices.take(await send('analysis/deleteSaved', { id }));
    if (!list) return;
    this.list = list;
    this.deleted = gone;
    if (this.openId === id) {
      this.openId = null;
      this.viewChanged();
    }
  }

  async undoDelete(): Promise<void> {
    const gone = this.deleted;
    if (!gone) return;
    const list = notices.take(await send('analysis/deleteSaved', { id: gone.id, restore: true }));
    if (!list) return;
    this.list = list;
    this.deleted = null;
  }

  /** Moves one up (-1) or down (+1) the list. */
  async move(id: string, step: -1 | 1): Promise<void> {
    const from = this.list.findIndex((s) => s.id === id);
    const to = from + step;
    if (from < 0 || to < 0 || to >= this.list.length) return;
    const list = notices.take(await send('analysis/moveSaved', { id, position: to }));
    if (list) this.list = list;
  }
}

/** What was last written of the view, to write only what changed (opening the screen writes nothing). */
function writtenKey(spec: AnalysisSpecInput, savedId: string | null): string {
  return `${specKey(spec)}|${savedId ?? ''}`;
}

/** A view an older version of the app kept in this browser (localStorage), taken once into the project file. */
function legacyView(surveyId: string): AnalysisSpecInput | null {
  const key = `tiengnoi.results.${surveyId}`;
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (!raw) return null;
    globalThis.localStorage?.removeItem(key);
    const old = JSON.parse(raw) as Partial<AnalysisSpecInput>;
    if (typeof old.question !== 'string') return null;
    return { ...old, question: old.question, filter: Array.isArray(old.filter) ? old.filter : [] };
  } catch {
    // A damaged entry is forgotten, not fatal.
    return null;
  }
}
