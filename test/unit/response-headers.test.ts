import { describe, expect, it } from 'vitest';
import { columnLetter, indexSurvey, metaField, planColumns, repeatByColumns, repeatByName, type ColumnPlan, type Scope } from '../../core/io/response-headers';
import { q, survey } from '../helpers/survey';

const COLORS = [
  { name: 'red', label: { vi: 'Đỏ', en: 'Red' } },
  { name: 'blue', label: { vi: 'Xanh dương', en: 'Blue' } },
  { name: 'light_blue', label: { vi: 'Xanh/nhạt', en: 'Light/blue' } },
];
const DAYS = [
  { name: 'mon', label: { en: 'Monday' } },
  { name: 'tue', label: { en: 'Tuesday' } },
];
/** A child-consultation form shaped like real Kobo forms: groups, repeats in repeats, a name used twice, a loop. */
const s = survey(
  [
    q('name', 'text', { label: { vi: 'Tên em là gì?', en: 'What is your name?' } }),
    q('info', 'begin_group'),
    q('age', 'integer', { label: { vi: 'Em bao nhiêu tuổi?', en: 'How old are you?' } }),
    q('colors', 'select_multiple', { listName: 'colors', orOther: true, label: { vi: 'Màu em thích', en: 'Favourite colours' } }),
    q('info_end', 'end_group'),
    q('siblings', 'begin_repeat', { label: { vi: 'Anh chị em', en: 'Siblings' } }),
    q('siblings_name', 'text', { xlsformName: 'name', label: { vi: 'Tên anh chị em', en: 'Sibling name' } }),
    q('sibling_age', 'integer', { label: { vi: 'Tuổi', en: 'Age' } }),
    q('pets', 'begin_repeat'),
    q('pet', 'text', { label: { en: 'Pet of ${siblings_name}' } }),
    q('pets_end', 'end_repeat'),
    q('siblings_end', 'end_repeat'),
    q('days', 'begin_repeat', { repeatCount: '2' }),
    q('hours', 'integer', { label: { en: 'Hours on %(label)s' } }),
    q('days_end', 'end_repeat'),
    q('home', 'not_collected', { xlsformType: 'geopoint', label: { en: 'Where do you live?' } }),
    q('note1', 'note', { label: { en: 'Thank you' } }),
  ],
  { colors: COLORS, days: DAYS },
);
const index = indexSurvey(s);
const repeat = (name: string) => index.repeats.find((r) => r.question.name === name)!;

function plan(headers: string[], scope: Scope = null): ColumnPlan[] {
  return planColumns(index, headers.map((header, column) => ({ column, header })), scope);
}
/** A column's target as a short string: "age", "colors/red", "sibling_age[2]", "meta:uuid", "unmatched:unknown". */
function where(p: ColumnPlan): string {
  const t = p.target;
  if (t.kind === 'meta') return `meta:${t.field}`;
  if (t.kind === 'unmatched') return `unmatched:${t.reason}`;
  const at = t.fixed.map((i) => `[${i}]`).join('');
  if (t.kind === 'choice') return `${t.entry.name}${at}/${t.choice}`;
  if (t.kind === 'geoPart') return `${t.entry.name}${at}#${t.part}`;
  return `${t.entry.name}${at}`;
}
const targets = (headers: string[], scope: Scope = null) => plan(headers, scope).map(where);

