/**
 * Frequencies, filters and cross-tabs on ten children whose answers are small enough to count by hand
 * (the expected numbers below were counted from this table, not computed by the code under test).
 *
 *  i  sex  prov  age  help              safe      sib_age
 *  0  f    lc    9    parents           yes       3, 10
 *  1  f    lc    12   parents teacher   no
 *  2  m    hn    15   friend            yes
 *  3  m    lc    11   (refused)         yes
 *  4  f    hcm   16   teacher friend    unsure
 *  5  m    hn    8    parents           no        7
 *  6  f    hn    (refused)  (not asked) yes
 *  7  (refused) lc 13 friend            no
 *  8  m    hcm   17   parents friend    (refused)
 *  9  f    lc    14   parents           old  (a choice no longer in the list)
 */
import { describe, expect, it } from 'vitest';
import type { Question, QuestionType, SurveyContent } from '../../core/survey/model';
import { buildColumns, expectKind, type ResponseAnswers } from '../../core/analysis/columns';
import { multipleChoiceFrequency, singleChoiceFrequency } from '../../core/analysis/frequencies';
import { filterMask } from '../../core/analysis/filter';
import { cellPercentages, crossTab, type CrossTab } from '../../core/analysis/crosstab';
import { columnForInstances } from '../../core/analysis/levels';
import { AnalysisError } from '../../core/analysis/analysis-error';

const q = (name: string, type: QuestionType, listName?: string): Question => ({ name, type, label: {}, hint: {}, required: false, ...(listName ? { listName } : {}) });
const choices = (...names: string[]) => names.map((name) => ({ name, label: { vi: name } }));
const survey: SurveyContent = {
  title: {},
  questions: [q('sex', 'select_one', 'sex'), q('prov', 'select_one', 'prov'), q('age', 'integer'), q('help', 'select_multiple', 'help'), q('safe', 'select_one', 'safe'), q('sib', 'begin_repeat'), q('sib_age', 'integer'), q('sib_end', 'end_repeat')],
  choiceLists: { sex: choices('f', 'm'), prov: choices('lc', 'hn', 'hcm'), help: choices('parents', 'teacher', 'friend'), safe: choices('yes', 'no', 'unsure') },
};
const responses: ResponseAnswers[] = [
  { answers: { sex: 'f', prov: 'lc', age: '9', help: 'parents', safe: 'yes', sib: '2', 'sib_age[1]': '3', 'sib_age[2]': '10' } },
  { answers: { sex: 'f', prov: 'lc', age: '12', help: 'parents teacher', safe: 'no' } },
  { answers: { sex: 'm', prov: 'hn', age: '15', help: 'friend', safe: 'yes' } },
  { answers: { sex: 'm', prov: 'lc', age: '11', safe: 'yes' }, refused: ['help'] },
  { answers: { sex: 'f', prov: 'hcm', age: '16', help: 'teacher friend', safe: 'unsure' } },
  { answers: { sex: 'm', prov: 'hn', age: '8', help: 'parents', safe: 'no', sib: '1', 'sib_age[1]': '7' } },
  { answers: { sex: 'f', prov: 'hn', safe: 'yes' }, refused: ['age'] },
  { answers: { prov: 'lc', age: '13', help: 'friend', safe: 'no' }, refused: ['sex'] },
  { answers: { sex: 'm', prov: 'hcm', age: '17', help: 'parents friend' }, refused: ['safe'] },
  { answers: { sex: 'f', prov: 'lc', age: '14', help: 'parents', safe: 'old' } },
];
const set = buildColumns(survey, responses);
const single = (name: string) => expectKind(set.columns.get(name)!, 'single');
const multiple = (name: string) => expectKind(set.columns.get(name)!, 'multiple');
const numeric = (name: string) => expectKind(set.columns.get(name)!, 'numeric');
const kept = (mask: Uint8Array | null) => Array.from(mask!).flatMap((m, i) => (m ? [i] : []));

