import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { openProjectDb, type Db } from '../../electron/db/open';
import { initProject } from '../../electron/db/project-store';
import { createSurvey, getSurvey } from '../../electron/db/survey-store';
import { createResponse, readAnswers, writeAnswer } from '../../electron/db/response-store';
import { editAnswer, responseHistory } from '../../electron/db/response-review';
import { importXlsForm } from '../../electron/io/xlsform-import';
import { importResponses, type ResponsesImportResult } from '../../electron/io/responses-import';
import { problemText, type FileProblem } from '../../core/io/problems';
import type { SurveyContent } from '../../core/survey/model';
import { TEST_ACTOR } from '../helpers/session';
import { tempDir } from '../helpers/temp';
import { expectColumnsKeptByImport } from '../helpers/columns';

XLSX.set_fs(fs);

const root = path.resolve(import.meta.dirname, '..', '..');
const CORPUS = path.resolve(root, '..', 'shared', 'xlsform-corpus');
const FORMS = path.join(CORPUS, 'forms');
const DATA = path.join(CORPUS, 'data');

interface Project {
  db: Db;
  file: string;
  /** Survey id by the corpus form it came from ("onadata__tutorial"). */
  surveys: Record<string, string>;
}

/** A new project file holding the surveys of these corpus forms, as `tiengnoi import-form` makes them. */
function project(...forms: string[]): Project {
  const file = path.join(tempDir(), 'project.tiengnoi');
  const db = openProjectDb(file, { create: true });
  initProject(db, 'Nhập dữ liệu Kobo', TEST_ACTOR);
  const surveys: Record<string, string> = {};
  for (const form of forms) {
    const result = importXlsForm(path.join(FORMS, `${form}.xlsx`));
    if ('problems' in result) throw new Error(`${form}: ${JSON.stringify(result.problems)}`);
    surveys[form] = createSurvey(db, result.survey.title, TEST_ACTOR, result.survey);
  }
  return { db, file, surveys };
}

const data = (form: string, ...parts: string[]) => path.join(DATA, form, ...parts);
const responses = (db: Db) =>
  db.prepare('SELECT uuid, number, status, device_id AS deviceId, created_at AS createdAt, paper_code AS paperCode FROM response ORDER BY number').all() as {
    uuid: string;
    number: number;
    status: string;
    deviceId: string;
    createdAt: string;
    paperCode: string;
  }[];
