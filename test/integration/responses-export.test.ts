import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import Database from 'better-sqlite3';
import { migrate, openProjectDb, type Db } from '../../electron/db/open';
import { LATEST_SCHEMA_VERSION } from '../../electron/db/migrations';
import { initProject } from '../../electron/db/project-store';
import { createSurvey, saveSurvey } from '../../electron/db/survey-store';
import { completeResponse, createResponse, findResponse, writeAnswer, writeRefusal } from '../../electron/db/response-store';
import { deleteResponse } from '../../electron/db/response-review';
import { exportResponses, exportResponsesFromFile, ExportError, type ResponsesExportOptions } from '../../electron/io/responses-export';
import { parseCsv } from '../../electron/reference/load';
import { SurveyContentSchema, type SurveyContent } from '../../core/survey/model';
import { tempDir } from '../helpers/temp';

/**
 * Responses out, on real project files: the workbook read back with SheetJS, the CSV files byte by byte, the
 * codebook, the SPSS syntax, formula escaping end to end, and the `tiengnoi export-responses` command.
 */

const ACTOR = { name: 'tester', deviceId: 'laptop-1' };
const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'tiengnoi.mjs');

const L = (vi: string, en?: string) => (en === undefined ? { vi } : { vi, en });
const SEX = [
  { name: 'girl', label: L('Con gái', 'A girl') },
  { name: 'boy', label: L('Con trai', 'A boy') },
  { name: '99', label: L('Em không muốn nói', "I'd rather not say") },
];

const CONTENT: SurveyContent = SurveyContentSchema.parse({
  title: L('An toàn của trẻ em', "Children's safety"),
  questions: [
    { name: 'child_name', type: 'text', label: L('Tên em', 'Your name'), identifying: true },
    { name: 'age', type: 'integer', label: L('Em bao nhiêu tuổi?', 'How old are you?') },
    { name: 'sex', type: 'select_one', listName: 'sex', label: L('Em là…', 'Are you…') },
    { name: 'province', type: 'select_one', listName: 'prov', label: L('Em sống ở tỉnh, thành phố nào?', 'Which province do you live in?') },
    { name: 'safe', type: 'select_one', listName: 'likert', appearance: 'likert', label: L('Em thấy an toàn ở trường.', 'I feel safe at school.') },
    { name: 'worry', type: 'select_multiple', listName: 'worry', orOther: true, label: L('Khi lên mạng, em lo lắng về điều gì?', 'What worries you online?') },
    { name: 'hours', type: 'decimal', label: L('Mỗi ngày em lên mạng mấy giờ?', 'Hours online a day?') },
    { name: 'why', type: 'text', label: L('Vì sao?', "Why? Tell us what's on your mind.") },
    { name: 'visit', type: 'date', label: L('Ngày phỏng vấn', 'Interview date') },
    { name: 'sibling', type: 'begin_repeat', label: L('Anh chị em', 'Brothers and sisters') },
    { name: 'sibling_age', type: 'integer', label: L('Tuổi', 'Age') },
    { name: 'sibling_sex', type: 'select_one', listName: 'sex', label: L('Giới tính', 'Sex') },
    { name: 'pet', type: 'begin_repeat', label: L('Vật nuôi', 'Pets') },
    { name: 'pet_kind', type: 'text', label: L('Con gì?', 'What animal?') },
    { name: 'pet_end', type: 'end_repeat', label: {} },
    { name: 'sibling_end', type: 'end_repeat', label: {} },
  ],
  choiceLists: {
    sex: SEX,
    prov: [
      { name: '01', label: L('Hà Nội', 'Hanoi') },
      { name: '10', label: L('Lào Cai', 'Lao Cai') },
      { name: '11', label: L('Điện Biên') },
    ],
    likert: [1, 2, 3, 4, 5].map((n) => ({ name: String(n), label: L(`Mức ${n}`, `Level ${n}`) })).concat([{ name: '99', label: L('Em không muốn nói', "I'd rather not say") }]),
    worry: [
      { name: 'strangers', label: L('Người lạ nhắn tin', 'Strangers messaging me') },
      { name: 'bullying', label: L('Bị bắt nạt', 'Being bullied') },
      { name: 'none', label: L('Không lo gì', 'Nothing') },
    ],
  },
});

