import { describe, expect, it } from 'vitest';
import { likertKind, likertScale, likertSummary } from '../../core/analysis/likert';
import { buildColumns, expectKind } from '../../core/analysis/columns';
import type { Question, SurveyContent } from '../../core/survey/model';

const list = (n: number) => Array.from({ length: n }, (_, i) => ({ name: String(i + 1), label: { vi: String(i + 1) } }));
const question = (name: string, listName: string, appearance?: string): Question => ({ name, type: 'select_one', listName, label: {}, hint: {}, required: false, ...(appearance ? { appearance } : {}) });
const survey: SurveyContent = {
  title: {},
  questions: [question('feel', 'five', 'likert'), question('smile', 'three', 'smiley horizontal'), question('often', 'four'), question('province', 'many'), question('yes', 'two', 'likert')],
  choiceLists: { five: list(5), three: list(3), four: list(4), many: list(34), two: list(2) },
};

describe('Likert questions', () => {
  it('recognises a scale by appearance, offers any 3–7 point list, refuses others', () => {
    const kinds = survey.questions.map((q) => likertKind(survey, q));
    expect(kinds).toEqual(['appearance', 'appearance', 'possible', null, null]);
  });

  const answers = ['1', '1', '2', '3', '3', '3', '4', '5', '5', '5', '5', 'legacy'];
  const set = buildColumns(survey, [
    ...answers.map((feel, i) => ({ answers: { feel, often: String((i % 4) + 1) } })),
    { answers: {}, refused: ['feel'] },
    { answers: {} },
  ]);
  const feel = expectKind(set.columns.get('feel')!, 'single');

  it('splits a 5-point scale into negative, neutral (the middle point) and positive', () => {
    const summary = likertSummary(feel)!;
    expect(summary.points.map((p) => [p.value, p.side, p.count])).toEqual([
      ['1', 'negative', 2],
      ['2', 'negative', 1],
      ['3', 'neutral', 3],
      ['4', 'positive', 1],
      ['5', 'positive', 4],
    ]);
    expect(summary).toMatchObject({ onScale: 11, negative: 3, neutral: 3, positive: 5, refused: 1, notAsked: 1, offScale: 3 });
    expect(summary.positivePercent).toBeCloseTo((100 * 5) / 11, 12);
    expect(summary.negativePercent! + summary.neutralPercent! + summary.positivePercent!).toBeCloseTo(100, 12);
  });

  it('reads a list that starts with the positive end the other way round', () => {
    const summary = likertSummary(feel, { order: 'positiveFirst' })!;
    expect(summary.points.map((p) => p.value)).toEqual(['5', '4', '3', '2', '1']);
    expect(summary).toMatchObject({ negative: 5, neutral: 3, positive: 3 });
  });

  it('has no neutral point on an even scale, and honours a mask', () => {
    const often = expectKind(set.columns.get('often')!, 'single');
    const mask = Uint8Array.from({ length: often.length }, (_, i) => (i < 8 ? 1 : 0));
    const summary = likertSummary(often, { mask })!;
    expect(summary.points.map((p) => p.side)).toEqual(['negative', 'negative', 'positive', 'positive']);
    expect(summary).toMatchObject({ onScale: 8, negative: 4, neutral: 0, positive: 4, neutralPercent: null, positivePercent: 50 });
  });

  it('leaves the app\'s "I don\'t know" (98) and "rather not say" (99) off the scale, wherever the list has them', () => {
    const withCodes: SurveyContent = {
      title: {},
      questions: [question('safe', 'safety', 'likert smiley'), question('yn', 'yn3')],
      choiceLists: { safety: [...list(5), { name: '99', label: { vi: 'Không muốn nói' } }], yn3: [{ name: '98', label: {} }, ...list(2), { name: '99', label: {} }] },
    };
    expect(withCodes.questions.map((q) => likertKind(withCodes, q))).toEqual(['appearance', null]);
    const columns = buildColumns(withCodes, ['1', '3', '3', '5', '99', '99'].map((safe) => ({ answers: { safe } })));
    const summary = likertSummary(expectKind(columns.columns.get('safe')!, 'single'))!;
    expect(summary.points.map((p) => [p.value, p.side])).toEqual([
      ['1', 'negative'],
      ['2', 'negative'],
      ['3', 'neutral'],
      ['4', 'positive'],
      ['5', 'positive'],
    ]);
    expect(summary).toMatchObject({ onScale: 4, offScale: 2, negative: 1, neutral: 2, positive: 1, positivePercent: 25 });
    expect(likertScale(['99', 'a', 'b', 'c', '98'])!.map((p) => [p.value, p.index, p.score])).toEqual([
      ['a', 1, 1],
      ['b', 2, 2],
      ['c', 3, 3],
    ]);
  });

  it('gives no summary for lists that are not a scale', () => {
    const two = buildColumns(survey, [{ answers: { yes: '1' } }]);
    expect(likertSummary(expectKind(two.columns.get('yes')!, 'single'))).toBeNull();
  });
});
