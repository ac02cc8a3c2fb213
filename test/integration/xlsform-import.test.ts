import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { importXlsForm, type Problem, type XlsFormImport } from '../../electron/io/xlsform-import';
import { SurveyContentSchema, type SurveyContent } from '../../core/survey/model';
import { isBlockingProblem, validateSurvey } from '../../core/survey/validate';
import { modelLang, parseHeader, parseType } from '../../core/io/xlsform-map';
import { tempDir } from '../helpers/temp';

XLSX.set_fs(fs);

const FORMS = path.resolve(import.meta.dirname, '../../../shared/xlsform-corpus/forms');
const files = fs.existsSync(FORMS) ? fs.readdirSync(FORMS).filter((f) => /\.xlsx?$/i.test(f)).sort() : [];

/** Corpus forms that must be refused, with the problem that says why. */
const EXPECTED_FAILURES: Record<string, Partial<Problem> & { code: string }> = {
  'pyxform__corrupt.xlsx': { code: 'xlsform.notSpreadsheet' },
  'pyxform__empty.xlsx': { code: 'xlsform.noSurveySheet' },
  'pyxform__survey_no_name.xlsx': { code: 'xlsform.noSurveySheet' },
  'pyxform__duplicate_columns.xlsx': { code: 'xlsform.duplicateColumn', sheet: 'survey', row: 1, column: 'E', params: { name: 'label', first: 'D' } },
  'pyxform__unknown_question_type.xls': { code: 'xlsform.unknownType', sheet: 'survey', column: 'A', params: { type: 'unknown' } },
  'onadata__transportation.no_choices.xlsx': { code: 'xlsform.missingChoiceList', sheet: 'survey', row: 4, column: 'A', params: { list: 'transport_types', sheet: 'choices' } },
};

const results = new Map<string, XlsFormImport>();
const times: { file: string; ms: number }[] = [];
function load(file: string): XlsFormImport {
  let result = results.get(file);
  if (!result) {
    const started = performance.now();
    result = importXlsForm(path.join(FORMS, file));
    times.push({ file, ms: performance.now() - started });
    results.set(file, result);
  }
  return result;
}
function imported(file: string) {
  const result = load(file);
  if ('problems' in result) throw new Error(`${file}: ${JSON.stringify(result.problems)}`);
  return result;
}
const q = (survey: SurveyContent, name: string) => {
  const found = survey.questions.find((x) => x.name === name);
  if (!found) throw new Error(`no question ${name}`);
  return found;
};

afterAll(() => {
  const slowest = [...times].sort((a, b) => b.ms - a.ms)[0];
  if (slowest) console.log(`xlsform import: ${times.length} imports, slowest ${slowest.file} ${slowest.ms.toFixed(1)} ms`);
});

describe('the XLSForm corpus', () => {
  it('is there, with the forms the inventory lists', () => {
    expect(files.length).toBeGreaterThanOrEqual(41);
    for (const file of Object.keys(EXPECTED_FAILURES)) expect(files, file).toContain(file);
  });

  it.each(files)('%s imports, or is refused with a clear problem, in well under a second', (file) => {
    const started = performance.now();
    const result = importXlsForm(path.join(FORMS, file));
    const ms = performance.now() - started;
    times.push({ file, ms });
    results.set(file, result);
    expect(ms).toBeLessThan(1000);

    const expected = EXPECTED_FAILURES[file];
    if (expected) {
      expect('problems' in result, `${file} should be refused`).toBe(true);
      if (!('problems' in result)) return;
      expect(result.problems).toContainEqual(expect.objectContaining({ file, ...expected, ...(expected.params ? { params: expect.objectContaining(expected.params) } : {}) }));
      for (const problem of result.problems) expect(problem.file).toBe(file);
      return;
    }
    if ('problems' in result) throw new Error(`${file}: ${JSON.stringify(result.problems)}`);
    expect(() => SurveyContentSchema.parse(result.survey)).not.toThrow();
    expect(validateSurvey(result.survey).filter(isBlockingProblem)).toEqual([]);
    for (const warning of result.warnings) expect(warning.file).toBe(file);
  });
});

