import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportXlsForm } from '../../electron/io/xlsform-export';
import { importXlsForm } from '../../electron/io/xlsform-import';
import { buildChildConsultation } from '../../electron/templates/child-consultation';
import type { SurveyContent } from '../../core/survey/model';
import { tempDir } from '../helpers/temp';

const corpus = path.resolve(import.meta.dirname, '../../../shared/xlsform-corpus/forms');

function roundTrip(survey: SurveyContent, name = 'form.xlsx'): SurveyContent {
  const file = path.join(tempDir(), name);
  exportXlsForm(survey, 'test_form', file, 3);
  const back = importXlsForm(file);
  if ('problems' in back) throw new Error(JSON.stringify(back.problems));
  return back.survey;
}

describe('XLSForm export', () => {
  it('exports the bilingual starter survey so that importing it gives the same questions and choices', () => {
    const survey = buildChildConsultation({ provinces: '2025' });
    const back = roundTrip(survey);
    expect(back.questions).toEqual(survey.questions);
    expect(back.choiceLists).toEqual(survey.choiceLists);
    // The title goes out as the form title (XLSForm has one), in the default language, Vietnamese.
    expect(back.title.vi).toBe(survey.title.vi);
  });

  it('keeps choice codes as text ("01" stays "01") and works as .xls too', () => {
    const survey = buildChildConsultation({ provinces: '2008' });
    const back = roundTrip(survey, 'form.xls');
    expect(back.choiceLists.province_2008![0]!.name).toBe('01');
    expect(back.questions).toEqual(survey.questions);
  });

  it('gives the same survey again for every corpus form that imports: import → export → import', () => {
    let checked = 0;
    for (const name of fs.readdirSync(corpus).filter((f) => /\.xlsx?$/.test(f))) {
      const first = importXlsForm(path.join(corpus, name));
      if ('problems' in first) continue;
      const again = roundTrip(first.survey);
      expect(again.questions, name).toEqual(first.survey.questions);
      expect(again.choiceLists, name).toEqual(first.survey.choiceLists);
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });
});
