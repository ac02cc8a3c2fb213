import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { call, newSession } from '../helpers/session';
import { createSyntheticProject } from '../../bench/synthetic';

describe('the labels of a table’s answers', () => {
  it('names the "or other" answer of a multiple choice in both languages, as the choices are named', async () => {
    const made = createSyntheticProject({ file: path.join(tempDir(), 'synthetic.tiengnoi'), responses: 300, seed: 5 });
    const session = newSession();
    session.open(made.file);
    const table = await call(session, 'analysis/table', { surveyId: made.surveyId, question: 'online_worry', by: 'sex' });
    const categories = table.dimensions[0]!.categories;
    expect(categories.find((c) => c.value === 'other')?.label).toEqual({ vi: 'Khác', en: 'Other' });
    // The listed choices keep their own labels.
    expect(categories.filter((c) => c.value !== 'other').every((c) => Boolean(c.label.vi && c.label.en))).toBe(true);
    session.dispose();
  });
});
