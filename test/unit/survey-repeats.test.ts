import { describe, expect, it } from 'vitest';
import type { Question, QuestionType, SurveyContent } from '../../core/survey/model';
import { addInstanceAt, meetsConstraint, missingRequired, runForm } from '../../core/survey/runtime';
import { answerKey, parseAnswerKey } from '../../core/survey/instances';
import { answerTarget, checkAnswer } from '../../core/survey/answers';

const NOW = () => new Date('2026-11-27T08:00:00Z');
const q = (name: string, type: QuestionType, extra: Partial<Question> = {}): Question => ({ name, type, label: { vi: name }, hint: {}, required: false, ...extra });
const form = (questions: Question[]): SurveyContent => ({ title: {}, questions, choiceLists: {} });

/** A child's siblings, one block per sibling: age, and school only for those 6 or older. */
const siblings = form([
  q('n', 'integer'),
  q('sib', 'begin_repeat', { label: { vi: 'Anh chị em' } }),
  q('age', 'integer', { required: true }),
  q('school', 'text', { relevance: '${age} >= 6' }),
  q('sib_end', 'end_repeat'),
  q('total', 'calculate', { calculation: 'sum(${age})' }),
  q('how_many', 'calculate', { calculation: 'count(${sib})' }),
]);

const keys = (s: SurveyContent, answers: Record<string, string>) =>
  runForm(s, answers, NOW)
    .rows.filter((r) => r.relevant)
    .map((r) => r.key);

describe('answer keys', () => {
  it('names an answer by question and repeat instance', () => {
    expect(answerKey('age', [])).toBe('age');
    expect(answerKey('age', [2])).toBe('age[2]');
    expect(answerKey('meal', [2, 1])).toBe('meal[2][1]');
    expect(parseAnswerKey('meal[2][1]')).toEqual({ name: 'meal', path: [2, 1] });
    expect(parseAnswerKey('age')).toEqual({ name: 'age', path: [] });
    expect(parseAnswerKey('age[0]')).toBeNull();
    expect(parseAnswerKey('age[x]')).toBeNull();
    expect(parseAnswerKey('1age')).toBeNull();
  });

  it('accepts a key only as deep as the repeats around its question', () => {
    expect(answerTarget(siblings, 'age[2]')?.path).toEqual([2]);
    expect(answerTarget(siblings, 'age')).toBeUndefined();
    expect(answerTarget(siblings, 'n[1]')).toBeUndefined();
    // The number of siblings lives under the repeat's own name, outside it.
    expect(answerTarget(siblings, 'sib')?.question.name).toBe('sib');
    expect(checkAnswer(siblings, siblings.questions[1]!, '3')).toBeNull();
    expect(checkAnswer(siblings, siblings.questions[1]!, 'many')).toBe('validation.integer');
  });
});

describe('repeats at run time', () => {
  it('runs a repeat once until more instances are added', () => {
    // school[1] waits for an age: an empty age is not >= 6.
    expect(keys(siblings, {})).toEqual(['n', 'sib[1]', 'age[1]', 'sib_end[1]', 'total', 'how_many']);
    expect(keys(siblings, { sib: '3' }).filter((k) => k.startsWith('age'))).toEqual(['age[1]', 'age[2]', 'age[3]']);
  });

  it('reads answers in the same instance, and every instance from outside', () => {
    const run = runForm(siblings, { sib: '3', 'age[1]': '4', 'age[2]': '9', 'age[3]': '12' }, NOW);
    const school = run.rows.filter((r) => r.question.name === 'school').map((r) => [r.key, r.relevant]);
    expect(school).toEqual([
      ['school[1]', false],
      ['school[2]', true],
      ['school[3]', true],
    ]);
    expect(run.calculated.total).toBe('25');
    expect(run.calculated.how_many).toBe('3');
  });

  it('takes the number of instances from repeat_count when there is one', () => {
    const counted = form([q('n', 'integer'), q('sib', 'begin_repeat', { repeatCount: '${n}' }), q('age', 'integer'), q('sib_end', 'end_repeat')]);
    expect(keys(counted, { n: '2' })).toEqual(['n', 'sib[1]', 'age[1]', 'sib_end[1]', 'sib[2]', 'age[2]', 'sib_end[2]']);
    expect(keys(counted, { n: '0' })).toEqual(['n']);
    const run = runForm(counted, { n: '2' }, NOW);
    // No "add another": the count decides.
    expect(run.rows.map((row) => addInstanceAt(counted, run, row)).filter(Boolean)).toEqual([]);
  });

  it('offers "add another" at the end of the last instance only', () => {
    const run = runForm(siblings, { sib: '2' }, NOW);
    const offers = run.rows.map((row) => [row.key, addInstanceAt(siblings, run, row)]).filter(([, add]) => add !== null);
    expect(offers).toEqual([['sib_end[2]', { key: 'sib', count: 3 }]]);
  });

  it('numbers position(..) and nests repeats', () => {
    const nested = form([
      q('day', 'begin_repeat'),
      q('meal', 'begin_repeat'),
      q('food', 'text'),
      q('where', 'calculate', { calculation: "concat(position(..), '/', ${food})" }),
      q('meal_end', 'end_repeat'),
      q('day_end', 'end_repeat'),
    ]);
    const run = runForm(nested, { day: '2', 'meal[2]': '2', 'food[2][2]': 'cơm' }, NOW);
    expect(run.rows.filter((r) => r.question.name === 'food').map((r) => r.key)).toEqual(['food[1][1]', 'food[2][1]', 'food[2][2]']);
    expect(run.calculated['where[2][2]']).toBe('2/cơm');
  });

  it('checks constraints and required answers in each instance', () => {
    const ages = form([q('sib', 'begin_repeat'), q('age', 'integer', { required: true, constraint: '. < 25' }), q('sib_end', 'end_repeat')]);
    expect(meetsConstraint(ages, ages.questions[1]!, '30', { sib: '2' }, { path: [2], now: NOW })).toBe(false);
    expect(meetsConstraint(ages, ages.questions[1]!, '10', { sib: '2' }, { path: [2], now: NOW })).toBe(true);
    const answers = { sib: '2', 'age[1]': '7' };
    expect(missingRequired(runForm(ages, answers, NOW), answers).map((row) => row.key)).toEqual(['age[2]']);
  });
});
