import { describe, expect, it } from 'vitest';
import { moveQuestionTo } from '../../core/survey/edit';
import type { Question, QuestionType, SurveyContent } from '../../core/survey/model';

const q = (name: string, type: QuestionType = 'text'): Question => ({ name, type, label: { vi: name }, hint: {}, required: false });
const survey = (): SurveyContent => ({
  title: {},
  choiceLists: {},
  // a, [g: b, c], d
  questions: [q('a'), q('g', 'begin_group'), q('b'), q('c'), q('g_end', 'end_group'), q('d')],
});
const names = (s: SurveyContent) => s.questions.map((x) => x.name).join(' ');

describe('moving a question by dragging it onto another row', () => {
  it('puts a row dragged downwards after the target, and upwards before it', () => {
    const down = survey();
    expect(moveQuestionTo(down, 0, 5)).toBe(5);
    expect(names(down)).toBe('g b c g_end d a');
    const up = survey();
    expect(moveQuestionTo(up, 5, 0)).toBe(0);
    expect(names(up)).toBe('d a g b c g_end');
  });

  it('moves a whole group with what is inside, past a whole group', () => {
    const s = survey();
    expect(moveQuestionTo(s, 1, 5)).toBe(2);
    expect(names(s)).toBe('a d g b c g_end');
  });

  it('drops into a group: onto its begin row from above (first inside), onto its end row (last inside)', () => {
    const top = survey();
    expect(moveQuestionTo(top, 0, 1)).toBe(1);
    expect(names(top)).toBe('g a b c g_end d');
    const last = survey();
    expect(moveQuestionTo(last, 0, 4)).toBe(3);
    expect(names(last)).toBe('g b c a g_end d');
    const fromBelow = survey();
    expect(moveQuestionTo(fromBelow, 5, 4)).toBe(4);
    expect(names(fromBelow)).toBe('a g b c d g_end');
  });

  it('moves a question within a group, and does nothing when a group is dropped into itself', () => {
    const s = survey();
    expect(moveQuestionTo(s, 3, 2)).toBe(2);
    expect(names(s)).toBe('a g c b g_end d');
    const t = survey();
    expect(moveQuestionTo(t, 1, 3)).toBe(1);
    expect(names(t)).toBe('a g b c g_end d');
  });
});
