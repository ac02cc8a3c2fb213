import { describe, expect, it } from 'vitest';
import type { Choice, Question, QuestionType, SurveyContent } from '../../core/survey/model';
import {
  addQuestion,
  blockRange,
  depths,
  duplicateQuestion,
  moveQuestion,
  removeQuestion,
  setProperty,
  type AddKind,
} from '../../core/survey/edit';

// Expected values below are worked out by hand from the documented behaviour, never by calling the code first.

function q(name: string, type: QuestionType, extra: Partial<Question> = {}): Question {
  return { name, type, label: { vi: name }, hint: {}, required: false, ...extra };
}

function survey(questions: Question[] = [], choiceLists: Record<string, Choice[]> = {}): SurveyContent {
  return { title: { vi: 'Khảo sát' }, questions, choiceLists };
}

const names = (s: SurveyContent) => s.questions.map((x) => x.name);
const types = (s: SurveyContent) => s.questions.map((x) => x.type);
const row = (s: SurveyContent, i: number) => s.questions[i]!;

const YES_NO: Choice[] = [
  { name: 'yes', label: { vi: 'Có', en: 'Yes' } },
  { name: 'no', label: { vi: 'Không', en: 'No' } },
];

/** A 5-point agreement scale, as a likert question or a matrix offers it. */
const FIVE_POINTS = ['1', '2', '3', '4', '5'];

/** [x, g, a, h, b, h_end, g_end, y]: a group with a nested group inside. */
function nested(): SurveyContent {
  return survey([
    q('x', 'text'),
    q('g', 'begin_group'),
    q('a', 'text'),
    q('h', 'begin_group'),
    q('b', 'text'),
    q('h_end', 'end_group'),
    q('g_end', 'end_group'),
    q('y', 'text'),
  ]);
}

