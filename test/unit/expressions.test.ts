import { describe, expect, it } from 'vitest';
import {
  checkExpression,
  compile,
  dependencies,
  evaluate,
  evaluateSource,
  EXPR_ERROR_CODES,
  ExpressionError,
  findCycles,
  parseExpression,
  references,
  toBoolean,
  toNumber,
  toText,
  type EvalContext,
  type Value,
} from '../../core/expressions';
import { expressionsEn } from '../../core/i18n/expressions.en';
import { expressionsVi } from '../../core/i18n/expressions.vi';
import { translate, type MessageKey } from '../../core/i18n/messages';

/**
 * A fake survey seen from the 2nd instance of the repeat "kids" (child_name / child_age inside it).
 * Expected values below are worked out by hand from ODK/XPath rules, not by running the code.
 */
const answers: Record<string, Value> = {
  age: '14',
  name: 'Lan',
  sex: 'f',
  worries: 'a c',
  empty: '',
  dob: '2010-03-02',
  visit: '2024-05-15',
  score: '7.5',
  n: '10',
  m: '9',
  zero: '0',
  word: 'Tiếng',
  phone: '0912345678',
  t: '08:30',
  // as seen from instance 2 of "kids"
  child_age: '8',
  child_name: 'Bình',
  // a question in a repeat seen from outside it: a node-set
  all_ages: ['5', '8', '12'],
  no_nodes: [],
};
const instances: Record<string, Value[]> = {
  kids: ['', '', ''],
  child_age: ['5', '8', '12'],
  child_name: ['An', 'Bình', 'Chi'],
  gaps: ['3', '', '4'],
  never: [],
};
const ctx: EvalContext = {
  get: (name) => answers[name] ?? '',
  getAll: (name) => instances[name] ?? [answers[name] ?? ''],
  current: () => '15',
  position: () => 2,
  indexed: (name, _repeat, index) => instances[name]?.[index - 1] ?? '',
  // Local time, so today() is 2024-05-15 in every time zone the tests run in.
  now: () => new Date(2024, 4, 15, 10, 30, 0),
};