describe('spot checks on imported forms', () => {
  it('choice names in any script are codes as written; allow_choice_duplicates gives a repeated name a code of its own', () => {
    expect(imported('onadata__sample_accent.xlsx').survey.choiceLists).toSatisfy((lists: SurveyContent['choiceLists']) =>
      Object.values(lists).some((list) => list.some((c) => c.name === 'père') && list.some((c) => c.name === "ChưR'căm")),
    );
    expect(Object.values(imported('onadata__childrens_survey_unicode.xlsx').survey.choiceLists).flat().map((c) => c.name)).toContain('red’s');
    const { survey, warnings } = imported('pyxform__choice_filter_test.xlsx');
    const kings = survey.choiceLists.counties?.filter((c) => c.name.startsWith('king')) ?? [];
    expect(kings.map((c) => c.name)).toEqual(['king', 'king_2']);
    expect(kings[0]?.filters).not.toEqual(kings[1]?.filters);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'xlsform.renamedDuplicateChoice', sheet: 'choices', row: 6, column: 'B', params: { list: 'counties', name: 'king', as: 'king_2' } }));
  });

  it('types not collected here are kept with their type cell and exported again; names left as written', () => {
    const { survey } = imported('onadata__tutorial.xlsx');
    const kept = survey.questions.filter((x) => x.type === 'not_collected');
    expect(kept.map((x) => x.xlsformType)).toEqual(expect.arrayContaining(['start', 'end', 'today', 'imei', 'phonenumber', 'photo', 'geopoint']));
    expect(kept.find((x) => x.xlsformType === 'start')?.identifying).toBeUndefined();
    expect(kept.find((x) => x.xlsformType === 'phonenumber')?.identifying).toBe(true);
  });

  it('childrens_survey: nested repeats, same names in different repeats renamed (the original kept), gps kept as not collected', () => {
    const { survey, settings, warnings } = imported('onadata__childrens_survey.xlsx');
    expect(survey.questions).toHaveLength(23);
    expect(q(survey, 'geolocation')).toMatchObject({ type: 'not_collected', xlsformType: 'gps', identifying: true });
    expect(q(survey, 'children_name').xlsformName).toBe('name');
    expect(survey.questions.filter((x) => x.type === 'begin_repeat').map((x) => x.name)).toEqual(['children', 'cartoons', 'characters']);
    expect(survey.questions.filter((x) => x.type === 'end_repeat')).toHaveLength(3);
    expect(q(survey, 'children_name').type).toBe('text');
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'xlsform.renamedDuplicate', row: 5, params: { name: 'name', as: 'children_name' } }));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'xlsform.notCollectedHere', sheet: 'survey', row: 19, column: 'A', params: expect.objectContaining({ type: 'gps' }) }));
    expect(q(survey, 'fav_colors')).toMatchObject({ type: 'select_multiple', listName: 'favorite_colors' });
    expect(settings.version).toBeDefined();
  });

  it('multi_lingual_form: English labels shown, Swahili and French kept under their names with one warning', () => {
    const { survey, settings, warnings } = imported('onadata__multi_lingual_form.xlsx');
    expect(settings.otherLanguages).toEqual(expect.arrayContaining(['Swahili', 'French']));
    expect(warnings.filter((w) => w.code === 'xlsform.otherLanguagesKept')).toHaveLength(1);
    const labelled = survey.questions.filter((x) => x.label.en);
    expect(labelled.some((x) => x.label.Swahili && x.label.French)).toBe(true);
    for (const question of survey.questions.filter((x) => x.type !== 'end_group')) expect(question.label.en, question.name).toBeTruthy();
    expect(settings.formId).toBeTruthy();
    for (const list of Object.values(survey.choiceLists)) for (const choice of list) expect(choice.label.en).toBeTruthy();
  });

  it('or_other and choice_filter, with extra choice columns kept as filters', () => {
    const { survey } = imported('pyxform__or_other.xlsx');
    expect(q(survey, 'fav_color')).toMatchObject({ type: 'select_one', listName: 'colors', orOther: true });
    expect(q(survey, 'fav_pastel')).toMatchObject({ listName: 'colors', choiceFilter: 'pastel=yes' });
    expect(q(survey, 'fav_pastel').orOther).toBeUndefined();
    expect(survey.choiceLists.colors?.find((c) => c.name === 'mauve')?.filters).toEqual({ pastel: 'yes' });

    // A filter column whose header has spaces is kept under a valid name, with a warning.
    const spaced = imported('pyxform__spaces_in_choices_header.xls');
    expect(spaced.survey.choiceLists.list?.[0]?.filters).toEqual({ header_with_spaces: 'test' });
    expect(spaced.warnings).toContainEqual(expect.objectContaining({ code: 'xlsform.renamedFilterColumn', sheet: 'choices', column: 'D' }));
    expect(q(spaced.survey, 'my_select_all')).toMatchObject({ choiceFilter: 'true()', default: 'a c', constraintMessage: { en: 'option c and d cannot be selected together' } });
  });

  it('legacy syntax: select one from / select all that apply from … or specify other, begin loop, bind:relevant', () => {
    const { survey, warnings } = imported('onadata__transportation.xlsx');
    const transport = survey.questions.find((x) => x.type === 'select_multiple');
    expect(transport).toMatchObject({ listName: 'transport_types', orOther: true });
    const loop = survey.questions.find((x) => x.type === 'begin_repeat');
    expect(loop?.repeatCount).toBe(String(survey.choiceLists.transport_types?.length));
    expect(warnings.some((w) => w.code === 'xlsform.loopAsRepeat')).toBe(true);
    expect(survey.questions.some((x) => x.relevance)).toBe(true);
  });

  it('widgets: int, string, trigger, dateTime, readonly, media skipped', () => {
    const { survey, warnings } = imported('pyxform__widgets.xls');
    const types = new Set(survey.questions.map((x) => x.type));
    for (const type of ['integer', 'text', 'decimal', 'date', 'time', 'datetime', 'acknowledge', 'select_one', 'select_multiple']) expect(types).toContain(type);
    expect(survey.questions.some((x) => x.readOnly)).toBe(true);
    const skipped = warnings.filter((w) => w.code === 'xlsform.notCollectedHere').map((w) => String(w.params.type));
    expect(skipped).toEqual(expect.arrayContaining(['geopoint', 'barcode', 'image', 'audio', 'video']));
  });

  it('tutorial: relevance, constraint, required and settings', () => {
    const { survey } = imported('onadata__tutorial.xlsx');
    expect(survey.questions.filter((x) => x.relevance)).toHaveLength(3);
    expect(survey.questions.filter((x) => x.constraint)).toHaveLength(1);
    expect(survey.questions.filter((x) => x.required)).toHaveLength(2);
    expect(survey.questions.find((x) => x.constraint)?.constraintMessage?.en).toBeTruthy();
  });

  it('settings: title/id_string/version, upper-case sheets and columns', () => {
    const nested = imported('onadata__nested_repeats.xlsx');
    expect(nested.settings).toMatchObject({ formTitle: expect.any(String), formId: expect.any(String), version: expect.any(String) });
    expect(nested.survey.title.en).toBe(nested.settings.formTitle);

    const upper = imported('pyxform__case_insensitivity.xlsx');
    expect(upper.settings.formId).toBeTruthy();
    const asked = upper.survey.questions.filter((x) => x.type !== 'not_collected');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.label.en).toBeTruthy();
  });

  it('xlsform_spec_test: repeat_count on the repeat, chinese set aside, a calculate kept', () => {
    const { survey, settings } = imported('pyxform__xlsform_spec_test.xlsx');
    expect(survey.questions.find((x) => x.type === 'begin_repeat')?.repeatCount).toBeTruthy();
    expect(survey.questions.find((x) => x.type === 'calculate')?.calculation).toBeTruthy();
    expect(settings.otherLanguages.map((l) => l.toLowerCase())).toContain('chinese');
    expect(settings.extra.submission_url).toBeDefined();
  });

  it('a sheet declaring a million rows is read by its real cells', () => {
    const { survey } = imported('onadata__repeat_w_note.xlsx');
    expect(survey.questions).toHaveLength(6);
  });

  it('comment rows, label:English columns and nameless notes', () => {
    expect(imported('pyxform__allow_comment_rows_test.xls').survey.questions).toEqual([expect.objectContaining({ name: 'farmer_name', label: { en: 'First and last name of farmer' } })]);
    expect(imported('onadata__tutorial_arabic_labels.xlsx').survey.questions[0]?.label.en).toBeTruthy();
    const notes = imported('pyxform__repeat_date_test.xls');
    expect(notes.warnings.filter((w) => w.code === 'xlsform.generatedName')).toHaveLength(2);
  });

  it('unknown types are named with their row and column', () => {
    const result = load('pyxform__unknown_question_type.xls');
    if (!('problems' in result)) throw new Error('should be refused');
    const unknown = result.problems.find((p) => p.code === 'xlsform.unknownType' && p.params.type === 'unknown');
    expect(unknown).toMatchObject({ sheet: 'survey', column: 'A', row: expect.any(Number) });
  });
});

