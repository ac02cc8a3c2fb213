import type { Lang } from '../../core/i18n/messages';
import type { SurveyContent } from '../../core/survey/model';
import { childScreens, runForm, shownRows, type Page } from '../../core/survey/runtime';

export type PreviewMode = 'child' | 'facilitator';

/**
 * A dry run of the survey being designed: answers live only here (nothing is saved), skip logic is live,
 * and the child view walks one question a screen as kiosk mode will.
 */
export class SurveyPreviewState {
  /** Read through a function: the survey keeps changing in the designer while the preview is open. */
  private readonly survey: () => SurveyContent;
  mode = $state<PreviewMode>('child');
  lang = $state<Lang>('vi');
  answers = $state<Record<string, string | null>>({});
  /** Child view: the position among the questions currently asked; past the end = the thank-you screen. */
  step = $state(0);

  constructor(survey: () => SurveyContent, lang: Lang) {
    this.survey = survey;
    this.lang = lang;
  }

  run = $derived.by(() => runForm(this.survey(), this.answers));
  /** What a child sees one by one: notes and questions that are asked, in order. */
  /** The child's screens: questions and notes asked, groups shown together, and "add another" for repeats. */
  screens = $derived.by(() => childScreens(this.survey(), this.run));
  hasSensitive = $derived.by(() => this.run.rows.some((row) => row.question.sensitive && row.relevant));

  answer(name: string, value: string | null): void {
    this.answers[name] = value;
  }

  next(): void {
    this.step = Math.min(this.step + 1, this.screens.length);
  }

  back(): void {
    this.step = Math.max(this.step - 1, 0);
  }

  /** "I'd rather not say": recorded apart from "not asked" during real entry; here it simply moves on. */
  skip(page: Page): void {
    for (const row of shownRows(page)) this.answers[row.key] = null;
    this.next();
  }

  /**
   * One more instance of a repeat (another sibling). The new instance's screens take the place of the
   * "add another" screen, so the step already points at its first question: no step forward.
   */
  addInstance(key: string, count: number): void {
    this.answers[key] = String(count);
  }

  restart(): void {
    this.answers = {};
    this.step = 0;
  }
}