const CASES: [source: string, expected: Value][] = [
  // arithmetic and precedence
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['10 - 4 - 3', 3],
  ['7 div 2', 3.5],
  ['8 div 2 div 2', 2],
  ['10 div 4 * 2', 5],
  ['7 mod 3', 1],
  ['-7 mod 3', -1],
  ['2 + 3 * 4 - 6 div 2', 11],
  ['1 div 0', Infinity],
  ['-1 div 0', -Infinity],
  ['0 div 0', NaN],
  ['5 mod 0', NaN],
  ['-2 * 3', -6],
  ['2 * -3', -6],
  ['- -4', 4],
  ['2 - -1', 3],
  ['2-1', 1],
  ['-${age} + 20', 6],
  ['.5 + 1.', 1.5],
  ["'3' + '4'", 7],
  ["-'3'", -3],
  ["'abc'", 'abc'],
  ['"it\'s"', "it's"],
  ['${age} + 1', 15],
  ['${score} * 2', 15],
  ['${empty} + 1', NaN],
  ['${name} + 1', NaN],
  // comparisons and coercions
  ['${age} >= 12', true],
  ['${age} = 14', true],
  ["${age} = '14'", true],
  ["${age} = '14.0'", false],
  ['${age} = 14.0', true],
  ["'1' = 1.0", true],
  ['${empty} = 0', false],
  ['${empty} != 0', true],
  ["${empty} = ''", true],
  ["${empty} != ''", false],
  ['${empty} < 5', false],
  ['${empty} >= 0', false],
  ['${n} > ${m}', true],
  ["'abc' < 'abd'", false],
  ['1 = true()', true],
  ['0 = false()', true],
  ["'' = false()", true],
  ["'a' = true()", true],
  ["${sex} = 'f'", true],
  ["${sex} != 'f'", false],
  ['${zero} = 0', true],
  ["${worries} = 'a c'", true],
  ['2 < 3 = true()', true],
  ['1 < 2 < 3', true],
  ['3 > 2 > 1', false],
  ['1 = 1 = 1', true],
  // and / or
  ['1 + 1 = 2 and 2 * 2 = 4', true],
  ['1 = 1 or 1 = 2 and 1 = 3', true],
  ['(1 = 1 or 1 = 2) and 1 = 3', false],
  ["'' and 1", false],
  ["'0' and 1", true],
  ['${zero} and true()', true],
  ["0 or ''", false],
  ['${name} or 0', true],
  ['true() and not(false())', true],
  // select_multiple
  ["selected(${worries}, 'c')", true],
  ["selected(${worries}, 'b')", false],
  ["selected(${worries}, ' a ')", true],
  ["selected(${empty}, 'a')", false],
  ['count-selected(${worries})', 2],
  ['count-selected(${empty})', 0],
  ["count-selected('  a   b  ')", 2],
  ['selected-at(${worries}, 0)', 'a'],
  ['selected-at(${worries}, 1)', 'c'],
  ['selected-at(${worries}, 2)', ''],
  // logic and text
  ["if(${age} >= 18, 'adult', 'child')", 'child'],
  ["if('', 1, 2)", 2],
  ['if(true(), 1 div 0, 2)', Infinity],
  ["concat(${name}, ' ', ${age})", 'Lan 14'],
  ["concat('a', 1 + 1, true())", 'a2true'],
  ["concat('x', ${empty}, 'y')", 'xy'],
  ["coalesce(${empty}, 'none')", 'none'],
  ["coalesce(${name}, 'none')", 'Lan'],
  ['string-length(${word})', 5],
  ['string-length(${empty})', 0],
  ['string-length(.)', 2],
  ['string-length()', 2],
  ["regex(${phone}, '^0[0-9]{9}$')", true],
  ["regex('abc123', '[0-9]+')", true],
  ["regex(${name}, '^[0-9]+$')", false],
  ["contains(${name}, 'an')", true],
  ["contains(${name}, 'x')", false],
  ["starts-with(${phone}, '09')", true],
  ["substr('hello', 1, 3)", 'el'],
  ["substr('hello', 2)", 'llo'],
  ['substr(${word}, 3)', 'ng'],
  // numbers
  ['int(3.7)', 3],
  ['int(-3.7)', -3],
  ["int('12abc')", NaN],
  ['round(2.5)', 3],
  ['round(-2.5)', -2],
  ['round(3.14159, 2)', 3.14],
  ['round(1.005, 2)', 1.01],
  ['round(1234, -2)', 1200],
  ["number('  42 ')", 42],
  ["number('')", NaN],
  ["number('1e3')", NaN],
  ['number(true())', 1],
  ['string(12)', '12'],
  ['string(2.50)', '2.5'],
  ['string(1 div 0)', 'Infinity'],
  ['string(0 div 0)', 'NaN'],
  ['string(1 = 1)', 'true'],
  ['not(${empty})', true],
  ['not(0)', true],
  ["boolean('0')", true],
  ['boolean(0)', false],
  ['min(3, 1, 2)', 1],
  ['max(${age}, ${n})', 14],
  ['floor(-1.5)', -2],
  ['ceiling(1.2)', 2],
  ['abs(-3)', 3],
  ['. > 10', true],
  // repeats
  ['position(..)', 2],
  ['${child_age} = 8', true],
  ['indexed-repeat(${child_name}, ${kids}, 3)', 'Chi'],
  ['indexed-repeat(${child_name}, ${kids}, 4)', ''],
  ['count(${kids})', 3],
  ['count(${child_age})', 3],
  ['count(${never})', 0],
  ['sum(${child_age})', 25],
  ['sum(${gaps})', NaN],
  ['sum(${never})', 0],
  ['max(${child_age})', 12],
  ['min(${child_age})', 5],
  ['max(${gaps})', NaN],
  ['${all_ages} = 12', true],
  ['${all_ages} > 20', false],
  ['concat(${all_ages})', '5'],
  ["${no_nodes} = ''", true],
  // dates (now is 2024-05-15 10:30 local)
  ['today()', '2024-05-15'],
  ['${visit} = today()', true],
  ['today() - ${visit}', 0],
  ['${dob} < today()', true],
  ["${dob} > '2010-03-01'", true],
  ["${t} < '09:00'", true],
  ['today() - ${dob}', 5188],
  ['int((today() - ${dob}) div 365.25)', 14],
  ['date(0)', '1970-01-01'],
  ['date(${dob})', '2010-03-02'],
  ['date(${dob} + 30)', '2010-04-01'],
  ["date('2024-05-15T23:30:00+07:00')", '2024-05-15'],
  ["date('hello')", ''],
];

