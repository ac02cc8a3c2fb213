import type { Choice, Question, SurveyContent, VersionStatus } from '../../core/survey/model';
import type { VersionWarning } from '../../core/survey/changes';
import { addQuestion, duplicateQuestion, moveQuestion, moveQuestionTo, removeQuestion, setProperty, type AddKind } from '../../core/survey/edit';
import { nameFromLabel, uniqueName } from '../../core/survey/names';
import { validateSurvey } from '../../core/survey/validate';
import { send } from './api';
import { notices } from './notices.svelte';

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'failed';

const AUTOSAVE_MS = 600;
const HISTORY_LIMIT = 100;

/**
 * The survey being designed. Every change goes through `change()`, which records undo history and
 * schedules an autosave; the designer never has a "you have unsaved changes" moment.
 */
export class SurveyEditor {
  survey = $state<SurveyContent>({ title: {}, questions: [], choiceLists: {} });
  saveState = $state<SaveState>('saved');
  loaded = $state(false);
  problems = $derived(validateSurvey(this.survey));
  private undoStack: string[] = [];
  private redoStack: string[] = [];
  canUndo = $state(false);
  canRedo = $state(false);
  private lastTypingKey: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** The question being edited (focus inside its card), for the preview to follow. */
  focused = $state<number | null>(null);
  version = $state(1);
  status = $state<VersionStatus>('draft');
  /** What the draft would break for answers already given (removed questions, changed types, removed choices). */
  warnings = $state.raw<VersionWarning[]>([]);

  constructor(readonly surveyId: string) {}

  async load(): Promise<void> {
    const survey = notices.take(await send('survey/get', { surveyId: this.surveyId }));
    if (!survey) return;
    this.survey = { title: survey.title, questions: survey.questions, choiceLists: survey.choiceLists };
    this.version = survey.version;
    this.status = survey.status;
    this.loaded = true;
  }

  /** Freezes the current version (after saving what is pending). */
  async publish(): Promise<boolean> {
    await this.save();
    const published = notices.take(await send('survey/publish', { surveyId: this.surveyId }));
    if (!published) return false;
    this.version = published.version;
    this.status = 'published';
    return true;
  }

  /**
   * Applies a change to the survey as one undoable step. Typing in one field (same `typingKey`)
   * makes one step, not one per keystroke.
   */
  change(mutate: (survey: SurveyContent) => void, typingKey?: string): void {
    if (typingKey === undefined || typingKey !== this.lastTypingKey) {
      this.undoStack.push(JSON.stringify(this.survey));
      if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift();
    }
    this.lastTypingKey = typingKey;
    this.redoStack = [];
    mutate(this.survey);
    this.afterChange();
  }

  undo(): void {
    this.step(this.undoStack, this.redoStack);
  }

  redo(): void {
    this.step(this.redoStack, this.undoStack);
  }

  private step(from: string[], to: string[]): void {
    this.lastTypingKey = undefined;
    const previous = from.pop();
    if (previous === undefined) return;
    to.push(JSON.stringify(this.survey));
    this.survey = JSON.parse(previous) as SurveyContent;
    this.afterChange();
  }

