import { describe, expect, it } from 'vitest';
import {
  mergeVersions,
  responseLayout,
  RowMaker,
  type Cell,
  type ResponseMeta,
  type StoredAnswer,
} from '../../core/io/response-columns';
import { codebookRows } from '../../core/io/codebook';
import { spssName, spssNames } from '../../core/io/spss-names';
import { spssString, spssSyntax, cutBytes } from '../../core/io/spss-syntax';
import type { Choice, SurveyContent } from '../../core/survey/model';
import { q, survey } from '../helpers/survey';

const PROVINCES: Choice[] = [
  { name: '01', label: { vi: 'Hà Nội', en: 'Hanoi' } },
  { name: '11', label: { vi: 'Điện Biên' } },
];
const WORRY: Choice[] = [
  { name: 'strangers', label: { vi: 'Người lạ', en: 'Strangers' } },
  { name: 'bullying', label: { vi: 'Bắt nạt', en: 'Bullying' } },
];
const LIKERT: Choice[] = [1, 2, 3, 4, 5, 99].map((n) => ({ name: String(n), label: { vi: `Mức ${n}`, en: `Level ${n}` } }));

/** A survey with every kind of column: choices (text and numeric codes), 0/1 columns, other, groups, repeats. */
function consultation(): SurveyContent {
  return survey(
    [
      q('intro', 'note'),
      q('child_name', 'text', { identifying: true }),
      q('age', 'integer'),
      q('province', 'select_one', { listName: 'prov' }),
      q('safe', 'select_one', { listName: 'likert', appearance: 'likert' }),
      q('worry', 'select_multiple', { listName: 'worry', orOther: true }),
      q('hours', 'decimal'),
      q('contact', 'begin_group', { identifying: true }),
      q('phone', 'text'),
      q('contact_end', 'end_group'),
      q('age_group', 'calculate', { calculation: 'if(${age} < 12, 1, 2)' }),
      q('sibling', 'begin_repeat'),
      q('sibling_age', 'integer'),
      q('pet', 'begin_repeat'),
      q('pet_kind', 'text'),
      q('pet_end', 'end_repeat'),
      q('sibling_end', 'end_repeat'),
      q('why', 'text'),
    ],
    { prov: PROVINCES, worry: WORRY, likert: LIKERT },
  );
}

const meta = (n: number): ResponseMeta => ({
  uuid: `uuid-${n}`,
  number: n,
  paperCode: n === 1 ? '=1' : String(n),
  status: n === 1 ? 'complete' : 'draft',
  createdAt: '2025-07-01T08:00:00.000Z',
  updatedAt: '2025-07-01T08:30:00.000Z',
  completedAt: n === 1 ? '2025-07-01T08:30:00.000Z' : null,
  deviceId: 'laptop-1',
  version: 1,
});

const answers = (values: Record<string, string | null>, refused: string[] = []): Map<string, StoredAnswer> =>
  new Map<string, StoredAnswer>([
    ...Object.entries(values).map(([k, value]): [string, StoredAnswer] => [k, { value, refused: false }]),
    ...refused.map((k): [string, StoredAnswer] => [k, { value: null, refused: true }]),
  ]);

function rowsOf(content: SurveyContent, responses: [ResponseMeta, Map<string, StoredAnswer>][], labels = false, lang: 'vi' | 'en' = 'vi', includeIdentifying = false) {
  const layout = responseLayout(content, { includeIdentifying, mainName: 'consultation' });
  const maker = new RowMaker(content, layout, { labels, lang });
  const out: Record<string, Cell>[][] = layout.tables.map(() => []);
  for (const [m, a] of responses) {
    maker.rows(m, a, (t, cells) => out[t]!.push(Object.fromEntries(layout.tables[t]!.columns.map((c, i) => [c.name, cells[i]!]))));
  }
  return { layout, out };
}

