import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { convertCell, isBlank, matchChoices, serialParts, splitFlag, type Converted } from '../../core/io/response-values';
import { detectSeparator, parseCsv, stripBom } from '../../core/io/csv-read';
import { stripUuid, submissionTime } from '../../core/io/response-plan';
import type { Question } from '../../core/survey/model';
import { q, survey } from '../helpers/survey';

const PROVINCES = [
  { name: '01', label: { vi: 'Hà Nội', en: 'Ha Noi' } },
  { name: '10', label: { vi: 'Lào Cai', en: 'Lao Cai' } },
  { name: '11', label: { vi: 'Điện Biên', en: 'Dien Bien' } },
];
const WORRIES = [
  { name: 'school', label: { vi: 'Việc học', en: 'School work' } },
  { name: 'online', label: { vi: 'An toàn trên mạng', en: 'Online safety' } },
  { name: 'home', label: { vi: 'Gia đình', en: 'Family' } },
  { name: 'family_money', label: { vi: 'Gia đình khó khăn', en: 'Family money' } },
];
const TWINS = [
  { name: 'a', label: { vi: 'Có', en: 'Yes' } },
  { name: 'b', label: { vi: 'Cỏ', en: 'Grass' } },
];
const s = survey(
  [
    q('province', 'select_one', { listName: 'provinces' }),
    q('worries', 'select_multiple', { listName: 'worries', orOther: true }),
    q('twin', 'select_one', { listName: 'twins' }),
    q('age', 'integer'),
    q('height', 'decimal'),
    q('score', 'range', { parameters: 'start=1 end=5 step=1' }),
    q('born', 'date'),
    q('woke', 'time'),
    q('seen', 'datetime'),
    q('story', 'text'),
    q('ok', 'acknowledge'),
    q('today', 'not_collected', { xlsformType: 'today' }),
    q('start', 'not_collected', { xlsformType: 'start' }),
    q('where', 'not_collected', { xlsformType: 'geopoint' }),
    q('phone', 'not_collected', { xlsformType: 'phonenumber' }),
  ],
  { provinces: PROVINCES, worries: WORRIES, twins: TWINS },
);
const question = (name: string): Question => s.questions.find((x) => x.name === name)!;
const value = (converted: Converted) => ('value' in converted ? converted.value : `PROBLEM ${converted.problem.code}`);

