import { describe, expect, it } from 'vitest';
import type { Choice, Question, QuestionType, SurveyContent } from '../../core/survey/model';
import { buildColumns, type ResponseAnswers } from '../../core/analysis/columns';
import { concatColumnSets } from '../../core/analysis/column-concat';
import { seededRandom } from '../helpers/seeded-random';

const q = (name: string, type: QuestionType, extra: Partial<Question> = {}): Question => ({ name, type, label: { vi: name }, hint: {}, required: false, ...extra });
const list = (...names: string[]): Choice[] => names.map((name) => ({ name, label: { vi: name } }));
const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

const survey: SurveyContent = {
  title: {},
  questions: [
    q('sex', 'select_one', { listName: 'sex' }),
    q('province', 'select_one', { listName: 'province' }),
    q('help', 'select_multiple', { listName: 'help', orOther: true }),
    q('age', 'integer'),
    q('story', 'text'),
    q('sib', 'begin_repeat'),
    q('sib_age', 'integer'),
    q('sib_school', 'select_one', { listName: 'yesno' }),
    q('sib_end', 'end_repeat'),
  ],
  // 250 provinces: names met beyond them push the codes past a byte.
  choiceLists: { sex: list('f', 'm'), province: list(...many('p', 250)), help: list('parents', 'teacher', 'friend'), yesno: list('yes', 'no') },
};

/** Responses with refusals, skips, values outside the lists (some only late), unreadable numbers and repeats. */
function makeResponses(count: number, seed: number): ResponseAnswers[] {
  const next = seededRandom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const answers: Record<string, string> = {};
    const refused: string[] = [];
    if (next() < 0.9) answers.sex = pick(['f', 'm', i > count / 2 ? 'x-late' : 'f']);
    else refused.push('sex');
    if (next() < 0.95) answers.province = next() < 0.9 ? pick(many('p', 250)) : `extra${Math.floor(next() * 12)}`;
    // Beyond 32 names the bits take a second word: extras appear in the second half only.
    if (next() < 0.8) answers.help = [pick(['parents', 'teacher']), next() < 0.3 ? pick(i > count / 2 ? many('new', 40) : ['friend']) : 'friend'].join(' ');
    else if (next() < 0.5) refused.push('help');
    if (next() < 0.2) answers.help_other = `bà ${i}`;
    answers.age = next() < 0.9 ? String(8 + Math.floor(next() * 10)) : 'mười';
    if (next() < 0.5) answers.story = `Em kể chuyện ${i}`;
    const siblings = Math.floor(next() * 3);
    if (siblings) answers.sib = String(siblings);
    for (let s = 1; s <= siblings; s++) {
      answers[`sib_age[${s}]`] = String(Math.floor(next() * 20));
      if (next() < 0.7) answers[`sib_school[${s}]`] = pick(['yes', 'no', 'maybe']);
    }
    // An instance named by a key beyond the stored count still counts.
    if (next() < 0.05) answers['sib_age[4]'] = '3';
    return refused.length ? { answers, refused } : { answers };
  });
}

describe('joining column sets', () => {
  const responses = makeResponses(600, 7);
  const whole = buildColumns(survey, responses);

  it.each([
    ['two runs', [300]],
    ['three uneven runs', [1, 450]],
    ['an empty run first (an empty project), then two', [0, 200]],
    ['five runs', [100, 200, 350, 500]],
  ])('gives what one build over all the responses gives: %s', (_, cuts) => {
    const bounds = [0, ...cuts, responses.length];
    const sets = bounds.slice(1).map((end, i) => buildColumns(survey, responses.slice(bounds[i], end)));
    const joined = concatColumnSets(sets);
    expect(joined.responseCount).toBe(600);
    expect([...joined.columns.keys()]).toEqual([...whole.columns.keys()]);
    for (const [name, column] of whole.columns) expect(joined.columns.get(name), name).toEqual(column);
    expect(joined.repeats).toEqual(whole.repeats);
  });

  it('is tested on columns that need it: extras after the list, codes past a byte, a second word of bits', () => {
    const province = whole.columns.get('province')!;
    const help = whole.columns.get('help')!;
    expect(province.kind === 'single' && province.codes instanceof Uint16Array && province.values.length > province.listSize).toBe(true);
    expect(help.kind === 'multiple' && help.wordsPerEntry).toBe(2);
    expect(whole.repeats.get('sib')!.length).toBeGreaterThan(300);
  });

  it('refuses sets of different surveys', () => {
    const other = buildColumns({ ...survey, questions: survey.questions.filter((question) => question.name !== 'age') }, responses.slice(0, 5));
    expect(() => concatColumnSets([whole, other])).toThrow(/age/);
  });
});
