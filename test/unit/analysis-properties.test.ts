/**
 * The engine against a plain reference written here with objects, strings and sorting, on seeded synthetic
 * consultations: frequencies, filters, cross-tabs (2-way, 3-way, multiple choice by sex, age buckets) and
 * quartiles must come out the same on every seed.
 */
import { describe, expect, it } from 'vitest';
import type { Question, QuestionType, SurveyContent } from '../../core/survey/model';
import { buildColumns, expectKind, type ColumnSet, type ResponseAnswers } from '../../core/analysis/columns';
import { multipleChoiceFrequency, singleChoiceFrequency } from '../../core/analysis/frequencies';
import { filterMask, type FilterConditionInput } from '../../core/analysis/filter';
import { crossTab, type Bucket, type CrossTab, type Dimension } from '../../core/analysis/crosstab';
import { numericSummary } from '../../core/analysis/numeric';
import { decodeColumn, encodeColumn } from '../../core/analysis/column-bytes';
import { seededRandom as seeded } from '../helpers/seeded-random';


const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const q = (name: string, type: QuestionType, listName?: string): Question => ({ name, type, label: {}, hint: {}, required: false, ...(listName ? { listName } : {}) });
const LISTS = { sex: ['f', 'm', 'x'], prov: names('p', 12), eth: names('e', 8), help: names('h', 6), feel: names('', 5), topics: names('t', 40) };
const survey: SurveyContent = {
  title: {},
  questions: [
    q('sex', 'select_one', 'sex'),
    q('prov', 'select_one', 'prov'),
    q('eth', 'select_one', 'eth'),
    q('age', 'integer'),
    q('help', 'select_multiple', 'help'),
    q('feel', 'select_one', 'feel'),
    q('score', 'decimal'),
    q('topics', 'select_multiple', 'topics'),
  ],
  choiceLists: Object.fromEntries(Object.entries(LISTS).map(([list, values]) => [list, values.map((name) => ({ name, label: {} }))])),
};

/** Answers with refusals, skipped questions and the odd value from an older version of the lists. */
function synthetic(seed: number, n: number): ResponseAnswers[] {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const some = (xs: readonly string[], p: number) => xs.filter(() => random() < p);
  return Array.from({ length: n }, () => {
    const answers: Record<string, string | null> = {};
    const refused: string[] = [];
    const put = (name: string, value: () => string) => {
      const u = random();
      if (u < 0.04) refused.push(name);
      else if (u < 0.1) return;
      else answers[name] = value();
    };
    put('sex', () => (random() < 0.01 ? 'legacy' : pick(LISTS.sex)));
    put('prov', () => pick(LISTS.prov));
    put('eth', () => pick(LISTS.eth));
    put('age', () => (random() < 0.02 ? 'mười' : String(8 + Math.floor(random() * 10))));
    put('help', () => [...some(LISTS.help, 0.3), ...(random() < 0.02 ? ['old'] : [])].join(' '));
    put('feel', () => pick(LISTS.feel));
    put('score', () => (random() * 100 - 20).toFixed(2));
    put('topics', () => some(LISTS.topics, 0.08).join(' '));
    return { answers, refused };
  });
}

/** The reference reading of one answer: 'REFUSED', null (no answer) or the stored text. */
function raw(response: ResponseAnswers, name: string): string | null {
  const refused = response.refused as string[];
  if (refused.includes(name)) return 'REFUSED';
  const value = (response.answers as Record<string, string | null>)[name];
  return value === undefined || value === '' ? null : value;
}
const ticked = (value: string | null) => (value === null || value === 'REFUSED' ? [] : [...new Set(value.split(/\s+/).filter(Boolean))]);
const numberOf = (value: string | null) => (value === null || value === 'REFUSED' || !/^\s*-?\d+(\.\d+)?\s*$/.test(value) ? null : Number(value));

/** The reference filter: each condition read from its plain meaning. */
function passes(response: ResponseAnswers, conditions: FilterConditionInput[]): boolean {
  return conditions.every((c) => {
    const value = raw(response, c.question);
    let ok: boolean;
    if (c.type === 'choice') {
      const question = survey.questions.find((x) => x.name === c.question)!;
      const picked = question.type === 'select_multiple' ? ticked(value) : value === null || value === 'REFUSED' ? [] : [value];
      ok = c.match === 'all' ? c.values.every((v) => picked.includes(v)) && picked.length > 0 : c.values.some((v) => picked.includes(v));
    } else if (c.type === 'range') {
      const x = numberOf(value);
      ok = x !== null && x >= (c.min ?? -Infinity) && x <= (c.max ?? Infinity);
    } else {
      const state = value === 'REFUSED' ? 'refused' : value === null ? 'notAsked' : 'answered';
      ok = state === c.state;
    }
    return c.negate ? !ok : ok;
  });
}

type RefDimension = { question: string; kind: 'single' | 'multiple' } | { question: string; buckets: Bucket[] };

