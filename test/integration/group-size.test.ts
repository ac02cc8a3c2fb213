// The size of a quote's group ("girl, 14, Lào Cai"), counted from the analysis columns, is the count SQL gives.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { createSyntheticProject } from '../../bench/synthetic';
import { openProjectDb } from '../../electron/db/open';
import { analysisColumns } from '../../electron/analysis/column-cache';
import { groupSizeInColumns } from '../../electron/analysis/group-size';
import { groupSize } from '../../electron/db/coding-store';

describe('the size of a quote’s group', () => {
  it('is the same from the columns as from SQL, for one, two and three answers (a number among them), and 0 for a value nobody gave', () => {
    const made = createSyntheticProject({ file: path.join(tempDir(), 'groups.tiengnoi'), responses: 3000, seed: 9 });
    const db = openProjectDb(made.file);
    const { set } = analysisColumns(db, made.surveyId);
    const groups = [
      [{ question: 'sex', value: 'girl' }],
      [{ question: 'sex', value: 'boy' }, { question: 'age', value: '14' }],
      [{ question: 'sex', value: 'girl' }, { question: 'area', value: 'rural' }, { question: 'province', value: '01' }],
      [{ question: 'province', value: 'not-a-province' }],
    ];
    const sizes = groups.map((group) => groupSizeInColumns(set, group));
    expect(sizes).toEqual(groups.map((group) => groupSize(db, made.surveyId, group)));
    expect(sizes[0]).toBeGreaterThan(100);
    expect(sizes[2]).toBeGreaterThan(0);
    expect(sizes[2]).toBeLessThan(sizes[0]!);
    expect(sizes[3]).toBe(0);
    // A question with no column to read: left to SQL.
    expect(groupSizeInColumns(set, [{ question: 'gone', value: '1' }])).toBeNull();
    expect(groupSizeInColumns(set, [{ question: 'one_thing', value: 'Em muốn…' }])).toBeNull();
    db.close();
  });
});
