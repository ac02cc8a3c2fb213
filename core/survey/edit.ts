import type { Choice, Labels, Question, QuestionType, SurveyContent } from './model';
import { isChoiceQuestion } from './model';
import { uniqueName } from './names';
import { hasAnyLabel } from './labels';

/**
 * Editing operations on a survey draft, shared by the designer and the templates. They mutate the draft they
 * are given (the designer hands them a copy under undo), and keep XLSForm's structure valid: groups are added
 * and removed with their end rows, choice lists go with the last question using them.
 */

/** What the "add" menu offers: every question type, plus two ready-made shapes children's surveys use a lot. */
export type AddKind = Exclude<QuestionType, 'end_group' | 'end_repeat'> | 'likert' | 'matrix';

const AGREEMENT: Choice[] = [
  { name: '1', label: { vi: 'Rất không đồng ý', en: 'Strongly disagree' } },
  { name: '2', label: { vi: 'Không đồng ý', en: 'Disagree' } },
  { name: '3', label: { vi: 'Bình thường', en: 'Neither agree nor disagree' } },
  { name: '4', label: { vi: 'Đồng ý', en: 'Agree' } },
  { name: '5', label: { vi: 'Rất đồng ý', en: 'Strongly agree' } },
];

function blank(type: QuestionType, name: string): Question {
  return { name, type, label: {}, hint: {}, required: false };
}

/** Adds a question (or a group with its end row) at `at` (default: the end). Returns the index of the new row. */
export function addQuestion(survey: SurveyContent, kind: AddKind, at = survey.questions.length): number {
  const taken = () => survey.questions.map((q) => q.name);
  const nextName = (prefix: string) => uniqueName(`${prefix}${survey.questions.length + 1}`, taken());
  const newList = (owner: string, choices: Choice[] = []) => {
    const listName = uniqueName(`list_${owner}`, Object.keys(survey.choiceLists));
    survey.choiceLists[listName] = structuredClone(choices);
    return listName;
  };
  let rows: Question[];
  switch (kind) {
    case 'likert': {
      const q = blank('select_one', nextName('q'));
      rows = [{ ...q, appearance: 'likert', listName: newList(q.name, AGREEMENT) }];
      break;
    }
    case 'matrix': {
      const group = { ...blank('begin_group', nextName('table')), appearance: 'table-list' };
      const listName = newList(group.name, AGREEMENT);
      const first = { ...blank('select_one', uniqueName(`${group.name}_1`, taken())), listName };
      const second = { ...blank('select_one', uniqueName(`${group.name}_2`, [...taken(), first.name])), listName };
      rows = [group, first, second, blank('end_group', uniqueName(`${group.name}_end`, [...taken(), group.name, first.name, second.name]))];
      break;
    }
    case 'begin_group':
    case 'begin_repeat': {
      const begin = blank(kind, nextName(kind === 'begin_group' ? 'group' : 'repeat'));
      rows = [begin, blank(kind === 'begin_group' ? 'end_group' : 'end_repeat', uniqueName(`${begin.name}_end`, [...taken(), begin.name]))];
      break;
    }
    default: {
      const q = blank(kind, nextName('q'));
      if (isChoiceQuestion(q)) q.listName = newList(q.name);
      if (kind === 'range') q.parameters = 'start=1 end=5 step=1';
      rows = [q];
    }
  }
  survey.questions.splice(at, 0, ...rows);
  return at;
}

/** The rows [start, end] a row stands for: a group from its begin to its end row, or the row alone. */
export function blockRange(survey: SurveyContent, index: number): [number, number] {
  const question = survey.questions[index];
  if (!question) return [index, index];
  if (question.type === 'end_group' || question.type === 'end_repeat') {
    const begin = findBegin(survey, index);
    return begin === null ? [index, index] : [begin, index];
  }
  if (question.type !== 'begin_group' && question.type !== 'begin_repeat') return [index, index];
  let depth = 0;
  for (let i = index; i < survey.questions.length; i++) {
    const type = survey.questions[i]!.type;
    if (type === 'begin_group' || type === 'begin_repeat') depth++;
    if (type === 'end_group' || type === 'end_repeat') depth--;
    if (depth === 0) return [index, i];
  }
  return [index, index];
}

function findBegin(survey: SurveyContent, endIndex: number): number | null {
  let depth = 0;
  for (let i = endIndex; i >= 0; i--) {
    const type = survey.questions[i]!.type;
    if (type === 'end_group' || type === 'end_repeat') depth++;
    if (type === 'begin_group' || type === 'begin_repeat') depth--;
    if (depth === 0) return i;
  }
  return null;
}

/**
 * Removes a question; removing a group's begin row removes only the group (its begin and end rows),
 * keeping the questions inside, which is what a person deleting a "box" expects.
 */
