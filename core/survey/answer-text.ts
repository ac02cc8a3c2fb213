import { translate, type Lang } from '../i18n/messages';
import { fold } from '../text/vietnamese';
import { OTHER_CHOICE, splitMultiple } from './answers';
import { labelIn } from './labels';
import { choicesOf, type Choice, type Question, type SurveyContent } from './model';

/**
 * An answer as people read it, in one language: choice labels instead of codes ("Lào Cai", not "10"),
 * several choices joined by commas. A code the survey does not know (an older version's) shows as itself.
 */
export function answerText(survey: SurveyContent, question: Question, value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '';
  const names = pickedChoices(question, value);
  if (!names) return value;
  const choices = choiceIndex(survey, question);
  return names
    .map((name) => {
      if (name === OTHER_CHOICE && question.orOther) return translate(lang, 'responses.other');
      const choice = choices.get(name);
      return choice ? labelIn(choice.label, lang) || name : name;
    })
    .join(', ');
}

/**
 * What a search looks in for one answer: the value as stored and, for choice questions, the chosen choices'
 * labels in every language, so "lao cai" finds the province by its name. Not folded: fold the text of a whole
 * response once (see searchWords).
 */
export function answerSearchText(survey: SurveyContent, question: Question | undefined, value: string): string {
  const names = question ? pickedChoices(question, value) : null;
  if (!question || !names) return value;
  const choices = choiceIndex(survey, question);
  const labels = names.flatMap((name) => {
    const label = choices.get(name)?.label;
    return label ? [label.vi ?? '', label.en ?? ''] : [];
  });
  return [value, ...labels].join(' ');
}

const indexes = new WeakMap<SurveyContent, Map<string, Map<string, Choice>>>();

/** A question's choices by name, built once per survey and list (lists of communes run to thousands). */
function choiceIndex(survey: SurveyContent, question: Question): Map<string, Choice> {
  let lists = indexes.get(survey);
  if (!lists) indexes.set(survey, (lists = new Map()));
  const listName = question.listName ?? '';
  let index = lists.get(listName);
  if (!index) lists.set(listName, (index = new Map(choicesOf(survey, question).map((c) => [c.name, c]))));
  return index;
}

/** The choice names an answer holds, or null when the question is not a choice question. */
function pickedChoices(question: Question, value: string): string[] | null {
  switch (question.type) {
    case 'select_one':
      return [value];
    case 'select_multiple':
    case 'rank':
      return splitMultiple(value);
    default:
      return null;
  }
}

/** The words of a search, folded: a response matches when each word is in the folded text of its answers. */
export function searchWords(query: string): string[] {
  return fold(query.normalize('NFC')).split(/\s+/).filter(Boolean);
}