const count = (db: Db, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

function imported(result: ResponsesImportResult, n: number): void {
  if (result.problems.length) throw new Error(result.problems.map((p) => problemText('en', p)).join('\n'));
  expect(result.imported).toBe(n);
}

interface Case {
  form: string;
  /** Data files, relative to the form's data folder; several files are one export (a main file and its repeats). */
  files: string[];
  imported?: number;
  refused?: Partial<FileProblem> & { code: string };
  check?: (db: Db, result: ResponsesImportResult) => void;
}

const TUTORIAL = 'onadata__tutorial';
const REPEATS = 'onadata__tutorial_w_repeats';
const TRANSPORT = 'onadata__transportation';
const CHILDREN = 'onadata__childrens_survey';
const NESTED = 'onadata__nested_repeats';
const GEO = 'onadata__GeoLocationForm';

/** Every data file of the corpus that has its form, with what importing it must give. */
const CASES: Case[] = [
  {
    form: TUTORIAL,
    files: ['import-data/good.csv'],
    imported: 9,
    check(db) {
      const third = readAnswers(db, '0b6d4344-6f64-41bc-8bab-a46a5493f9ad');
      expect(third).toMatchObject({ name: 'Name_3', age: '21', gender: 'male', date: '2014-09-29', pizza_fan: 'no', pizza_type: 'chitown', today: '2014-09-03' });
      // Split True/False columns become the space-separated codes we store.
      expect(third.favorite_toppings).toBe('cheese pepperoni sausauge green_peppers mushrooms anchovies');
      // Questions not asked on a laptop keep their imported values.
      expect(third.location).toBe('-84.5351 29.0149 100000 1');
      expect(third.start_time).toBe('2014-09-04T12:19:31.000+03:01');
      // n/a is no answer.
      expect(readAnswers(db, '685dd371-4831-4fdc-a205-f285337dd98d').date).toBeUndefined();
      expect(responses(db).find((r) => r.uuid === '685dd371-4831-4fdc-a205-f285337dd98d')?.createdAt).toBe('2014-09-04T12:08:04.000Z');
    },
  },
  {
    form: TUTORIAL,
    files: ['import-data/good.xlsx'],
    imported: 9,
    check(db) {
      // Dates are Excel serials in the workbook; the uuid appears as uuid:uuid:… in meta/instanceID.
      expect(readAnswers(db, 'e92dad0d-ee3f-41eb-82d0-4cc0e7f12cb9')).toMatchObject({ date: '2014-09-30', today: '2014-09-04', age: '20', pizza_type: 'chitown' });
      expect(responses(db).find((r) => r.uuid === 'e92dad0d-ee3f-41eb-82d0-4cc0e7f12cb9')?.createdAt).toBe('2014-09-04T09:24:57.000Z');
    },
  },
  {
    form: TUTORIAL,
    files: ['import-data/bad.csv'],
    refused: { file: 'bad.csv', row: 7, column: 'V', code: 'import.badDate', params: { question: 'today', value: '2014-0900' } },
    check(_db, result) {
      expect(result.problems).toContainEqual({ file: 'bad.csv', row: 6, column: 'AA', code: 'import.badSubmissionTime', params: { value: '2014-09-04T09:24:60' } });
      expect(result.problems).toContainEqual(expect.objectContaining({ file: 'bad.csv', row: 10, column: 'Z', code: 'import.duplicateId', params: { id: 'db78c788-2ea3-4250-ab32-866e946811b6', row: 9 } }));
      expect(result.problems.filter((p) => p.code === 'import.badDate').map((p) => p.row)).toEqual([7, 8, 9, 10]);
    },
  },
  {
    form: REPEATS,
    files: ['import-data/tutorial_w_repeats_import.csv'],
    imported: 1,
    check(db) {
      expect(readAnswers(db, 'b31c6ac2-b8ca-4180-914f-c844fa10ed3b')).toMatchObject({ name: 'Bob', children: '6', 'childs_name[1]': 'Tom', 'childs_age[3]': '13', 'childs_name[6]': 'tim' });
    },
  },
  {
    form: REPEATS,
    files: ['expected-exports/tutorial_w_repeats.csv'],
    imported: 1,
    check(db) {
      expect(readAnswers(db, 'b31c6ac2-b8ca-4180-914f-c844fa10ed3b')).toMatchObject({ children: '2', 'childs_name[2]': 'Dick', 'childs_age[2]': '5', gps: '-1.2625621 36.7921711 0.0 20.0' });
    },
  },
  {
    form: REPEATS,
    // One row per child, the submission repeated: the rows join into one response.
    files: ['expected-exports/tutorial_w_repeats_flattened.csv'],
    imported: 1,
    check(db) {
      expect(readAnswers(db, 'b31c6ac2-b8ca-4180-914f-c844fa10ed3b')).toMatchObject({ children: '2', 'childs_name[1]': 'Tom', 'childs_age[2]': '5' });
    },
  },
  {
    form: REPEATS,
    // Names only: the second childs_name column is the second child.
    files: ['expected-exports/tutorial_w_repeats_truncate_titles.csv'],
    imported: 1,
    check(db) {
      expect(readAnswers(db, 'b31c6ac2-b8ca-4180-914f-c844fa10ed3b')).toMatchObject({ 'childs_name[1]': 'Tom', 'childs_age[1]': '12', 'childs_name[2]': 'Dick', 'childs_age[2]': '5' });
    },
  },
  { form: GEO, files: ['import-data/GeoLocationForm_2015_01_15_01_28_45.csv'], imported: 4 },
  {
    form: GEO,
    files: ['import-data/GeoLocationForm_empty_geoms.csv'],
    imported: 2,
    check(db) {
      expect(readAnswers(db, '7c0d8b2d-7ad0-4100-923d-f2767d532258').location).toBe('-1.294197 36.787219 0 34');
      expect(readAnswers(db, '7c0d8b2d-7ad0-4100-923d-f2767d532259')).toEqual(expect.not.objectContaining({ location: expect.anything() }));
    },
  },
  {
    form: TRANSPORT,
    files: ['expected-exports/main__transportation.csv'],
    imported: 4,
    check(db) {
      expect(readAnswers(db, 'f3d8dc65-91a6-4d0f-9e97-802128083390')).toMatchObject({
        available_transportation_types_to_referral_facility: 'ambulance bicycle',
        'frequency_to_referral_facility[1]': 'daily',
        'frequency_to_referral_facility[2]': 'weekly',
      });
      // "other, please specify": the choice and its text; the loop over transport types by item (taxi is the 9th).
      expect(readAnswers(db, '9f0a1508-c3b7-4c99-be00-9b237c26bcbf')).toMatchObject({
        available_transportation_types_to_referral_facility: 'taxi other',
        available_transportation_types_to_referral_facility_other: 'camel',
        'frequency_to_referral_facility[9]': 'daily',
        loop_over_transport_types_frequency: '9',
      });
      // All False: no answer at all.
      expect(Object.keys(readAnswers(db, '5b2cc313-fc09-437e-8149-fcd32f695d41'))).toEqual([]);
    },
  },
  { form: TRANSPORT, files: ['expected-exports/viewer__transportation.csv'], imported: 1 },
  { form: TRANSPORT, files: ['expected-exports/viewer__transportation_all.csv'], imported: 4 },
  { form: TRANSPORT, files: ['expected-exports/viewer__transportation_filtered_date.csv'], imported: 2 },
  { form: TRANSPORT, files: ['expected-exports/viewer__transportation_meta_perms.csv'], imported: 2 },
  { form: TRANSPORT, files: ['expected-exports/viewer__transportation_without_na.csv'], imported: 1 },
  {
    form: TRANSPORT,
    files: ['expected-exports/viewer__transportation_no_group_names.csv'],
    imported: 1,
    check(_db, result) {
      expect(result.unmatchedColumns).toEqual([]);
    },
  },
  {
    form: TRANSPORT,
    // Headers are labels: choice labels with "/" in them, the loop's label template ("Is %(label)s available…").
    files: ['expected-exports/viewer__transportation_labels_only.csv'],
    imported: 1,
    check(_db, result) {
      expect(result.unmatchedColumns).toEqual([{ file: 'viewer__transportation_labels_only.csv', column: 'K', header: 'Specify other.', reason: 'unknown', filled: 0 }]);
    },
  },
  {
    form: TRANSPORT,
    // The export holds "none", a choice the form does not have (an older version of it did).
    files: ['expected-exports/transportation_export.xlsx'],
    refused: { file: 'transportation_export.xlsx', sheet: 'transportation', row: 2, column: 'A', code: 'import.badChoice', params: { question: 'available_transportation_types_to_referral_facility', value: 'none' } },
  },
  {
    form: CHILDREN,
    // Onadata's CSV export of a form with nested repeats: one file a table, joined by _parent_index.
    // The form's "evil" choice sits in another list (a typo in the form): the export's "evil" is kept as written,
    // with a warning naming its cell, as a choice an earlier version of a form offered would be.
    files: ['expected-exports/childrens_survey.csv', 'expected-exports/children.csv', 'expected-exports/children_cartoons.csv', 'expected-exports/children_cartoons_characters.csv'],
    imported: 1,
    check(db, result) {
      expect(result.warnings).toContainEqual({ file: 'children_cartoons_characters.csv', row: 3, column: 'B', code: 'import.keptUnknownChoice', params: { question: 'good_or_evil', value: 'evil' } });
      const [response] = responses(db);
      expect(Object.values(readAnswers(db, response!.uuid))).toContain('evil');
    },
  },
  {
    form: CHILDREN,
    files: ['expected-exports/children.csv'],
    refused: { file: 'children.csv', code: 'import.onlyRepeatRows', params: { table: 'children', repeat: 'children' } },
  },
  { form: CHILDREN, files: ['expected-exports/children_cartoons.csv'], refused: { code: 'import.onlyRepeatRows' } },
  { form: CHILDREN, files: ['expected-exports/children_cartoons_characters.csv'], refused: { code: 'import.onlyRepeatRows' } },
  {
    form: NESTED,
    files: ['expected-exports/nested_repeats.csv'],
    imported: 2,
    check(db) {
      expect(readAnswers(db, '8742fb1c-50a5-4c54-80c6-4420129d14ce')).toMatchObject({
        has_kids: '1',
        kids_details: '3',
        'kids_name[3]': 'Harry',
        'kids_immunization[2]': '3',
        'immunization_info[2][3]': 'Anemia',
        'immunization_info[3][1]': 'Polio 2',
        nested_name: 'John',
        web_browsers: 'firefox chrome ie',
      });
      expect(readAnswers(db, '0a2a8ef5-5d82-4e43-a267-74037b0e9ea4')).toMatchObject({ kids_details: '2', web_browsers: 'ie safari' });
    },
  },
];

describe('the corpus data files import against their forms', () => {
  it('every CSV or Excel data file with its form in the corpus has a case here', async () => {
    const covered = new Set(CASES.flatMap((c) => c.files.map((f) => path.join(c.form, f))));
    const found: string[] = [];
    for (const form of fs.readdirSync(DATA)) {
      if (!fs.existsSync(path.join(FORMS, `${form}.xlsx`))) continue;
      for (const folder of ['import-data', 'expected-exports']) {
        const dir = path.join(DATA, form, folder);
        if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (/\.(csv|xlsx|xls)$/i.test(f)) found.push(path.join(form, folder, f));
      }
    }
    expect(found.length).toBeGreaterThanOrEqual(20);
    expect(found.filter((f) => !covered.has(f))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.files.join(' + '), c] as const))('%s', async (_name, c) => {
    const { db, surveys } = project(c.form);
    const result = await importResponses(db, c.files.map((f) => data(c.form, f)), TEST_ACTOR);
    expect(result.surveyId).toBe(surveys[c.form]);
    if (c.refused) {
      const { params, ...where } = c.refused;
      expect(result.problems).toContainEqual(expect.objectContaining({ ...where, ...(params ? { params: expect.objectContaining(params) } : {}) }));
      expect(result.imported).toBe(0);
      expect(count(db, 'response')).toBe(0);
    } else {
      imported(result, c.imported!);
      expect(count(db, 'response')).toBe(c.imported);
      for (const response of responses(db)) expect(response).toMatchObject({ status: 'complete', deviceId: TEST_ACTOR.deviceId });
      // The import extended the analysis columns as it wrote (an empty project's are fresh): no rebuild to open Results.
      expectColumnsKeptByImport(db, result.surveyId!);
    }
    c.check?.(db, result);
    db.close();
  });
});

/** A copy of corpus files in a temp folder, each changed by `edit` (to fix what the corpus gets wrong). */
function fixedCopy(files: string[], edit: (name: string, text: string) => string): string[] {
  const dir = tempDir();
  return files.map((file) => {
    const out = path.join(dir, path.basename(file));
    fs.writeFileSync(out, edit(path.basename(file), fs.readFileSync(file, 'utf8')));
    return out;
  });
}

describe('exports with repeat tables', () => {
  it('childrens_survey: the main file and three levels of repeat files become one response, its empty row left out with a warning', async () => {
    const { db } = project(CHILDREN);
    const files = ['childrens_survey.csv', 'children.csv', 'children_cartoons.csv', 'children_cartoons_characters.csv'].map((f) => data(CHILDREN, 'expected-exports', f));
    const fixed = fixedCopy(files, (name, text) => (name === 'children_cartoons_characters.csv' ? text.replace(',evil,', ',good,') : text));
    const result = await importResponses(db, fixed, TEST_ACTOR);
    imported(result, 1);
    expect(result.rows).toBe(11);
    expect(result.warnings).toEqual([{ file: 'childrens_survey.csv', row: 3, code: 'import.emptyRow', params: {} }]);
    const [response] = responses(db);
    expect(readAnswers(db, response!.uuid)).toEqual({
      name: 'Abe',
      age: '35',
      'tel.office': '020123456',
      children: '3',
      'children_name[1]': 'Mike',
      'children_age[1]': '5',
      'fav_colors[1]': 'red blue',
      'ice.creams[1]': 'vanilla chocolate',
      'children_name[2]': 'John',
      'children_age[2]': '2',
      'children_name[3]': 'Imora',
      'children_age[3]': '3',
      'cartoons[1]': '2',
      'cartoons_name[1][1]': 'Tom & Jerry',
      'why[1][1]': 'Tom is silly',
      'cartoons_name[1][2]': 'Flinstones',
      'why[1][2]': 'I like bam bamć',
      'cartoons[3]': '2',
      'cartoons_name[3][1]': 'Shrek',
      'why[3][1]': "He's so funny",
      'cartoons_name[3][2]': "Dexter's Lab",
      'why[3][2]': 'He thinks hes smart',
      'characters[3][2]': '2',
      'characters_name[3][2][1]': 'Dee Dee',
      'good_or_evil[3][2][1]': 'good',
      'characters_name[3][2][2]': 'Dexter',
      'good_or_evil[3][2][2]': 'good',
    });
    // No uuid in these files: the id comes from the file and the row, so a second import adds nothing.
    const again = await importResponses(db, fixed, TEST_ACTOR);
    expect(again).toMatchObject({ imported: 0, skipped: 1, problems: [] });
  });

  it('transportation_export.xlsx with its bad cell fixed: four responses, the loop by item', async () => {
    const { db } = project(TRANSPORT);
    const wb = XLSX.readFile(data(TRANSPORT, 'expected-exports', 'transportation_export.xlsx'));
    const ws = wb.Sheets.transportation!;
    ws.A2 = { t: 's', v: '' };
    const file = path.join(tempDir(), 'transportation_export.xlsx');
    XLSX.writeFile(wb, file);
    const result = await importResponses(db, [file], TEST_ACTOR);
    imported(result, 4);
    expect(readAnswers(db, '9f0a1508-c3b7-4c99-be00-9b237c26bcbf')).toMatchObject({ available_transportation_types_to_referral_facility: 'taxi other', available_transportation_types_to_referral_facility_other: 'camel', 'frequency_to_referral_facility[9]': 'daily' });
    // The sheet's dates are Excel serials: 41319.65094907407 is 15:37:22.
    expect(responses(db).find((r) => r.uuid === 'f3d8dc65-91a6-4d0f-9e97-802128083390')?.createdAt).toBe('2013-02-14T15:37:22.000Z');
    // The combined column and the True/False columns disagree in this export: said, and the combined one kept.
    expect(result.warnings).toContainEqual({ file: 'transportation_export.xlsx', sheet: 'transportation', row: 3, column: 'A', code: 'import.splitDisagrees', params: { question: 'available_transportation_types_to_referral_facility' } });
    expect(result.unmatchedColumns.map((c) => c.header)).toEqual(['transport/loop_over_transport_types_frequency/other/frequency_to_referral_facility']);
  });

  it('a Kobo workbook with a repeat sheet, dates as serials, True/False and 1/0 split columns', async () => {
    const content: SurveyContent = {
      title: { vi: 'Tiếng nói trẻ em', en: "Children's voices" },
      questions: [
        { name: 'ten', type: 'text', label: { vi: 'Tên em' }, hint: {}, required: false },
        { name: 'ngay', type: 'date', label: { vi: 'Ngày' }, hint: {}, required: false },
        { name: 'lo_lang', type: 'select_multiple', listName: 'lo', label: { vi: 'Em lo lắng về điều gì?' }, hint: {}, required: false },
        { name: 'anh_chi_em', type: 'begin_repeat', label: { vi: 'Anh chị em' }, hint: {}, required: false },
        { name: 'ten_ace', type: 'text', label: { vi: 'Tên' }, hint: {}, required: false },
        { name: 'tuoi_ace', type: 'integer', label: { vi: 'Tuổi' }, hint: {}, required: false },
        { name: 'anh_chi_em_end', type: 'end_repeat', label: {}, hint: {}, required: false },
      ],
      choiceLists: {
        lo: [
          { name: 'hoc', label: { vi: 'Việc học' } },
          { name: 'mang', label: { vi: 'An toàn trên mạng' } },
        ],
      },
    };
    const file = path.join(tempDir(), 'project.tiengnoi');
    const db = openProjectDb(file, { create: true });
    initProject(db, 'Kobo', TEST_ACTOR);
    createSurvey(db, content.title, TEST_ACTOR, content);
    const date = (serial: number, z = 'yyyy-mm-dd') => ({ t: 'n', v: serial, z });
    const main = XLSX.utils.aoa_to_sheet([
      ['ten', 'ngay', 'lo_lang/hoc', 'lo_lang/mang', '_uuid', '_submission_time', '_index'],
      ['Lan', date(45839), true, 1, 'aaaaaaaa-1111-4111-8111-111111111111', date(45839.5, 'yyyy-mm-dd h:mm:ss'), 1],
      ['Minh', date(45840), false, 0, 'bbbbbbbb-2222-4222-8222-222222222222', date(45840.25, 'yyyy-mm-dd h:mm:ss'), 2],
    ]);
    const siblings = XLSX.utils.aoa_to_sheet([
      ['anh_chi_em/ten_ace', 'anh_chi_em/tuoi_ace', '_index', '_parent_index', '_parent_table_name', '_submission__uuid'],
      ['Hoa', 7, 1, 1, 'tieng_noi', 'aaaaaaaa-1111-4111-8111-111111111111'],
      ['Nam', 12, 2, 2, 'tieng_noi', 'bbbbbbbb-2222-4222-8222-222222222222'],
      ['Mai', 3, 3, 1, 'tieng_noi', 'aaaaaaaa-1111-4111-8111-111111111111'],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, main, 'tieng_noi');
    XLSX.utils.book_append_sheet(wb, siblings, 'anh_chi_em');
    const xlsx = path.join(tempDir(), 'kobo.xlsx');
    XLSX.writeFile(wb, xlsx);

    const result = await importResponses(db, [xlsx], TEST_ACTOR);
    imported(result, 2);
    expect(result.unmatchedColumns).toEqual([]);
    expect(readAnswers(db, 'aaaaaaaa-1111-4111-8111-111111111111')).toEqual({
      ten: 'Lan',
      ngay: '2025-07-01',
      lo_lang: 'hoc mang',
      anh_chi_em: '2',
      'ten_ace[1]': 'Hoa',
      'tuoi_ace[1]': '7',
      'ten_ace[2]': 'Mai',
      'tuoi_ace[2]': '3',
    });
    // All False: not answered.
    expect(readAnswers(db, 'bbbbbbbb-2222-4222-8222-222222222222')).toEqual({ ten: 'Minh', ngay: '2025-07-02', anh_chi_em: '1', 'ten_ace[1]': 'Nam', 'tuoi_ace[1]': '12' });
    expect(responses(db).map((r) => r.createdAt)).toEqual(['2025-07-01T12:00:00.000Z', '2025-07-02T06:00:00.000Z']);

    // A bad cell in the repeat sheet is placed on that sheet, and nothing is written.
    siblings.B3 = { t: 's', v: 'mười hai' };
    XLSX.writeFile(wb, xlsx);
    const fresh = openProjectDb(path.join(tempDir(), 'fresh.tiengnoi'), { create: true });
    initProject(fresh, 'Kobo', TEST_ACTOR);
    createSurvey(fresh, content.title, TEST_ACTOR, content);
    const bad = await importResponses(fresh, [xlsx], TEST_ACTOR);
    expect(bad.problems).toEqual([{ file: 'kobo.xlsx', sheet: 'anh_chi_em', row: 3, column: 'B', code: 'import.badInteger', params: { question: 'tuoi_ace', value: 'mười hai' } }]);
    expect(problemText('vi', bad.problems[0]!)).toBe('kobo.xlsx, trang anh_chi_em, dòng 3, cột B: Câu tuoi_ace: "mười hai" không phải số nguyên.');
    expect(count(fresh, 'response')).toBe(0);
  });
});

describe('other shapes of export', () => {
  it('keeps every character of a text answer as it was: quotes, backslashes, line breaks, tabs, controls, emoji', async () => {
    const { db } = project(TUTORIAL);
    const texts = ['Em nói: "trường xa quá"', 'C:\\Users\\em', 'dòng một\ndòng hai\r\nba', 'a\tb', 'x\u0001y\u001fz', '🌧️ Trẻ em 👧🏽', '{"json": [1, null]}', 'null', 'a\u2028b\u2029c'];
    const csv = path.join(tempDir(), 'tutorial.csv');
    const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
    fs.writeFileSync(csv, 'name,age,_uuid\n' + texts.map((text, i) => `${quoted(text)},${10 + i},d0d0d0d0-0000-4000-8000-00000000000${i}`).join('\n') + '\n');
    imported(await importResponses(db, [csv], TEST_ACTOR), texts.length);
    texts.forEach((text, i) => expect(readAnswers(db, `d0d0d0d0-0000-4000-8000-00000000000${i}`)).toEqual({ name: text, age: String(10 + i) }));
  });

  it('ODK Central: "-" between group and name, KEY and PARENT_KEY, SubmissionDate, a location in parts', async () => {
    const { db } = project(REPEATS);
    const dir = tempDir();
    const main = path.join(dir, 'tutorial_w_repeats.csv');
    const children = path.join(dir, 'tutorial_w_repeats-children.csv');
    fs.writeFileSync(
      main,
      'SubmissionDate,name,age,has_children,gps-Latitude,gps-Longitude,gps-Altitude,gps-Accuracy,web_browsers,meta-instanceID,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion\n' +
        '2025-07-01T03:00:00.000Z,Lan,12,1,21.03,105.85,10,5,firefox chrome,uuid:c1c1c1c1-0000-4000-8000-000000000001,uuid:c1c1c1c1-0000-4000-8000-000000000001,5,Hoa,0,0,,,,0,2014111\n',
    );
    fs.writeFileSync(
      children,
      'childs_name,childs_age,PARENT_KEY,KEY\n' +
        'Mai,3,uuid:c1c1c1c1-0000-4000-8000-000000000001,uuid:c1c1c1c1-0000-4000-8000-000000000001/children[1]\n' +
        'Nam,7,uuid:c1c1c1c1-0000-4000-8000-000000000001,uuid:c1c1c1c1-0000-4000-8000-000000000001/children[2]\n',
    );
    const result = await importResponses(db, [main, children], TEST_ACTOR);
    imported(result, 1);
    expect(result.unmatchedColumns).toEqual([]);
    expect(readAnswers(db, 'c1c1c1c1-0000-4000-8000-000000000001')).toEqual({
      name: 'Lan',
      age: '12',
      has_children: '1',
      gps: '21.03 105.85 10 5',
      web_browsers: 'firefox chrome',
      children: '2',
      'childs_name[1]': 'Mai',
      'childs_age[1]': '3',
      'childs_name[2]': 'Nam',
      'childs_age[2]': '7',
    });
    expect(responses(db)[0]!.createdAt).toBe('2025-07-01T03:00:00.000Z');
  });

  it('a Kobo repeat sheet joined by _submission__uuid alone, and an orphan row reported on its sheet', async () => {
    const { db } = project(REPEATS);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['name', 'age', '_uuid'],
        ['Lan', 12, 'd1d1d1d1-0000-4000-8000-000000000001'],
      ]),
      'tutorial_w_repeats',
    );
    const kids = XLSX.utils.aoa_to_sheet([
      ['children/childs_name', 'children/childs_age', '_submission__uuid'],
      ['Mai', 3, 'd1d1d1d1-0000-4000-8000-000000000001'],
    ]);
    XLSX.utils.book_append_sheet(wb, kids, 'children');
    const file = path.join(tempDir(), 'kobo.xlsx');
    XLSX.writeFile(wb, file);
    // Without _parent_index the sheet is found a repeat by its name and columns; rows join by the submission's uuid.
    const withoutParent = await importResponses(db, [file], TEST_ACTOR);
    expect(withoutParent.problems).toEqual([]);
    expect(withoutParent.imported).toBe(1);
    expect(readAnswers(db, 'd1d1d1d1-0000-4000-8000-000000000001')).toEqual({ name: 'Lan', age: '12', children: '1', 'childs_name[1]': 'Mai', 'childs_age[1]': '3' });

    const orphan = XLSX.utils.aoa_to_sheet([
      ['children/childs_name', '_parent_index', '_parent_table_name'],
      ['Nam', 7, 'tutorial_w_repeats'],
    ]);
    wb.Sheets.children = orphan;
    XLSX.writeFile(wb, file);
    const fresh = project(REPEATS);
    expect((await importResponses(fresh.db, [file], TEST_ACTOR)).problems).toEqual([{ file: 'kobo.xlsx', sheet: 'children', row: 2, column: 'B', code: 'import.noParentRow', params: { value: '7' } }]);
  });
});