  private afterChange(): void {
    this.canUndo = this.undoStack.length > 0;
    this.canRedo = this.redoStack.length > 0;
    this.saveState = 'unsaved';
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(), AUTOSAVE_MS);
  }

  /** Adds at the end (or at `at`) and returns the new row's index. */
  addQuestion(kind: AddKind, at?: number): number {
    let index = 0;
    this.change((survey) => (index = addQuestion(survey, kind, at)));
    return index;
  }

  removeQuestion(index: number): void {
    this.change((survey) => removeQuestion(survey, index));
  }

  duplicateQuestion(index: number): number {
    let copy = index;
    this.change((survey) => (copy = duplicateQuestion(survey, index)));
    return copy;
  }

  moveQuestion(index: number, by: -1 | 1): number {
    let moved = index;
    this.change((survey) => (moved = moveQuestion(survey, index, by)));
    return moved;
  }

  moveQuestionTo(index: number, target: number): number {
    let moved = index;
    this.change((survey) => (moved = moveQuestionTo(survey, index, target)));
    return moved;
  }

  /** Makes a choice question use another list (shared between questions, like a Likert scale). */
  useChoiceList(index: number, listName: string): void {
    this.change((survey) => {
      const question = survey.questions[index]!;
      const previous = question.listName;
      question.listName = listName;
      if (previous && previous !== listName && !survey.questions.some((q) => q.listName === previous)) delete survey.choiceLists[previous];
    });
  }

  /** Sets one property; text fields pass a `typingKey` so a word typed is one undo step. */
  setProperty<K extends keyof Question>(index: number, key: K, value: Question[K] | undefined, typingKey?: string): void {
    this.change((survey) => setProperty(survey.questions[index]!, key, value), typingKey);
  }

  /**
   * Once a question has text, a placeholder name like q3 becomes one made from the text, preferring the
   * English text (shorter ASCII names) once it is there. A name the user typed is never replaced.
   */
  nameFromText(index: number): void {
    const question = this.survey.questions[index];
    if (!question) return;
    const taken = this.survey.questions.filter((_, i) => i !== index).map((q) => q.name);
    const fromVi = question.label.vi?.trim() ? nameFromLabel(question.label.vi, taken) : null;
    const isAutomatic = /^q\d+(_\d+)?$/.test(question.name) || question.name === fromVi;
    const text = question.label.en?.trim() || question.label.vi?.trim();
    if (!isAutomatic || !text) return;
    const name = nameFromLabel(text, taken);
    if (name !== question.name) this.change((survey) => (survey.questions[index]!.name = name));
  }

  addChoice(index: number): void {
    const listName = this.survey.questions[index]?.listName;
    if (!listName) return;
    this.change((survey) => {
      const list = (survey.choiceLists[listName] ??= []);
      list.push({ name: nextChoiceName(list), label: {} });
    });
  }

  /** Rows pasted from a spreadsheet: "Vietnamese<TAB>English" a line, written from `choiceIndex` on. */
  pasteChoices(index: number, choiceIndex: number, text: string): void {
    const listName = this.survey.questions[index]?.listName;
    if (!listName) return;
    const rows = text.replace(/\r/g, '').split('\n').filter((line) => line.trim());
    this.change((survey) => {
      const list = (survey.choiceLists[listName] ??= []);
      rows.forEach((line, offset) => {
        const [vi = '', en = ''] = line.split('\t').map((cell) => cell.trim());
        const at = choiceIndex + offset;
        if (!list[at]) list[at] = { name: nextChoiceName(list), label: {} };
        list[at]!.label = { ...(vi ? { vi } : {}), ...(en ? { en } : {}) };
      });
    });
  }

  removeChoice(index: number, choiceIndex: number): void {
    const listName = this.survey.questions[index]?.listName;
    if (!listName) return;
    this.change((survey) => survey.choiceLists[listName]?.splice(choiceIndex, 1));
  }

  choices(index: number): Choice[] {
    const listName = this.survey.questions[index]?.listName;
    return listName ? (this.survey.choiceLists[listName] ?? []) : [];
  }

  /** Saves now (autosave calls it; so does Ctrl+S). Saves run one after another, never overlapping. */
  save(): Promise<void> {
    clearTimeout(this.timer);
    this.saving = this.saving.then(async () => {
      if (this.saveState === 'saved') return;
      this.saveState = 'saving';
      const snapshot = $state.snapshot(this.survey);
      const saved = notices.take(await send('survey/save', { surveyId: this.surveyId, ...snapshot }));
      if (saved) {
        this.version = saved.version;
        this.status = 'draft';
        this.warnings = saved.warnings;
        // Edits made while saving stay unsaved and get their own save.
        if (JSON.stringify(snapshot) === JSON.stringify($state.snapshot(this.survey))) this.saveState = 'saved';
        else this.afterSaveRace();
      } else {
        this.saveState = 'failed';
      }
    });
    return this.saving;
  }

  private afterSaveRace(): void {
    this.saveState = 'unsaved';
    this.timer = setTimeout(() => void this.save(), AUTOSAVE_MS);
  }
}

/** Numeric codes, as printed on paper forms and typed during transcription. */
function nextChoiceName(list: Choice[]): string {
  const next = Math.max(0, ...list.map((c) => Number(c.name)).filter(Number.isFinite)) + 1;
  return uniqueName(String(next), list.map((c) => c.name));
}
