import { describe, expect, it } from 'vitest';
import { isBlockingProblem, validateSurvey, type SurveyProblem } from '../../core/survey/validate';
import { q, survey, YES_NO } from '../helpers/survey';

// Expected problems below are worked out by hand from the rules, never by calling the code first.


const keys = (problems: SurveyProblem[]) => problems.map((p) => p.key);

describe('validateSurvey: structure', () => {
  it('accepts balanced nested groups and repeats', () => {
    const s = survey([
      q('g', 'begin_group'),
      q('a', 'text'),
      q('r', 'begin_repeat'),
      q('b', 'select_one', { listName: 'yn' }),
      q('r_end', 'end_repeat'),
      q('g_end', 'end_group'),
    ]);
    expect(validateSurvey(s)).toEqual([]);
  });

  it('reports an end row without a begin row', () => {
    const s = survey([q('a', 'text'), q('g_end', 'end_group')]);
    expect(validateSurvey(s)).toEqual([{ key: 'problem.unmatchedEnd', params: { name: 'g_end' }, questionIndex: 1 }]);
  });

  it('reports a begin row never closed, at the begin row', () => {
    const s = survey([q('a', 'text'), q('g', 'begin_group'), q('b', 'text')]);
    expect(validateSurvey(s)).toEqual([{ key: 'problem.unclosedGroup', params: { name: 'g' }, questionIndex: 1 }]);
  });

  it('reports each unclosed begin row', () => {
    const s = survey([q('g', 'begin_group'), q('a', 'text'), q('r', 'begin_repeat'), q('b', 'text')]);
    expect(validateSurvey(s)).toEqual([
      { key: 'problem.unclosedGroup', params: { name: 'g' }, questionIndex: 0 },
      { key: 'problem.unclosedGroup', params: { name: 'r' }, questionIndex: 2 },
    ]);
  });

  it('reports an end_repeat closing a begin_group', () => {
    const s = survey([q('g', 'begin_group'), q('a', 'text'), q('g_end', 'end_repeat')]);
    expect(validateSurvey(s)).toContainEqual({ key: 'problem.unmatchedEnd', params: { name: 'g_end' }, questionIndex: 2 });
  });

  it('reports an end_group closing a begin_repeat', () => {
    const s = survey([q('r', 'begin_repeat'), q('a', 'text'), q('r_end', 'end_group')]);
    expect(validateSurvey(s)).toContainEqual({ key: 'problem.unmatchedEnd', params: { name: 'r_end' }, questionIndex: 2 });
  });

  it('reports an empty group at its end row', () => {
    const s = survey([q('a', 'text'), q('g', 'begin_group'), q('g_end', 'end_group')]);
    expect(validateSurvey(s)).toEqual([{ key: 'problem.emptyGroup', params: { name: 'g' }, questionIndex: 2 }]);
  });

  it('does not call a group holding only another group empty, but does the inner one', () => {
    const s = survey([q('g', 'begin_group'), q('h', 'begin_group'), q('h_end', 'end_group'), q('g_end', 'end_group')]);
    expect(validateSurvey(s)).toEqual([{ key: 'problem.emptyGroup', params: { name: 'h' }, questionIndex: 2 }]);
  });

  it('reports a calculate without a calculation (and asks no text of a calculate)', () => {
    const s = survey([q('c', 'calculate', { label: {} }), q('d', 'calculate', { calculation: '   ' }), q('e', 'calculate', { label: {}, calculation: '1 + 1' })]);
    expect(validateSurvey(s)).toEqual([
      { key: 'problem.missingCalculation', params: { name: 'c' }, questionIndex: 0 },
      { key: 'problem.missingCalculation', params: { name: 'd' }, questionIndex: 1 },
    ]);
  });

  it('asks no text of group begin and end rows', () => {
    const s = survey([q('g', 'begin_group', { label: {} }), q('a', 'text'), q('g_end', 'end_group', { label: {} })]);
    expect(validateSurvey(s)).toEqual([]);
  });
});