/** Cells as rows of numbers, one layer. */
function rows(table: CrossTab, layer = 0): number[][] {
  return Array.from({ length: table.rowCount }, (_, r) => Array.from(table.cells.subarray((layer * table.rowCount + r) * table.columnCount, (layer * table.rowCount + r + 1) * table.columnCount)));
}

describe('frequencies', () => {
  it('counts a single choice with % of all and % of those who answered, refused and not asked apart', () => {
    const f = singleChoiceFrequency(single('safe'));
    expect(f).toMatchObject({ total: 10, answered: 9, refused: 1, notAsked: 0 });
    expect(f.rows.map((r) => [r.value, r.inList, r.count])).toEqual([
      ['yes', true, 4],
      ['no', true, 3],
      ['unsure', true, 1],
      ['old', false, 1],
    ]);
    expect(f.rows[0]!.percentOfAll).toBe(40);
    expect(f.rows[0]!.percentOfAnswered).toBeCloseTo(400 / 9, 12);
  });

  it('counts a multiple choice with % of respondents and % of responses', () => {
    const f = multipleChoiceFrequency(multiple('help'));
    expect(f).toMatchObject({ total: 10, answered: 8, refused: 1, notAsked: 1, ticks: 11 });
    expect(f.rows.map((r) => r.count)).toEqual([5, 2, 4]);
    expect(f.rows[0]!.percentOfRespondents).toBe(62.5);
    expect(f.rows[0]!.percentOfResponses).toBeCloseTo(500 / 11, 12);
    expect(f.rows.reduce((sum, r) => sum + r.percentOfResponses!, 0)).toBeCloseTo(100, 12);
  });

  it('counts under a filter mask', () => {
    const lc = filterMask(set, [{ type: 'choice', question: 'prov', values: ['lc'] }]);
    expect(kept(lc)).toEqual([0, 1, 3, 7, 9]);
    const f = singleChoiceFrequency(single('safe'), lc);
    expect(f.rows.map((r) => r.count)).toEqual([2, 2, 0, 1]);
    expect(f.total).toBe(5);
    expect(multipleChoiceFrequency(multiple('help'), lc)).toMatchObject({ answered: 4, refused: 1, ticks: 5 });
  });
});

describe('filters', () => {
  it('evaluates each kind of condition, and negated ones over every entry', () => {
    const mask = (conditions: Parameters<typeof filterMask>[1]) => kept(filterMask(set, conditions));
    expect(mask([{ type: 'choice', question: 'prov', values: ['lc'], negate: true }])).toEqual([2, 4, 5, 6, 8]);
    expect(mask([{ type: 'choice', question: 'help', values: ['teacher', 'friend'] }])).toEqual([1, 2, 4, 7, 8]);
    expect(mask([{ type: 'choice', question: 'help', values: ['parents', 'friend'], match: 'all' }])).toEqual([8]);
    expect(mask([{ type: 'choice', question: 'help', values: ['teacher', 'friend'], negate: true }])).toEqual([0, 3, 5, 6, 9]);
    expect(mask([{ type: 'range', question: 'age', min: 12, max: 14 }])).toEqual([1, 7, 9]);
    expect(mask([{ type: 'range', question: 'age', min: 12, max: 14, negate: true }])).toEqual([0, 2, 3, 4, 5, 6, 8]);
    expect(mask([{ type: 'range', question: 'age', min: 16 }])).toEqual([4, 8]);
    expect(mask([{ type: 'state', question: 'help', state: 'refused' }])).toEqual([3]);
    expect(mask([{ type: 'state', question: 'safe', state: 'refused', negate: true }])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9]);
    expect(mask([{ type: 'state', question: 'help', state: 'notAsked' }])).toEqual([6]);
    expect(mask([{ type: 'state', question: 'sex', state: 'answered', negate: true }])).toEqual([7]);
    expect(mask([{ type: 'choice', question: 'safe', values: ['gone'] }])).toEqual([]);
  });

  it('combines conditions with AND, and has no mask without conditions', () => {
    expect(kept(filterMask(set, [{ type: 'choice', question: 'prov', values: ['lc'] }, { type: 'choice', question: 'sex', values: ['f'] }]))).toEqual([0, 1, 9]);
    expect(filterMask(set, [])).toBeNull();
  });

  it('refuses an unknown question, a condition that does not fit the question, and a malformed condition', () => {
    expect(() => filterMask(set, [{ type: 'choice', question: 'nope', values: ['x'] }])).toThrow(AnalysisError);
    expect(() => filterMask(set, [{ type: 'range', question: 'sex', min: 1 }])).toThrow(/wrongColumnKind/);
    expect(() => filterMask(set, [{ type: 'choice', question: 'sex', values: [] }])).toThrow();
  });

  it('reads a repeat condition at the response level as "any instance", and a response condition for each instance', () => {
    expect(kept(filterMask(set, [{ type: 'range', question: 'sib_age', max: 5 }]))).toEqual([0]);
    expect(kept(filterMask(set, [{ type: 'range', question: 'sib_age', min: 5 }]))).toEqual([0, 5]);
    expect(kept(filterMask(set, [{ type: 'choice', question: 'sex', values: ['f'] }], 'sib'))).toEqual([0, 1]);
    expect(kept(filterMask(set, [{ type: 'choice', question: 'sex', values: ['m'] }, { type: 'range', question: 'sib_age', min: 5 }], 'sib'))).toEqual([2]);
  });
});

