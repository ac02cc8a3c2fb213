import { describe, expect, it } from 'vitest';
import { buildCodeColumn, codesColumnName, type ResponsePlaces } from '../../core/coding/code-column';
import { ANSWERED, NOT_ASKED, REFUSED } from '../../core/analysis/columns';
import { multipleChoiceFrequency } from '../../core/analysis/frequencies';
import type { ThemeNode } from '../../core/coding/codebook';

/** The places of responses listed in column order (the app finds them by id among the counted ids). */
function placesOf(responses: readonly string[]): ResponsePlaces<string> {
  const places = new Map(responses.map((id, i) => [id, i]));
  return { length: responses.length, placeOf: (id) => places.get(id) };
}

const t = (id: string, parentId: string | null, position: number): ThemeNode => ({ id, parentId, position, label: { vi: id } });
// A ─ A1, A2 ; B
const themes = [t('A', null, 0), t('A1', 'A', 0), t('A2', 'A', 1), t('B', null, 1)];
const responses = placesOf(['r0', 'r1', 'r2', 'r3', 'r4']);
const assignments = [
  { responseId: 'r0', themeId: 'A1' },
  { responseId: 'r0', themeId: 'B' },
  { responseId: 'r1', themeId: 'A2' },
  { responseId: 'r1', themeId: 'A1' },
  { responseId: 'r3', themeId: 'A' },
  { responseId: 'gone', themeId: 'A' },
  { responseId: 'r3', themeId: 'deleted-theme' },
];

describe('codes as a multiple-choice column', () => {
  it('counts each theme as its top-level theme', () => {
    const column = buildCodeColumn({ question: 'why', themes, level: 'top', responses, assignments, refusedAt: [2] });
    expect(column.question).toBe('why#codes');
    expect(codesColumnName('why')).toBe('why#codes');
    expect(column.values).toEqual(['A', 'B']);
    expect([...column.state]).toEqual([ANSWERED, ANSWERED, REFUSED, ANSWERED, NOT_ASKED]);
    expect([...column.bits]).toEqual([0b11, 0b01, 0, 0b01, 0]);
    const f = multipleChoiceFrequency(column, null);
    expect([f.answered, f.refused, f.notAsked, f.ticks]).toEqual([3, 1, 1, 4]);
    expect(f.rows.map((r) => [r.value, r.count])).toEqual([
      ['A', 3],
      ['B', 1],
    ]);
  });

  it('keeps every theme apart at level all, in codebook order', () => {
    const column = buildCodeColumn({ question: 'why', themes, level: 'all', responses, assignments });
    expect(column.values).toEqual(['A', 'A1', 'A2', 'B']);
    expect([...column.bits]).toEqual([0b1010, 0b0110, 0, 0b0001, 0]);
    expect([...column.state]).toEqual([ANSWERED, ANSWERED, NOT_ASKED, ANSWERED, NOT_ASKED]);
  });

  it('uses several words per entry past 32 themes', () => {
    const many = Array.from({ length: 40 }, (_, i) => t(`T${i}`, null, i));
    const column = buildCodeColumn({ question: 'q', themes: many, level: 'all', responses: placesOf(['a', 'b']), assignments: [{ responseId: 'b', themeId: 'T35' }, { responseId: 'a', themeId: 'T0' }] });
    expect(column.wordsPerEntry).toBe(2);
    expect([...column.bits]).toEqual([1, 0, 0, 1 << 3]);
  });
});