describe('expression evaluation', () => {
  it('has a table of at least 80 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(CASES)('%s → %s', (source, expected) => {
    // toEqual treats NaN as equal to NaN, and tells 3 from '3' and true from 'true'.
    expect(evaluateSource(source, ctx)).toEqual(expected);
  });

  it('gives now() as a local date-time with its offset', () => {
    expect(String(evaluateSource('now()', ctx))).toMatch(/^2024-05-15T10:30:00\.000[+-]\d\d:\d\d$/);
  });

  it('reads bare names as choice columns in choice filters only', () => {
    const choiceCtx: EvalContext = { ...ctx, get: (n) => (n === 'province' ? '01' : ''), column: (c) => (c === 'province' ? '01' : 'x') };
    expect(evaluate(compile('province = ${province}', { choiceFilter: true }), choiceCtx)).toBe(true);
    expect(evaluate(compile("name != 'x'", { choiceFilter: true }), choiceCtx)).toBe(false);
    expect(() => compile('province = ${province}')).toThrow(ExpressionError);
  });

  it('converts values the XPath way', () => {
    expect([toBoolean(''), toBoolean('0'), toBoolean(0), toBoolean(NaN), toBoolean([]), toBoolean([''])]).toEqual([false, true, false, false, false, true]);
    expect([toNumber(''), toNumber(' 7 '), toNumber(false), toNumber(['4', '5']), toNumber('1970-01-03')]).toEqual([NaN, 7, 0, 4, 2]);
    expect([toText(3), toText(-0), toText(0.5), toText(false), toText([]), toText(['a', 'b'])]).toEqual(['3', '0', '0.5', 'false', '', 'a']);
  });

  it('parses once: compile returns the cached tree, and caches syntax errors too', () => {
    expect(compile('${a} + 1')).toBe(compile('${a} + 1'));
    let first: unknown;
    let second: unknown;
    try {
      compile('1 +');
    } catch (e) {
      first = e;
    }
    try {
      compile('1 +');
    } catch (e) {
      second = e;
    }
    expect(first).toBeInstanceOf(ExpressionError);
    expect(second).toBe(first);
  });

  it('lists references in source order', () => {
    expect(references(parseExpression('if(${a}, ${b}, ${a})'))).toEqual([
      { name: 'a', position: 3 },
      { name: 'b', position: 9 },
      { name: 'a', position: 15 },
    ]);
  });
});