describe('cross-tabs', () => {
  it('crosses a single choice by sex, with totals, leaving out entries without both answers', () => {
    const t = crossTab({ rows: single('safe'), columns: single('sex') });
    expect(rows(t)).toEqual([
      [2, 2],
      [1, 1],
      [1, 0],
      [1, 0],
    ]);
    expect(Array.from(t.rowTotals)).toEqual([4, 2, 1, 1]);
    expect(Array.from(t.columnTotals)).toEqual([5, 3]);
    expect(t).toMatchObject({ total: 8, masked: 10, excluded: 2, additive: true, layers: null });
    expect(t.rows.categories.map((c) => c.value)).toEqual(['yes', 'no', 'unsure', 'old']);
    expect(cellPercentages(t, 'row')[0]).toBe(50);
    expect(cellPercentages(t, 'column')[1]).toBeCloseTo(200 / 3, 12);
    expect(cellPercentages(t, 'total')[0]).toBe(25);
  });

  it('crosses a multiple choice by sex: a child counts in each group ticked, totals count children once', () => {
    const t = crossTab({ rows: multiple('help'), columns: single('sex') });
    expect(rows(t)).toEqual([
      [3, 2],
      [2, 0],
      [1, 2],
    ]);
    expect(Array.from(t.rowTotals)).toEqual([5, 2, 3]);
    expect(Array.from(t.columnTotals)).toEqual([4, 3]);
    expect(t).toMatchObject({ total: 7, excluded: 3, additive: false });
    // Sex by help: the same children, the other way round.
    const turned = crossTab({ rows: single('sex'), columns: multiple('help') });
    expect(rows(turned)).toEqual([
      [3, 2, 1],
      [2, 0, 2],
    ]);
    expect(Array.from(turned.columnTotals)).toEqual([5, 2, 3]);
  });

  it('crosses age groups (inclusive bounds) by sex', () => {
    const buckets = [
      { from: 8, to: 11 },
      { from: 12, to: 14, label: '12–14 tuổi' },
      { from: 15, to: 17 },
    ];
    const t = crossTab({ rows: { column: numeric('age'), buckets }, columns: single('sex') });
    expect(rows(t)).toEqual([
      [1, 2],
      [2, 0],
      [1, 2],
    ]);
    expect(t.rows).toMatchObject({ kind: 'buckets', categories: [{ value: '8–11' }, { value: '12–14 tuổi' }, { value: '15–17' }] });
    expect(t).toMatchObject({ total: 8, excluded: 2 });
    // A gap between buckets leaves the ages in it out.
    const gap = crossTab({ rows: { column: numeric('age'), buckets: [{ from: 8, to: 10 }, { from: 15, to: 17 }] }, columns: single('sex') });
    expect(gap.total).toBe(5);
  });

  it('puts decimals, bounds and numbers outside every bucket where the inclusive rule says', () => {
    const xs = [7.7, 8, 11, 11.5, 12, 14.99, 15, 17, 17.5, NaN, -3, 1e9, 7.4];
    const column = { ...numeric('age'), length: xs.length, values: Float64Array.from(xs), state: new Uint8Array(xs.length).fill(2) };
    const everyone = { ...single('sex'), length: xs.length, codes: new Uint8Array(xs.length).fill(2) };
    const buckets = [
      { from: 7.5, to: 11 },
      { from: 12, to: 14.99 },
      { from: 15, to: 17 },
    ];
    const t = crossTab({ rows: { column, buckets }, columns: everyone });
    expect(Array.from(t.rowTotals)).toEqual([3, 2, 2]);
    expect(t).toMatchObject({ total: 7, excluded: 6 });
    // The same numbers through the comparison route only (a span too wide for the whole-number table).
    const wide = crossTab({ rows: { column, buckets: [...buckets, { from: 1e6, to: 1e6 + 1e5 }] }, columns: everyone });
    expect(Array.from(wide.rowTotals)).toEqual([3, 2, 2, 0]);
  });

  it('makes a 3-way table in layers under a filter', () => {
    const twelvePlus = filterMask(set, [{ type: 'range', question: 'age', min: 12 }]);
    const t = crossTab({ rows: single('safe'), columns: single('sex'), layers: single('prov'), mask: twelvePlus });
    expect([rows(t, 0), rows(t, 1), rows(t, 2)]).toEqual([
      [[0, 0], [1, 0], [0, 0], [1, 0]],
      [[0, 1], [0, 0], [0, 0], [0, 0]],
      [[0, 0], [0, 0], [1, 0], [0, 0]],
    ]);
    expect(Array.from(t.layerTotals)).toEqual([2, 1, 1]);
    expect(Array.from(t.rowTotals.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    expect(Array.from(t.columnTotals)).toEqual([2, 0, 0, 1, 1, 0]);
    expect(t).toMatchObject({ total: 4, masked: 6, excluded: 2 });
  });

  it('crosses a repeat question by the respondent’s sex', () => {
    const level = set.repeats.get('sib')!;
    const t = crossTab({ rows: { column: numeric('sib_age'), buckets: [{ from: 0, to: 5 }, { from: 6, to: 17 }] }, columns: columnForInstances(single('sex'), level) as ReturnType<typeof single> });
    expect(rows(t)).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });

  it('refuses overlapping or empty buckets and dimensions of different lengths', () => {
    expect(() => crossTab({ rows: { column: numeric('age'), buckets: [{ from: 8, to: 12 }, { from: 12, to: 14 }] }, columns: single('sex') })).toThrow(/overlap/);
    expect(() => crossTab({ rows: { column: numeric('age'), buckets: [] }, columns: single('sex') })).toThrow(/badBuckets/);
    expect(() => crossTab({ rows: { column: numeric('age'), buckets: [{ from: 9, to: 8 }] }, columns: single('sex') })).toThrow(/badBuckets/);
    expect(() => crossTab({ rows: numeric('sib_age') as never, columns: single('sex') })).toThrow();
    const level = set.repeats.get('sib')!;
    expect(() => crossTab({ rows: { column: numeric('sib_age'), buckets: [{ from: 0, to: 5 }] }, columns: single('sex') })).toThrow(/lengthMismatch/);
    expect(level.length).toBe(3);
  });
});
