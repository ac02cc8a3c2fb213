import { describe, expect, it } from 'vitest';
import { pagesOf, runForm, shownRows, tableRows } from '../../core/survey/runtime';
import { q, survey } from '../helpers/survey';

/** intro, [together (field-list): a, b], [table (table-list): t1, t2 sharing yn, note], c */
const form = survey([
  q('intro', 'note'),
  q('together', 'begin_group', { appearance: 'field-list' }),
  q('a', 'text'),
  q('b', 'integer', { relevance: "${a} = 'x'" }),
  q('together_end', 'end_group'),
  q('table', 'begin_group', { appearance: 'table-list' }),
  q('t1', 'select_one', { listName: 'yn' }),
  q('t2', 'select_one', { listName: 'yn' }),
  q('hint', 'note'),
  q('table_end', 'end_group'),
  q('c', 'text'),
]);

const describePages = (answers: Record<string, string>) =>
  pagesOf(form, runForm(form, answers)).map((page) =>
    page.kind === 'row' ? page.row.key : `${page.group.key}(${shownRows(page).map((r) => r.key).join(',')})`,
  );

describe('screens of a survey', () => {
  it('shows a field-list or table-list group as one screen, with only the questions asked', () => {
    expect(describePages({})).toEqual(['intro', 'together(a)', 'table(t1,t2,hint)', 'c']);
    expect(describePages({ a: 'x' })).toEqual(['intro', 'together(a,b)', 'table(t1,t2,hint)', 'c']);
  });

  it('puts the questions sharing one list in the table, and leaves the rest to show on their own', () => {
    const pages = pagesOf(form, runForm(form, {}));
    const table = pages.find((page) => page.kind === 'group' && page.table)!;
    expect(tableRows(table).map((row) => row.key)).toEqual(['t1', 't2']);
    expect(tableRows(pages[1]!)).toEqual([]);
  });

  it('keeps a plain group as rows of its own (a heading, then its questions)', () => {
    const plain = survey([q('g', 'begin_group'), q('a', 'text'), q('g_end', 'end_group')]);
    expect(pagesOf(plain, runForm(plain, {})).map((page) => (page.kind === 'row' ? page.row.key : 'group'))).toEqual(['g', 'a', 'g_end']);
  });
});
