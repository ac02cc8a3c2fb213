import { describe, expect, it } from 'vitest';
import type { Choice, Question, QuestionType, SurveyContent } from '../../core/survey/model';
import { buildColumns, expectKind, FIRST_CHOICE_CODE, ANSWERED, NOT_ASKED, REFUSED, UNREADABLE, type Column, type ResponseAnswers } from '../../core/analysis/columns';
import { COLUMN_FORMAT_VERSION, decodeColumn, encodeColumn } from '../../core/analysis/column-bytes';
import { columnForInstances, maskForInstances, maskForResponses } from '../../core/analysis/levels';
import { AnalysisError } from '../../core/analysis/analysis-error';

const q = (name: string, type: QuestionType, extra: Partial<Question> = {}): Question => ({ name, type, label: { vi: name }, hint: {}, required: false, ...extra });
const list = (...names: string[]): Choice[] => names.map((name) => ({ name, label: { vi: name } }));

const survey: SurveyContent = {
  title: {},
  questions: [
    q('intro', 'note'),
    q('sex', 'select_one', { listName: 'sex' }),
    q('help', 'select_multiple', { listName: 'help', orOther: true }),
    q('age', 'integer'),
    q('score', 'decimal'),
    q('story', 'text'),
    q('born', 'date'),
    q('sib', 'begin_repeat'),
    q('sib_age', 'integer'),
    q('sib_school', 'select_one', { listName: 'yesno' }),
    q('meal', 'begin_repeat'),
    q('meal_food', 'text'),
    q('meal_end', 'end_repeat'),
    q('sib_end', 'end_repeat'),
  ],
  choiceLists: { sex: list('f', 'm'), help: list('parents', 'teacher', 'friend'), yesno: list('yes', 'no') },
};

const responses: ResponseAnswers[] = [
  { answers: { sex: 'f', help: 'parents friend', age: '12', score: '3.5', story: 'Em thích đi học', sib: '2', 'sib_age[1]': '9', 'sib_school[1]': 'yes', 'sib_age[2]': '4' } },
  { answers: { sex: 'm', help: 'teacher other', help_other: 'bà', age: '15', score: 'abc' }, refused: ['story'] },
  { answers: { sex: 'x9', age: '' }, refused: ['help', 'sib_age[3]'] },
  { answers: {}, refused: new Set(['sex', 'age']) },
];