describe('a CSV from a Vietnamese Excel', () => {
  const content: SurveyContent = {
    title: { vi: 'Diễn đàn trẻ em Lào Cai' },
    questions: [
      { name: 'ten', type: 'text', label: { vi: 'Tên em là gì?' }, hint: {}, required: false },
      { name: 'tinh', type: 'select_one', listName: 'tinh', label: { vi: 'Em sống ở tỉnh nào?' }, hint: {}, required: false },
      { name: 'lo_lang', type: 'select_multiple', listName: 'lo', label: { vi: 'Em lo lắng về điều gì?' }, hint: {}, required: false },
      { name: 'chieu_cao', type: 'decimal', label: { vi: 'Chiều cao (m)' }, hint: {}, required: false },
      { name: 'y_kien', type: 'text', label: { vi: 'Ý kiến của em' }, hint: {}, required: false },
    ],
    choiceLists: {
      tinh: [
        { name: '10', label: { vi: 'Lào Cai' } },
        { name: '11', label: { vi: 'Điện Biên' } },
      ],
      lo: [
        { name: 'hoc', label: { vi: 'Việc học' } },
        { name: 'mang', label: { vi: 'An toàn trên mạng' } },
        { name: 'gia_dinh', label: { vi: 'Gia đình' } },
      ],
    },
  };
  // `;` separated, a BOM, decimal commas, labels in place of codes, a header written as the question's text,
  // an opinion with a line break and a quote, and two children who gave exactly the same answers.
  const csv =
    '\uFEFFten;Em sống ở tỉnh nào?;lo_lang;chieu_cao;y_kien\r\n' +
    'Lan;Lào Cai;Việc học An toàn trên mạng;1,45;"Em muốn ""được nghe"";\r\nvà được hỏi"\r\n' +
    'Minh;dien bien;gia_dinh;1,5;\r\n' +
    ';Lào Cai;;1,3;\r\n' +
    ';Lào Cai;;1,3;\r\n';

  function setUp() {
    const file = path.join(tempDir(), 'lao-cai.tiengnoi');
    const db = openProjectDb(file, { create: true });
    initProject(db, 'Lào Cai', TEST_ACTOR);
    const surveyId = createSurvey(db, content.title, TEST_ACTOR, content);
    const data = path.join(tempDir(), 'phieu.csv');
    fs.writeFileSync(data, csv);
    return { db, surveyId, data };
  }

  it('imports with codes, decimals and the line break kept; re-importing adds nothing, twins stay two', async () => {
    const { db, data } = setUp();
    const progress: [number, number][] = [];
    const result = await importResponses(db, [data], TEST_ACTOR, { onProgress: (done, total) => progress.push([done, total]) });
    imported(result, 4);
    expect(result.unmatchedColumns).toEqual([]);
    const rows = responses(db);
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    expect(readAnswers(db, rows[0]!.uuid)).toEqual({ ten: 'Lan', tinh: '10', lo_lang: 'hoc mang', chieu_cao: '1.45', y_kien: 'Em muốn "được nghe";\r\nvà được hỏi' });
    expect(readAnswers(db, rows[1]!.uuid)).toEqual({ ten: 'Minh', tinh: '11', lo_lang: 'gia_dinh', chieu_cao: '1.5' });
    expect(rows[2]!.uuid).not.toBe(rows[3]!.uuid);
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);

    expect(await importResponses(db, [data], TEST_ACTOR)).toMatchObject({ imported: 0, skipped: 4, problems: [] });
    expect(count(db, 'response')).toBe(4);
  });

  it('writes a large file in batches; when a batch fails midway (a full disk), the batches already written are taken back', async () => {
    const { db, surveyId } = setUp();
    const big = path.join(tempDir(), 'big.csv');
    fs.writeFileSync(big, 'ten,tinh,chieu_cao\n' + Array.from({ length: 4500 }, (_, i) => `Em ${i},${10 + (i % 2)},1.${i % 10}`).join('\n'));
    // A temporary trigger on this connection stands in for the disk filling up during the third batch.
    db.exec(`CREATE TEMP TRIGGER full_disk BEFORE INSERT ON response WHEN (SELECT count(*) FROM response) >= 4100 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const progress: number[] = [];
    // After the first batch, a facilitator types a paper on this laptop: taking the import back must keep it.
    let typed: string | null = null;
    const onProgress = (done: number) => {
      progress.push(done);
      if (done > 4500 && typed === null) {
        typed = createResponse(db, surveyId, TEST_ACTOR);
        writeAnswer(db, typed, 'ten', 'Em nhập tay');
      }
    };
    await expect(importResponses(db, [big], TEST_ACTOR, { writeBatch: 2000, onProgress })).rejects.toThrow(/disk is full/);
    expect(typed).not.toBeNull();
    expect(responses(db).map((r) => r.uuid)).toEqual([typed]);
    expect(readAnswers(db, typed!)).toEqual({ ten: 'Em nhập tay' });
    expect(count(db, 'answer')).toBe(1);
    db.prepare('DELETE FROM answer').run();
    db.prepare('DELETE FROM audit_log WHERE entity_id = ?').run(typed);
    db.prepare('DELETE FROM response').run();
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE action LIKE 'import%'`).pluck().get()).toBe(0);
    expect(progress.length).toBeGreaterThan(1);

    db.exec('DROP TRIGGER full_disk');
    imported(await importResponses(db, [big], TEST_ACTOR, { writeBatch: 2000 }), 4500);
    expect(responses(db).map((r) => r.number)).toEqual(Array.from({ length: 4500 }, (_, i) => i + 1));
  });

  it('numbers imported responses after those typed in, and keeps a typed paper code', async () => {
    const { db, surveyId, data } = setUp();
    createResponse(db, surveyId, TEST_ACTOR, { paperCode: '2' });
    imported(await importResponses(db, [data], TEST_ACTOR), 4);
    expect(responses(db).map((r) => [r.number, r.paperCode])).toEqual([
      [1, '2'],
      [2, '2-2'],
      [3, '3'],
      [4, '4'],
      [5, '5'],
    ]);
  });

  it('gives each response its file and row as the first line of its history, never an answer', async () => {
    const { db, data } = setUp();
    imported(await importResponses(db, [data], TEST_ACTOR), 4);
    const histories = responses(db).map((r) => responseHistory(db, r.uuid));
    expect(histories.every((h) => h.length === 1 && h[0]!.action === 'import' && h[0]!.actor === TEST_ACTOR.name && h[0]!.deviceId === TEST_ACTOR.deviceId)).toBe(true);
    // Rows as a spreadsheet shows them: Lan's opinion, line break and all, is one row.
    expect(histories.map((h) => h[0]!.detail)).toEqual([2, 3, 4, 5].map((row) => ({ file: 'phieu.csv', row })));
    // An edit comes after it.
    editAnswer(db, TEST_ACTOR, responses(db)[0]!.uuid, 'ten', 'Lan Anh');
    expect(responseHistory(db, responses(db)[0]!.uuid).map((h) => h.action)).toEqual(['import', 'edit']);
    const everything = [...(db.prepare('SELECT detail FROM audit_log').pluck().all() as string[]), ...(db.prepare('SELECT source FROM response').pluck().all() as string[])].join('\n');
    for (const answer of ['Minh', 'được nghe', '1.45', 'hoc']) expect(everything).not.toContain(answer);
  });
});