function refCategories(response: ResponseAnswers, d: RefDimension): string[] {
  const value = raw(response, d.question);
  if ('buckets' in d) {
    const x = numberOf(value);
    const b = d.buckets.find((bucket) => x !== null && x >= bucket.from && x <= bucket.to);
    return b ? [b.label ?? `${b.from}–${b.to}`] : [];
  }
  if (d.kind === 'multiple') return ticked(value);
  return value === null || value === 'REFUSED' ? [] : [value];
}

/** The reference cross-tab: a map from "layer|row|column" to a count, and totals as sets of respondents. */
function refCrossTab(responses: ResponseAnswers[], rows: RefDimension, columns: RefDimension, layers: RefDimension | null, conditions: FilterConditionInput[]) {
  const cells = new Map<string, number>();
  const rowTotals = new Map<string, Set<number>>();
  const columnTotals = new Map<string, Set<number>>();
  const add = (map: Map<string, Set<number>>, key: string, i: number) => map.set(key, (map.get(key) ?? new Set()).add(i));
  let total = 0;
  let masked = 0;
  responses.forEach((response, i) => {
    if (!passes(response, conditions)) return;
    masked++;
    const rs = refCategories(response, rows);
    const cs = refCategories(response, columns);
    const ls = layers ? refCategories(response, layers) : [''];
    if (rs.length === 0 || cs.length === 0 || ls.length === 0) return;
    total++;
    for (const l of ls) {
      for (const r of rs) {
        add(rowTotals, `${l}|${r}`, i);
        for (const c of cs) cells.set(`${l}|${r}|${c}`, (cells.get(`${l}|${r}|${c}`) ?? 0) + 1);
      }
      for (const c of cs) add(columnTotals, `${l}|${c}`, i);
    }
  });
  return { cells, rowTotals, columnTotals, total, masked };
}

function expectSameTable(table: CrossTab, ref: ReturnType<typeof refCrossTab>): void {
  const layerNames = table.layers ? table.layers.categories.map((c) => c.value) : [''];
  const rowNames = table.rows.categories.map((c) => c.value);
  const columnNames = table.columns.categories.map((c) => c.value);
  let sum = 0;
  layerNames.forEach((l, li) =>
    rowNames.forEach((r, ri) => {
      expect(table.rowTotals[li * table.rowCount + ri], `row total ${l}|${r}`).toBe(ref.rowTotals.get(`${l}|${r}`)?.size ?? 0);
      columnNames.forEach((c, ci) => {
        const count = table.cells[(li * table.rowCount + ri) * table.columnCount + ci]!;
        expect(count, `cell ${l}|${r}|${c}`).toBe(ref.cells.get(`${l}|${r}|${c}`) ?? 0);
        sum += count;
      });
    }),
  );
  layerNames.forEach((l, li) => columnNames.forEach((c, ci) => expect(table.columnTotals[li * table.columnCount + ci]).toBe(ref.columnTotals.get(`${l}|${c}`)?.size ?? 0)));
  // Every cell the reference saw is in the table (no category forgotten).
  expect(sum).toBe([...ref.cells.values()].reduce((a, b) => a + b, 0));
  expect(table.total).toBe(ref.total);
  expect(table.masked).toBe(ref.masked);
}

const AGE_GROUPS: Bucket[] = [
  { from: 8, to: 11 },
  { from: 12, to: 14 },
  { from: 15, to: 17 },
];

function randomConditions(random: () => number): FilterConditionInput[] {
  const options: (() => FilterConditionInput)[] = [
    () => ({ type: 'choice', question: 'prov', values: LISTS.prov.filter(() => random() < 0.3), negate: random() < 0.3 }),
    () => ({ type: 'choice', question: 'eth', values: ['e1'], negate: true }),
    () => ({ type: 'choice', question: 'help', values: LISTS.help.filter(() => random() < 0.4), match: random() < 0.5 ? 'any' : 'all' }),
    () => ({ type: 'choice', question: 'topics', values: ['t3', 't38'], match: random() < 0.5 ? 'any' : 'all', negate: random() < 0.5 }),
    () => ({ type: 'range', question: 'age', min: 8 + Math.floor(random() * 5), max: 12 + Math.floor(random() * 6) }),
    () => ({ type: 'range', question: 'score', min: random() * 40, negate: random() < 0.5 }),
    () => ({ type: 'state', question: 'feel', state: random() < 0.5 ? 'refused' : 'answered', negate: random() < 0.5 }),
    () => ({ type: 'choice', question: 'sex', values: ['legacy', 'f'] }),
  ];
  const count = Math.floor(random() * 3) + 1;
  return Array.from({ length: count }, () => options[Math.floor(random() * options.length)]!()).filter((c) => c.type !== 'choice' || c.values.length > 0);
}