describe('matching export headers to questions', () => {
  it('reads full paths, names without their groups, and other separators', () => {
    expect(targets(['name', 'info/age', 'age', 'info-age', 'info.age', 'info:age'])).toEqual(['name', 'age', 'unmatched:duplicate', 'unmatched:duplicate', 'unmatched:duplicate', 'unmatched:duplicate']);
    expect(targets(['age'])).toEqual(['age']);
    expect(targets(['info-age'])).toEqual(['age']);
  });

  it('finds a question renamed on import by the name the XLSForm gave it, inside its repeat', () => {
    // `name` alone is the top-level question; `siblings/name` is the sibling's.
    expect(targets(['name', 'siblings[1]/name', 'siblings[2]/name'])).toEqual(['name', 'siblings_name[1]', 'siblings_name[2]']);
  });

  it('takes instances from the header, or counts them in column order when a names-only export leaves them out', () => {
    expect(targets(['siblings[2]/sibling_age', 'siblings[1]/pets[3]/pet'])).toEqual(['sibling_age[2]', 'pet[1][3]']);
    expect(targets(['sibling_age', 'sibling_age', 'sibling_age'])).toEqual(['sibling_age[1]', 'sibling_age[2]', 'sibling_age[3]']);
    // Two repeat levels missing: which sibling's pet is it? Not guessed.
    expect(targets(['pet'])).toEqual(['unmatched:ambiguous']);
  });

  it('in a repeat table, leaves the table\'s own level to the row and prefers the questions of that repeat', () => {
    expect(targets(['siblings/name', 'name', 'sibling_age'], repeat('siblings'))).toEqual(['siblings_name', 'unmatched:duplicate', 'sibling_age']);
    expect(targets(['name'], repeat('siblings'))).toEqual(['siblings_name']);
    expect(targets(['siblings/pets/pet'], repeat('pets'))).toEqual(['pet']);
    expect(targets(['pet', 'pet'], repeat('siblings'))).toEqual(['pet[1]', 'pet[2]']);
  });

  it('reads a loop item as the instance of its choice (a Kobo begin loop became a repeat)', () => {
    expect(targets(['days/tue/hours', 'days/mon/hours', 'days/sun/hours'])).toEqual(['hours[2]', 'hours[1]', 'unmatched:unknown']);
  });

  it('reads split select_multiple columns by code or label, and the "other" text', () => {
    expect(targets(['info/colors', 'info/colors/red', 'colors/blue', 'info/colors/other', 'info/colors_other'])).toEqual([
      'colors',
      'colors/red',
      'colors/blue',
      'colors/other',
      'colors_other',
    ]);
    expect(targets(['Màu em thích/Đỏ', 'colors/Light/blue', 'Favourite colours/xanh duong'])).toEqual(['colors/red', 'colors/light_blue', 'colors/blue']);
  });

  it('reads headers that are labels in any language, with placeholders, tone marks ignored', () => {
    expect(targets(['Tên em là gì?', 'how old are you?', 'Em bao nhieu tuoi?'])).toEqual(['name', 'age', 'unmatched:duplicate']);
    expect(targets(['Pet of Lan'], repeat('pets'))).toEqual(['pet']);
    expect(targets(['Hours on Monday', 'Hours on Tuesday'])).toEqual(['hours[1]', 'hours[2]']);
    expect(targets(['Thông tin/Em bao nhiêu tuổi?'])).toEqual(['age']);
  });

  it('folds GPS parts into their question and recognises metadata', () => {
    expect(targets(['home', '_home_latitude', '_home_longitude', '_home_altitude', '_home_precision', 'geo/_home_altitude'])).toEqual(['home', 'home#0', 'home#1', 'home#2', 'home#3', 'unmatched:unknown']);
    // ODK Central splits a location into parts of its own.
    expect(targets(['home-Latitude', 'home-Longitude', 'home-Altitude', 'home-Accuracy'])).toEqual(['home#0', 'home#1', 'home#2', 'home#3']);
    expect(
      targets(['_uuid', 'meta/instanceID', 'instanceID', '_submission_time', '_index', '_parent_index', '_parent_table_name', '_submission__uuid', '_xform_id_string', 'KEY', 'PARENT_KEY', 'SubmissionDate']),
    ).toEqual(['meta:uuid', 'meta:instanceId', 'meta:instanceId', 'meta:submissionTime', 'meta:index', 'meta:parentIndex', 'meta:parentTable', 'meta:submissionUuid', 'meta:formId', 'meta:key', 'meta:parentKey', 'meta:submissionTime']);
    for (const header of ['_id', '_status', '_tags', '_notes', '_version', '__version__', '_duration', '_submitted_by', '_validation_status', 'formhub/uuid', '_submission__id', '_xform_id', 'meta/deprecatedID']) {
      expect(metaField(header), header).toBe('ignored');
    }
  });

  it('reports what matches nothing, a note, or a second column for the same answer', () => {
    expect(targets(['favourite_food', 'note1', 'age', 'info/age', ''])).toEqual(['unmatched:unknown', 'unmatched:unknown', 'age', 'unmatched:duplicate', 'unmatched:unknown']);
    // "status" alone is ODK Central's; inside a group it is a question this survey does not have.
    expect(targets(['Status', 'school/status'])).toEqual(['meta:ignored', 'unmatched:unknown']);
  });
});

describe('which repeat a table holds', () => {
  it('by the sheet or file name Kobo and onadata give it (cut at 31 characters in Excel)', () => {
    expect(repeatByName(index, 'siblings')?.question.name).toBe('siblings');
    expect(repeatByName(index, 'siblings_pets')?.question.name).toBe('pets');
    expect(repeatByName(index, 'siblings/pets')?.question.name).toBe('pets');
    expect(repeatByName(index, 'children')).toBeNull();
  });

  it('by its columns: the innermost repeat around all of them', () => {
    expect(repeatByColumns(index, ['siblings/name', 'siblings/sibling_age', '_index'])?.question.name).toBe('siblings');
    expect(repeatByColumns(index, ['siblings/pets/pet', '_parent_index'])?.question.name).toBe('pets');
    expect(repeatByColumns(index, ['name', 'info/age'])).toBeNull();
  });
});

describe('column letters', () => {
  it('count like a spreadsheet', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
