/**
 * The fast paths of reading an export's rows (issue 7: a large import) give what the general rules give: split
 * 0/1 columns, refusals, values remembered per question, the submission time as our exports write it, ids.
 */
import { describe, expect, it } from 'vitest';
import { isRefusalCell, REFUSED, splitFlag } from '../../core/io/response-values';
import { indexSurvey } from '../../core/io/response-headers';
import { planResponses, stripUuid, submissionTime, type PlannedResponse, type ResponsePlan, type Table } from '../../core/io/response-plan';
import type { SurveyContent } from '../../core/survey/model';
import { seededRandom } from '../helpers/seeded-random';
import { q, survey, YES_NO } from '../helpers/survey';

const COLORS = [
  { name: 'red', label: { vi: 'Đỏ', en: 'Red' } },
  { name: 'green', label: { vi: 'Xanh lá', en: 'Green' } },
  { name: 'blue', label: { vi: 'Xanh dương', en: 'Blue' } },
];
const form: SurveyContent = survey(
  [
    q('colors', 'select_multiple', { listName: 'colors', orOther: true }),
    q('likes', 'select_one', { listName: 'yn' }),
    q('age', 'integer'),
    q('opinion', 'text'),
    q('started', 'not_collected', { xlsformType: 'start' }),
    q('ended', 'not_collected', { xlsformType: 'end' }),
  ],
  { yn: YES_NO, colors: COLORS },
);

/** A CSV-like table: the header, then rows numbered from 2 as a spreadsheet shows them. */
function table(headers: string[], rows: string[][], refusals = false): Table {
  return {
    file: 'data.csv',
    name: 'data',
    headerRow: 1,
    headers: headers.map((header, column) => ({ column, header })),
    rows: rows.map((cells, i) => ({ row: i + 2, cells })),
    context: { refusals },
  };
}

const plan = (t: Table): Promise<ResponsePlan> => planResponses(indexSurvey(form), [t], { hashId: (text) => `id-${text.length}-${text.charCodeAt(text.length - 1)}` });
const answers = (r: PlannedResponse) => Object.fromEntries(r.answers);