describe('the column layout', () => {
  it('gives one column per question that holds a value, 0/1 columns per choice, other texts, then the metadata', () => {
    const layout = responseLayout(consultation(), { includeIdentifying: false, mainName: 'consultation' });
    expect(layout.tables.map((t) => t.name)).toEqual(['consultation', 'sibling', 'pet']);
    expect(layout.tables[0]!.columns.map((c) => c.name)).toEqual([
      'age',
      'province',
      'safe',
      'worry',
      'worry/strangers',
      'worry/bullying',
      'worry/other',
      'worry_other',
      'hours',
      'age_group',
      'sibling',
      'why',
      '_uuid',
      '_number',
      '_paper_code',
      '_status',
      '_created_at',
      '_updated_at',
      '_completed_at',
      '_device_id',
      '_version',
      '_index',
    ]);
    const byName = new Map(layout.tables[0]!.columns.map((c) => [c.name, c]));
    expect(byName.get('province')).toMatchObject({ format: 'choice', numericCodes: false });
    expect(byName.get('safe')).toMatchObject({ format: 'choice', numericCodes: true });
    expect(byName.get('worry/bullying')?.format).toBe('flag');
    expect(byName.get('sibling')?.source.kind).toBe('count');
  });

  it('gives each repeat a table linked to its parent like KoboToolbox', () => {
    const { tables } = responseLayout(consultation(), { includeIdentifying: false, mainName: 'consultation' });
    const tail = ['_index', '_parent_table_name', '_parent_index', '_submission__uuid'];
    expect(tables[1]!.columns.map((c) => c.name)).toEqual(['sibling_age', 'pet', ...tail]);
    expect(tables[1]!.parent).toBe(0);
    expect(tables[2]!.columns.map((c) => c.name)).toEqual(['pet_kind', ...tail]);
    expect(tables[2]!.parent).toBe(1);
  });

  it('leaves identifying questions out (also inside an identifying group) unless asked for', () => {
    const out = responseLayout(consultation(), { includeIdentifying: false, mainName: 'x' });
    expect(out.leftOutQuestions.map((q) => q.name)).toEqual(['child_name', 'phone']);
    expect(out.leftOutColumns).toBe(2);
    expect(out.includedIdentifying).toEqual([]);
    const names = out.tables[0]!.columns.map((c) => c.name);
    expect(names).not.toContain('child_name');
    expect(names).not.toContain('phone');

    const all = responseLayout(consultation(), { includeIdentifying: true, mainName: 'x' });
    expect(all.leftOutQuestions).toEqual([]);
    expect(all.includedIdentifying.map((q) => q.name)).toEqual(['child_name', 'phone']);
    expect(all.tables[0]!.columns.map((c) => c.name).slice(0, 2)).toEqual(['child_name', 'age']);
  });

  it('leaves out a whole identifying repeat with its table', () => {
    const content = survey([q('age', 'integer'), q('family', 'begin_repeat', { identifying: true }), q('member_name', 'text'), q('family_end', 'end_repeat')]);
    const layout = responseLayout(content, { includeIdentifying: false, mainName: 'x' });
    expect(layout.tables).toHaveLength(1);
    expect(layout.leftOutQuestions.map((q) => q.name)).toEqual(['family', 'member_name']);
    expect(layout.tables[0]!.columns.map((c) => c.name)).not.toContain('family');
  });

  it('keeps sheet names within Excel’s 31 characters, unique, and never "codebook"', () => {
    const long = 'a_very_long_repeat_name_that_excel_would_refuse';
    const content = survey([q(long, 'begin_repeat'), q('x', 'text'), q(`${long}_end`, 'end_repeat'), q('codebook', 'begin_repeat'), q('y', 'text'), q('codebook_end', 'end_repeat')]);
    const names = responseLayout(content, { includeIdentifying: false, mainName: long.slice(0, 31) }).tables.map((t) => t.name);
    expect(names.every((n) => n.length <= 31)).toBe(true);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).not.toContain('codebook');
    expect(names).toEqual(['a_very_long_repeat_name_that_ex', 'a_very_long_repeat_name_that__2', 'codebook_2']);
  });
});