interface Seeded {
  file: string;
  dir: string;
  formKey: string;
  surveyId: string;
  ids: { first: string; draft: string; deleted: string; second: string; last: string };
}

function answerAll(db: Db, id: string, answers: Record<string, string>, refused: string[] = []): void {
  for (const [key, value] of Object.entries(answers)) writeAnswer(db, id, key, value);
  for (const key of refused) writeRefusal(db, id, key);
}

/** Five responses: a complete one with repeats, a draft with refusals, a deleted one, a second typing, and one more. */
function seed(): Seeded {
  const dir = tempDir();
  const file = path.join(dir, 'lao-cai.tiengnoi');
  const db = openProjectDb(file, { create: true });
  try {
    initProject(db, 'Diễn đàn trẻ em Lào Cai', ACTOR);
    const surveyId = createSurvey(db, CONTENT.title, ACTOR, CONTENT);
    const first = createResponse(db, surveyId, ACTOR);
    answerAll(db, first, {
      child_name: 'Lò Thị Mai',
      age: '12',
      sex: 'girl',
      province: '01',
      safe: '4',
      worry: 'strangers other',
      worry_other: '=HYPERLINK("http://example.com","bấm")',
      hours: '1.5',
      why: '=1+1',
      visit: '2025-07-01',
      sibling: '2',
      'sibling_age[1]': '8',
      'sibling_sex[1]': 'boy',
      'sibling_age[2]': '15',
      'sibling_sex[2]': 'girl',
      'pet_kind[2][1]': 'mèo',
      'pet_kind[2][2]': '@cá vàng',
    });
    completeResponse(db, first, ACTOR);
    const draft = createResponse(db, surveyId, ACTOR);
    answerAll(db, draft, { province: '10', why: 'Em nói "không", vì sợ\nlắm', sibling: '1' }, ['age', 'sex', 'worry', 'sibling_age[1]']);
    const deleted = createResponse(db, surveyId, ACTOR);
    answerAll(db, deleted, { age: '16', province: '01' });
    completeResponse(db, deleted, ACTOR);
    deleteResponse(db, ACTOR, deleted, 'Nhập nhầm');
    const second = createResponse(db, surveyId, ACTOR, { verifies: findResponse(db, first) });
    answerAll(db, second, { age: '13', province: '01' });
    completeResponse(db, second, ACTOR);
    const last = createResponse(db, surveyId, ACTOR, { paperCode: '+84-12' });
    answerAll(db, last, { age: '9', sex: 'boy', province: '11', safe: '99', worry: 'none', hours: '0', why: 'Không có gì ạ' });
    completeResponse(db, last, ACTOR);
    const formKey = db.prepare('SELECT form_key FROM form WHERE id = ?').pluck().get(surveyId) as string;
    return { file, dir, formKey, surveyId, ids: { first, draft, deleted, second, last } };
  } finally {
    db.close();
  }
}

const options = (extra: Partial<ResponsesExportOptions> = {}): ResponsesExportOptions => ({ format: 'xlsx', labels: false, lang: 'vi', includeIdentifying: false, exportedAt: '2025-07-02T00:00:00.000Z', ...extra });

type Row = Record<string, unknown>;

function readBook(file: string) {
  const book = XLSX.read(fs.readFileSync(file), { cellFormula: true });
  const sheet = (name: string) => book.Sheets[name]!;
  const grid = (name: string) => XLSX.utils.sheet_to_json<unknown[]>(sheet(name), { header: 1, raw: true, defval: null });
  const rows = (name: string): Row[] => XLSX.utils.sheet_to_json<Row>(sheet(name), { raw: true, defval: null });
  return { names: book.SheetNames, sheet, grid, rows };
}

