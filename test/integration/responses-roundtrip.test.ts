import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProjectDb, type Db } from '../../electron/db/open';
import { initProject } from '../../electron/db/project-store';
import { createSurvey } from '../../electron/db/survey-store';
import { readAnswers, refusedKeys, writeRefusal } from '../../electron/db/response-store';
import { importXlsForm } from '../../electron/io/xlsform-import';
import { importResponses } from '../../electron/io/responses-import';
import { exportResponsesFromFile, type ExportFormat } from '../../electron/io/responses-export';
import { TEST_ACTOR } from '../helpers/session';
import { tempDir } from '../helpers/temp';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/xlsform-corpus');

function projectWith(form: string): { db: Db; file: string } {
  const file = path.join(tempDir(), `${form}.tiengnoi`);
  const db = openProjectDb(file, { create: true });
  initProject(db, form, TEST_ACTOR);
  const result = importXlsForm(path.join(CORPUS, 'forms', `${form}.xlsx`));
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  createSurvey(db, result.survey.title, TEST_ACTOR, result.survey);
  return { db, file };
}

/** Every response's answers and refusals, by UUID: what a round trip must give back unchanged. */
function answersByResponse(db: Db): Record<string, { answers: Record<string, string | null>; refused: string[] }> {
  const ids = db.prepare('SELECT uuid FROM response ORDER BY uuid').pluck().all() as string[];
  return Object.fromEntries(ids.map((id) => [id, { answers: readAnswers(db, id), refused: refusedKeys(db, id) }]));
}

/**
 * What Tiếng Nói exports, Tiếng Nói (and so KoboToolbox-minded tools) reads back: a Kobo export imported, exported
 * as codes with the identifying columns, and imported into a fresh project gives the same answers, repeats included.
 */
describe('responses out and in again', () => {
  const cases: [string, string, ExportFormat, 'codes' | 'labels', string[]][] = [
    ['onadata__tutorial', 'good.csv', 'xlsx', 'codes', ['age', 'gender', 'favorite_toppings']],
    ['onadata__tutorial', 'good.csv', 'csv', 'codes', ['age', 'gender', 'favorite_toppings']],
    ['onadata__tutorial', 'good.csv', 'xlsx', 'labels', ['pizza_fan', 'favorite_toppings']],
    ['onadata__tutorial_w_repeats', 'tutorial_w_repeats_import.csv', 'xlsx', 'codes', ['web_browsers']],
  ];

  it.each(cases)('%s (%s) through %s with %s, refusals kept', async (form, dataFile, format, mode, refuse) => {
    const first = projectWith(form);
    const imported = await importResponses(first.db, [path.join(CORPUS, 'data', form, 'import-data', dataFile)], TEST_ACTOR);
    expect(imported.problems).toEqual([]);
    expect(imported.imported).toBeGreaterThan(0);
    // One child chose not to answer some questions (exported as -99, or in words with labels).
    const someone = first.db.prepare('SELECT uuid FROM response ORDER BY number LIMIT 1').pluck().get() as string;
    for (const question of refuse) writeRefusal(first.db, someone, question);
    const before = answersByResponse(first.db);
    expect(before[someone]?.refused).toEqual([...refuse].sort());

    const out = path.join(tempDir(), `out.${format}`);
    const exported = await exportResponsesFromFile(first.file, out, { format, labels: mode === 'labels', lang: 'vi', includeIdentifying: true });
    expect(exported.responses).toBe(imported.imported);

    const second = projectWith(form);
    // CSV comes as one file per table (and a codebook, which is not data).
    const dataFiles = exported.files.filter((f) => (format === 'xlsx' ? true : f.endsWith('.csv') && !f.endsWith('-codebook.csv')));
    const again = await importResponses(second.db, dataFiles, TEST_ACTOR);
    expect(again.problems).toEqual([]);
    expect(again.imported).toBe(imported.imported);
    expect(answersByResponse(second.db)).toEqual(before);
    first.db.close();
    second.db.close();
  });
});
