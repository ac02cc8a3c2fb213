/**
 * The child's attributes shown beside a quote ("girl, 14, Lào Cai" / "em gái, 14 tuổi, Lào Cai"): the answers to
 * the questions the analyst chose, as choice labels in the reader's language. Only single-choice and number
 * questions qualify, and never one marked as identifying: free text beside a quote could name the child.
 */
import { translate, type Lang } from '../i18n/messages';
import { choicesOf, type Labels, type Question, type SurveyContent } from '../survey/model';
import { fold } from '../text/vietnamese';

const NUMBER_TYPES: readonly Question['type'][] = ['integer', 'decimal', 'range'];

/** Whether a question may be shown beside a quote. */
export function canBeAttribute(question: Question | undefined): question is Question {
  if (!question || question.identifying) return false;
  return question.type === 'select_one' || NUMBER_TYPES.includes(question.type);
}

export interface RenderedAttribute {
  question: string;
  /** The stored value (choice code or number). */
  value: string;
  /** As shown in the reader's language. */
  text: string;
}

/** A label in the language asked for, else the other one, else any. */
export function labelIn(label: Labels, lang: Lang): string | undefined {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return label[lang] || label[other] || Object.values(label).find((v) => typeof v === 'string' && v !== '');
}

/** An age question: its name or label says so ("age", "tuoi", "Em bao nhiêu tuổi?", "How old are you?"). */
export function isAgeQuestion(question: Question): boolean {
  if (!NUMBER_TYPES.includes(question.type)) return false;
  const name = fold(question.name);
  const labels = `${fold(question.label.vi ?? '')} ${fold(question.label.en ?? '')}`;
  return /^(age|tuoi)(\b|_|$)/.test(name) || /\btuoi\b|\bage\b|how old/.test(labels);
}

/**
 * The chosen attributes of one response, in the order chosen; a question not answered (or refused) is left out.
 * A code no longer in the list shows as the code itself.
 */
export function renderAttributes(survey: SurveyContent, chosen: readonly string[], answers: Readonly<Record<string, string | null>>, lang: Lang): RenderedAttribute[] {
  const out: RenderedAttribute[] = [];
  for (const name of chosen) {
    const question = survey.questions.find((q) => q.name === name);
    const value = answers[name];
    if (!canBeAttribute(question) || value === undefined || value === null || value === '') continue;
    let text: string;
    if (question.type === 'select_one') {
      const choice = choicesOf(survey, question).find((c) => c.name === value);
      text = (choice && labelIn(choice.label, lang)) || value;
    } else {
      const number = Number(value);
      const shown = Number.isFinite(number) ? number.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB') : value;
      text = isAgeQuestion(question) ? translate(lang, 'coding.attribute.age', { age: shown }) : shown;
    }
    out.push({ question: name, value, text });
  }
  return out;
}

/** The attributes as one line: "girl, 14, Lào Cai". */
export function attributeLine(attributes: readonly RenderedAttribute[], lang: Lang): string {
  return attributes.map((a) => a.text).join(translate(lang, 'coding.attribute.separator'));
}
