import { describe, expect, it } from 'vitest';
import type { Choice, Question, QuestionType, SurveyContent } from '../../core/survey/model';
import { breakingChanges, usageFrom, type AnswerUsage } from '../../core/survey/changes';

// Expected values below are worked out by hand, never by calling the code first.

function q(name: string, type: QuestionType, extra: Partial<Question> = {}): Question {
  return { name, type, label: { vi: name }, hint: {}, required: false, ...extra };
}

const choices = (...names: string[]): Choice[] => names.map((name) => ({ name, label: { vi: name } }));

/** The published version: a select_one, a text, an integer and a select_multiple. */
function published(): SurveyContent {
  return {
    title: { vi: 'Khảo sát' },
    questions: [
      q('mood', 'select_one', { listName: 'moods' }),
      q('say', 'text'),
      q('age', 'integer'),
      q('worries', 'select_multiple', { listName: 'w' }),
    ],
    choiceLists: { moods: choices('happy', 'ok', 'sad'), w: choices('a', 'b', 'c') },
  };
}

function usage(questions: string[], picked: Record<string, string[]> = {}): AnswerUsage {
  return { questions: new Set(questions), choices: new Map(Object.entries(picked).map(([k, v]) => [k, new Set(v)])) };
}

describe('breakingChanges', () => {
  it('finds nothing when nothing changed', () => {
    const before = published();
    expect(breakingChanges(before, published(), usage(['mood', 'say', 'age', 'worries'], { mood: ['sad'], worries: ['a', 'c'] }))).toEqual([]);
  });

  it('warns about a removed question that has answers', () => {
    const after = published();
    after.questions.splice(1, 1);
    expect(breakingChanges(published(), after, usage(['say']))).toEqual([{ key: 'version.removedQuestion', params: { name: 'say' } }]);
  });

  it('says nothing about a removed question without answers', () => {
    const after = published();
    after.questions.splice(1, 1);
    expect(breakingChanges(published(), after, usage(['mood', 'age']))).toEqual([]);
  });

  it('warns about a question with answers given another type', () => {
    const after = published();
    after.questions[2] = q('age', 'decimal');
    expect(breakingChanges(published(), after, usage(['age']))).toEqual([
      { key: 'version.changedType', params: { name: 'age', from: 'integer', to: 'decimal' } },
    ]);
  });

  it('says nothing about a type change of a question without answers', () => {
    const after = published();
    after.questions[2] = q('age', 'decimal');
    expect(breakingChanges(published(), after, usage(['say']))).toEqual([]);
  });

  it('warns about a removed choice that was picked', () => {
    const after = published();
    after.choiceLists['moods'] = choices('happy', 'ok');
    expect(breakingChanges(published(), after, usage(['mood'], { mood: ['sad', 'happy'] }))).toEqual([
      { key: 'version.removedChoice', params: { name: 'mood', choice: 'sad' } },
    ]);
  });

  it('says nothing about a removed choice nobody picked', () => {
    const after = published();
    after.choiceLists['moods'] = choices('happy', 'ok');
    expect(breakingChanges(published(), after, usage(['mood'], { mood: ['happy', 'ok'] }))).toEqual([]);
  });

  it('says nothing about added choices or relabelled ones', () => {
    const after = published();
    after.choiceLists['moods'] = [{ name: 'happy', label: { vi: 'Vui', en: 'Happy' } }, ...choices('ok', 'sad', 'angry')];
    expect(breakingChanges(published(), after, usage(['mood'], { mood: ['happy', 'ok', 'sad'] }))).toEqual([]);
  });

  it('compares choices by name even when the question now uses another list', () => {
    const after = published();
    after.questions[0] = q('mood', 'select_one', { listName: 'moods2' });
    after.choiceLists['moods2'] = choices('happy', 'sad');
    expect(breakingChanges(published(), after, usage(['mood'], { mood: ['ok', 'sad'] }))).toEqual([
      { key: 'version.removedChoice', params: { name: 'mood', choice: 'ok' } },
    ]);
  });

  it('warns once per removed question, in the order of the published version', () => {
    const after = published();
    after.questions = [after.questions[3]!];
    expect(breakingChanges(published(), after, usage(['age', 'mood', 'say']))).toEqual([
      { key: 'version.removedQuestion', params: { name: 'mood' } },
      { key: 'version.removedQuestion', params: { name: 'say' } },
      { key: 'version.removedQuestion', params: { name: 'age' } },
    ]);
  });

  it('checks select_multiple answers choice by choice, through usageFrom', () => {
    const before = published();
    const used = usageFrom([{ question: 'worries', value: 'a c' }], before);
    const withoutB = published();
    withoutB.choiceLists['w'] = choices('a', 'c');
    expect(breakingChanges(before, withoutB, used)).toEqual([]);
    const withoutC = published();
    withoutC.choiceLists['w'] = choices('a', 'b');
    expect(breakingChanges(before, withoutC, used)).toEqual([{ key: 'version.removedChoice', params: { name: 'worries', choice: 'c' } }]);
    const withoutAC = published();
    withoutAC.choiceLists['w'] = choices('b');
    expect(breakingChanges(before, withoutAC, used)).toEqual([
      { key: 'version.removedChoice', params: { name: 'worries', choice: 'a' } },
      { key: 'version.removedChoice', params: { name: 'worries', choice: 'c' } },
    ]);
  });
});

describe('usageFrom', () => {
  it('splits select_multiple answers into single codes', () => {
    const used = usageFrom(
      [
        { question: 'worries', value: 'a c' },
        { question: 'worries', value: 'c' },
      ],
      published(),
    );
    expect([...used.questions]).toEqual(['worries']);
    expect([...used.choices.get('worries')!].sort()).toEqual(['a', 'c']);
  });

  it('keeps other answers whole, and collects every question answered', () => {
    const used = usageFrom(
      [
        { question: 'mood', value: 'sad' },
        { question: 'say', value: 'a c' },
        { question: 'mood', value: 'ok' },
        { question: 'age', value: '12' },
      ],
      published(),
    );
    expect([...used.questions].sort()).toEqual(['age', 'mood', 'say']);
    expect([...used.choices.get('mood')!].sort()).toEqual(['ok', 'sad']);
    expect([...used.choices.get('say')!]).toEqual(['a c']);
  });

  it('splits rank answers too', () => {
    const s = published();
    s.questions.push(q('order', 'rank', { listName: 'w' }));
    const used = usageFrom([{ question: 'order', value: 'c a b' }], s);
    expect([...used.choices.get('order')!].sort()).toEqual(['a', 'b', 'c']);
  });

  it('is empty without rows', () => {
    const used = usageFrom([], published());
    expect(used.questions.size).toBe(0);
    expect(used.choices.size).toBe(0);
  });
});