describe('export to Excel', () => {
  it('writes a sheet of responses and the codebook: codes, numbers as numbers, refusals coded, identifying and deleted left out', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'out.xlsx');
    const progress: [number, number][] = [];
    const result = await exportResponsesFromFile(seeded.file, out, options({ onProgress: (done, total) => progress.push([done, total]) }));
    expect(result).toMatchObject({ format: 'xlsx', responses: 3, leftOutIdentifying: 1, leftOutQuestions: ['child_name'], includedIdentifying: [], files: [out] });
    expect(result.tables.map((t) => [t.name, t.rows])).toEqual([
      [seeded.formKey, 3],
      ['sibling', 3],
      ['pet', 2],
    ]);
    expect(progress.at(-1)).toEqual([9, 9]); // three sheets, three responses each
    expect(fs.readdirSync(seeded.dir).filter((f) => f.endsWith('.part'))).toEqual([]);

    const book = readBook(out);
    expect(book.names).toEqual([seeded.formKey, 'sibling', 'pet', 'codebook']);
    const header = book.grid(seeded.formKey)[0] as string[];
    expect(header).not.toContain('child_name');
    expect(header.slice(0, 6)).toEqual(['age', 'sex', 'province', 'safe', 'worry', 'worry/strangers']);
    expect(result.columns).toBe(header.length + (book.grid('sibling')[0] as string[]).length + (book.grid('pet')[0] as string[]).length);

    const [first, draft, last] = book.rows(seeded.formKey);
    expect(first).toMatchObject({ age: 12, sex: 'girl', province: '01', safe: 4, worry: 'strangers other', 'worry/strangers': 1, 'worry/bullying': 0, 'worry/none': 0, 'worry/other': 1 });
    expect(first).toMatchObject({ hours: 1.5, visit: '2025-07-01', sibling: 2, _uuid: seeded.ids.first, _number: 1, _status: 'complete', _device_id: 'laptop-1', _version: 1, _index: 1 });
    expect(typeof first!._created_at).toBe('string');
    // A refusal is -99 in every column of the question (text, so Excel's sums leave it out); not asked is blank.
    expect(draft).toMatchObject({ age: '-99', sex: '-99', worry: '-99', 'worry/strangers': '-99', 'worry/other': '-99', worry_other: null, province: '10', safe: null, hours: null });
    expect(draft).toMatchObject({ _status: 'draft', _completed_at: null, _uuid: seeded.ids.draft, _number: 2 });
    expect(last).toMatchObject({ age: 9, province: '11', safe: 99, hours: 0, worry: 'none', 'worry/none': 1, _paper_code: "'+84-12", _number: 4 });
    // Number cells are numbers, codes are text: "01" stays "01".
    expect(book.sheet(seeded.formKey)['A2']).toMatchObject({ t: 'n', v: 12 });
    expect(book.sheet(seeded.formKey)['C2']).toMatchObject({ t: 's', v: '01' });
    const uuids = book.rows(seeded.formKey).map((r) => r._uuid);
    expect(uuids).not.toContain(seeded.ids.deleted);
    expect(uuids).not.toContain(seeded.ids.second);
  });

  it('links repeat sheets to their parent rows by _index, _parent_index and _submission__uuid', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'out.xlsx');
    await exportResponses(openProjectDb(seeded.file, { readonly: true }), out, options());
    const book = readBook(out);
    const main = book.rows(seeded.formKey);
    const siblings = book.rows('sibling');
    expect(siblings).toEqual([
      { sibling_age: 8, sibling_sex: 'boy', pet: null, _index: 1, _parent_table_name: seeded.formKey, _parent_index: 1, _submission__uuid: seeded.ids.first },
      { sibling_age: 15, sibling_sex: 'girl', pet: 2, _index: 2, _parent_table_name: seeded.formKey, _parent_index: 1, _submission__uuid: seeded.ids.first },
      { sibling_age: '-99', sibling_sex: null, pet: null, _index: 3, _parent_table_name: seeded.formKey, _parent_index: 2, _submission__uuid: seeded.ids.draft },
    ]);
    for (const sibling of siblings) expect(main.find((r) => r._index === sibling._parent_index)?._uuid).toBe(sibling._submission__uuid);
    expect(book.rows('pet')).toEqual([
      { pet_kind: 'mèo', _index: 1, _parent_table_name: 'sibling', _parent_index: 2, _submission__uuid: seeded.ids.first },
      { pet_kind: "'@cá vàng", _index: 2, _parent_table_name: 'sibling', _parent_index: 2, _submission__uuid: seeded.ids.first },
    ]);
    expect(main.map((r) => r.sibling)).toEqual([2, 1, null]);
  });

  it('writes choice labels in Vietnamese or English, keeping variable names as headers', async () => {
    const seeded = seed();
    const vi = path.join(seeded.dir, 'vi.xlsx');
    const en = path.join(seeded.dir, 'en.xlsx');
    await exportResponsesFromFile(seeded.file, vi, options({ labels: true, lang: 'vi' }));
    await exportResponsesFromFile(seeded.file, en, options({ labels: true, lang: 'en' }));
    const viRows = readBook(vi).rows(readBook(vi).names[0]!);
    const enBook = readBook(en);
    const enRows = enBook.rows(enBook.names[0]!);
    expect(readBook(vi).grid(readBook(vi).names[0]!)[0]).toEqual(enBook.grid(enBook.names[0]!)[0]);
    expect(viRows[0]).toMatchObject({ sex: 'Con gái', province: 'Hà Nội', safe: 'Mức 4', worry: 'Người lạ nhắn tin; Khác', 'worry/strangers': 1, age: 12, _status: 'hoàn chỉnh' });
    expect(enRows[0]).toMatchObject({ sex: 'A girl', province: 'Hanoi', safe: 'Level 4', worry: 'Strangers messaging me; Other', _status: 'complete' });
    expect(viRows[1]).toMatchObject({ age: 'từ chối trả lời', sex: 'từ chối trả lời', 'worry/bullying': 'từ chối trả lời', _status: 'bản nháp' });
    expect(enRows[1]).toMatchObject({ age: 'refused', sex: 'refused', worry: 'refused' });
    // No English label: the Vietnamese one.
    expect(enRows[2]).toMatchObject({ province: 'Điện Biên', safe: "I'd rather not say", sex: 'A boy' });
    expect(enBook.rows('sibling')[0]).toMatchObject({ sibling_sex: 'A boy' });
    // The codebook follows the language.
    expect(enBook.grid('codebook')[0]).toContain('Label (English)');
    expect(readBook(vi).grid('codebook')[0]).toContain('Nhãn (tiếng Anh)');
  });

  it('includes identifying questions only when asked, and says so in the codebook', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'all.xlsx');
    const result = await exportResponsesFromFile(seeded.file, out, options({ includeIdentifying: true, lang: 'en' }));
    expect(result).toMatchObject({ leftOutIdentifying: 0, leftOutQuestions: [], includedIdentifying: ['child_name'] });
    const book = readBook(out);
    expect(book.rows(seeded.formKey)[0]).toMatchObject({ child_name: 'Lò Thị Mai' });
    const codebook = book.grid('codebook');
    expect(codebook.find((r) => r[1] === 'child_name')?.[11]).toBe('Identifying data: exported because it was asked for.');
    expect(codebook.some((r) => String(r[0]).startsWith('WARNING: this file contains data that identifies children (child_name)'))).toBe(true);
  });

  it('keeps complete responses only when asked', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'complete.xlsx');
    const result = await exportResponsesFromFile(seeded.file, out, options({ completeOnly: true }));
    expect(result.responses).toBe(2);
    const book = readBook(out);
    expect(book.rows(seeded.formKey).map((r) => r._uuid)).toEqual([seeded.ids.first, seeded.ids.last]);
    expect(book.rows('sibling').map((r) => r._submission__uuid)).toEqual([seeded.ids.first, seeded.ids.first]);
  });

  it('writes a codebook with labels in both languages, codes, the refusal code, SPSS names and notes', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'out.xlsx');
    await exportResponsesFromFile(seeded.file, out, options({ lang: 'en' }));
    const codebook = readBook(out).grid('codebook');
    const at = codebook.findIndex((r) => r[1] === 'province' && r[3] === 'province');
    expect(codebook[at]!.slice(0, 8)).toEqual([seeded.formKey, 'province', 'province', 'province', 'select_one', 'choice code (text)', 'Em sống ở tỉnh, thành phố nào?', 'Which province do you live in?']);
    expect(codebook.slice(at + 1, at + 5).map((r) => r.slice(8, 11))).toEqual([
      ['01', 'Hà Nội', 'Hanoi'],
      ['10', 'Lào Cai', 'Lao Cai'],
      ['11', 'Điện Biên', null],
      ['-99', 'Từ chối trả lời (em chọn không trả lời)', 'Refused (the child chose not to answer)'],
    ]);
    expect(codebook.find((r) => r[1] === 'safe' && r[5] !== null)?.[5]).toBe('choice code (number)');
    expect(codebook.find((r) => r[1] === 'worry/other' && r[5] !== null)?.[7]).toBe('What worries you online?: Other');
    expect(codebook.find((r) => r[1] === '_submission__uuid' && r[0] === 'pet')?.[2]).toBe('submission__uuid');
    const notes = codebook.slice(codebook.findIndex((r) => r.every((c) => c === null)) + 1).map((r) => String(r[0]));
    expect(notes[0]).toBe("Survey: Children's safety. Versions: 1. Responses: 3. Exported: 2025-07-02T00:00:00.000Z (UTC).");
    expect(notes).toContain('Identifying questions left out: child_name (questions: 1, columns: 1). Export them only when truly needed, and keep the file safe.');
    expect(notes.some((n) => n.includes('_parent_index'))).toBe(true);
  });

  it('keeps the answers to questions a newer survey version removed', async () => {
    const seeded = seed();
    const db = openProjectDb(seeded.file);
    try {
      saveSurvey(db, seeded.surveyId, { ...CONTENT, questions: CONTENT.questions.filter((q) => q.name !== 'hours') }, ACTOR);
      const newer = createResponse(db, seeded.surveyId, ACTOR);
      answerAll(db, newer, { age: '14' });
      completeResponse(db, newer, ACTOR);
    } finally {
      db.close();
    }
    const out = path.join(seeded.dir, 'versions.xlsx');
    expect((await exportResponsesFromFile(seeded.file, out, options())).responses).toBe(4);
    const rows = readBook(out).rows(seeded.formKey);
    expect(rows.map((r) => [r.hours, r._version])).toEqual([
      [1.5, 1],
      [null, 1],
      [0, 1],
      [null, 2],
    ]);
  });

  it('exports a project file of an older schema, bringing it up to date first', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.tiengnoi');
    const old = new Database(file);
    migrate(old, 0, 3);
    initProject(old, 'Tệp cũ', ACTOR);
    const surveyId = createSurvey(old, CONTENT.title, ACTOR, CONTENT);
    const version = old.prepare('SELECT id FROM form_version WHERE form_id = ?').pluck().get(surveyId) as number;
    old.prepare(`INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at) VALUES ('r-1', ?, 1, 'old-laptop', 'complete', 'x', 'x')`).run(version);
    old.prepare(`INSERT INTO answer (response_uuid, question_name, value, answered_at) VALUES ('r-1', 'age', '11', 'x')`).run();
    old.close();
    const out = path.join(dir, 'old.xlsx');
    expect((await exportResponsesFromFile(file, out, options())).responses).toBe(1);
    expect(readBook(out).rows(readBook(out).names[0]!)[0]).toMatchObject({ age: 11, _uuid: 'r-1', _device_id: 'old-laptop' });
    const again = openProjectDb(file, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    again.close();
  });

  it('escapes formulas end to end: no cell of the workbook is a formula', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'out.xlsx');
    await exportResponsesFromFile(seeded.file, out, options());
    const book = readBook(out);
    const [first] = book.rows(seeded.formKey);
    expect(first).toMatchObject({ why: "'=1+1", worry_other: '\'=HYPERLINK("http://example.com","bấm")' });
    for (const name of book.names) {
      for (const [ref, cell] of Object.entries(book.sheet(name))) if (!ref.startsWith('!')) expect((cell as XLSX.CellObject).f).toBeUndefined();
    }
  });

  it('fails without leaving a half-written file behind', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'broken.xlsx');
    const stop = () => {
      throw new Error('stopped');
    };
    await expect(exportResponsesFromFile(seeded.file, out, options({ onProgress: stop }))).rejects.toThrow('stopped');
    await expect(exportResponsesFromFile(seeded.file, path.join(seeded.dir, 'broken.csv'), options({ format: 'csv', onProgress: stop }))).rejects.toThrow('stopped');
    expect(fs.readdirSync(seeded.dir).sort()).toEqual(['lao-cai.tiengnoi', 'lao-cai.tiengnoi-shm', 'lao-cai.tiengnoi-wal'].filter((f) => fs.existsSync(path.join(seeded.dir, f))));
    expect(fs.readdirSync(seeded.dir).some((f) => f.startsWith('broken'))).toBe(false);

    // A project with two surveys: which one must be said.
    const db = openProjectDb(seeded.file);
    createSurvey(db, L('Khảo sát thứ hai', 'Second survey'), ACTOR, CONTENT);
    db.close();
    const error = await exportResponsesFromFile(seeded.file, out, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).key).toBe('cli.chooseSurvey');
    expect((await exportResponsesFromFile(seeded.file, out, options({ surveyId: seeded.formKey }))).responses).toBe(3);
  });
});