describe('building columns', () => {
  const set = buildColumns(survey, responses);

  it('reads answers given as a Map, as an import plans them, the same as an object', () => {
    const asMaps = responses.map((response) => ({ ...response, answers: new Map(Object.entries(response.answers)) }));
    expect(buildColumns(survey, asMaps)).toEqual(set);
  });

  it('codes a single choice: 0 not asked, 1 refused, 2 + k the k-th value, an unknown value after the list', () => {
    const sex = expectKind(set.columns.get('sex')!, 'single');
    expect(Array.from(sex.codes)).toEqual([FIRST_CHOICE_CODE, FIRST_CHOICE_CODE + 1, FIRST_CHOICE_CODE + 2, 1]);
    expect(sex.values).toEqual(['f', 'm', 'x9']);
    expect(sex.listSize).toBe(2);
    expect(sex.codes).toBeInstanceOf(Uint8Array);
    expect(set.responseCount).toBe(4);
  });

  it('keeps a multiple choice as bits and a state, "other" from or_other in the values, and its text as a column', () => {
    const help = expectKind(set.columns.get('help')!, 'multiple');
    expect(help.values).toEqual(['parents', 'teacher', 'friend', 'other']);
    expect(help.wordsPerEntry).toBe(1);
    expect(Array.from(help.bits)).toEqual([0b101, 0b1010, 0, 0]);
    expect(Array.from(help.state)).toEqual([ANSWERED, ANSWERED, REFUSED, NOT_ASKED]);
    const other = expectKind(set.columns.get('help_other')!, 'text');
    expect(Array.from(other.state)).toEqual([NOT_ASKED, ANSWERED, NOT_ASKED, NOT_ASKED]);
  });

  it('reads numbers as Float64 with NaN and a state: refused and unreadable apart', () => {
    const age = expectKind(set.columns.get('age')!, 'numeric');
    expect(Array.from(age.values)).toEqual([12, 15, NaN, NaN]);
    expect(Array.from(age.state)).toEqual([ANSWERED, ANSWERED, NOT_ASKED, REFUSED]);
    const score = expectKind(set.columns.get('score')!, 'numeric');
    expect(Array.from(score.values)).toEqual([3.5, NaN, NaN, NaN]);
    expect(Array.from(score.state)).toEqual([ANSWERED, UNREADABLE, NOT_ASKED, NOT_ASKED]);
  });

  it('keeps of a text only whether it was answered, refused or not asked (no view reads the texts)', () => {
    const story = expectKind(set.columns.get('story')!, 'text');
    expect(Array.from(story.state)).toEqual([ANSWERED, REFUSED, NOT_ASKED, NOT_ASKED]);
    expect(Object.keys(story)).not.toContain('texts');
  });

  it('gives a repeat one entry per instance with its response, from the stored count or the highest key', () => {
    const sibAge = expectKind(set.columns.get('sib_age')!, 'numeric');
    // Response 0 stores 2 siblings; response 2 stores none but refused sib_age[3], so it has three instances.
    expect(Array.from(sibAge.parent!)).toEqual([0, 0, 2, 2, 2]);
    expect(Array.from(sibAge.instance!)).toEqual([1, 2, 1, 2, 3]);
    expect(Array.from(sibAge.values)).toEqual([9, 4, NaN, NaN, NaN]);
    expect(Array.from(sibAge.state)).toEqual([ANSWERED, ANSWERED, NOT_ASKED, NOT_ASKED, REFUSED]);
    const school = expectKind(set.columns.get('sib_school')!, 'single');
    expect(Array.from(school.codes)).toEqual([2, 0, 0, 0, 0]);
    expect(school.repeat).toBe('sib');
    expect(set.repeats.get('sib')!.length).toBe(5);
  });

  it('says which questions have no column and why', () => {
    expect(set.skipped).toEqual([
      { question: 'intro', reason: 'noAnswer' },
      { question: 'born', reason: 'notAnalysed' },
      { question: 'meal_food', reason: 'nestedRepeat' },
    ]);
    expect(set.columns.has('meal_food')).toBe(false);
  });

  it('rebuilds only the questions asked for', () => {
    const only = buildColumns(survey, responses, { only: ['age'] });
    expect([...only.columns.keys()]).toEqual(['age']);
    expect(Array.from(expectKind(only.columns.get('age')!, 'numeric').values)).toEqual([12, 15, NaN, NaN]);
  });

  it('reads an iterable of unknown length, growing the arrays', () => {
    function* many() {
      for (let i = 0; i < 3000; i++) yield { answers: { sex: i % 3 === 0 ? 'm' : 'f', age: String(8 + (i % 10)), help: i % 2 ? 'friend' : '' } };
    }
    const grown = buildColumns(survey, many());
    const fromArray = buildColumns(survey, [...many()]);
    expect(grown.responseCount).toBe(3000);
    for (const name of ['sex', 'age', 'help']) expect(grown.columns.get(name)).toEqual(fromArray.columns.get(name));
    expect(expectKind(grown.columns.get('sex')!, 'single').codes.length).toBe(3000);
    expect(expectKind(grown.columns.get('age')!, 'numeric').values[2999]).toBe(8 + (2999 % 10));
  });
});

describe('columns that outgrow their first encoding', () => {
  it('moves single-choice codes to 16 bits when values met in the data pass 254, keeping earlier codes', () => {
    const names = Array.from({ length: 253 }, (_, i) => `c${i}`);
    const big: SurveyContent = { title: {}, questions: [q('p', 'select_one', { listName: 'p' })], choiceLists: { p: list(...names) } };
    const data = [{ answers: { p: 'c252' } }, { answers: { p: 'old1' } }, { answers: { p: 'old2' } }, { answers: { p: 'c0' } }];
    const column = expectKind(buildColumns(big, data).columns.get('p')!, 'single');
    expect(column.codes).toBeInstanceOf(Uint16Array);
    expect(Array.from(column.codes)).toEqual([254, 255, 256, 2]);
    expect(column.values.slice(253)).toEqual(['old1', 'old2']);
  });

  it('uses more words per entry past 32 values, also when unknown values push it there', () => {
    const names = Array.from({ length: 31 }, (_, i) => `c${i}`);
    const wide: SurveyContent = { title: {}, questions: [q('m', 'select_multiple', { listName: 'm' })], choiceLists: { m: list(...names) } };
    const data = [{ answers: { m: 'c0 c30' } }, { answers: { m: 'x y c1' } }, { answers: { m: 'y' } }];
    const column = expectKind(buildColumns(wide, data).columns.get('m')!, 'multiple');
    expect(column.wordsPerEntry).toBe(2);
    expect(column.values.slice(31)).toEqual(['x', 'y']);
    const ticked = (i: number) => column.values.filter((_, k) => (column.bits[i * 2 + (k >>> 5)]! >>> (k & 31)) & 1);
    expect(ticked(0)).toEqual(['c0', 'c30']);
    expect(ticked(1)).toEqual(['c1', 'x', 'y']);
    expect(ticked(2)).toEqual(['y']);
  });
});

