import { describe, expect, it } from 'vitest';
import type { Choice, Question, SurveyContent } from '../../core/survey/model';
import { askedRows, meetsConstraint, offeredChoices, runForm, type Answers } from '../../core/survey/runtime';
import { q, survey, YES_NO } from '../helpers/survey';

// Expected values below are worked out by hand from XLSForm/ODK semantics, never by calling the code first.


const NOW = () => new Date(2024, 4, 15, 10, 30);
const run = (s: SurveyContent, answers: Answers) => runForm(s, answers, NOW);

describe('runForm: relevance', () => {
  const simple = survey([q('a', 'select_one', { listName: 'yn' }), q('b', 'text', { relevance: "${a} = 'yes'" })]);

  it("asks a question when its relevance holds: ${a} = 'yes'", () => {
    expect(run(simple, { a: 'yes' }).relevant).toEqual([true, true]);
  });

  it('skips it when the relevance does not hold or the question it reads is unanswered', () => {
    expect(run(simple, { a: 'no' }).relevant).toEqual([true, false]);
    expect(run(simple, {}).relevant).toEqual([true, false]);
    expect(run(simple, { a: null }).relevant).toEqual([true, false]);
  });

  it('asks every question without relevance', () => {
    const s = survey([q('a', 'text'), q('b', 'integer'), q('n', 'note')]);
    expect(run(s, {}).relevant).toEqual([true, true, true]);
  });

  // [a, g (a = 'yes'), b, h, c, h_end, g_end, d]
  const grouped = survey([
    q('a', 'select_one', { listName: 'yn' }),
    q('g', 'begin_group', { relevance: "${a} = 'yes'" }),
    q('b', 'text'),
    q('h', 'begin_group'),
    q('c', 'text'),
    q('h_end', 'end_group'),
    q('g_end', 'end_group'),
    q('d', 'text'),
  ]);

  it("a group's relevance hides everything inside it, nested groups included, and nothing after it", () => {
    expect(run(grouped, { a: 'no', b: 'x', c: 'y' }).relevant).toEqual([true, false, false, false, false, false, false, true]);
  });

  it('a group whose relevance holds shows everything inside', () => {
    expect(run(grouped, { a: 'yes' }).relevant).toEqual([true, true, true, true, true, true, true, true]);
  });

  it("a nested group's own relevance hides only its own content", () => {
    const s = survey([
      q('a', 'select_one', { listName: 'yn' }),
      q('g', 'begin_group'),
      q('b', 'text'),
      q('h', 'begin_group', { relevance: "${a} = 'yes'" }),
      q('c', 'text'),
      q('h_end', 'end_group'),
      q('e', 'text'),
      q('g_end', 'end_group'),
    ]);
    expect(run(s, { a: 'no' }).relevant).toEqual([true, true, true, false, false, false, true, true]);
  });

  it("a question inside a shown group still needs its own relevance", () => {
    const s = survey([
      q('a', 'select_one', { listName: 'yn' }),
      q('g', 'begin_group'),
      q('b', 'text', { relevance: "${a} = 'no'" }),
      q('g_end', 'end_group'),
    ]);
    expect(run(s, { a: 'yes' }).relevant).toEqual([true, true, false, true]);
  });

  it('a question not asked counts as unanswered for later expressions, even with an answer stored', () => {
    const s = survey([
      q('a', 'select_one', { listName: 'yn' }),
      q('b', 'text', { relevance: "${a} = 'yes'" }),
      q('c', 'text', { relevance: "${b} = 'x'" }),
      q('d', 'text', { relevance: "${b} = ''" }),
      q('echo', 'calculate', { calculation: "concat('[', ${b}, ']')" }),
    ]);
    const skipped = run(s, { a: 'no', b: 'x' });
    expect(skipped.relevant).toEqual([true, false, false, true, true]);
    expect(skipped.calculated).toEqual({ echo: '[]' });
    const asked = run(s, { a: 'yes', b: 'x' });
    expect(asked.relevant).toEqual([true, true, true, false, true]);
    expect(asked.calculated).toEqual({ echo: '[x]' });
  });

  it('a question inside a skipped group counts as unanswered too', () => {
    const s = survey([
      q('a', 'select_one', { listName: 'yn' }),
      q('g', 'begin_group', { relevance: "${a} = 'yes'" }),
      q('b', 'integer'),
      q('g_end', 'end_group'),
      q('c', 'text', { relevance: '${b} > 3' }),
    ]);
    expect(run(s, { a: 'no', b: '5' }).relevant[4]).toBe(false);
    expect(run(s, { a: 'yes', b: '5' }).relevant[4]).toBe(true);
  });

  it('a broken relevance does not stop the form', () => {
    const s = survey([q('a', 'text'), q('b', 'text', { relevance: '${a} = = 1' }), q('c', 'text')]);
    expect(() => run(s, { a: '1' })).not.toThrow();
    expect(run(s, { a: '1' }).relevant[2]).toBe(true);
  });
});