const ERRORS: [source: string, code: string, position: number, params?: Record<string, string | number>][] = [
  ['', 'empty', 0],
  ['   ', 'empty', 0],
  ['1 + # 2', 'unexpectedCharacter', 4, { char: '#' }],
  ['${a} & 1', 'unexpectedCharacter', 5],
  ["${a} = ‘x’", 'curlyQuote', 7, { char: '‘' }],
  ["'abc", 'unclosedString', 0],
  ['concat("a\', \'b\')', 'unclosedString', 7],
  ['${age', 'unclosedReference', 0],
  ['${ age}', 'badReferenceName', 0, { name: ' age' }],
  ['${1a} = 2', 'badReferenceName', 0, { name: '1a' }],
  ['${}', 'badReferenceName', 0],
  ['1 +', 'unexpectedEnd', 3],
  ["1 + 'x' +", 'unexpectedEnd', 9],
  ['(1 + 2', 'missingParenthesis', 6, { open: 0 }],
  ['if(${a}, 1, 2', 'missingParenthesis', 13],
  ['1 + 2)', 'extraParenthesis', 5],
  ['1 2', 'unexpectedToken', 2, { token: '2' }],
  ['${a} == 1', 'unexpectedToken', 6, { token: '=' }],
  ['1 + * 2', 'unexpectedToken', 4],
  ["concat('a',)", 'unexpectedToken', 11, { token: ')' }],
  ["concat('a' 'b')", 'unexpectedToken', 11, { token: "'b'" }],
  ['${a} and and ${b}', 'unexpectedToken', 9, { token: 'and' }],
  ['age > 3', 'bareName', 0, { name: 'age' }],
  ['${a} > 3 and b', 'bareName', 13, { name: 'b' }],
  ['foo(1)', 'unknownFunction', 0, { name: 'foo' }],
  ["1 + jr:choice-name(${a}, '${a}')", 'unknownFunction', 4, { name: 'jr:choice-name' }],
  ['selected(${a})', 'wrongArgumentCount', 0, { name: 'selected', expected: '2', count: 1 }],
  ['round()', 'wrongArgumentCount', 0, { name: 'round', expected: '1–2', count: 0 }],
  ['${a} = today(1)', 'wrongArgumentCount', 7, { name: 'today', expected: '0', count: 1 }],
  ['position()', 'wrongArgumentCount', 0],
  ['concat()', 'tooFewArguments', 0, { name: 'concat', min: 1, count: 0 }],
  ['count(1)', 'referenceExpected', 6, { name: 'count', argument: 1 }],
  ['sum(${a} + 1)', 'referenceExpected', 4],
  ["indexed-repeat(${q}, 'r', 1)", 'referenceExpected', 21, { name: 'indexed-repeat', argument: 2 }],
  ['position(.)', 'parentExpected', 9, { name: 'position' }],
  ['.. + 1', 'misplacedParent', 0],
  ['count(..)', 'misplacedParent', 6],
  ['('.repeat(150) + '1' + ')'.repeat(150), 'tooDeep', 100],
];

