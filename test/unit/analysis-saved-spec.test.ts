import { describe, expect, it } from 'vitest';
import { missingQuestions, normalSpec, specKey, specQuestions, withoutMissing } from '../../core/analysis/saved-spec';
import { AnalysisSpecSchema, type AnalysisSpecInput } from '../../core/api/analysis';

const SPEC: AnalysisSpecInput = {
  question: 'safe_school',
  by: 'province',
  layer: 'sex',
  buckets: { age: [{ from: 8, to: 11 }] },
  filter: [
    { type: 'choice', question: 'sex', values: ['girl'] },
    { type: 'range', question: 'age', min: 12, max: null },
  ],
  chartType: 'stacked',
};

describe('saved analysis specs', () => {
  it('names every question once, in reading order, codes as their open question', () => {
    expect(specQuestions(SPEC)).toEqual(['safe_school', 'province', 'sex', 'age']);
    expect(missingQuestions(SPEC, ['safe_school', 'sex', 'age'])).toEqual(['province']);
    expect(missingQuestions({ question: 'why#codes', by: 'sex', filter: [] }, ['why', 'sex'])).toEqual([]);
    expect(missingQuestions({ question: 'why#codes', by: 'sex', filter: [] }, ['sex'])).toEqual(['why']);
  });

  it('compares meaning: defaults, key order and groups of questions not in the table do not count', () => {
    const reordered = { chartType: 'stacked', filter: SPEC.filter, layer: 'sex', by: 'province', question: 'safe_school', percentBy: 'column' } as AnalysisSpecInput;
    expect(specKey(reordered)).toBe(specKey(SPEC));
    expect(specKey({ ...SPEC, chartType: 'grouped' })).not.toBe(specKey(SPEC));
    expect(specKey({ ...SPEC, percentBy: 'row' })).not.toBe(specKey(SPEC));
    expect(specKey({ ...SPEC, filter: [SPEC.filter![0]!] })).not.toBe(specKey(SPEC));
    expect(normalSpec(SPEC).buckets).toEqual({});
    // A chart type this app does not know (a newer file) reads as a bar chart rather than failing.
    expect(AnalysisSpecSchema.parse({ ...SPEC, chartType: 'radar' }).chartType).toBe('bar');
  });

  it('leaves out what names a missing question and keeps the rest', () => {
    const spec = AnalysisSpecSchema.parse(SPEC);
    expect(withoutMissing(spec, [])).toBe(spec);
    const noProvince = withoutMissing(spec, ['province']);
    // Without its `by`, the layer goes too; the filter stays.
    expect(noProvince).toMatchObject({ question: 'safe_school', by: null, layer: null, chartType: 'stacked' });
    expect(noProvince.filter).toHaveLength(2);
    const noAge = withoutMissing(spec, ['age']);
    expect(noAge).toMatchObject({ by: 'province', layer: 'sex', buckets: {} });
    expect(noAge.filter).toEqual([{ type: 'choice', question: 'sex', values: ['girl'], match: 'any', negate: false }]);
    expect(withoutMissing(spec, ['safe_school']).question).toBe('');
  });
});
