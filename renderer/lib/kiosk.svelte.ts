import type { Lang } from '../../core/i18n/messages';
import { childScreens, shownRows, type Page } from '../../core/survey/runtime';
import { ResponseEntry } from './response-entry.svelte';
import { hashPin } from './kiosk-lock';

export type KioskScreen = 'start' | 'questions' | 'end';

/** After this long without a touch, the kiosk goes back to its start screen (the answers stay as a draft). */
export const IDLE_MS = 3 * 60_000;

/**
 * Children answer on the laptop one after another: a neutral start screen, one screen a question (groups shown
 * together), every answer saved as it is given, "I'd rather not say" kept as a refusal, a thank-you screen,
 * then the next child sees nothing of the previous one's answers. Leaving needs the facilitator's PIN.
 */
export class KioskSession {
  readonly entry: ResponseEntry;
  screen = $state<KioskScreen>('start');
  lang = $state<Lang>('vi');
  step = $state(0);
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pinHash: string;

  constructor(surveyId: string, pinHash: string) {
    this.entry = new ResponseEntry(surveyId);
    this.pinHash = pinHash;
  }

  pages = $derived.by((): Page[] => {
    const survey = this.entry.survey;
    const run = this.entry.run;
    if (!survey || !run) return [];
    return childScreens(survey, run);
  });
  page = $derived.by(() => this.pages[this.step]);
  hasSensitive = $derived.by(() => this.entry.run?.rows.some((row) => row.relevant && row.question.sensitive) ?? false);

  load(): Promise<void> {
    return this.entry.load();
  }

  async begin(lang: Lang): Promise<void> {
    this.lang = lang;
    await this.entry.start();
    this.step = 0;
    this.screen = 'questions';
    this.touch();
  }

  next(): void {
    this.touch();
    if (this.step + 1 < this.pages.length) this.step += 1;
    else void this.finish();
  }

  back(): void {
    this.touch();
    this.step = Math.max(0, this.step - 1);
  }

  /** "I'd rather not say" for everything on the screen, then on. */
  async skip(): Promise<void> {
    const page = this.page;
    if (page) for (const row of shownRows(page)) if (row.question.type !== 'note') await this.entry.refuse(row.key);
    this.next();
  }

  answer(key: string, value: string | null): void {
    this.touch();
    void this.entry.answer(key, value);
  }

  type(key: string, value: string): void {
    this.touch();
    this.entry.type(key, value);
  }

  /** Another sibling: its screens take the place of "add another", so the step stays. */
  addInstance(key: string, count: number): void {
    this.touch();
    void this.entry.answer(key, String(count));
  }

  private async finish(): Promise<void> {
    // Required questions the child skipped past are not forced: children may always skip (recorded as refusals).
    for (const key of this.entry.run ? this.requiredUnanswered() : []) await this.entry.refuse(key);
    if (await this.entry.complete()) this.screen = 'end';
  }

  private requiredUnanswered(): string[] {
    return (this.entry.run?.rows ?? [])
      .filter((row) => row.relevant && row.question.required && !this.entry.answers[row.key] && !this.entry.refused.includes(row.key))
      .map((row) => row.key);
  }

  /** Back to the neutral start screen: nothing of the previous child's answers stays on screen. */
  reset(): void {
    clearTimeout(this.idleTimer);
    this.entry.response = null;
    this.entry.answers = {};
    this.entry.refused = [];
    this.step = 0;
    this.screen = 'start';
  }

  async checkPin(pin: string): Promise<boolean> {
    return (await hashPin(pin)) === this.pinHash;
  }

  /** Any touch restarts the idle clock; when it runs out an unfinished response stays a draft. */
  touch(): void {
    clearTimeout(this.idleTimer);
    if (this.screen === 'start') return;
    this.idleTimer = setTimeout(() => this.reset(), IDLE_MS);
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
  }
}
