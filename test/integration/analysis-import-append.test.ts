import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProjectDb, type Db } from '../../electron/db/open';
import { initProject } from '../../electron/db/project-store';
import { createSurvey, getSurvey } from '../../electron/db/survey-store';
import { createResponse, completeResponse, writeAnswer } from '../../electron/db/response-store';
import { editAnswer } from '../../electron/db/response-review';
import { importResponses, type ResponsesImportOptions } from '../../electron/io/responses-import';
import { exportResponsesFromFile } from '../../electron/io/responses-export';
import { analysisColumns } from '../../electron/analysis/column-cache';
import { expectKind } from '../../core/analysis/columns';
import { createSyntheticProject } from '../../bench/synthetic';
import { TEST_ACTOR } from '../helpers/session';
import { tempDir } from '../helpers/temp';
import { expectColumnsKeptByImport, rebuildColumns } from '../helpers/columns';

/**
 * Issue 7: an import extends the analysis columns as it writes (electron/analysis/column-append.ts), so that Results
 * opens without rebuilding every column from every answer. Whatever it keeps must be exactly what a rebuild gives;
 * when it cannot vouch for that (the columns were stale, or someone else wrote meanwhile) it keeps nothing.
 */
async function syntheticExport(responses: number, seed: number) {
  const made = createSyntheticProject({ file: path.join(tempDir(), 'synthetic.tiengnoi'), responses, seed });
  const csv = path.join(tempDir(), `export-${seed}.csv`);
  await exportResponsesFromFile(made.file, csv, { format: 'csv', labels: false, lang: 'vi', includeIdentifying: true });
  const source = openProjectDb(made.file, { readonly: true });
  const survey = getSurvey(source, made.surveyId);
  source.close();
  return { csv, survey };
}

function newProject(survey: Awaited<ReturnType<typeof syntheticExport>>['survey']): { db: Db; surveyId: string } {
  const db = openProjectDb(path.join(tempDir(), 'in.tiengnoi'), { create: true });
  initProject(db, 'in', TEST_ACTOR);
  return { db, surveyId: createSurvey(db, survey.title, TEST_ACTOR, survey) };
}

/** Rows 2 … n + 1 of a CSV (its header kept): a second workshop's export. */
function slice(csv: string, from: number, to: number): string {
  const lines = fs.readFileSync(csv, 'utf8').split('\n');
  const out = path.join(tempDir(), `part-${from}-${to}.csv`);
  fs.writeFileSync(out, [lines[0], ...lines.slice(1 + from, 1 + to)].join('\n'));
  return out;
}

/** Small pieces and small batches: many batches, each extending the columns. */
const IN_PIECES: ResponsesImportOptions = { piecesFrom: 0, pieceRows: 37, writeBatch: 25, ownThread: false };

describe('an import extends the analysis columns', () => {
  it('into an empty project, read whole or in pieces, gives the columns a rebuild gives', async () => {
    const { csv, survey } = await syntheticExport(240, 11);
    for (const options of [{}, IN_PIECES]) {
      const { db, surveyId } = newProject(survey);
      const result = await importResponses(db, [csv], TEST_ACTOR, options);
      expect(result.problems).toEqual([]);
      const columns = expectColumnsKeptByImport(db, surveyId);
      expect(columns.set.responseCount).toBe(result.imported);
      db.close();
    }
  });

  it('after Results was opened, a second import continues the columns, values outside the lists included', async () => {
    const { csv, survey } = await syntheticExport(200, 12);
    const { db, surveyId } = newProject(survey);
    const before = await importResponses(db, [slice(csv, 0, 120)], TEST_ACTOR);
    analysisColumns(db, surveyId);
    // The second workshop wrote a province code the list does not have.
    const second = slice(csv, 120, 200);
    const header = fs.readFileSync(second, 'utf8').split('\n')[0]!.split(',');
    const province = header.indexOf('province');
    const text = fs.readFileSync(second, 'utf8').split('\n');
    text[1] = text[1]!.split(',').map((cell, i) => (i === province ? '999' : cell)).join(',');
    fs.writeFileSync(second, text.join('\n'));
    const result = await importResponses(db, [second], TEST_ACTOR, IN_PIECES);
    expect(result.problems).toEqual([]);
    const columns = expectColumnsKeptByImport(db, surveyId);
    expect(columns.set.responseCount).toBe(before.imported + result.imported);
    expect(expectKind(columns.set.columns.get('province')!, 'single').values).toContain('999');
    db.close();
  });

  it('keeps nothing when the columns were stale before the import: they are rebuilt on opening, correct', async () => {
    const { csv, survey } = await syntheticExport(150, 13);
    const { db, surveyId } = newProject(survey);
    const first = await importResponses(db, [slice(csv, 0, 100)], TEST_ACTOR);
    const opened = analysisColumns(db, surveyId);
    expect(opened.set.responseCount).toBe(first.imported);
    // An answer corrected after Results was last opened: the columns are stale.
    const corrected = db.prepare(`SELECT uuid, value FROM response JOIN answer ON response_id = id AND question_name = 'age' ORDER BY id LIMIT 1`).get() as { uuid: string; value: string };
    expect(editAnswer(db, TEST_ACTOR, corrected.uuid, 'age', corrected.value === '9' ? '10' : '9').changed).toBe(true);
    const second = await importResponses(db, [slice(csv, 100, 150)], TEST_ACTOR);
    const after = analysisColumns(db, surveyId);
    expect(after.report.rebuilt).toBe(after.set.columns.size);
    expect(after.set.responseCount).toBe(first.imported + second.imported);
    expect(after.set).toEqual(rebuildColumns(db, surveyId).set);
    db.close();
  });

  it('keeps nothing when a response is typed on this laptop between two batches', async () => {
    const { csv, survey } = await syntheticExport(150, 14);
    const { db, surveyId } = newProject(survey);
    let typed = false;
    const result = await importResponses(db, [csv], TEST_ACTOR, {
      writeBatch: 40,
      onProgress: (done, total) => {
        // Once a batch or two is in: a facilitator saves a child's response meanwhile.
        if (typed || done <= total / 2 + 40) return;
        typed = true;
        const id = createResponse(db, surveyId, TEST_ACTOR);
        writeAnswer(db, id, 'age', '12');
        completeResponse(db, id, TEST_ACTOR);
      },
    });
    expect(typed).toBe(true);
    expect(result.imported).toBeGreaterThan(100);
    const after = analysisColumns(db, surveyId);
    expect(after.report.rebuilt).toBe(after.set.columns.size);
    expect(after.set.responseCount).toBe(result.imported + 1);
    db.close();
  });
});
