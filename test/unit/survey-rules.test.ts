import { describe, expect, it } from 'vitest';
import type { SurveyContent } from '../../core/survey/model';
import { validateSurvey } from '../../core/survey/validate';
import { checkAnswer } from '../../core/survey/answers';
import { missingRequired, runForm } from '../../core/survey/runtime';
import { frequency } from '../../core/analysis/frequency';
import { labelIn } from '../../core/survey/labels';

const survey: SurveyContent = {
  title: { vi: 'Khảo sát', en: 'Survey' },
  questions: [
    { name: 'safe', type: 'select_one', label: { vi: 'An toàn?', en: 'Safe?' }, hint: {}, required: true, listName: 'yn' },
    { name: 'worries', type: 'select_multiple', label: { vi: 'Lo lắng', en: 'Worries' }, hint: {}, required: false, listName: 'w' },
    { name: 'age', type: 'integer', label: { vi: 'Tuổi' }, hint: {}, required: false },
    { name: 'say', type: 'text', label: { en: 'Anything else?' }, hint: {}, required: false },
  ],
  choiceLists: {
    yn: [
      { name: '1', label: { vi: 'Có', en: 'Yes' } },
      { name: '2', label: { vi: 'Không', en: 'No' } },
    ],
    w: [
      { name: 'a', label: { vi: 'Bạo lực' } },
      { name: 'b', label: { vi: 'Mạng' } },
      { name: 'c', label: { vi: 'Thi cử' } },
    ],
  },
};

describe('survey validation', () => {
  it('accepts a well-formed survey', () => {
    expect(validateSurvey(survey)).toEqual([]);
  });

  it('reports duplicate names, missing text, empty and duplicate choices, with the question number', () => {
    const broken: SurveyContent = {
      ...survey,
      questions: [
        ...survey.questions,
        { name: 'safe', type: 'text', label: {}, hint: {}, required: false },
        { name: 'empty', type: 'select_one', label: { vi: 'x' }, hint: {}, required: false, listName: 'none' },
      ],
      choiceLists: { ...survey.choiceLists, yn: [...survey.choiceLists.yn!, { name: '1', label: {} }] },
    };
    const found = validateSurvey(broken).map((p) => [p.key, p.params.number]);
    expect(found).toEqual([
      ['problem.missingChoiceLabel', 1],
      ['problem.duplicateChoice', 1],
      ['problem.duplicateName', 5],
      ['problem.missingLabel', 5],
      ['problem.noChoices', 6],
    ]);
  });
});

describe('answers', () => {
  const q = (name: string) => survey.questions.find((x) => x.name === name)!;

  it('checks each type', () => {
    expect(checkAnswer(survey, q('safe'), '1')).toBeNull();
    expect(checkAnswer(survey, q('safe'), '3')).toBe('validation.choice');
    expect(checkAnswer(survey, q('worries'), 'a c')).toBeNull();
    expect(checkAnswer(survey, q('worries'), 'a z')).toBe('validation.choice');
    expect(checkAnswer(survey, q('age'), '12')).toBeNull();
    expect(checkAnswer(survey, q('age'), '12.5')).toBe('validation.integer');
    expect(checkAnswer(survey, q('say'), 'x'.repeat(10_001))).toBe('validation.tooLong');
    expect(checkAnswer(survey, q('safe'), null)).toBeNull();
  });

  it('lists required questions without an answer', () => {
    expect(missingRequired(runForm(survey, {}), {}).map((row) => row.key)).toEqual(['safe']);
    expect(missingRequired(runForm(survey, { safe: '2' }), { safe: '2' })).toEqual([]);
  });

  it('falls back to the other language when a label is missing', () => {
    expect(labelIn(q('age').label, 'en')).toBe('Tuổi');
    expect(labelIn(q('say').label, 'vi')).toBe('Anything else?');
  });
});

describe('frequency', () => {
  it('counts single choice in choice order with percentages of those who answered', () => {
    const result = frequency(survey, survey.questions[0]!, ['1', '2', '1', null]);
    expect(result.total).toBe(4);
    expect(result.answered).toBe(3);
    expect(result.rows.map((r) => [r.value, r.count, r.percent])).toEqual([
      ['1', 2, 66.7],
      ['2', 1, 33.3],
    ]);
  });

  it('counts each ticked choice of a multiple-choice answer', () => {
    const result = frequency(survey, survey.questions[1]!, ['a c', 'c', null]);
    expect(result.rows.map((r) => [r.value, r.count, r.percent])).toEqual([
      ['a', 1, 50],
      ['b', 0, 0],
      ['c', 2, 100],
    ]);
  });

  it('gives no percentage when nobody answered', () => {
    expect(frequency(survey, survey.questions[0]!, [null]).rows[0]!.percent).toBeNull();
  });
});