describe('split select_multiple columns', () => {
  it('give the codes in the list order, "other" last, whatever the order of the columns', async () => {
    const result = await plan(
      table(
        ['_uuid', 'colors/other', 'colors/blue', 'colors/red', 'colors/green'],
        [
          ['a', '1', '1', '1', '0'],
          ['b', '0', '1', '0', '1'],
          ['c', '0', '0', '0', '0'],
          ['d', '', '', '', ''],
          ['e', 'True', 'x', 'no', 'yes'],
        ],
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.responses.map((r) => [r.id, r.answers.get('colors')])).toEqual([
      ['a', 'red blue other'],
      ['b', 'green blue'],
      // "None of them", and no cell at all: no answer to store.
      ['c', undefined],
      ['d', undefined],
      ['e', 'green blue other'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('beside their combined column: agreeing says nothing, disagreeing is a warning at the combined cell, a bad flag a problem', async () => {
    const result = await plan(
      table(
        ['_uuid', 'colors', 'colors/red', 'colors/green', 'colors/blue'],
        [
          ['a', 'blue red', '1', '0', '1'],
          ['b', 'red', '1', '1', '0'],
          ['c', 'green', '0', '1', 'maybe'],
          // Picked none of them: that disagrees too.
          ['d', 'blue', '0', '0', '0'],
        ],
      ),
    );
    expect(result.warnings).toEqual([3, 5].map((row) => ({ file: 'data.csv', row, column: 'B', code: 'import.splitDisagrees', params: { question: 'colors' } })));
    expect(result.problems).toEqual([{ file: 'data.csv', row: 4, column: 'E', code: 'import.badFlag', params: { question: 'colors', choice: 'blue', value: 'maybe' } }]);
  });

  it('of a refused question say nothing more: the refusal is the answer', async () => {
    const result = await plan(
      table(
        ['_uuid', 'colors', 'colors/red', 'colors/green', 'colors/blue'],
        [
          ['a', '-99', '-99', '-99', '-99'],
          ['b', 'từ chối trả lời', '1', '0', '0'],
          ['c', '', '-99', '1', '-99'],
        ],
        true,
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.responses.map((r) => r.answers.get('colors'))).toEqual([REFUSED, REFUSED, 'green']);
  });

  it('read 1 and 0 as splitFlag does, and neither is a refusal', () => {
    const question = form.questions[0]!;
    expect(splitFlag(form, question, 'red', '1')).toBe(true);
    expect(splitFlag(form, question, 'red', '0')).toBe(false);
    expect(isRefusalCell('1', { refusals: true })).toBe(false);
    expect(isRefusalCell('0', { refusals: true })).toBe(false);
  });
});

describe('values remembered down a column', () => {
  it('are remembered per question: the same text converts by each question’s rules, row after row', async () => {
    const rows = [0, 1, 2].map((i) => [`r${i}`, 'yes', 'yes', '12']);
    const result = await plan(table(['_uuid', 'likes', 'age', 'opinion'], rows));
    expect(result.responses.map(answers)).toEqual([0, 1, 2].map(() => ({ likes: 'yes', opinion: '12' })));
    expect(result.problems).toEqual([2, 3, 4].map((row) => ({ file: 'data.csv', row, column: 'C', code: 'import.badInteger', params: { question: 'age', value: 'yes' } })));
  });

  it('refusals only in our own exports, a padded refusal word too, a long text never', async () => {
    const padded = `${' '.repeat(30)}Từ chối trả lời `;
    const long = `từ chối trả lời vì ${'x'.repeat(30)}`;
    const headers = ['_uuid', 'age', 'opinion', 'likes'];
    const rows = [
      ['a', '-99', padded, 'refused'],
      ['b', ' -99 ', long, 'yes'],
    ];
    const ours = await plan(table(headers, rows, true));
    expect(ours.responses.map(answers)).toEqual([
      { age: REFUSED, opinion: REFUSED, likes: REFUSED },
      { age: REFUSED, opinion: long, likes: 'yes' },
    ]);
    const theirs = await plan(table(headers, rows, false));
    expect(theirs.responses.map(answers)).toEqual([
      { age: '-99', opinion: padded.trim(), likes: 'refused' },
      { age: '-99', opinion: long, likes: 'yes' },
    ]);
    // Elsewhere "refused" is a choice the form does not offer (any more): kept, with a warning.
    expect(theirs.problems).toEqual([]);
    expect(theirs.warnings).toEqual([{ file: 'data.csv', row: 2, column: 'D', code: 'import.keptUnknownChoice', params: { question: 'likes', value: 'refused' } }]);
  });
});

describe('times and ids', () => {
  it('the start and end columns stand in for a missing submission time', async () => {
    const result = await plan(
      table(
        ['_uuid', 'started', 'ended', 'age'],
        [
          ['a', '2025-09-12T11:44:29.448+07:00', '2025-09-12T12:00:00.000+07:00', '12'],
          ['b', '', '2025-09-12T05:00:00.000Z', '13'],
        ],
      ),
    );
    expect(result.responses.map((r) => [r.createdAt, r.completedAt])).toEqual([
      ['2025-09-12T04:44:29.448Z', '2025-09-12T05:00:00.000Z'],
      // No start: created when it ended is not said, completed is.
      [null, '2025-09-12T05:00:00.000Z'],
    ]);
  });

  it('a submission time written as our exports write it is kept as it is when it is a real time, refused when not', () => {
    const random = seededRandom(5);
    const two = (n: number) => String(n).padStart(2, '0');
    for (let k = 0; k < 2000; k++) {
      // Days up to 31 in every month and hours up to 24, so that some times are not real.
      const text = `${1990 + Math.floor(random() * 60)}-${two(1 + Math.floor(random() * 12))}-${two(1 + Math.floor(random() * 31))}T${two(Math.floor(random() * 25))}:${two(Math.floor(random() * 60))}:${two(Math.floor(random() * 60))}.${String(Math.floor(random() * 1000)).padStart(3, '0')}Z`;
      // JavaScript's own reading rolls an impossible date over to another day: the text comes back only when real.
      const date = new Date(text);
      const real = !Number.isNaN(date.getTime()) && date.toISOString() === text;
      expect(submissionTime(text, {}), text).toBe(real ? text : null);
      expect(submissionTime(` ${text} `, {}), text).toBe(real ? text : null);
    }
  });

  it('ids lose their uuid: prefixes, in any case, and only those', () => {
    expect(stripUuid(' uuid:uuid:abc ')).toBe('abc');
    expect(stripUuid('UUID:Uuid:x-1')).toBe('x-1');
    expect(stripUuid('u123')).toBe('u123');
    expect(stripUuid('uuid')).toBe('uuid');
    expect(stripUuid('8600a933-8a12')).toBe('8600a933-8a12');
    expect(stripUuid('')).toBe('');
  });
});