describe('repeat levels', () => {
  const set = buildColumns(survey, responses);
  const level = set.repeats.get('sib')!;

  it('lifts a response mask to instances and instance results back to responses (any instance)', () => {
    expect(Array.from(maskForInstances(Uint8Array.from([1, 0, 0, 1]), level))).toEqual([1, 1, 0, 0, 0]);
    expect(Array.from(maskForResponses(Uint8Array.from([0, 1, 0, 0, 0]), level, 4))).toEqual([1, 0, 0, 0]);
  });

  it('repeats a response question for each instance, to cross it with the repeat', () => {
    const sex = columnForInstances(set.columns.get('sex')!, level);
    expect(sex.length).toBe(5);
    expect(Array.from(expectKind(sex, 'single').codes)).toEqual([2, 2, 4, 4, 4]);
    expect(() => columnForInstances(set.columns.get('sib_age')!, level)).toThrow(AnalysisError);
  });
});

describe('column bytes', () => {
  const set = buildColumns(survey, responses);
  const roundTrip = (column: Column) => decodeColumn(encodeColumn(column));

  it('gives back every kind of column as it was', () => {
    for (const column of set.columns.values()) expect(roundTrip(column)).toEqual(column);
  });

  it('writes a header with the magic, version, kind and length', () => {
    const bytes = encodeColumn(set.columns.get('sib_age')!);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('TNAC');
    expect(bytes[4]).toBe(COLUMN_FORMAT_VERSION);
    expect(bytes[5]).toBe(3);
    expect(bytes[6]! & 1).toBe(1);
    expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(5);
    expect(bytes.length % 8).toBe(0);
  });

  it('reads bytes that sit at an odd offset of a bigger buffer (as a BLOB may)', () => {
    const bytes = encodeColumn(set.columns.get('score')!);
    const bigger = new Uint8Array(bytes.length + 3);
    bigger.set(bytes, 3);
    expect(decodeColumn(bigger.subarray(3))).toEqual(set.columns.get('score'));
  });

  it('keeps 16-bit codes and multi-word bits', () => {
    const names = Array.from({ length: 300 }, (_, i) => `c${i}`);
    const big: SurveyContent = { title: {}, questions: [q('p', 'select_one', { listName: 'p' }), q('m', 'select_multiple', { listName: 'p' })], choiceLists: { p: list(...names) } };
    const built = buildColumns(big, [{ answers: { p: 'c299', m: 'c0 c299' } }, { answers: { p: 'c1' } }]);
    for (const column of built.columns.values()) expect(roundTrip(column)).toEqual(column);
    expect(expectKind(roundTrip(built.columns.get('p')!), 'single').codes).toBeInstanceOf(Uint16Array);
    expect(expectKind(roundTrip(built.columns.get('m')!), 'multiple').wordsPerEntry).toBe(10);
  });

  it('reads a text column stored by format 1, texts and all, as its state alone', () => {
    const texts = ['Ở trường em thấy an toàn 😊', null, 'dòng 1\ndòng 2'];
    const state = Uint8Array.from([ANSWERED, REFUSED, ANSWERED]);
    const column = expectKind(decodeColumn(formatOneText('story', state, texts)), 'text');
    expect(column).toEqual({ question: 'story', type: 'text', length: 3, repeat: null, parent: null, instance: null, kind: 'text', state });
    expect(roundTrip(column)).toEqual(column);
  });

  it('refuses bytes that are not a column, come from a newer app, or are cut short', () => {
    const bytes = encodeColumn(set.columns.get('age')!);
    expect(() => decodeColumn(new Uint8Array(20))).toThrow(/badColumnBytes/);
    const newer = bytes.slice();
    newer[4] = COLUMN_FORMAT_VERSION + 1;
    expect(() => decodeColumn(newer)).toThrow(/columnBytesTooNew/);
    expect(() => decodeColumn(bytes.subarray(0, bytes.length - 16))).toThrow(/truncated/);
  });
});

/** A text column's bytes as format 1 wrote them: state, then each text's UTF-16 length, then all texts as UTF-8. */
function formatOneText(question: string, state: Uint8Array, texts: (string | null)[]): Uint8Array {
  const pad = (bytes: Uint8Array) => Uint8Array.from({ length: Math.ceil(bytes.length / 8) * 8 }, (_, i) => bytes[i] ?? 0);
  const utf8 = new TextEncoder().encode(texts.join(''));
  const metadata = new TextEncoder().encode(JSON.stringify({ question, type: 'text', repeat: null, textBytes: utf8.length }));
  const lengths = new Uint8Array(Uint32Array.from(texts, (t) => (t === null ? 0xffffffff : t.length)).buffer);
  const header = new Uint8Array(16);
  header.set([0x54, 0x4e, 0x41, 0x43, 1, 4, 0, 0]);
  new DataView(header.buffer).setUint32(8, state.length, true);
  new DataView(header.buffer).setUint32(12, metadata.length, true);
  const parts = [header, pad(metadata), pad(state), pad(lengths), pad(utf8)];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