describe('the cells of a response', () => {
  const first = answers({
    age: '12',
    province: '01',
    safe: '4',
    worry: 'strangers other',
    worry_other: '=HYPERLINK("x")',
    hours: '1.5',
    age_group: '2',
    sibling: '2',
    'sibling_age[1]': '8',
    'sibling_age[2]': '15',
    'pet_kind[2][1]': 'mèo',
    'pet_kind[2][2]': '-chó',
    why: 'Em mong được lắng nghe',
  });
  const second = answers({ province: '11', worry: 'bullying', sibling: '1' }, ['age', 'safe', 'why', 'sibling_age[1]']);
  const third = answers({}, ['worry']);

  it('writes codes, numbers as numbers, 0/1 columns, the refusal code and blanks for questions not asked', () => {
    const { out } = rowsOf(consultation(), [
      [meta(1), first],
      [meta(2), second],
      [meta(3), third],
    ]);
    const [a, b, c] = out[0]!;
    expect(a).toMatchObject({ age: 12, province: '01', safe: 4, worry: 'strangers other', 'worry/strangers': 1, 'worry/bullying': 0, 'worry/other': 1 });
    expect(a).toMatchObject({ worry_other: '\'=HYPERLINK("x")', hours: 1.5, age_group: '2', sibling: 2, why: 'Em mong được lắng nghe' });
    expect(a).toMatchObject({ _uuid: 'uuid-1', _number: 1, _paper_code: "'=1", _status: 'complete', _completed_at: '2025-07-01T08:30:00.000Z', _version: 1, _index: 1 });
    // Refused: the code in every column of the question, as text; not asked: blank.
    expect(b).toMatchObject({ age: '-99', safe: '-99', why: '-99', province: '11', 'worry/bullying': 1, 'worry/strangers': 0, worry_other: null, hours: null, _index: 2 });
    expect(c).toMatchObject({ worry: '-99', 'worry/strangers': '-99', 'worry/bullying': '-99', 'worry/other': '-99', worry_other: null, age: null, sibling: null, _completed_at: null });
  });

  it('links repeat rows to their parent rows across responses', () => {
    const { out } = rowsOf(consultation(), [
      [meta(1), first],
      [meta(2), second],
    ]);
    expect(out[1]).toEqual([
      { sibling_age: 8, pet: null, _index: 1, _parent_table_name: 'consultation', _parent_index: 1, _submission__uuid: 'uuid-1' },
      { sibling_age: 15, pet: 2, _index: 2, _parent_table_name: 'consultation', _parent_index: 1, _submission__uuid: 'uuid-1' },
      { sibling_age: '-99', pet: null, _index: 3, _parent_table_name: 'consultation', _parent_index: 2, _submission__uuid: 'uuid-2' },
    ]);
    expect(out[2]).toEqual([
      { pet_kind: 'mèo', _index: 1, _parent_table_name: 'sibling', _parent_index: 2, _submission__uuid: 'uuid-1' },
      { pet_kind: "'-chó", _index: 2, _parent_table_name: 'sibling', _parent_index: 2, _submission__uuid: 'uuid-1' },
    ]);
  });

  it('writes labels in the chosen language, the other language when missing, and the word for a refusal', () => {
    const vi = rowsOf(consultation(), [
      [meta(1), first],
      [meta(2), second],
    ], true, 'vi').out[0]!;
    expect(vi[0]).toMatchObject({ province: 'Hà Nội', safe: 'Mức 4', worry: 'Người lạ; Khác', 'worry/strangers': 1, _status: 'hoàn chỉnh' });
    expect(vi[1]).toMatchObject({ age: 'từ chối trả lời', province: 'Điện Biên', _status: 'bản nháp' });
    const en = rowsOf(consultation(), [
      [meta(1), first],
      [meta(2), second],
    ], true, 'en').out[0]!;
    expect(en[0]).toMatchObject({ province: 'Hanoi', safe: 'Level 4', worry: 'Strangers; Other', age: 12, _status: 'complete' });
    expect(en[1]).toMatchObject({ age: 'refused', safe: 'refused', province: 'Điện Biên' });
  });

  it('keeps a value the survey no longer knows as it was stored', () => {
    const { out } = rowsOf(consultation(), [[meta(1), answers({ age: 'twelve', province: '99', safe: '7' })]], true, 'en');
    expect(out[0]![0]).toMatchObject({ age: 'twelve', province: '99', safe: '7' });
  });
});