/** Writes a small workbook from arrays of rows. */
function workbook(sheets: Record<string, (string | number | boolean)[][]>): string {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  const file = path.join(tempDir('tiengnoi-xlsform-'), 'form.xlsx');
  XLSX.writeFile(wb, file);
  return file;
}

describe('made-up forms', () => {
  it('maps Vietnamese and English columns, normalises to NFC', () => {
    const nfd = 'Em bao nhiêu tuổi?'.normalize('NFD');
    const file = workbook({
      survey: [
        ['Type', ' Name ', 'label::Tiếng Việt (vi)', 'label::English (en)', 'hint:vietnamese', 'Required', 'label::Khmer'],
        ['integer', 'age', nfd, 'How old are you?', 'Gợi ý', 'TRUE()', 'x'],
        ['select_one yn', 'ok', 'Được không?', 'OK?', '', 'no', ''],
      ],
      choices: [
        ['list name', 'name', 'label::vietnamese', 'label::english'],
        ['yn', 1, 'Có', 'Yes'],
        ['yn', 2, 'Không', 'No'],
      ],
      settings: [['form_title', 'form_id', 'default_language'], ['Khảo sát', 'ks1', 'Tiếng Việt (vi)']],
    });
    const result = importXlsForm(file);
    if ('problems' in result) throw new Error(JSON.stringify(result.problems));
    const age = q(result.survey, 'age');
    expect(age.label).toEqual({ vi: 'Em bao nhiêu tuổi?'.normalize('NFC'), en: 'How old are you?', Khmer: 'x' });
    expect(age.label.vi).toBe(age.label.vi?.normalize('NFC'));
    expect(age).toMatchObject({ type: 'integer', required: true, hint: { vi: 'Gợi ý' } });
    expect(q(result.survey, 'ok').required).toBe(false);
    expect(result.survey.choiceLists.yn).toEqual([
      { name: '1', label: { vi: 'Có', en: 'Yes' } },
      { name: '2', label: { vi: 'Không', en: 'No' } },
    ]);
    expect(result.survey.title).toEqual({ vi: 'Khảo sát' });
    expect(result.settings.otherLanguages).toEqual(['Khmer']);
  });

  it('plain label columns follow default_language, else English', () => {
    const vi = importXlsForm(workbook({ survey: [['type', 'name', 'label'], ['text', 'ten', 'Tên em']], settings: [['default_language'], ['vietnamese']] }));
    expect('survey' in vi && vi.survey.questions[0]?.label).toEqual({ vi: 'Tên em' });
    const en = importXlsForm(workbook({ survey: [['type', 'name', 'label'], ['text', 'name', 'Name']] }));
    expect('survey' in en && en.survey.questions[0]?.label).toEqual({ en: 'Name' });
  });

  it('refuses bad names, unknown types and unknown lists together, naming rows and columns', () => {
    const result = importXlsForm(
      workbook({
        survey: [['type', 'name', 'label'], ['text', '1bad name', 'x'], ['wibble', 'w', 'x'], ['select_one nolist', 's', 'x']],
        choices: [['list_name', 'name', 'label'], ['yn', 'a b', 'x']],
      }),
    );
    expect('problems' in result && result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'xlsform.badName', sheet: 'survey', row: 2, column: 'B', params: { name: '1bad name' } }),
        expect.objectContaining({ code: 'xlsform.unknownType', sheet: 'survey', row: 3, column: 'A', params: { type: 'wibble' } }),
        expect.objectContaining({ code: 'xlsform.missingChoiceList', sheet: 'survey', row: 4, column: 'A' }),
        expect.objectContaining({ code: 'xlsform.badName', sheet: 'choices', row: 2, column: 'B', params: { name: 'a b' } }),
      ]),
    );
  });

  it('refuses a missing file and a text file without throwing', () => {
    const dir = tempDir('tiengnoi-xlsform-');
    expect(importXlsForm(path.join(dir, 'nope.xlsx'))).toEqual({ problems: [expect.objectContaining({ code: 'xlsform.cannotRead', file: 'nope.xlsx' })] });
    fs.writeFileSync(path.join(dir, 'form.xlsx'), 'type,name,label\ntext,a,A\n');
    expect(importXlsForm(path.join(dir, 'form.xlsx'))).toEqual({ problems: [expect.objectContaining({ code: 'xlsform.notSpreadsheet' })] });
  });
});