describe('addQuestion', () => {
  const PLAIN: AddKind[] = ['text', 'integer', 'decimal', 'date', 'time', 'datetime', 'acknowledge', 'note', 'calculate'];
  const CHOICE: AddKind[] = ['select_one', 'select_multiple', 'rank'];

  it('the kinds tested here are every kind the add menu offers', () => {
    const covered = new Set<string>([...PLAIN, ...CHOICE, 'range', 'begin_group', 'begin_repeat', 'likert', 'matrix']);
    const all: QuestionType[] = [
      'select_one', 'select_multiple', 'rank', 'text', 'integer', 'decimal', 'range', 'date', 'time', 'datetime',
      'acknowledge', 'note', 'calculate', 'begin_group', 'begin_repeat',
    ];
    for (const type of all) expect(covered.has(type)).toBe(true);
    expect(covered.size).toBe(all.length + 2);
  });

  it.each(PLAIN)('adds a blank %s row at the end, without a choice list', (kind) => {
    const s = survey();
    const at = addQuestion(s, kind);
    expect(at).toBe(0);
    expect(s.questions).toEqual([{ name: 'q1', type: kind, label: {}, hint: {}, required: false }]);
    expect(s.choiceLists).toEqual({});
  });

  it.each(CHOICE)('adds a %s with its own empty choice list', (kind) => {
    const s = survey([q('a', 'text')]);
    const at = addQuestion(s, kind);
    expect(at).toBe(1);
    expect(s.questions[1]).toEqual({ name: 'q2', type: kind, label: {}, hint: {}, required: false, listName: 'list_q2' });
    expect(s.choiceLists).toEqual({ list_q2: [] });
  });

  it('adds a range with default parameters start=1 end=5 step=1', () => {
    const s = survey();
    addQuestion(s, 'range');
    expect(s.questions).toEqual([{ name: 'q1', type: 'range', label: {}, hint: {}, required: false, parameters: 'start=1 end=5 step=1' }]);
  });

  it('adds a group as a begin_group/end_group pair', () => {
    const s = survey();
    expect(addQuestion(s, 'begin_group')).toBe(0);
    expect(s.questions).toEqual([
      { name: 'group1', type: 'begin_group', label: {}, hint: {}, required: false },
      { name: 'group1_end', type: 'end_group', label: {}, hint: {}, required: false },
    ]);
  });

  it('adds a repeat as a begin_repeat/end_repeat pair', () => {
    const s = survey();
    expect(addQuestion(s, 'begin_repeat')).toBe(0);
    expect(s.questions).toEqual([
      { name: 'repeat1', type: 'begin_repeat', label: {}, hint: {}, required: false },
      { name: 'repeat1_end', type: 'end_repeat', label: {}, hint: {}, required: false },
    ]);
  });

  it('adds a likert question: a select_one with appearance likert and a 5-point agreement list', () => {
    const s = survey();
    addQuestion(s, 'likert');
    expect(s.questions).toEqual([{ name: 'q1', type: 'select_one', label: {}, hint: {}, required: false, appearance: 'likert', listName: 'list_q1' }]);
    const list = s.choiceLists['list_q1']!;
    expect(list.map((c) => c.name)).toEqual(FIVE_POINTS);
    expect(list[0]!.label).toEqual({ vi: 'Rất không đồng ý', en: 'Strongly disagree' });
    expect(list[4]!.label).toEqual({ vi: 'Rất đồng ý', en: 'Strongly agree' });
    expect(Object.keys(s.choiceLists)).toEqual(['list_q1']);
  });

  it('gives each likert its own copy of the scale (editing one does not change the other)', () => {
    const s = survey();
    addQuestion(s, 'likert');
    addQuestion(s, 'likert');
    expect(names(s)).toEqual(['q1', 'q2']);
    expect(row(s, 1).listName).toBe('list_q2');
    s.choiceLists['list_q1']![0]!.label.en = 'Changed';
    expect(s.choiceLists['list_q2']![0]!.label.en).toBe('Strongly disagree');
  });

  it('adds a matrix: a table-list group with two select_one sharing one 5-point list', () => {
    const s = survey();
    expect(addQuestion(s, 'matrix')).toBe(0);
    expect(s.questions).toEqual([
      { name: 'table1', type: 'begin_group', label: {}, hint: {}, required: false, appearance: 'table-list' },
      { name: 'table1_1', type: 'select_one', label: {}, hint: {}, required: false, listName: 'list_table1' },
      { name: 'table1_2', type: 'select_one', label: {}, hint: {}, required: false, listName: 'list_table1' },
      { name: 'table1_end', type: 'end_group', label: {}, hint: {}, required: false },
    ]);
    expect(Object.keys(s.choiceLists)).toEqual(['list_table1']);
    expect(s.choiceLists['list_table1']!.map((c) => c.name)).toEqual(FIVE_POINTS);
  });

  it('inserts at a given position and returns it', () => {
    const s = survey([q('a', 'text'), q('b', 'text')]);
    expect(addQuestion(s, 'integer', 1)).toBe(1);
    expect(names(s)).toEqual(['a', 'q3', 'b']);
    expect(types(s)).toEqual(['text', 'integer', 'text']);
  });

  it('inserts a whole group pair at a position', () => {
    const s = survey([q('a', 'text'), q('b', 'text')]);
    expect(addQuestion(s, 'begin_group', 1)).toBe(1);
    expect(names(s)).toEqual(['a', 'group3', 'group3_end', 'b']);
  });

  it('inserts at the start', () => {
    const s = survey([q('a', 'text')]);
    expect(addQuestion(s, 'note', 0)).toBe(0);
    expect(names(s)).toEqual(['q2', 'a']);
  });
});