describe('export to CSV', () => {
  it('writes UTF-8 CSV files with a BOM, RFC 4180 quotes and CRLF, one per table, with the codebook', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'out.csv');
    const result = await exportResponsesFromFile(seeded.file, out, options({ format: 'csv' }));
    const base = path.join(seeded.dir, 'out');
    expect(result.files).toEqual([`${base}.csv`, `${base}-sibling.csv`, `${base}-pet.csv`, `${base}-codebook.csv`, `${base}.sps`]);
    for (const file of result.files) expect(fs.existsSync(file)).toBe(true);

    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(5); // header, 3 responses, and the end of the last line
    expect(text).not.toMatch(/[^\r]\n/);
    // Quotes doubled, the field quoted for its comma and quotes; the line break inside the answer became a space.
    expect(text).toContain(',"Em nói ""không"", vì sợ lắm",');
    expect(text).toContain(",'=1+1,");
    expect(text).toContain(`,"'=HYPERLINK(""http://example.com"",""bấm"")",`);

    // The same values as the workbook, read back with a CSV parser.
    const [header, ...rows] = parseCsv(text).map((r) => r.fields);
    const xlsx = path.join(seeded.dir, 'same.xlsx');
    await exportResponsesFromFile(seeded.file, xlsx, options());
    const book = readBook(xlsx);
    expect(header).toEqual(book.grid(seeded.formKey)[0]);
    const asText = (v: unknown) => (v === null ? '' : String(v));
    expect(rows.map((r) => r.map((f) => f.replace(/ lắm$/, '\nlắm')))).toEqual(book.grid(seeded.formKey).slice(1).map((r) => r.map(asText)));
    const siblings = parseCsv(fs.readFileSync(`${base}-sibling.csv`, 'utf8').slice(1)).map((r) => r.fields);
    expect(siblings[0]).toEqual(['sibling_age', 'sibling_sex', 'pet', '_index', '_parent_table_name', '_parent_index', '_submission__uuid']);
    expect(siblings[3]).toEqual(['-99', '', '', '3', seeded.formKey, '2', seeded.ids.draft]);
    const codebook = parseCsv(fs.readFileSync(`${base}-codebook.csv`, 'utf8').slice(1)).map((r) => r.fields);
    expect(codebook[0]![0]).toBe('Bảng');
    expect(codebook.some((r) => r[0] === 'Trong tệp CSV, dấu xuống dòng trong câu trả lời được ghi thành dấu cách để mỗi phiếu nằm trên một dòng (SPSS đòi hỏi như vậy). Tệp Excel giữ nguyên.')).toBe(true);
  });

  it('writes SPSS syntax that reads every CSV with variable labels, value labels and the refusal code as missing', async () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'spss.csv');
    await exportResponsesFromFile(seeded.file, out, options({ format: 'csv', lang: 'en' }));
    const syntax = fs.readFileSync(path.join(seeded.dir, 'spss.sps'), 'utf8');
    expect(syntax.startsWith('\uFEFF* Encoding: UTF-8.\n')).toBe(true);
    expect(syntax).toContain(`CD '${seeded.dir}'.`);
    for (const file of ['spss.csv', 'spss-sibling.csv', 'spss-pet.csv']) expect(syntax).toContain(`/FILE='${file}'`);
    expect(syntax).toContain("/ENCODING='UTF8'");
    expect(syntax).toContain('/FIRSTCASE=2');
    expect(syntax).toMatch(/^ {4}age F3\.0$/m);
    expect(syntax).toMatch(/^ {4}sex A4$/m);
    expect(syntax).toMatch(/^ {4}province A3$/m);
    expect(syntax).toMatch(/^ {4}safe F3\.0$/m);
    expect(syntax).toMatch(/^ {4}uuid A36$/m);
    expect(syntax).toMatch(/^ {4}worry_strangers F3\.0$/m);
    expect(syntax).toContain("\n  /why 'Why? Tell us what''s on your mind.'\n");
    expect(syntax).toContain("    '01' 'Hanoi'");
    expect(syntax).toContain("    '11' 'Điện Biên'");
    expect(syntax).toContain("    4 'Level 4'");
    expect(syntax).toContain("    99 'I''d rather not say'");
    expect(syntax).toContain('MISSING VALUES\n  age (-99)\n');
    // the template's "I'd rather not say" (99) is missing too, in numbers and in text
    expect(syntax).toContain("\n  /sex ('-99', '99')\n");
    expect(syntax).toContain('\n  /safe (-99, 99)\n');
    expect(syntax).toContain("\n  /province ('-99')\n");
    expect(syntax).toContain('FORMATS\n  hours (F4.1).');
    expect(syntax).toContain('DATASET COPY sibling.');
    expect(syntax).toContain(`DATASET ACTIVATE ${seeded.formKey}.`);
  });
});

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, TIENGNOI_CONFIG_DIR: tempDir(), TIENGNOI_LANG: 'en' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tiengnoi export-responses', () => {
  it('prints its help in either language', () => {
    const en = cli(['export-responses', '--help']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('tiengnoi export-responses FILE OUT.xlsx|OUT.csv [--labels] [--lang vi|en] [--include-identifying]');
    expect(cli(['export-responses', '--help', '--lang', 'vi']).stdout).toContain('Xuất phiếu trả lời của một khảo sát ra Excel');
    expect(cli(['--help']).stdout).toContain('tiengnoi export-responses');
  });

  it('exports, reports counts as JSON, warns when identifying data goes out, and fails with a non-zero exit', () => {
    const seeded = seed();
    const out = path.join(seeded.dir, 'cli.csv');
    const json = cli(['export-responses', seeded.file, out, '--json', '--labels', '--lang', 'en']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as { responses: number; columns: number; leftOutIdentifying: number; files: string[]; labels: boolean; lang: string };
    expect(result).toMatchObject({ responses: 3, leftOutIdentifying: 1, labels: true, lang: 'en' });
    expect(result.files).toHaveLength(5);
    expect(fs.readFileSync(out, 'utf8')).toContain('A girl');

    const text = cli(['export-responses', seeded.file, path.join(seeded.dir, 'cli.xlsx'), '--include-identifying']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Responses exported: 3 (columns: ');
    expect(text.stdout).toContain(path.join(seeded.dir, 'cli.xlsx'));
    expect(text.stderr).toContain('Warning: the export contains data that identifies children (child_name).');
    expect(readBook(path.join(seeded.dir, 'cli.xlsx')).rows(seeded.formKey)[0]).toMatchObject({ child_name: 'Lò Thị Mai' });

    const wrongFormat = cli(['export-responses', seeded.file, path.join(seeded.dir, 'out.txt')]);
    expect(wrongFormat.code).toBe(1);
    expect(wrongFormat.stderr).toContain('Responses can be exported to .xlsx or .csv only, not "out.txt".');
    const missing = cli(['export-responses', path.join(seeded.dir, 'none.tiengnoi'), out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Project file none.tiengnoi was not found.');
    expect(cli(['export-responses', seeded.file]).code).toBe(1);
    expect(cli(['export-responses', seeded.file, out, '--lang', 'fr']).code).toBe(1);
    const noFolder = cli(['export-responses', seeded.file, path.join(seeded.dir, 'no', 'such', 'out.xlsx')]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toContain('Could not write');
  });
});