describe('several survey versions', () => {
  it('keeps questions and choices only older versions have, after the question they followed', () => {
    const v1 = survey([q('age', 'integer'), q('hours', 'decimal'), q('why', 'text', { identifying: true }), q('sex', 'select_one', { listName: 'sex' })], {
      sex: [
        { name: 'girl', label: { vi: 'Gái' } },
        { name: 'x', label: { vi: 'Khác' } },
      ],
    });
    const v2 = survey([q('age', 'integer'), q('why', 'text'), q('sex', 'select_one', { listName: 'sex' }), q('new', 'text')], {
      sex: [
        { name: 'girl', label: { vi: 'Con gái' } },
        { name: 'boy', label: { vi: 'Con trai' } },
      ],
    });
    const merged = mergeVersions([v2, v1]);
    expect(merged.questions.map((x) => x.name)).toEqual(['age', 'hours', 'why', 'sex', 'new']);
    expect(merged.questions.find((x) => x.name === 'why')?.identifying).toBe(true);
    expect(merged.choiceLists.sex!.map((c) => `${c.name}=${c.label.vi}`)).toEqual(['girl=Con gái', 'boy=Con trai', 'x=Khác']);
  });
});

describe('SPSS names and syntax', () => {
  it('maps headers SPSS refuses to valid, unique names', () => {
    expect(spssName('_uuid')).toBe('uuid');
    expect(spssName('worry/strangers')).toBe('worry_strangers');
    expect(spssName('q-1.')).toBe('q_1_');
    expect(spssName('_1')).toBe('v_1');
    expect(spssName('all')).toBe('all_');
    expect(spssNames(['Age', 'age', 'worry/a', 'worry_a', `${'x'.repeat(70)}`, `${'x'.repeat(64)}y`])).toEqual([
      'Age',
      'age_2',
      'worry_a_2',
      'worry_a',
      'x'.repeat(64),
      `${'x'.repeat(62)}_2`,
    ]);
    // A header that is a valid name keeps it; a mapped one makes way.
    expect(spssNames(['worry', 'worry/other', 'worry_other'])).toEqual(['worry', 'worry_other_2', 'worry_other']);
  });

  it('quotes strings, cuts long labels into pieces and labels by bytes', () => {
    expect(spssString("Children's voices")).toBe("'Children''s voices'");
    const long = spssString('Em có gặp khó khăn khi làm những việc này không? '.repeat(4));
    expect(long.split('\n').length).toBeGreaterThan(2);
    expect(long).toContain("' +\n    '");
    expect(new TextEncoder().encode(cutBytes('Điện Biên', 4)).length).toBeLessThanOrEqual(4);
    expect(cutBytes('Điện Biên', 4)).toBe('Đi');
  });

  it('declares formats, labels, value labels and the refusal code as missing', () => {
    const content = consultation();
    const layout = responseLayout(content, { includeIdentifying: false, mainName: 'consultation' });
    const syntax = spssSyntax(
      layout.tables.map((table, t) => ({ table, file: t === 0 ? 'out.csv' : `out-${table.name}.csv`, widths: table.columns.map(() => 5), decimals: table.columns.map((c) => (c.name === 'hours' ? 1 : 0)) })),
      { survey: content, labels: false, lang: 'en', folder: "/home/o'neil/data" },
    );
    expect(syntax).toContain("CD '/home/o''neil/data'.");
    expect(syntax).toContain("/FILE='out.csv'");
    expect(syntax).toContain("/FILE='out-pet.csv'");
    expect(syntax).toMatch(/^ {4}age F5\.0$/m);
    expect(syntax).toMatch(/^ {4}province A5$/m);
    expect(syntax).toMatch(/^ {4}worry_strangers F3\.0$/m);
    expect(syntax).toMatch(/^ {4}uuid A5$/m);
    expect(syntax).toContain("    '01' 'Hanoi'");
    expect(syntax).toContain("    '11' 'Điện Biên'");
    expect(syntax).toContain("    4 'Level 4'");
    expect(syntax).toContain("    -99 'Refused (the child chose not to answer)'");
    expect(syntax).toContain('  age (-99)');
    expect(syntax).toContain("\n  /province ('-99')\n");
    expect(syntax).toContain('  hours (F5.1)');
    expect(syntax).toMatch(/safe\b.*\(ORDINAL\)/);
    expect(syntax).toContain('DATASET COPY consultation.');
    expect(syntax).toContain('DATASET COPY pet.');
    expect(syntax).toContain('DATASET ACTIVATE consultation.');

    const labelled = spssSyntax([{ table: layout.tables[0]!, file: 'out.csv', widths: layout.tables[0]!.columns.map(() => 9), decimals: [] }], {
      survey: content,
      labels: true,
      lang: 'vi',
      folder: '/tmp',
    });
    expect(labelled).toMatch(/^ {4}age A9$/m);
    expect(labelled).not.toContain('VALUE LABELS');
    expect(labelled).not.toContain('MISSING VALUES');
  });
});