describe('runForm: calculations', () => {
  it('computes calculations from answers', () => {
    const s = survey([
      q('x', 'integer'),
      q('y', 'integer'),
      q('total', 'calculate', { calculation: '${x} + ${y}' }),
      q('label', 'calculate', { calculation: "if(${total} > 4, 'big', 'small')" }),
    ]);
    expect(run(s, { x: '2', y: '3' }).calculated).toEqual({ total: '5', label: 'big' });
    expect(run(s, { x: '1', y: '3' }).calculated).toEqual({ total: '4', label: 'small' });
  });

  it('leaves out calculate rows with an empty calculation', () => {
    const s = survey([q('c', 'calculate'), q('d', 'calculate', { calculation: '  ' })]);
    expect(run(s, {}).calculated).toEqual({});
  });

  it('settles a chain written out of order (a calculation reading a later one)', () => {
    const s = survey([
      q('score', 'calculate', { calculation: '${double} + 1' }),
      q('double', 'calculate', { calculation: '${n} * 2' }),
      q('n', 'integer'),
    ]);
    expect(run(s, { n: '4' }).calculated).toEqual({ score: '9', double: '8' });
  });

  it('settles a longer chain written in reverse order', () => {
    // c1 reads c2, c2 reads c3, c3 reads n: with n = 1, c3 = 2, c2 = 3, c1 = 4.
    const s = survey([
      q('c1', 'calculate', { calculation: '${c2} + 1' }),
      q('c2', 'calculate', { calculation: '${c3} + 1' }),
      q('c3', 'calculate', { calculation: '${n} + 1' }),
      q('n', 'integer'),
    ]);
    expect(run(s, { n: '1' }).calculated).toEqual({ c1: '4', c2: '3', c3: '2' });
  });

  it('a calculation inside a skipped group is empty, and reads as empty later', () => {
    const s = survey([
      q('a', 'select_one', { listName: 'yn' }),
      q('g', 'begin_group', { relevance: "${a} = 'yes'" }),
      q('n', 'integer'),
      q('tenfold', 'calculate', { calculation: '${n} * 10' }),
      q('g_end', 'end_group'),
      q('after', 'calculate', { calculation: "concat('v', ${tenfold})" }),
    ]);
    expect(run(s, { a: 'no', n: '3' }).calculated).toEqual({ tenfold: '', after: 'v' });
    expect(run(s, { a: 'yes', n: '3' }).calculated).toEqual({ tenfold: '30', after: 'v30' });
  });

  it('a calculation with its own false relevance is empty', () => {
    const s = survey([q('a', 'select_one', { listName: 'yn' }), q('c', 'calculate', { relevance: "${a} = 'yes'", calculation: "'set'" })]);
    expect(run(s, { a: 'no' }).calculated).toEqual({ c: '' });
    expect(run(s, { a: 'yes' }).calculated).toEqual({ c: 'set' });
  });

  it('relevance can read a calculation', () => {
    const s = survey([
      q('age', 'integer'),
      q('teen', 'calculate', { calculation: '${age} >= 13' }),
      q('school', 'text', { relevance: "${teen} = 'true'" }),
    ]);
    expect(run(s, { age: '14' }).relevant).toEqual([true, true, true]);
    expect(run(s, { age: '9' }).relevant).toEqual([true, true, false]);
  });

  it('uses the injected clock for today()', () => {
    const s = survey([q('d', 'calculate', { calculation: 'today()' })]);
    expect(run(s, {}).calculated).toEqual({ d: '2024-05-15' });
  });
});

