import { DEFAULT_LANG, isLang, translate, type Lang, type MessageKey, type MessageParams } from '../../core/i18n/messages';
import { labelIn } from '../../core/survey/labels';
import type { Labels } from '../../core/survey/model';
import { errorKey, type ApiErrorValue } from '../../core/errors';
import { problemMessage, type SurveyProblem } from '../../core/survey/validate';
import { problemText, type FileProblem } from '../../core/io/problems';

const STORAGE_KEY = 'tiengnoi.lang';

/** The interface language, remembered on this computer; Vietnamese unless the user picked English. */
export class Locale {
  lang = $state<Lang>(DEFAULT_LANG);

  constructor() {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLang(saved)) this.lang = saved;
    this.applyToDocument();
  }

  set(lang: Lang): void {
    this.lang = lang;
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    this.applyToDocument();
  }

  t = (key: MessageKey, params?: MessageParams): string => translate(this.lang, key, params);

  /** A survey label in the interface language, falling back to the other language. */
  label = (labels: Labels): string => labelIn(labels, this.lang);

  /** A problem in a file someone gave us, placed by file, sheet, row and column. */
  fileProblem = (problem: FileProblem): string => problemText(this.lang, problem);

  /** A survey problem in words, with expression fields named as people say them. */
  problem = (problem: SurveyProblem): string => problemMessage(this.lang, problem);

  /** Errors are formatted here, from their code, so they follow a language switch. */
  error = (error: ApiErrorValue): string => {
    const message = translate(this.lang, errorKey(error.code), error.params);
    const details = error.issues?.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return details ? `${message} (${details})` : message;
  };

  private applyToDocument(): void {
    if (typeof document !== 'undefined') document.documentElement.lang = this.lang;
  }
}

export const locale = new Locale();