describe('xlsform mapping helpers', () => {
  it('reads types, headers and language names', () => {
    expect(parseType('select one from yes_no')).toEqual({ kind: 'question', type: 'select_one', listName: 'yes_no' });
    expect(parseType('select_multiple  happy_sad')).toEqual({ kind: 'question', type: 'select_multiple', listName: 'happy_sad' });
    expect(parseType('end group')).toEqual({ kind: 'question', type: 'end_group' });
    expect(parseType('end')).toEqual({ kind: 'notCollected', type: 'end', identifying: false });
    expect(parseType('geopoint')).toEqual({ kind: 'notCollected', type: 'geopoint', identifying: true });
    expect(parseType('rank r')).toEqual({ kind: 'question', type: 'rank', listName: 'r' });
    expect(parseType('range')).toEqual({ kind: 'question', type: 'range' });
    expect(parseType('get start time').kind).toBe('unknown');
    expect(parseHeader('bind:jr:constraintMsg')).toEqual({ field: 'constraint_message', known: true });
    expect(parseHeader('label::English (en)')).toEqual({ field: 'label', known: true, lang: 'English (en)' });
    expect(parseHeader('media::image')).toEqual({ field: 'image', known: true });
    expect(parseHeader('read only')).toEqual({ field: 'read_only', known: true });
    expect(modelLang('English (en)')).toBe('en');
    expect(modelLang('Tiếng Việt (vi)')).toBe('vi');
    expect(modelLang('vietnamese')).toBe('vi');
    expect(modelLang('EN')).toBe('en');
    expect(modelLang('Swahili')).toBeNull();
  });
});
