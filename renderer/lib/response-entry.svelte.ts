import type { ResponseDetail, ResponseSummary } from '../../core/api/response';
import type { Survey } from '../../core/survey/model';
import { answerTarget, checkAnswer } from '../../core/survey/answers';
import { meetsConstraint, missingRequired, runForm } from '../../core/survey/runtime';
import type { MessageKey } from '../../core/i18n/messages';
import { send } from './api';
import { notices } from './notices.svelte';

export type AnswerState = 'saving' | 'saved' | 'invalid' | 'failed';

const TEXT_SAVE_MS = 400;

/**
 * One response being entered. Each answer is sent the moment it is given (text after a short pause
 * and on leaving the field); the main side commits it before acknowledging.
 */
export class ResponseEntry {
  survey = $state.raw<Survey | null>(null);
  response = $state.raw<ResponseDetail | null>(null);
  answers = $state<Record<string, string | null>>({});
  answerState = $state<Record<string, AnswerState>>({});
  problems = $state<Record<string, MessageKey>>({});
  completedCount = $state(0);
  /** Responses started and not finished (a closed lid, a reload): they can be taken up again. */
  drafts = $state.raw<ResponseSummary[]>([]);
  missing = $state<string[]>([]);
  /** Keys refused ("I'd rather not say"): they count as answered for "required". */
  refused = $state<string[]>([]);
  /** Skip logic and calculations over the answers so far, re-run on every answer. */
  run = $derived(this.survey ? runForm(this.survey, this.answers) : null);
  // Bookkeeping for saves in flight, never shown: plain maps on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private textTimers = new Map<string, ReturnType<typeof setTimeout>>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private pending = new Map<string, Promise<void>>();

  constructor(readonly surveyId: string) {}

  async load(): Promise<void> {
    const [survey, list] = await Promise.all([
      send('survey/get', { surveyId: this.surveyId }),
      send('response/list', { surveyId: this.surveyId }),
    ]);
    this.survey = notices.take(survey) ?? null;
    const responses = notices.take(list) ?? [];
    this.completedCount = responses.filter((r) => r.status === 'complete').length;
    this.drafts = responses.filter((r) => r.status === 'draft');
  }

  async start(): Promise<void> {
    this.show(notices.take(await send('response/create', { surveyId: this.surveyId })));
  }

  /** The second, blind typing of the paper with this code (double entry). */
  async verify(paperCode: string): Promise<boolean> {
    const response = notices.take(await send('response/verify', { surveyId: this.surveyId, paperCode }));
    this.show(response);
    return Boolean(response);
  }

  /** Changes the code of the paper being typed; a code already used is refused and the old one stays. */
  async setPaperCode(paperCode: string): Promise<void> {
    const response = this.response;
    if (!response || !paperCode.trim()) return;
    const saved = notices.take(await send('response/setPaperCode', { responseId: response.id, paperCode }));
    if (saved) this.response = { ...response, paperCode: saved.paperCode };
  }

  async resume(responseId: string): Promise<void> {
    this.show(notices.take(await send('response/get', { responseId })));
    this.drafts = this.drafts.filter((d) => d.id !== responseId);
  }

  private show(response: ResponseDetail | undefined): void {
    if (!response) return;
    this.response = response;
    this.answers = { ...response.answers };
    this.refused = [...response.refused];
    this.answerState = {};
    this.problems = {};
    this.missing = [];
  }

  /** A choice (or a cleared field): saved at once. */
  answer(question: string, value: string | null): Promise<void> {
    this.answers[question] = value;
    if (value) this.refused = this.refused.filter((key) => key !== question);
    if (value) this.missing = this.missing.filter((name) => name !== question);
    return this.write(question, value);
  }

  /** "I'd rather not say": the answer is cleared and a refusal recorded, apart from "not asked". */
  async refuse(key: string): Promise<void> {
    const response = this.response;
    if (!response) return;
    clearTimeout(this.textTimers.get(key));
    this.textTimers.delete(key);
    await this.pending.get(key);
    this.answers[key] = null;
    if (!this.refused.includes(key)) this.refused = [...this.refused, key];
    this.missing = this.missing.filter((name) => name !== key);
    delete this.problems[key];
    const saved = notices.take(await send('response/refuse', { responseId: response.id, question: key }));
    this.answerState[key] = saved ? 'saved' : 'failed';
  }

  /** Typing: saved after a short pause, and at once when the field is left (`flush`). */
  type(question: string, value: string): void {
    this.answers[question] = value;
    if (value) this.missing = this.missing.filter((name) => name !== question);
    clearTimeout(this.textTimers.get(question));
    this.textTimers.set(question, setTimeout(() => void this.flush(question), TEXT_SAVE_MS));
  }

  async flush(question: string): Promise<void> {
    const timer = this.textTimers.get(question);
    if (timer === undefined) return this.pending.get(question);
    clearTimeout(timer);
    this.textTimers.delete(question);
    await this.write(question, this.answers[question] || null);
  }

  private write(question: string, value: string | null): Promise<void> {
    const survey = this.survey;
    const response = this.response;
    const target = survey ? answerTarget(survey, question) : undefined;
    if (!survey || !response || !target) return Promise.resolve();
    const problem =
      checkAnswer(survey, target.question, value) ??
      (value && !meetsConstraint(survey, target.question, value, this.answers, { path: target.path }) ? 'validation.constraint' : null);
    if (problem) {
      this.problems[question] = problem;
      this.answerState[question] = 'invalid';
      return Promise.resolve();
    }
    delete this.problems[question];
    this.answerState[question] = 'saving';
    // Answers to one question are written in the order given.
    const previous = this.pending.get(question) ?? Promise.resolve();
    const next = previous.then(async () => {
      const saved = notices.take(await send('response/answer', { responseId: response.id, question, value }));
      this.answerState[question] = saved ? 'saved' : 'failed';
    });
    this.pending.set(question, next);
    return next;
  }

  /** Finishes the response once required questions are answered. Returns whether it was completed. */
  async complete(): Promise<boolean> {
    const survey = this.survey;
    const response = this.response;
    if (!survey || !response) return false;
    await Promise.all([...this.textTimers.keys()].map((q) => this.flush(q)));
    await Promise.all(this.pending.values());
    this.missing = this.run ? missingRequired(this.run, this.answers).map((row) => row.key).filter((key) => !this.refused.includes(key)) : [];
    if (this.missing.length > 0 || Object.keys(this.problems).length > 0) return false;
    const done = notices.take(await send('response/complete', { responseId: response.id }));
    if (!done) return false;
    // A second typing checks a paper already counted.
    if (!response.verifies) this.completedCount += 1;
    this.response = null;
    return true;
  }
}