describe('meetsConstraint', () => {
  const age = q('age', 'integer', { constraint: '. >= 6 and . <= 18' });
  const s = survey([age]);

  it('checks `. >= 6 and . <= 18` at and around the bounds', () => {
    expect(meetsConstraint(s, age, '5', {}, { now: NOW })).toBe(false);
    expect(meetsConstraint(s, age, '6', {}, { now: NOW })).toBe(true);
    expect(meetsConstraint(s, age, '12', {}, { now: NOW })).toBe(true);
    expect(meetsConstraint(s, age, '18', {}, { now: NOW })).toBe(true);
    expect(meetsConstraint(s, age, '19', {}, { now: NOW })).toBe(false);
  });

  it('an empty answer always meets the constraint', () => {
    expect(meetsConstraint(s, age, '', {}, { now: NOW })).toBe(true);
  });

  it('a question without a constraint accepts anything', () => {
    const free = q('free', 'integer');
    expect(meetsConstraint(survey([free]), free, '-100', {}, { now: NOW })).toBe(true);
  });

  it('uses the answer given, not the one stored', () => {
    expect(meetsConstraint(s, age, '20', { age: '10' }, { now: NOW })).toBe(false);
    expect(meetsConstraint(s, age, '10', { age: '20' }, { now: NOW })).toBe(true);
  });

  it('can read another answer', () => {
    const older = q('older', 'integer', { constraint: '. <= ${siblings}' });
    const form = survey([q('siblings', 'integer'), older]);
    expect(meetsConstraint(form, older, '2', { siblings: '3' }, { now: NOW })).toBe(true);
    expect(meetsConstraint(form, older, '3', { siblings: '3' }, { now: NOW })).toBe(true);
    expect(meetsConstraint(form, older, '4', { siblings: '3' }, { now: NOW })).toBe(false);
  });

  it('can read a calculation', () => {
    const years = q('years', 'integer', { constraint: '. <= ${limit}' });
    const form = survey([q('age', 'integer'), q('limit', 'calculate', { calculation: '${age} - 5' }), years]);
    expect(meetsConstraint(form, years, '7', { age: '12' }, { now: NOW })).toBe(true);
    expect(meetsConstraint(form, years, '8', { age: '12' }, { now: NOW })).toBe(false);
  });

  it('a question that is not asked counts as unanswered in a constraint too', () => {
    const count = q('count', 'integer', { constraint: "${max} = '' or . <= ${max}" });
    const form = survey([
      q('limit', 'select_one', { listName: 'yn' }),
      q('max', 'integer', { relevance: "${limit} = 'yes'" }),
      count,
    ]);
    // max is asked: 5 <= 3 fails
    expect(meetsConstraint(form, count, '5', { limit: 'yes', max: '3' }, { now: NOW })).toBe(false);
    // max is not asked (its old answer is kept but not used): ${max} is '', so the constraint holds
    expect(meetsConstraint(form, count, '5', { limit: 'no', max: '3' }, { now: NOW })).toBe(true);
  });
});

