import type { Choice, Question, QuestionType, SurveyContent } from '../../core/survey/model';
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

  constructor(readonly surveyId: string) {}

  async load(): Promise<void> {
    const survey = notices.take(await send('survey/get', { surveyId: this.surveyId }));
    if (!survey) return;
    this.survey = { title: survey.title, questions: survey.questions, choiceLists: survey.choiceLists };
    this.loaded = true;
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

  addQuestion(type: QuestionType): void {
    this.change((survey) => {
      const taken = survey.questions.map((q) => q.name);
      const name = uniqueName(`q${survey.questions.length + 1}`, taken);
      const question: Question = { name, type, label: {}, hint: {}, required: false };
      if (type === 'select_one' || type === 'select_multiple') {
        question.listName = uniqueName(`list_${name}`, Object.keys(survey.choiceLists));
        survey.choiceLists[question.listName] = [];
      }
      survey.questions.push(question);
    });
  }

  removeQuestion(index: number): void {
    this.change((survey) => {
      const [removed] = survey.questions.splice(index, 1);
      const listName = removed?.listName;
      if (listName && !survey.questions.some((q) => q.listName === listName)) delete survey.choiceLists[listName];
    });
  }

  moveQuestion(index: number, by: -1 | 1): void {
    const target = index + by;
    if (target < 0 || target >= this.survey.questions.length) return;
    this.change((survey) => {
      const [moved] = survey.questions.splice(index, 1);
      survey.questions.splice(target, 0, moved!);
    });
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
      // Numeric codes, as printed on paper forms and typed during transcription.
      const next = Math.max(0, ...list.map((c) => Number(c.name)).filter(Number.isFinite)) + 1;
      list.push({ name: uniqueName(String(next), list.map((c) => c.name)), label: {} });
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
      const result = await send('survey/save', { surveyId: this.surveyId, ...snapshot });
      if (notices.take(result)) {
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
