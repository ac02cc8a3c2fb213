import type { Frequency } from '../../core/analysis/frequency';
import { isChoiceQuestion, type Question, type Survey } from '../../core/survey/model';
import { send } from './api';
import { notices } from './notices.svelte';

/** The results view of one survey: which choice question is shown and its counts. */
export class Results {
  survey = $state.raw<Survey | null>(null);
  question = $state<string | null>(null);
  frequency = $state.raw<Frequency | null>(null);
  choiceQuestions = $derived<Question[]>(this.survey?.questions.filter(isChoiceQuestion) ?? []);

  constructor(readonly surveyId: string) {}

  async load(): Promise<void> {
    this.survey = notices.take(await send('survey/get', { surveyId: this.surveyId })) ?? null;
    const first = this.survey?.questions.find(isChoiceQuestion);
    if (first) await this.show(first.name);
  }

  async refresh(): Promise<void> {
    if (this.question) await this.show(this.question);
  }

  async show(question: string): Promise<void> {
    this.question = question;
    this.frequency = notices.take(await send('analysis/frequency', { surveyId: this.surveyId, question })) ?? null;
  }
}
