import type { HistoryAction, HistoryEntry, ResponseView } from '../../core/api/responses';
import { translate, type Lang, type MessageKey } from '../../core/i18n/messages';
import { answerTarget, OTHER_SUFFIX } from '../../core/survey/answers';
import { answerText } from '../../core/survey/answer-text';
import { answerKey } from '../../core/survey/instances';
import { labelIn } from '../../core/survey/labels';
import { holdsAnswer, questionNumbers, type Question } from '../../core/survey/model';
import { runForm } from '../../core/survey/runtime';

/** How the responses screen reads a response: its answers and history in words, times and devices. No state. */

/** One answer of a response as the screen shows it. */
export interface AnswerRow {
  /** The answer key (`name`, `name[2]` in repeats, `name_other` for "other, please specify"). */
  key: string;
  question: Question;
  path: readonly number[];
  /** "Câu 3", when the question has a number. */
  number: number | null;
  label: string;
  value: string | null;
  /** The answer as people read it: choice labels, not codes. */
  text: string;
  refused: boolean;
}

/**
 * The answers of a response, in the order of its survey version: every question asked (skip logic applied),
 * and any question not asked that still holds an answer, so nothing given is hidden.
 */
export function answerRows(view: ResponseView, lang: Lang): AnswerRow[] {
  const { survey, response } = view;
  const refused = new Set(response.refused);
  const numbers = questionNumbers(survey);
  const rows: AnswerRow[] = [];
  const labelOf = (question: Question, path: readonly number[]) => {
    const label = labelIn(question.label, lang) || question.name;
    return path.length ? translate(lang, 'responses.instance', { question: label, n: path.join('.') }) : label;
  };
  for (const row of runForm(survey, response.answers).rows) {
    const { question, key, path } = row;
    const value = response.answers[key] ?? null;
    // A question not collected here shows only the value an import brought (a Kobo export's location).
    if (!holdsAnswer(question) && !(question.type === 'not_collected' && value !== null)) continue;
    if (!row.relevant && value === null && !refused.has(key)) continue;
    const label = labelOf(question, path);
    rows.push({ key, question, path, number: numbers[row.index] ?? null, label, value, text: answerText(survey, question, value, lang), refused: refused.has(key) });
    const otherKey = answerKey(question.name + OTHER_SUFFIX, path);
    const other = question.orOther ? answerTarget(survey, otherKey) : undefined;
    if (other && (response.answers[otherKey] ?? null) !== null) {
      const otherValue = response.answers[otherKey] ?? null;
      rows.push({
        key: otherKey,
        question: other.question,
        path,
        number: null,
        label: translate(lang, 'responses.otherText', { question: label }),
        value: otherValue,
        text: otherValue ?? '',
        refused: false,
      });
    }
  }
  return rows;
}

/** One line of a response's history, in words. */
export interface HistoryLine {
  at: string;
  actor: string;
  text: string;
  reason: string | null;
}

const ACTION_KEYS = {
  create: 'responses.history.create',
  complete: 'responses.history.complete',
  delete: 'responses.history.delete',
  restore: 'responses.history.restore',
  verify: 'responses.history.verify',
  paperCode: 'responses.history.paperCode',
} as const satisfies Record<Exclude<HistoryAction, 'edit' | 'import' | 'merge-conflict'>, MessageKey>;

export function historyLines(entries: readonly HistoryEntry[], view: ResponseView, lang: Lang): HistoryLine[] {
  const empty = translate(lang, 'responses.empty');
  return entries.map((entry) => {
    const { detail } = entry;
    let text: string;
    switch (entry.action) {
      case 'edit': {
        const target = detail.question ? answerTarget(view.survey, detail.question) : undefined;
        const show = (value: string | null | undefined) =>
          (target ? answerText(view.survey, target.question, value, lang) : (value ?? '')) || empty;
        const question = target ? labelIn(target.question.label, lang) || target.question.name : (detail.question ?? '');
        text = translate(lang, 'responses.history.edit', { question, old: show(detail.old), new: show(detail.new) });
        break;
      }
      case 'import':
        text = translate(lang, 'responses.history.import', { file: detail.file ?? '', row: detail.row ?? '' });
        break;
      case 'merge-conflict':
        text = translate(lang, 'merge.history.conflict', { keptFile: detail.keptFile ?? '', otherFile: detail.otherFile ?? '' });
        break;
      default: {
        const key = (ACTION_KEYS as Record<string, MessageKey | undefined>)[entry.action];
        text = key ? translate(lang, key) : entry.action;
      }
    }
    return { at: formatTime(entry.at, lang), actor: entry.actor, text, reason: detail.reason ?? null };
  });
}

export function formatTime(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/** Device ids are UUIDs: the first block is enough to tell a handful of tablets apart. */
export function shortDevice(deviceId: string): string {
  return deviceId.slice(0, 8);
}

/** A day picked in a date field, as the instants where it starts and ends here (the file keeps UTC). */
export function dayStart(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}
export function dayEnd(day: string): string {
  return new Date(`${day}T23:59:59.999`).toISOString();
}