describe('expression syntax errors', () => {
  it.each(ERRORS)('%s → %s at %i', (source, code, position, params) => {
    let error: unknown;
    try {
      parseExpression(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    const { code: actualCode, position: actualPosition, params: actualParams } = error as ExpressionError;
    expect({ code: actualCode, position: actualPosition }).toEqual({ code, position });
    if (params) expect(actualParams).toEqual(params);
  });

  it('has a message for every error code, in both languages', () => {
    for (const code of EXPR_ERROR_CODES) {
      expect(Object.keys(expressionsVi)).toContain(`expr.error.${code}`);
      expect(Object.keys(expressionsEn)).toContain(`expr.error.${code}`);
    }
  });
});

describe('checkExpression', () => {
  const known = ['age', 'name', 'q5', 'total'];

  it('reports an unknown question with a suggestion', () => {
    expect(checkExpression('${agee} > 12', { field: 'relevance', question: 'q5', known })).toEqual([
      {
        key: 'expr.unknownQuestion',
        position: 0,
        params: { ref: 'agee', suggestion: 'age', question: 'q5', field: 'relevance', position: 0, column: 1 },
      },
    ]);
  });

  it('suggests across a swap of letters and a case difference', () => {
    const [swap] = checkExpression("${age} > 12 and ${nmae} = 'x'", { field: 'relevance', question: 'q5', known });
    expect(swap).toMatchObject({ key: 'expr.unknownQuestion', position: 16, params: { ref: 'nmae', suggestion: 'name' } });
    const [cased] = checkExpression('${Age} > 1', { field: 'constraint', question: 'q5', known });
    expect(cased).toMatchObject({ key: 'expr.unknownQuestion', params: { suggestion: 'age' } });
  });

  it('reports an unknown question with nothing close as a separate message', () => {
    expect(checkExpression('${xyz} = 1', { field: 'calculation', question: 'total', known })).toEqual([
      {
        key: 'expr.unknownQuestionNoSuggestion',
        position: 0,
        params: { ref: 'xyz', question: 'total', field: 'calculation', position: 0, column: 1 },
      },
    ]);
  });

  it('reports a syntax error at its position', () => {
    expect(checkExpression('${age} > ', { field: 'constraint', question: 'q5', known })).toEqual([
      { key: 'expr.error.unexpectedEnd', position: 9, params: { question: 'q5', field: 'constraint', position: 9, column: 10 } },
    ]);
  });

  it('reports a wrong number of arguments', () => {
    expect(checkExpression('selected(${age})', { field: 'relevance', question: 'q5', known })).toEqual([
      {
        key: 'expr.error.wrongArgumentCount',
        position: 0,
        params: { name: 'selected', expected: '2', count: 1, question: 'q5', field: 'relevance', position: 0, column: 1 },
      },
    ]);
  });

  it('flags self-references except in constraints', () => {
    expect(checkExpression('${total} + 1', { field: 'calculation', question: 'total', known })).toMatchObject([
      { key: 'expr.selfReference', position: 0, params: { ref: 'total' } },
    ]);
    expect(checkExpression('${q5} > 0 and . < 100', { field: 'constraint', question: 'q5', known })).toEqual([]);
  });

  it('checks regex patterns written as text', () => {
    expect(checkExpression("regex(., '[a-')", { field: 'constraint', question: 'q5', known })).toMatchObject([
      { key: 'expr.badRegex', position: 9, params: { pattern: '[a-' } },
    ]);
  });

  it('accepts empty expressions, plain defaults and choice-filter columns', () => {
    expect(checkExpression('  ', { field: 'relevance', question: 'q5', known })).toEqual([]);
    expect(checkExpression('Hà Nội', { field: 'default', question: 'name', known })).toEqual([]);
    expect(checkExpression('today()', { field: 'default', question: 'q5', known })).toEqual([]);
    expect(checkExpression('${agee} + 1', { field: 'default', question: 'q5', known })).toMatchObject([{ key: 'expr.unknownQuestion' }]);
    expect(checkExpression('age = ${age}', { field: 'choiceFilter', question: 'q5', known })).toEqual([]);
    expect(checkExpression('age = ${age}', { field: 'relevance', question: 'q5', known })).toMatchObject([{ key: 'expr.error.bareName' }]);
  });

  it('composes into a readable message with the field in words', () => {
    const [problem] = checkExpression('${agee} > 12', { field: 'relevance', question: 'q5', known });
    const show = (lang: 'vi' | 'en') =>
      translate(lang, problem!.key as MessageKey, { ...problem!.params, field: translate(lang, `expr.field.${problem!.params.field}` as MessageKey) });
    expect(show('en')).toBe('Unknown question ${agee} in the relevance (skip logic) of q5. Did you mean ${age}?');
    expect(show('vi')).toBe('Trong điều kiện hiển thị của câu hỏi q5: không có câu hỏi nào tên ${agee}. Có phải bạn muốn viết ${age}?');
  });
});

describe('dependencies and cycles', () => {
  it('lists the names an expression reads, once each', () => {
    expect(dependencies('${a} + ${b} * ${a}')).toEqual(['a', 'b']);
    expect(dependencies("concat('${x}', ${y})")).toEqual(['y']);
    expect(dependencies('1 + 2')).toEqual([]);
    // still found in a broken expression, so a syntax error does not hide a loop
    expect(dependencies('${a} + (${b}')).toEqual(['a', 'b']);
  });

  it('finds loops among calculations', () => {
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(findCycles(new Map([['x', ['x']]]))).toEqual([['x']]);
    expect(findCycles(new Map([['a', ['age']], ['b', ['a', 'age']]]))).toEqual([]);
    expect(
      findCycles(new Map([['p', ['q']], ['q', ['p']], ['r', ['s']], ['s', ['r', 'p']], ['t', []]])),
    ).toEqual([['p', 'q'], ['r', 's']]);
    // names come back in survey (map) order, whatever order the search met them in
    expect(findCycles(new Map([['c', ['a']], ['a', ['b']], ['b', ['c']]]))).toEqual([['c', 'a', 'b']]);
  });

  it('copes with a long chain without overflowing the stack', () => {
    const graph = new Map<string, string[]>();
    for (let i = 0; i < 5000; i++) graph.set(`n${i}`, [`n${(i + 1) % 5000}`]);
    const cycles = findCycles(graph);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(5000);
  });
});