describe('Excel date serials', () => {
  it('counts from 1900 with Lotus\'s leap-year bug: 60 is the 29 February 1900 that never was', () => {
    expect(serialParts(1)?.date).toBe('1900-01-01');
    expect(serialParts(59)?.date).toBe('1900-02-28');
    expect(serialParts(60)?.date).toBeNull();
    expect(serialParts(61)?.date).toBe('1900-03-01');
    expect(serialParts(41912)?.date).toBe('2014-09-30');
    expect(serialParts(45839)?.date).toBe('2025-07-01');
  });

  it('agrees with SheetJS on every day from 1900 to 2100 (but day 60)', () => {
    for (let serial = 1; serial < 73051; serial += 37) {
      if (serial === 60) continue;
      const { y, m, d } = XLSX.SSF.parse_date_code(serial);
      expect(serialParts(serial)?.date, String(serial)).toBe(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }
  });

  it('reads the time of day from the fraction, smoothing float noise, and the 1904 system', () => {
    expect(serialParts(41886.50560185185)).toEqual({ date: '2014-09-04', time: '12:08:04' });
    expect(serialParts(0.5)).toEqual({ date: null, time: '12:00:00' });
    // 15:37:22 written through a double comes back as 15:37:21.99999…
    expect(serialParts(41319.65094907407)?.time).toBe('15:37:22');
    expect(serialParts(0, true)?.date).toBe('1904-01-01');
    expect(serialParts(-1)).toBeNull();
  });

  it('become dates, times and date-times for the questions that hold them', () => {
    expect(value(convertCell(s, question('born'), { serial: 41912 }))).toBe('2014-09-30');
    expect(value(convertCell(s, question('born'), 41912))).toBe('2014-09-30');
    expect(value(convertCell(s, question('born'), { serial: 60 }))).toBe('PROBLEM import.badDate');
    // A date cell with a time of day would lose the time: refused, not cut.
    expect(value(convertCell(s, question('born'), { serial: 41912.25 }))).toBe('PROBLEM import.badDate');
    expect(value(convertCell(s, question('woke'), { serial: 0.25 }))).toBe('06:00:00');
    expect(value(convertCell(s, question('seen'), { serial: 41886.50560185185 }))).toBe('2014-09-04T12:08:04');
    expect(value(convertCell(s, question('today'), { serial: 41886 }))).toBe('2014-09-04');
    expect(value(convertCell(s, question('story'), { serial: 41886 }))).toBe('2014-09-04');
  });
});

describe('converting a cell for its question', () => {
  it('treats blank cells and Kobo\'s n/a as no answer', () => {
    expect(isBlank(undefined)).toBe(true);
    expect(isBlank('  ')).toBe(true);
    expect(isBlank('N/A')).toBe(true);
    expect(isBlank('n/a ')).toBe(true);
    expect(isBlank('NA')).toBe(false);
    expect(isBlank(0)).toBe(false);
    expect(value(convertCell(s, question('age'), 'n/a'))).toBeNull();
  });

  it('reads dates and date-times as exports write them', () => {
    expect(value(convertCell(s, question('born'), '2014-09-30'))).toBe('2014-09-30');
    expect(value(convertCell(s, question('born'), '2014-09-30T00:00:00.000Z'))).toBe('2014-09-30');
    expect(value(convertCell(s, question('born'), '30/09/2014'))).toBe('PROBLEM import.badDate');
    expect(value(convertCell(s, question('born'), '2014-02-30'))).toBe('PROBLEM import.badDate');
    expect(value(convertCell(s, question('seen'), '2014-09-04 9:24:57'))).toBe('2014-09-04T09:24:57');
    expect(value(convertCell(s, question('seen'), '2014-09-04T15:06:01.000+03:00'))).toBe('2014-09-04T15:06:01.000+03:00');
    expect(value(convertCell(s, question('today'), '2014-0900'))).toBe('PROBLEM import.badDate');
    expect(value(convertCell(s, question('start'), '2014-09-04T15:06:01.000+03:00'))).toBe('2014-09-04T15:06:01.000+03:00');
  });

  it('reads numbers, with a decimal comma only where the file uses one', () => {
    expect(value(convertCell(s, question('age'), 12))).toBe('12');
    expect(value(convertCell(s, question('age'), ' 12.0 '))).toBe('12');
    expect(value(convertCell(s, question('age'), 12.5))).toBe('PROBLEM import.badInteger');
    expect(value(convertCell(s, question('age'), 'mười hai'))).toBe('PROBLEM import.badInteger');
    expect(value(convertCell(s, question('height'), 1.45))).toBe('1.45');
    expect(value(convertCell(s, question('height'), '1,45'))).toBe('PROBLEM import.badDecimal');
    expect(value(convertCell(s, question('height'), '1,45', { decimalComma: true }))).toBe('1.45');
    expect(value(convertCell(s, question('score'), '4'))).toBe('4');
    expect(value(convertCell(s, question('score'), '9'))).toBe('PROBLEM import.badRange');
  });

  it('maps choice labels back to codes in any language, ignoring case, tone marks and Unicode form', () => {
    expect(value(convertCell(s, question('province'), '10'))).toBe('10');
    expect(value(convertCell(s, question('province'), 10))).toBe('10');
    expect(value(convertCell(s, question('province'), 'Lào Cai'))).toBe('10');
    expect(value(convertCell(s, question('province'), 'Lào Cai'.normalize('NFD')))).toBe('10');
    expect(value(convertCell(s, question('province'), 'lao cai'))).toBe('10');
    expect(value(convertCell(s, question('province'), 'Dien Bien'))).toBe('11');
    expect(value(convertCell(s, question('province'), 'DIỆN BIÊN'))).toBe('11');
    expect(value(convertCell(s, question('province'), 'Hà Giang'))).toBe('PROBLEM import.badChoice');
  });

  it('keeps a single-choice code the list no longer has (an earlier version of the form), with a warning', () => {
    expect(convertCell(s, question('province'), '99')).toEqual({ value: '99', warning: { code: 'import.keptUnknownChoice', params: { question: 'province', value: '99' } } });
    // Several choices, or words that are no code, are still refused.
    expect(value(convertCell(s, question('worries'), 'school 99'))).toBe('PROBLEM import.badChoice');
    expect(value(convertCell(s, question('province'), 'Hà Giang'))).toBe('PROBLEM import.badChoice');
  });

  it('reports a label that names two choices once tone marks are dropped, unless it is exact', () => {
    expect(value(convertCell(s, question('twin'), 'Có'))).toBe('a');
    expect(value(convertCell(s, question('twin'), 'Cỏ'))).toBe('b');
    const ambiguous = convertCell(s, question('twin'), 'co');
    expect(ambiguous).toEqual({ problem: { code: 'import.ambiguousChoice', params: { question: 'twin', value: 'co', choices: 'a, b' } } });
  });

  it('reads select_multiple as codes, or as labels one after another', () => {
    expect(value(convertCell(s, question('worries'), 'school home'))).toBe('school home');
    expect(value(convertCell(s, question('worries'), 'school other'))).toBe('school other');
    expect(value(convertCell(s, question('worries'), 'Việc học An toàn trên mạng'))).toBe('school online');
    // "Gia đình khó khăn" is one label, not "Gia đình" and two stray words.
    expect(value(convertCell(s, question('worries'), 'Gia đình khó khăn'))).toBe('family_money');
    expect(value(convertCell(s, question('worries'), 'Family; Online safety'))).toBe('home online');
    expect(value(convertCell(s, question('worries'), 'school nothing'))).toBe('PROBLEM import.badChoice');
    expect(matchChoices(s, question('worries'), 'school school')).toEqual({ codes: ['school'] });
  });

  it('reads split select_multiple cells as picked or not', () => {
    const worries = question('worries');
    expect(splitFlag(s, worries, 'school', 'True')).toBe(true);
    expect(splitFlag(s, worries, 'school', 'False')).toBe(false);
    expect(splitFlag(s, worries, 'school', 1)).toBe(true);
    expect(splitFlag(s, worries, 'school', '0')).toBe(false);
    expect(splitFlag(s, worries, 'school', true)).toBe(true);
    expect(splitFlag(s, worries, 'school', 'n/a')).toBeNull();
    expect(splitFlag(s, worries, 'school', 'Việc học')).toBe(true);
    expect(splitFlag(s, worries, 'school', 'maybe')).toBe('bad');
  });

  it('checks kept-but-not-asked values by their XLSForm type, and acknowledge as OK', () => {
    expect(value(convertCell(s, question('where'), '21.03 105.85 12 5'))).toBe('21.03 105.85 12 5');
    expect(value(convertCell(s, question('where'), 'Hà Nội'))).toBe('PROBLEM import.badGeopoint');
    expect(value(convertCell(s, question('phone'), 'no phonenumber property in enketo'))).toBe('no phonenumber property in enketo');
    expect(value(convertCell(s, question('ok'), 'ok'))).toBe('OK');
    expect(value(convertCell(s, question('ok'), true))).toBe('OK');
    expect(value(convertCell(s, question('ok'), 'later'))).toBe('PROBLEM import.badChoice');
  });

  it('names the question and shows a short bad value, but never a child\'s own words', () => {
    const bad = convertCell(s, question('age'), 'x'.repeat(100));
    expect('problem' in bad && bad.problem.params).toEqual({ question: 'age', value: `${'x'.repeat(40)}…` });
    const long = convertCell(s, question('story'), 'Em muốn kể '.repeat(2000));
    expect(long).toEqual({ problem: { code: 'import.tooLong', params: { question: 'story' } } });
  });
});

describe('submission metadata', () => {
  it('reads submission times as UTC (Kobo writes them without a zone), with a zone, or as a serial', () => {
    expect(submissionTime('2014-09-04T12:08:04', {})).toBe('2014-09-04T12:08:04.000Z');
    expect(submissionTime('2014-09-04 9:24:57', {})).toBe('2014-09-04T09:24:57.000Z');
    expect(submissionTime('2013-02-18T15:54:01+00:00', {})).toBe('2013-02-18T15:54:01.000Z');
    expect(submissionTime('2014-09-04T15:06:01.250+03:00', {})).toBe('2014-09-04T12:06:01.250Z');
    expect(submissionTime('2024-01-05T10:00:00.000Z', {})).toBe('2024-01-05T10:00:00.000Z');
    expect(submissionTime({ serial: 41886.50560185185 }, {})).toBe('2014-09-04T12:08:04.000Z');
    expect(submissionTime('2014-09-04T09:24:60', {})).toBeNull();
    expect(submissionTime('2014-02-29T10:00:00', {})).toBeNull();
    expect(submissionTime('yesterday', {})).toBeNull();
  });

  it('takes the uuid out of instance ids, however many times it is prefixed', () => {
    expect(stripUuid('uuid:uuid:685dd371-4831-4fdc-a205-f285337dd98d')).toBe('685dd371-4831-4fdc-a205-f285337dd98d');
    expect(stripUuid(' 685dd371 ')).toBe('685dd371');
  });
});

describe('CSV text', () => {
  it('finds the separator the header uses: comma, semicolon (Vietnamese Excel) or tab', () => {
    expect(detectSeparator('name,age\nAn,12')).toBe(',');
    expect(detectSeparator('tên;tuổi;"a,b"\nAn;12;x')).toBe(';');
    expect(detectSeparator('name\tage\n')).toBe('\t');
    expect(detectSeparator('name\n')).toBe(',');
  });

  it('reads quoted fields with separators, doubled quotes and line breaks; CRLF and a BOM', () => {
    const text = stripBom('\uFEFFname;story;age\r\nAn;"Em nói: ""chào"";\r\nrồi đi";12\r\nBình;;\r\n');
    expect(parseCsv(text, ';')).toEqual({ records: [['name', 'story', 'age'], ['An', 'Em nói: "chào";\r\nrồi đi', '12'], ['Bình', '', '']] });
  });

  it('keeps a last record without a line break and a trailing empty field', () => {
    expect(parseCsv('a,b\n1,', ',').records).toEqual([['a', 'b'], ['1', '']]);
    expect(parseCsv('a,b\n1,2', ',').records).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('says where a quote opens and never closes', () => {
    expect(parseCsv('a,b\n1,2\n3,"oops\n4,5\n', ',').unclosedQuoteAt).toBe(3);
  });
});