describe('addQuestion names', () => {
  it('numbers questions by their count and never repeats a name', () => {
    const s = survey();
    addQuestion(s, 'text');
    addQuestion(s, 'text');
    addQuestion(s, 'text', 0);
    expect(names(s)).toEqual(['q3', 'q1', 'q2']);
  });

  it('skips a name already taken by suffixing _2, _3', () => {
    const s = survey([q('q2', 'text')]);
    addQuestion(s, 'text');
    expect(names(s)).toEqual(['q2', 'q2_2']);
    // two rows now: the next would be q3
    addQuestion(s, 'text');
    expect(names(s)).toEqual(['q2', 'q2_2', 'q3']);
  });

  it('keeps names unique after a removal brings the count back down', () => {
    const s = survey();
    addQuestion(s, 'text'); // q1
    addQuestion(s, 'text'); // q2
    removeQuestion(s, 0); // [q2]
    addQuestion(s, 'text'); // q2 taken → q2_2
    addQuestion(s, 'text'); // q3
    expect(names(s)).toEqual(['q2', 'q2_2', 'q3']);
  });

  it('keeps list names unique, also against lists no question uses', () => {
    const s = survey([], { list_q1: [] });
    addQuestion(s, 'select_one');
    expect(row(s, 0).listName).toBe('list_q1_2');
    expect(Object.keys(s.choiceLists).sort()).toEqual(['list_q1', 'list_q1_2']);
  });

  it('names repeated groups and matrices uniquely', () => {
    const s = survey();
    addQuestion(s, 'begin_group');
    addQuestion(s, 'begin_group');
    addQuestion(s, 'matrix');
    expect(names(s)).toEqual(['group1', 'group1_end', 'group3', 'group3_end', 'table5', 'table5_1', 'table5_2', 'table5_end']);
  });

  it('gives a new group an end row name not already taken (after a group was renamed)', () => {
    // A designer adds q1, q2 and a group (group3 / group3_end), renames the group, and deletes q1 and q2.
    const s = survey();
    addQuestion(s, 'text');
    addQuestion(s, 'text');
    addQuestion(s, 'begin_group');
    expect(names(s)).toEqual(['q1', 'q2', 'group3', 'group3_end']);
    row(s, 2).name = 'family';
    removeQuestion(s, 0);
    removeQuestion(s, 0);
    expect(names(s)).toEqual(['family', 'group3_end']);
    // Two rows: the next group is called group3 again, and its end row must not reuse "group3_end".
    addQuestion(s, 'begin_group');
    const all = names(s);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('blockRange', () => {
  it('is the row alone for a plain question', () => {
    const s = nested();
    expect(blockRange(s, 0)).toEqual([0, 0]);
    expect(blockRange(s, 2)).toEqual([2, 2]);
    expect(blockRange(s, 7)).toEqual([7, 7]);
  });

  it('runs from a begin row to its own end row, past nested groups', () => {
    const s = nested();
    expect(blockRange(s, 1)).toEqual([1, 6]);
    expect(blockRange(s, 3)).toEqual([3, 5]);
  });

  it('runs from an end row back to its begin row', () => {
    const s = nested();
    expect(blockRange(s, 6)).toEqual([1, 6]);
    expect(blockRange(s, 5)).toEqual([3, 5]);
  });

  it('treats repeats like groups', () => {
    const s = survey([q('r', 'begin_repeat'), q('a', 'text'), q('r_end', 'end_repeat')]);
    expect(blockRange(s, 0)).toEqual([0, 2]);
    expect(blockRange(s, 2)).toEqual([0, 2]);
  });

  it('is the row alone for an unclosed begin, an unopened end, or an index out of range', () => {
    expect(blockRange(survey([q('g', 'begin_group'), q('a', 'text')]), 0)).toEqual([0, 0]);
    expect(blockRange(survey([q('a', 'text'), q('g_end', 'end_group')]), 1)).toEqual([1, 1]);
    expect(blockRange(survey([q('a', 'text')]), 5)).toEqual([5, 5]);
  });
});

describe('removeQuestion', () => {
  it('removes a plain question and its own choice list', () => {
    const s = survey([q('a', 'text'), q('fav', 'select_one', { listName: 'yn' }), q('b', 'text')], { yn: YES_NO });
    removeQuestion(s, 1);
    expect(names(s)).toEqual(['a', 'b']);
    expect(s.choiceLists).toEqual({});
  });

  it('keeps a choice list another question still uses, and drops it with the last user', () => {
    const s = survey([q('one', 'select_one', { listName: 'yn' }), q('two', 'select_one', { listName: 'yn' })], { yn: YES_NO });
    removeQuestion(s, 0);
    expect(names(s)).toEqual(['two']);
    expect(s.choiceLists).toEqual({ yn: YES_NO });
    removeQuestion(s, 0);
    expect(s.questions).toEqual([]);
    expect(s.choiceLists).toEqual({});
  });

  it('does not touch other lists', () => {
    const s = survey([q('one', 'select_one', { listName: 'yn' }), q('two', 'select_one', { listName: 'other' })], { yn: YES_NO, other: YES_NO });
    removeQuestion(s, 1);
    expect(Object.keys(s.choiceLists)).toEqual(['yn']);
  });

  it("removing a group's begin row removes only its begin and end rows, keeping what is inside", () => {
    const s = nested();
    removeQuestion(s, 1);
    expect(names(s)).toEqual(['x', 'a', 'h', 'b', 'h_end', 'y']);
  });

  it("removing a group's end row does the same", () => {
    const s = nested();
    removeQuestion(s, 5);
    expect(names(s)).toEqual(['x', 'g', 'a', 'b', 'g_end', 'y']);
  });

  it('keeps the choice list of questions inside a removed group (a matrix)', () => {
    const s = survey(
      [
        q('table', 'begin_group', { appearance: 'table-list' }),
        q('t1', 'select_one', { listName: 'scale' }),
        q('t2', 'select_one', { listName: 'scale' }),
        q('table_end', 'end_group'),
      ],
      { scale: YES_NO },
    );
    removeQuestion(s, 0);
    expect(names(s)).toEqual(['t1', 't2']);
    expect(s.choiceLists).toEqual({ scale: YES_NO });
  });
});

describe('duplicateQuestion', () => {
  it('copies a plain question right after itself with a fresh name', () => {
    const s = survey([q('a', 'text', { hint: { vi: 'gợi ý' }, relevance: "${b} = 'x'" }), q('b', 'text')]);
    expect(duplicateQuestion(s, 0)).toBe(1);
    expect(names(s)).toEqual(['a', 'a_copy', 'b']);
    expect(row(s, 1)).toEqual({ ...row(s, 0), name: 'a_copy' });
    expect(row(s, 1).hint).not.toBe(row(s, 0).hint);
  });

  it('gives a copied choice question its own copy of the list', () => {
    const s = survey([q('fav', 'select_one', { listName: 'yn' })], { yn: structuredClone(YES_NO) });
    expect(duplicateQuestion(s, 0)).toBe(1);
    expect(names(s)).toEqual(['fav', 'fav_copy']);
    expect(row(s, 0).listName).toBe('yn');
    expect(row(s, 1).listName).toBe('yn_copy');
    expect(s.choiceLists['yn_copy']).toEqual(YES_NO);
    s.choiceLists['yn_copy']![0]!.label.vi = 'Đúng';
    expect(s.choiceLists['yn']![0]!.label.vi).toBe('Có');
  });

  it('names a second copy uniquely', () => {
    const s = survey([q('fav', 'select_one', { listName: 'yn' })], { yn: YES_NO });
    duplicateQuestion(s, 0);
    expect(duplicateQuestion(s, 0)).toBe(1);
    expect(names(s)).toEqual(['fav', 'fav_copy_2', 'fav_copy']);
    expect(row(s, 1).listName).toBe('yn_copy_2');
    expect(Object.keys(s.choiceLists).sort()).toEqual(['yn', 'yn_copy', 'yn_copy_2']);
  });

  it('copies a whole group with everything inside, after the group, with fresh unique names', () => {
    const s = survey(
      [
        q('g', 'begin_group', { relevance: "${x} = 'yes'" }),
        q('a', 'text'),
        q('h', 'begin_group'),
        q('pick', 'select_one', { listName: 'yn' }),
        q('h_end', 'end_group'),
        q('g_end', 'end_group'),
        q('x', 'text'),
        q('a_copy', 'text'),
      ],
      { yn: YES_NO },
    );
    expect(duplicateQuestion(s, 0)).toBe(6);
    expect(names(s)).toEqual(['g', 'a', 'h', 'pick', 'h_end', 'g_end', 'g_copy', 'a_copy_2', 'h_copy', 'pick_copy', 'h_end_copy', 'g_end_copy', 'x', 'a_copy']);
    expect(types(s).slice(6, 12)).toEqual(['begin_group', 'text', 'begin_group', 'select_one', 'end_group', 'end_group']);
    expect(row(s, 6).relevance).toBe("${x} = 'yes'");
    expect(row(s, 9).listName).toBe('yn_copy');
    expect(s.choiceLists['yn_copy']).toEqual(YES_NO);
    const all = names(s);
    expect(new Set(all).size).toBe(all.length);
  });

  it('copies the whole group when asked from its end row', () => {
    const s = survey([q('g', 'begin_group'), q('a', 'text'), q('g_end', 'end_group')]);
    expect(duplicateQuestion(s, 2)).toBe(3);
    expect(names(s)).toEqual(['g', 'a', 'g_end', 'g_copy', 'a_copy', 'g_end_copy']);
  });
});

describe('moveQuestion', () => {
  /** [x, g, a, g_end, y] */
  const withGroup = () => survey([q('x', 'text'), q('g', 'begin_group'), q('a', 'text'), q('g_end', 'end_group'), q('y', 'text')]);

  it('moves a plain question one row down into a group below it, and one row up into a group above it', () => {
    const down = withGroup();
    expect(moveQuestion(down, 0, 1)).toBe(1);
    expect(names(down)).toEqual(['g', 'x', 'a', 'g_end', 'y']);
    const up = withGroup();
    expect(moveQuestion(up, 4, -1)).toBe(3);
    expect(names(up)).toEqual(['x', 'g', 'a', 'y', 'g_end']);
  });

  it('moves a group with its content past a plain question, both ways', () => {
    const s = withGroup();
    expect(moveQuestion(s, 1, -1)).toBe(0);
    expect(names(s)).toEqual(['g', 'a', 'g_end', 'x', 'y']);
    expect(moveQuestion(s, 0, 1)).toBe(1);
    expect(names(s)).toEqual(['x', 'g', 'a', 'g_end', 'y']);
    expect(moveQuestion(s, 1, 1)).toBe(2);
    expect(names(s)).toEqual(['x', 'y', 'g', 'a', 'g_end']);
  });

  it('moves a group into a neighbouring group, both ways', () => {
    const two = () =>
      survey([q('g1', 'begin_group'), q('a', 'text'), q('g1_end', 'end_group'), q('g2', 'begin_group'), q('b', 'text'), q('c', 'text'), q('g2_end', 'end_group')]);
    const down = two();
    expect(moveQuestion(down, 0, 1)).toBe(1);
    expect(names(down)).toEqual(['g2', 'g1', 'a', 'g1_end', 'b', 'c', 'g2_end']);
    const up = two();
    expect(moveQuestion(up, 3, -1)).toBe(2);
    expect(names(up)).toEqual(['g1', 'a', 'g2', 'b', 'c', 'g2_end', 'g1_end']);
  });

  it('moves a group (asked by its end row) past a neighbouring question', () => {
    const s = withGroup();
    expect(moveQuestion(s, 3, -1)).toBe(2);
    expect(names(s)).toEqual(['g', 'a', 'g_end', 'x', 'y']);
  });

  it('moves a question out of its group over the begin or end row', () => {
    const up = withGroup();
    expect(moveQuestion(up, 2, -1)).toBe(1);
    expect(names(up)).toEqual(['x', 'a', 'g', 'g_end', 'y']);
    const down = withGroup();
    expect(moveQuestion(down, 2, 1)).toBe(3);
    expect(names(down)).toEqual(['x', 'g', 'g_end', 'a', 'y']);
  });

  it('does nothing at the ends', () => {
    const s = withGroup();
    expect(moveQuestion(s, 0, -1)).toBe(0);
    expect(moveQuestion(s, 4, 1)).toBe(4);
    expect(names(s)).toEqual(['x', 'g', 'a', 'g_end', 'y']);
    const groupAtEnds = survey([q('g', 'begin_group'), q('a', 'text'), q('g_end', 'end_group')]);
    expect(moveQuestion(groupAtEnds, 0, -1)).toBe(0);
    expect(moveQuestion(groupAtEnds, 0, 1)).toBe(0);
    expect(moveQuestion(groupAtEnds, 2, 1)).toBe(2);
    expect(names(groupAtEnds)).toEqual(['g', 'a', 'g_end']);
  });
});

describe('depths', () => {
  it('indents rows inside groups, end rows aligned with their begin rows', () => {
    expect(depths(nested())).toEqual([0, 0, 1, 1, 2, 1, 0, 0]);
  });

  it('never goes below zero for an end row without a begin', () => {
    expect(depths(survey([q('g_end', 'end_group'), q('a', 'text')]))).toEqual([0, 0]);
  });

  it('is empty for an empty survey', () => {
    expect(depths(survey())).toEqual([]);
  });
});

describe('setProperty', () => {
  it('sets a value', () => {
    const question = q('a', 'text');
    setProperty(question, 'relevance', "${b} = 'yes'");
    setProperty(question, 'appearance', 'multiline');
    setProperty(question, 'readOnly', true);
    expect(question).toEqual({ ...q('a', 'text'), relevance: "${b} = 'yes'", appearance: 'multiline', readOnly: true });
  });

  it('clears an empty string, false, undefined and empty labels', () => {
    const question = q('a', 'text', {
      relevance: "${b} = 'yes'",
      appearance: 'multiline',
      readOnly: true,
      identifying: true,
      constraintMessage: { vi: 'Sai' },
      requiredMessage: { en: 'Needed' },
    });
    setProperty(question, 'relevance', '');
    setProperty(question, 'appearance', undefined);
    setProperty(question, 'readOnly', false);
    setProperty(question, 'identifying', false);
    setProperty(question, 'constraintMessage', {});
    setProperty(question, 'requiredMessage', { vi: '  ', en: '' });
    expect(question).toEqual(q('a', 'text'));
    for (const key of ['relevance', 'appearance', 'readOnly', 'identifying', 'constraintMessage', 'requiredMessage']) {
      expect(key in question).toBe(false);
    }
  });

  it('keeps required = false, and keeps label and hint even when empty', () => {
    const question = q('a', 'text', { required: true, hint: { vi: 'gợi ý' } });
    setProperty(question, 'required', false);
    setProperty(question, 'label', {});
    setProperty(question, 'hint', { vi: '', en: '' });
    expect(question.required).toBe(false);
    expect(question.label).toEqual({});
    expect(question.hint).toEqual({ vi: '', en: '' });
    expect(Object.keys(question).sort()).toEqual(['hint', 'label', 'name', 'required', 'type']);
  });

  it('sets labels with text', () => {
    const question = q('a', 'text');
    setProperty(question, 'constraintMessage', { vi: 'Từ 6 đến 18' });
    expect(question.constraintMessage).toEqual({ vi: 'Từ 6 đến 18' });
  });
});