export function removeQuestion(survey: SurveyContent, index: number): void {
  const [start, end] = blockRange(survey, index);
  const removed = end > start ? [survey.questions[end]!, survey.questions[start]!] : [survey.questions[start]!];
  if (end > start) {
    survey.questions.splice(end, 1);
    survey.questions.splice(start, 1);
  } else {
    survey.questions.splice(start, 1);
  }
  for (const question of removed) dropUnusedList(survey, question.listName);
}

function dropUnusedList(survey: SurveyContent, listName: string | undefined): void {
  if (listName && !survey.questions.some((q) => q.listName === listName)) delete survey.choiceLists[listName];
}

/** Copies a question (a whole group with what is inside) right after itself, with fresh names and own choice lists. */
export function duplicateQuestion(survey: SurveyContent, index: number): number {
  const [start, end] = blockRange(survey, index);
  const taken = new Set(survey.questions.map((q) => q.name));
  // Questions sharing a list inside the block (a table of questions) keep sharing one copied list.
  const copiedLists = new Map<string, string>();
  const copies = survey.questions.slice(start, end + 1).map((original) => {
    const copy = structuredClone(original);
    copy.name = uniqueName(`${original.name}_copy`, taken);
    taken.add(copy.name);
    if (original.listName && original.type !== 'begin_group') {
      let listName = copiedLists.get(original.listName);
      if (!listName) {
        listName = uniqueName(`${original.listName}_copy`, Object.keys(survey.choiceLists));
        survey.choiceLists[listName] = structuredClone(survey.choiceLists[original.listName] ?? []);
        copiedLists.set(original.listName, listName);
      }
      copy.listName = listName;
    }
    return copy;
  });
  // Skip logic inside a copied group points at the copied questions, not at the originals.
  const renamed = new Map(survey.questions.slice(start, end + 1).map((original, i) => [original.name, copies[i]!.name]));
  for (const copy of copies) {
    for (const field of EXPRESSION_KEYS) {
      const source = copy[field];
      if (source) copy[field] = source.replace(/\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g, (whole, name: string) => (renamed.has(name) ? `\${${renamed.get(name)}}` : whole));
    }
  }
  survey.questions.splice(end + 1, 0, ...copies);
  return end + 1;
}

const EXPRESSION_KEYS = ['relevance', 'constraint', 'calculation', 'choiceFilter', 'repeatCount', 'default'] as const;

/**
 * Moves a question (a group with all it holds) one row up or down. Rows are the steps, so a question next to
 * a group's begin or end row steps into or out of the group, the way a person walks it in or out.
 * Returns the new index of the moved row.
 */
export function moveQuestion(survey: SurveyContent, index: number, by: -1 | 1): number {
  const [start, end] = blockRange(survey, index);
  if (by === -1) {
    if (start === 0) return index;
    const [row] = survey.questions.splice(start - 1, 1);
    survey.questions.splice(end, 0, row!);
    return index - 1;
  }
  if (end >= survey.questions.length - 1) return index;
  const [row] = survey.questions.splice(end + 1, 1);
  survey.questions.splice(start, 0, row!);
  return index + 1;
}

const isEndRow = (question: Question | undefined) => question?.type === 'end_group' || question?.type === 'end_repeat';

/**
 * Moves a question (a group with all it holds) to where it was dropped: onto a row coming from above, it
 * lands after that row; from below, before it. Onto a group's begin row from above it becomes the group's
 * first question; onto an end row, its last. Dropping a group into itself does nothing.
 * Returns the block's new first row.
 */
export function moveQuestionTo(survey: SurveyContent, index: number, target: number): number {
  const [start, end] = blockRange(survey, index);
  if (target >= start && target <= end) return start;
  const dropOnEnd = isEndRow(survey.questions[target]);
  const size = end - start + 1;
  const block = survey.questions.splice(start, size);
  const fromAbove = target > end;
  const targetNow = fromAbove ? target - size : target;
  const insertAt = dropOnEnd || !fromAbove ? targetNow : targetNow + 1;
  survey.questions.splice(insertAt, 0, ...block);
  return insertAt;
}

/** Nesting depth of each row, for indentation (end rows align with their begin rows). */
export function depths(survey: SurveyContent): number[] {
  let depth = 0;
  return survey.questions.map((q) => {
    if (q.type === 'end_group' || q.type === 'end_repeat') depth = Math.max(0, depth - 1);
    const here = depth;
    if (q.type === 'begin_group' || q.type === 'begin_repeat') depth++;
    return here;
  });
}

/** Sets or clears (undefined / empty) an optional property. */
export function setProperty<K extends keyof Question>(question: Question, key: K, value: Question[K] | undefined): void {
  const empty = value === undefined || value === '' || value === false || (typeof value === 'object' && value !== null && !hasAnyLabel(value as Labels));
  if (key === 'required') question.required = Boolean(value);
  else if (empty && key !== 'label' && key !== 'hint') delete question[key];
  else (question as Record<K, Question[K] | undefined>)[key] = value;
  // A name given here replaces the one an imported XLSForm had.
  if (key === 'name') delete question.xlsformName;
}