describe('refusing what does not belong, leaving the project file as it was', () => {
  const hash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it('a file for another survey: no matching column, another form id, or several surveys and none chosen', async () => {
    const { db, file, surveys } = project(TUTORIAL, TRANSPORT);
    const transportKey = getSurvey(db, surveys[TRANSPORT]!).formKey;
    const tutorialKey = getSurvey(db, surveys[TUTORIAL]!).formKey;
    db.close();
    const before = hash(file);

    const reopened = openProjectDb(file);
    const good = data(TUTORIAL, 'import-data', 'good.csv');
    expect((await importResponses(reopened, [good], TEST_ACTOR)).problems).toEqual([{ file: 'good.csv', code: 'import.chooseSurvey', params: { surveys: `${tutorialKey}, ${transportKey}` } }]);
    // Only "photo" fits (the transportation form has a question labelled Photo): 1 of 23 columns.
    expect((await importResponses(reopened, [good], TEST_ACTOR, { survey: transportKey })).problems).toEqual([{ file: 'good.csv', code: 'import.poorFit', params: { matched: 1, total: 23, survey: transportKey } }]);
    expect((await importResponses(reopened, [good], TEST_ACTOR, { survey: 'no-such-survey' })).problems[0]).toMatchObject({ code: 'import.surveyNotFound' });

    // The file says which form it is from: the tutorial, not the transportation survey.
    const withId = path.join(tempDir(), 'with-id.csv');
    const text = fs.readFileSync(data(TRANSPORT, 'expected-exports', 'main__transportation.csv'), 'utf8').split('\n');
    fs.writeFileSync(withId, [`${text[0]},_xform_id_string`, ...text.slice(1).filter(Boolean).map((line) => `${line},${tutorialKey}`)].join('\n'));
    expect((await importResponses(reopened, [withId], TEST_ACTOR, { survey: transportKey })).problems[0]).toEqual({ file: 'with-id.csv', code: 'import.otherSurvey', params: { formId: tutorialKey, survey: transportKey } });
    // Without --survey the form id picks the survey, and the columns then do not fit it.
    expect((await importResponses(reopened, [withId], TEST_ACTOR)).problems[0]).toMatchObject({ code: 'import.noMatchingColumns', params: { survey: tutorialKey } });

    // Half the columns fitting is not enough.
    const mixed = path.join(tempDir(), 'mixed.csv');
    fs.writeFileSync(mixed, 'name,age,q1,q2,q3,q4,_uuid\nAn,12,a,b,c,d,11111111-2222-4333-8444-555555555555\n');
    expect((await importResponses(reopened, [mixed], TEST_ACTOR, { survey: tutorialKey })).problems[0]).toEqual({ file: 'mixed.csv', code: 'import.poorFit', params: { matched: 2, total: 6, survey: tutorialKey } });

    // A bad value, and files that are not data at all.
    expect((await importResponses(reopened, [data(TUTORIAL, 'import-data', 'bad.csv')], TEST_ACTOR, { survey: tutorialKey })).problems.length).toBeGreaterThan(5);
    const latin1 = path.join(tempDir(), 'latin1.csv');
    fs.writeFileSync(latin1, Buffer.from('name,age\nL\xe0n,12\n', 'latin1'));
    expect((await importResponses(reopened, [latin1], TEST_ACTOR, { survey: tutorialKey })).problems).toEqual([{ file: 'latin1.csv', code: 'import.notUtf8', params: {} }]);
    // Excel's "Unicode text" (UTF-16, tab-separated) is read; here it fails only on its bad age.
    const unicode = path.join(tempDir(), 'unicode.txt');
    fs.writeFileSync(unicode, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\tage\nLàn\tmười\n', 'utf16le')]));
    expect((await importResponses(reopened, [unicode], TEST_ACTOR, { survey: tutorialKey })).problems).toEqual([{ file: 'unicode.txt', row: 2, column: 'B', code: 'import.badInteger', params: { question: 'age', value: 'mười' } }]);
    expect((await importResponses(reopened, [path.join(tempDir(), 'missing.csv')], TEST_ACTOR)).problems[0]).toMatchObject({ file: 'missing.csv', code: 'import.cannotRead' });
    const fake = path.join(tempDir(), 'fake.xlsx');
    fs.writeFileSync(fake, 'not a workbook');
    expect((await importResponses(reopened, [fake], TEST_ACTOR)).problems[0]).toMatchObject({ file: 'fake.xlsx', code: 'import.notSpreadsheet' });

    expect(count(reopened, 'response')).toBe(0);
    reopened.close();
    expect(hash(file)).toBe(before);
  });
});

describe('tiengnoi import-responses', () => {
  const bin = path.join(root, 'bin', 'tiengnoi.mjs');
  function cli(args: string[]) {
    const result = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, TIENGNOI_CONFIG_DIR: tempDir(), TIENGNOI_LANG: 'en' },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('imports with --json, names the bad cells and exits 1 when it cannot, and has --help', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kobo.tiengnoi');
    expect(cli(['new', file, '--title', 'Kobo']).code).toBe(0);
    expect(cli(['import-form', file, path.join(FORMS, `${TUTORIAL}.xlsx`)]).code).toBe(0);

    const ok = cli(['import-responses', file, data(TUTORIAL, 'import-data', 'good.csv'), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ imported: 9, skipped: 0, rows: 9, unmatchedColumns: [], problems: [] });
    const again = cli(['import-responses', file, data(TUTORIAL, 'import-data', 'good.xlsx')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Imported 0 new responses; skipped 9 already in the project. Read 9 data rows.');

    const bad = cli(['import-responses', file, data(TUTORIAL, 'import-data', 'bad.csv')]);
    expect(bad.code).toBe(1);
    const lines = bad.stderr.trim().split('\n');
    expect(lines[0]).toBe('bad.csv, row 6, column AA: The submission time "2014-09-04T09:24:60" is not a valid date and time.');
    expect(lines).toContain('bad.csv, row 7, column V: Question today: "2014-0900" is not a valid date (year-month-day, e.g. 2025-07-01).');
    expect(lines.at(-1)).toContain('No response was imported');
    const badJson = cli(['import-responses', file, data(TUTORIAL, 'import-data', 'bad.csv'), '--json']);
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stdout).problems).toContainEqual(expect.objectContaining({ row: 10, column: 'Z', code: 'import.duplicateId' }));
    expect(JSON.parse(cli(['info', file, '--json']).stdout).responses).toBe(9);

    const help = cli(['import-responses', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('tiengnoi import-responses FILE DATA.xlsx|DATA.csv');
    expect(cli(['--help', '--lang', 'vi']).stdout).toContain('nhập phiếu trả lời từ dữ liệu KoboToolbox, ODK');
    expect(cli(['import-responses', file]).code).toBe(1);
  });
});