describe('validateSurvey: expressions', () => {
  it('reports an unknown ${agee} in a relevance, suggesting age, with the field and question index', () => {
    const s = survey([q('age', 'integer'), q('name', 'text'), q('school', 'text', { relevance: '${agee} > 10' })]);
    const problems = validateSurvey(s);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      key: 'expr.unknownQuestion',
      params: { ref: 'agee', suggestion: 'age', question: 'school', number: 3, field: 'relevance' },
      questionIndex: 2,
      field: 'relevance',
    });
  });

  it('reports an unknown name in a constraint under the constraint field', () => {
    const s = survey([q('age', 'integer'), q('older', 'integer', { constraint: '. <= ${agee}' })]);
    const problems = validateSurvey(s);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: 'expr.unknownQuestion', params: { ref: 'agee', suggestion: 'age' }, questionIndex: 1, field: 'constraint' });
  });

  it('reports a relevance reading a later question', () => {
    const s = survey([q('a', 'text'), q('b', 'text', { relevance: "${c} = 'x'" }), q('c', 'text')]);
    expect(validateSurvey(s)).toEqual([
      { key: 'problem.relevanceLater', params: { number: 2, ref: 'c', question: 'b' }, questionIndex: 1, field: 'relevance' },
    ]);
  });

  it('accepts a relevance reading an earlier question', () => {
    const s = survey([q('a', 'text'), q('b', 'text', { relevance: "${a} = 'x'" })]);
    expect(validateSurvey(s)).toEqual([]);
  });

  it("reports a group's relevance reading a question inside the group (asked after the begin row)", () => {
    const s = survey([q('g', 'begin_group', { relevance: "${a} = 'x'" }), q('a', 'text'), q('g_end', 'end_group')]);
    expect(validateSurvey(s)).toEqual([
      // A group row has no number: it is named instead.
      { key: 'problem.relevanceLater', params: { number: 'g', ref: 'a', question: 'g' }, questionIndex: 0, field: 'relevance' },
    ]);
  });

  it('reports a cycle between two calculations, naming both', () => {
    const s = survey([
      q('x', 'integer'),
      q('c1', 'calculate', { calculation: '${c2} + ${x}' }),
      q('c2', 'calculate', { calculation: '${c1} * 2' }),
    ]);
    expect(validateSurvey(s)).toEqual([
      { key: 'problem.calculationCycle', params: { number: 'c1', names: 'c1 → c2' }, questionIndex: 1, field: 'calculation' },
    ]);
  });

  it('accepts a chain of calculations without a loop, in any order', () => {
    const s = survey([
      q('c1', 'calculate', { calculation: '${c2} + 1' }),
      q('c2', 'calculate', { calculation: '${x} + 1' }),
      q('x', 'integer'),
    ]);
    expect(validateSurvey(s)).toEqual([]);
  });
});

describe('isBlockingProblem', () => {
  it('blocks only bad names, duplicate names and duplicate choices', () => {
    const s = survey(
      [
        q('1bad', 'text'),
        q('a', 'text'),
        q('a', 'integer'),
        q('pick', 'select_one', { listName: 'dup' }),
        q('nolabel', 'text', { label: {} }),
        q('g', 'begin_group'),
        q('g_end', 'end_group'),
        q('c', 'calculate'),
        q('d', 'text', { relevance: "${e} = 'x'" }),
        q('e', 'text', { relevance: '${agee} > 1' }),
        q('none', 'select_one', { listName: 'missing' }),
      ],
      { dup: [...YES_NO, { name: 'yes', label: { vi: 'Có nữa' } }] },
    );
    const problems = validateSurvey(s);
    const blocking = problems.filter(isBlockingProblem);
    expect(keys(blocking)).toEqual(['problem.badName', 'problem.duplicateName', 'problem.duplicateChoice']);
    expect(blocking.map((p) => p.questionIndex)).toEqual([0, 2, 3]);
    expect(new Set(keys(problems.filter((p) => !isBlockingProblem(p))))).toEqual(
      new Set(['problem.missingLabel', 'problem.emptyGroup', 'problem.missingCalculation', 'problem.relevanceLater', 'expr.unknownQuestionNoSuggestion', 'problem.noChoices']),
    );
  });

  it('judges a problem by its key alone', () => {
    const problem = (key: SurveyProblem['key']): SurveyProblem => ({ key, params: { number: 1 }, questionIndex: 0 });
    expect(isBlockingProblem(problem('problem.badName'))).toBe(true);
    expect(isBlockingProblem(problem('problem.duplicateName'))).toBe(true);
    expect(isBlockingProblem(problem('problem.duplicateChoice'))).toBe(true);
    expect(isBlockingProblem(problem('problem.missingLabel'))).toBe(false);
    expect(isBlockingProblem(problem('problem.unmatchedEnd'))).toBe(false);
    expect(isBlockingProblem(problem('problem.unclosedGroup'))).toBe(false);
    expect(isBlockingProblem(problem('problem.calculationCycle'))).toBe(false);
    expect(isBlockingProblem(problem('expr.unknownQuestion'))).toBe(false);
  });
});