describe.each([1, 2, 3])('seeded consultation %i', (seed) => {
  const responses = synthetic(seed, 3000);
  const set: ColumnSet = buildColumns(survey, responses);
  const random = seeded(seed * 1000);
  const single = (name: string) => expectKind(set.columns.get(name)!, 'single');
  const multiple = (name: string) => expectKind(set.columns.get(name)!, 'multiple');

  it('survives a trip through bytes for every column', () => {
    for (const column of set.columns.values()) expect(decodeColumn(encodeColumn(column))).toEqual(column);
  });

  it('filters as the plain reading of each condition', () => {
    for (let trial = 0; trial < 15; trial++) {
      const conditions = randomConditions(random);
      const mask = filterMask(set, conditions)!;
      expect(Array.from(mask), JSON.stringify(conditions)).toEqual(responses.map((response) => (passes(response, conditions) ? 1 : 0)));
    }
  });

  it('counts frequencies as the reference, with and without a filter', () => {
    for (const conditions of [[], randomConditions(random), randomConditions(random)]) {
      const mask = filterMask(set, conditions);
      const kept = responses.filter((r) => passes(r, conditions));
      for (const name of ['sex', 'prov', 'feel']) {
        const f = singleChoiceFrequency(single(name), mask);
        const values = kept.map((r) => raw(r, name));
        expect(f.refused).toBe(values.filter((v) => v === 'REFUSED').length);
        expect(f.notAsked).toBe(values.filter((v) => v === null).length);
        expect(f.total).toBe(kept.length);
        for (const row of f.rows) expect(row.count, `${name}=${row.value}`).toBe(values.filter((v) => v === row.value).length);
        expect(f.rows.reduce((a, r) => a + r.count, 0)).toBe(f.answered);
      }
      for (const name of ['help', 'topics']) {
        const f = multipleChoiceFrequency(multiple(name), mask);
        const values = kept.map((r) => raw(r, name));
        const answered = values.filter((v) => ticked(v).length > 0);
        expect(f.answered).toBe(answered.length);
        expect(f.refused).toBe(values.filter((v) => v === 'REFUSED').length);
        for (const row of f.rows) expect(row.count, `${name}=${row.value}`).toBe(answered.filter((v) => ticked(v).includes(row.value)).length);
        expect(f.ticks).toBe(answered.reduce((a, v) => a + ticked(v).length, 0));
      }
    }
  });

  const dims: Record<string, { engine: () => Dimension; ref: RefDimension }> = {
    sex: { engine: () => single('sex'), ref: { question: 'sex', kind: 'single' } },
    prov: { engine: () => single('prov'), ref: { question: 'prov', kind: 'single' } },
    eth: { engine: () => single('eth'), ref: { question: 'eth', kind: 'single' } },
    feel: { engine: () => single('feel'), ref: { question: 'feel', kind: 'single' } },
    help: { engine: () => multiple('help'), ref: { question: 'help', kind: 'multiple' } },
    topics: { engine: () => multiple('topics'), ref: { question: 'topics', kind: 'multiple' } },
    ageGroup: { engine: () => ({ column: expectKind(set.columns.get('age')!, 'numeric'), buckets: AGE_GROUPS }), ref: { question: 'age', buckets: AGE_GROUPS } },
  };

  it.each([
    ['feel', 'sex', null],
    ['prov', 'eth', null],
    ['help', 'sex', null],
    ['sex', 'help', null],
    ['topics', 'help', null],
    ['topics', 'sex', null],
    ['prov', 'topics', null],
    ['ageGroup', 'sex', null],
    ['feel', 'sex', 'prov'],
    ['help', 'ageGroup', 'sex'],
    ['feel', 'topics', 'ageGroup'],
  ] as const)('crosses %s by %s (layers: %s) as the reference, under filters', (rows, columns, layers) => {
    for (const conditions of [[], randomConditions(random)]) {
      const mask = filterMask(set, conditions);
      const table = crossTab({ rows: dims[rows]!.engine(), columns: dims[columns]!.engine(), layers: layers ? dims[layers]!.engine() : null, mask });
      expectSameTable(table, refCrossTab(responses, dims[rows]!.ref, dims[columns]!.ref, layers ? dims[layers]!.ref : null, conditions));
    }
  });

  it('gives the reference median and quartiles (sorting, R type 7) under filters', () => {
    for (const conditions of [[], randomConditions(random), randomConditions(random)]) {
      const mask = filterMask(set, conditions);
      for (const name of ['age', 'score']) {
        const xs = responses.filter((r) => passes(r, conditions)).flatMap((r) => numberOf(raw(r, name)) ?? []);
        const sorted = [...xs].sort((a, b) => a - b);
        const type7 = (p: number) => {
          const h = (sorted.length - 1) * p;
          const lo = Math.floor(h);
          return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
        };
        const s = numericSummary(expectKind(set.columns.get(name)!, 'numeric'), mask);
        if (xs.length === 0) {
          expect(s).toMatchObject({ n: 0, median: null, mean: null });
          continue;
        }
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
        expect(s.n).toBe(xs.length);
        expect(s.min).toBe(sorted[0]);
        expect(s.max).toBe(sorted.at(-1));
        expect(s.median).toBeCloseTo(type7(0.5), 9);
        expect(s.q1).toBeCloseTo(type7(0.25), 9);
        expect(s.q3).toBeCloseTo(type7(0.75), 9);
        expect(s.mean).toBeCloseTo(mean, 9);
        expect(s.standardDeviation).toBeCloseTo(sd, 9);
        expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(xs.length);
      }
    }
  });
});