describe('offeredChoices', () => {
  const provinces: Choice[] = [
    { name: '01', label: { vi: 'Hà Nội' } },
    { name: '79', label: { vi: 'TP. Hồ Chí Minh' } },
  ];
  const communes: Choice[] = [
    { name: 'c1', label: { vi: 'Phường Ba Đình' }, filters: { province: '01' } },
    { name: 'c2', label: { vi: 'Phường Hoàn Kiếm' }, filters: { province: '01' } },
    { name: 'c3', label: { vi: 'Phường Sài Gòn' }, filters: { province: '79' } },
    { name: 'c4', label: { vi: 'Không rõ' } },
  ];
  const province = q('province', 'select_one', { listName: 'provinces' });
  const commune = q('commune', 'select_one', { listName: 'communes', choiceFilter: 'province = ${province}' });
  const s = survey([province, commune], { provinces, communes });
  const offered = (question: Question, answers: Answers, form = s) => offeredChoices(form, question, answers, { now: NOW }).map((c) => c.name);

  it('offers the whole list without a filter', () => {
    expect(offered(province, {})).toEqual(['01', '79']);
  });

  it('filters communes by the chosen province through the choice column', () => {
    expect(offered(commune, { province: '01' })).toEqual(['c1', 'c2']);
    expect(offered(commune, { province: '79' })).toEqual(['c3']);
  });

  it("while the province is unanswered only a choice without a province column matches ('' = '')", () => {
    // ${province} is '' and choice c4 has no province column, which reads as '': '' = '' holds.
    expect(offered(commune, {})).toEqual(['c4']);
  });

  it('returns the choices themselves, labels included', () => {
    expect(offeredChoices(s, commune, { province: '79' }, { now: NOW })).toEqual([communes[2]]);
  });

  it('can filter on the choice name', () => {
    const q2 = q('q2', 'select_one', { listName: 'provinces', choiceFilter: 'name != ${province}' });
    const form = survey([province, q2], { provinces });
    expect(offered(q2, { province: '01' }, form)).toEqual(['79']);
  });

  it('offers the whole list when the filter does not parse', () => {
    const broken = q('broken', 'select_one', { listName: 'provinces', choiceFilter: 'province = = ${x}' });
    expect(offered(broken, {}, survey([broken], { provinces }))).toEqual(['01', '79']);
  });

  it("adds an 'other' choice, with a label in both languages, for or_other", () => {
    const worries = q('worries', 'select_multiple', { listName: 'yn', orOther: true });
    const choices = offeredChoices(survey([worries]), worries, {}, { now: NOW });
    expect(choices.map((c) => c.name)).toEqual(['yes', 'no', 'other']);
    const other = choices[2]!;
    expect(other.label.vi?.length).toBeGreaterThan(0);
    expect(other.label.en?.length).toBeGreaterThan(0);
  });

  it('a question without a list offers nothing (or only other)', () => {
    expect(offered(q('x', 'select_one'), {})).toEqual([]);
    expect(offered(q('x', 'select_one', { orOther: true }), {})).toEqual(['other']);
  });

  it('a choice filter can read a calculation', () => {
    const city = q('city', 'select_one', { listName: 'yn' });
    const code = q('code', 'calculate', { calculation: "if(${city} = 'yes', '79', '01')" });
    const where = q('where', 'select_one', { listName: 'communes', choiceFilter: 'province = ${code}' });
    const form = survey([city, code, where], { yn: YES_NO, communes });
    expect(offered(where, { city: 'yes' }, form)).toEqual(['c3']);
    expect(offered(where, { city: 'no' }, form)).toEqual(['c1', 'c2']);
  });
});

describe('askedRows', () => {
  it('lists the questions asked that take an answer, with their index', () => {
    const s = survey([
      q('a', 'select_one', { listName: 'yn' }),
      q('intro', 'note'),
      q('b', 'text', { relevance: "${a} = 'yes'" }),
      q('calc', 'calculate', { calculation: '1' }),
      q('g', 'begin_group'),
      q('c', 'integer'),
      q('g_end', 'end_group'),
      q('h', 'begin_group', { relevance: "${a} = 'yes'" }),
      q('d', 'date'),
      q('h_end', 'end_group'),
    ]);
    const no = askedRows(run(s, { a: 'no' }));
    expect(no.map(({ question, index }) => [question.name, index])).toEqual([
      ['a', 0],
      ['c', 5],
    ]);
    const yes = askedRows(run(s, { a: 'yes' }));
    expect(yes.map(({ question, index }) => [question.name, index])).toEqual([
      ['a', 0],
      ['b', 2],
      ['c', 5],
      ['d', 8],
    ]);
    expect(yes[0]!.question).toBe(s.questions[0]);
  });
});