describe('the codebook', () => {
  it('lists every column with labels in both languages, its codes and the refusal code, then notes', () => {
    const content = consultation();
    const layout = responseLayout(content, { includeIdentifying: false, mainName: 'consultation' });
    const rows = codebookRows({ survey: content, layout, labels: false, lang: 'en', versions: [1, 2], responses: 3, exportedAt: '2025-07-01T00:00:00Z', csv: false });
    expect(rows[0]).toEqual(['Table', 'Column', 'SPSS name', 'Question (variable name)', 'Question type', 'Data type', 'Label (Vietnamese)', 'Label (English)', 'Value', 'Value label (Vietnamese)', 'Value label (English)', 'Note']);
    const province = rows.findIndex((r) => r[1] === 'province' && r[3] === 'province');
    expect(rows[province]!.slice(0, 7)).toEqual(['consultation', 'province', 'province', 'province', 'select_one', 'choice code (text)', 'province']);
    expect(rows[province + 1]!.slice(8, 11)).toEqual(['01', 'Hà Nội', 'Hanoi']);
    expect(rows[province + 2]!.slice(8, 11)).toEqual(['11', 'Điện Biên', null]);
    expect(rows[province + 3]!.slice(8, 11)).toEqual(['-99', 'Từ chối trả lời (em chọn không trả lời)', 'Refused (the child chose not to answer)']);
    const uuid = rows.find((r) => r[1] === '_uuid')!;
    expect(uuid[2]).toBe('uuid');
    expect(uuid[11]).toBe('Named uuid in SPSS.');
    const flag = rows.find((r) => r[1] === 'worry/strangers' && r[5] !== null)!;
    expect(flag[7]).toBe('worry: Strangers');
    const notes = rows.slice(rows.findIndex((r) => r.length === 0) + 1).map((r) => String(r[0]));
    expect(notes[0]).toContain('Versions: 1, 2. Responses: 3.');
    expect(notes.some((n) => n.includes('-99') && n.includes('user-missing'))).toBe(true);
    expect(notes.some((n) => n.includes('child_name, phone'))).toBe(true);
  });
});
