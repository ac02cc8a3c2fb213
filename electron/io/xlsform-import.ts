import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import {
  CHOICE_NAME_PATTERN,
  NAME_PATTERN,
  SurveyContentSchema,
  type Choice,
  type Labels,
  type Question,
  type SurveyContent,
} from '../../core/survey/model';
import type { FileProblem } from '../../core/io/problems';
import { cleanHeader, modelLang, parseHeader, parseType, parseYesNo, type ModelLang } from '../../core/io/xlsform-map';

XLSX.set_fs(fs);

/**
 * Reads an XLSForm (.xlsx / .xls) into our survey model. Never throws for a bad file: it answers with
 * problems naming file, sheet, row and column (message keys come later), and never a half-made survey.
 */

export type Problem = FileProblem;

export interface XlsFormSettings {
  formTitle?: string;
  formId?: string;
  version?: string;
  defaultLanguage?: string;
  /** Languages of the form other than Vietnamese and English: kept (under their name) but not shown in the app. */
  otherLanguages: string[];
  /** Any other settings (submission_url, instance_name, …), as written. */
  extra: Record<string, string>;
}

export type XlsFormImport = { survey: SurveyContent; settings: XlsFormSettings; warnings: Problem[] } | { problems: Problem[] };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** One sheet as sparse rows, bounded by the cells that exist (never by the declared range). */
interface Sheet {
  name: string;
  /** 0-based row index of the header. */
  headerRow: number;
  /** 0-based column index → header text. */
  headers: Map<number, string>;
  /** Data rows below the header that have a value under some header, in order. */
  rows: { index: number; cells: Map<number, string> }[];
}

function cellText(cell: XLSX.CellObject): string {
  if (cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' && cell.z !== undefined && XLSX.SSF.is_date(cell.z) && typeof cell.w === 'string') return cell.w;
  if (cell.t === 'b') return cell.v ? 'true' : 'false';
  if (cell.v instanceof Date) return cell.v.toISOString();
  return String(cell.v);
}

function readSheet(ws: XLSX.WorkSheet, name: string): Sheet | null {
  const all = new Map<number, Map<number, string>>();
  for (const key of Object.keys(ws)) {
    if (key.startsWith('!')) continue;
    const cell = ws[key] as XLSX.CellObject | undefined;
    if (!cell) continue;
    const value = cellText(cell);
    if (value.trim() === '') continue;
    const { r, c } = XLSX.utils.decode_cell(key);
    let row = all.get(r);
    if (!row) all.set(r, (row = new Map()));
    row.set(c, value);
  }
  const indexes = [...all.keys()].sort((a, b) => a - b);
  const headerRow = indexes[0];
  if (headerRow === undefined) return null;
  const headers = new Map<number, string>();
  for (const [c, text] of all.get(headerRow) ?? []) if (cleanHeader(text)) headers.set(c, text);
  const rows: Sheet['rows'] = [];
  for (const index of indexes.slice(1)) {
    const cells = all.get(index)!;
    if ([...cells.keys()].some((c) => headers.has(c))) rows.push({ index, cells });
  }
  return { name, headerRow, headers, rows };
}

const col = (c: number) => XLSX.utils.encode_col(c);
const nfc = (text: string) => text.normalize('NFC').trim();

export function importXlsForm(filePath: string): XlsFormImport {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    return { problems: [{ file: path.basename(filePath), code: 'xlsform.cannotRead', params: { reason: (error as NodeJS.ErrnoException).code ?? String(error) } }] };
  }
  return importXlsFormBytes(bytes, path.basename(filePath));
}

/** The same, from the bytes of a file picked in the app (`file` is its name, for messages). */
export function importXlsFormBytes(bytes: Buffer, file: string): XlsFormImport {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const problem = (code: string, where: Omit<Problem, 'file' | 'code' | 'params'> = {}, params: Problem['params'] = {}) =>
    problems.push({ file, ...where, code, params });
  const warn = (code: string, where: Omit<Problem, 'file' | 'code' | 'params'> = {}, params: Problem['params'] = {}) =>
    warnings.push({ file, ...where, code, params });

  // 1. A spreadsheet at all? SheetJS happily reads any text file as a one-cell sheet, so look at the bytes.
  const head = bytes.subarray(0, 8);
  const starts = (magic: number[]) => magic.every((byte, i) => head[i] === byte);
  if (!starts(ZIP_MAGIC) && !starts(OLE_MAGIC)) return { problems: [{ file, code: 'xlsform.notSpreadsheet', params: {} }] };
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', cellFormula: false, cellHTML: false, cellStyles: false, cellNF: true, sheetStubs: false });
  } catch (error) {
    return { problems: [{ file, code: 'xlsform.notSpreadsheet', params: { reason: error instanceof Error ? error.message : String(error) } }] };
  }

  const findSheet = (wanted: string) => wb.SheetNames.find((n) => n.trim().toLowerCase() === wanted);
  const surveyName = findSheet('survey');
  const surveyWs = surveyName !== undefined ? wb.Sheets[surveyName] : undefined;
  const survey = surveyName !== undefined && surveyWs ? readSheet(surveyWs, surveyName) : null;
  if (!survey || surveyName === undefined) {
    return { problems: [{ file, code: surveyName === undefined ? 'xlsform.noSurveySheet' : 'xlsform.emptySurveySheet', ...(surveyName ? { sheet: surveyName } : {}), params: { sheets: wb.SheetNames.join(', ') } }] };
  }
  const choicesName = findSheet('choices');
  const choicesWs = choicesName !== undefined ? wb.Sheets[choicesName] : undefined;
  const choicesSheet = choicesName !== undefined && choicesWs ? readSheet(choicesWs, choicesName) : null;
  const settingsName = findSheet('settings');
  const settingsWs = settingsName !== undefined ? wb.Sheets[settingsName] : undefined;
  const settingsSheet = settingsName !== undefined && settingsWs ? readSheet(settingsWs, settingsName) : null;

  // 2. Duplicate headers make a row ambiguous.
  for (const sheet of [survey, choicesSheet, settingsSheet]) {
    if (!sheet) continue;
    const seen = new Map<string, number>();
    for (const [c, text] of [...sheet.headers].sort((a, b) => a[0] - b[0])) {
      const key = cleanHeader(text).toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) problem('xlsform.duplicateColumn', { sheet: sheet.name, row: sheet.headerRow + 1, column: col(c) }, { name: cleanHeader(text), first: col(first) });
      else seen.set(key, c);
    }
  }
  if (problems.length) return { problems };

  // 3. Settings: the first data row.
  const settings: XlsFormSettings = { otherLanguages: [], extra: {} };
  if (settingsSheet) {
    const row = settingsSheet.rows[0];
    for (const [c, header] of settingsSheet.headers) {
      const value = row?.cells.get(c);
      if (value === undefined || value.trim() === '') continue;
      const key = cleanHeader(header).toLowerCase();
      const text = nfc(value);
      if (key === 'form_title' || key === 'title') settings.formTitle = text;
      else if (key === 'form_id' || key === 'id_string') settings.formId = text;
      else if (key === 'version') settings.version = text;
      else if (key === 'default_language') settings.defaultLanguage = text;
      else settings.extra[cleanHeader(header)] = text;
    }
  }
  const allowChoiceDuplicates = Object.entries(settings.extra).some(([key, value]) => key.toLowerCase() === 'allow_choice_duplicates' && parseYesNo(value) === true);
  const defaultLang = settings.defaultLanguage !== undefined ? modelLang(settings.defaultLanguage) : null;
  /** Where a column without a language goes. */
  const plainLang: ModelLang = defaultLang ?? 'en';
  const otherLanguages = new Set<string>();
  /** A column's language: vi or en, or another language kept under its name as written (reported once). */
  const langOf = (lang: string | undefined): string => {
    if (lang === undefined) return plainLang;
    const mapped = modelLang(lang);
    if (mapped) return mapped;
    otherLanguages.add(nfc(lang));
    return nfc(lang);
  };

  // 4. Survey columns → fields; several columns may feed one field (explicit language first, then plain).
  interface Column { c: number; field: string; lang: string; plain: boolean }
  const surveyColumns: Column[] = [];
  const ignored: string[] = [];
  for (const [c, header] of [...survey.headers].sort((a, b) => a[0] - b[0])) {
    const parsed = parseHeader(header);
    if (!parsed.known) {
      ignored.push(cleanHeader(header));
      continue;
    }
    surveyColumns.push({ c, field: parsed.field, lang: langOf(parsed.lang), plain: parsed.lang === undefined });
  }
  surveyColumns.sort((a, b) => Number(a.plain) - Number(b.plain));
  if (ignored.length) warn('xlsform.ignoredColumns', { sheet: survey.name }, { columns: ignored.join(', ') });
  const typeColumn = surveyColumns.find((x) => x.field === 'type');
  const nameColumn = surveyColumns.find((x) => x.field === 'name');
  if (!typeColumn || !nameColumn) {
    return { problems: [{ file, sheet: survey.name, row: survey.headerRow + 1, code: 'xlsform.missingColumn', params: { name: !typeColumn ? 'type' : 'name' } }] };
  }

  // 5. Choices.
  const choiceLists: Record<string, Choice[]> = {};
  const choiceRowOf = new Map<string, number>();
  if (choicesSheet) {
    const cols: Column[] = [];
    const filterCols: { c: number; key: string }[] = [];
    for (const [c, header] of [...choicesSheet.headers].sort((a, b) => a[0] - b[0])) {
      const parsed = parseHeader(header);
      const base = parsed.field;
      if (base === 'list_name' || base === 'name' || base === 'label' || base === 'image') cols.push({ c, field: base, lang: langOf(parsed.lang), plain: parsed.lang === undefined });
      else if (parsed.lang === undefined) {
        let key = cleanHeader(header).replace(/[^A-Za-z0-9_.-]+/g, '_');
        if (!/^[A-Za-z_]/.test(key)) key = `_${key}`;
        if (key !== cleanHeader(header)) warn('xlsform.renamedFilterColumn', { sheet: choicesSheet.name, row: choicesSheet.headerRow + 1, column: col(c) }, { name: cleanHeader(header), as: key });
        if (NAME_PATTERN.test(key)) filterCols.push({ c, key });
      }
    }
    cols.sort((a, b) => Number(a.plain) - Number(b.plain));
    const listCol = cols.find((x) => x.field === 'list_name');
    const nameCol = cols.find((x) => x.field === 'name');
    if (!listCol || !nameCol) {
      problem('xlsform.missingColumn', { sheet: choicesSheet.name, row: choicesSheet.headerRow + 1 }, { name: !listCol ? 'list_name' : 'name' });
    } else {
      for (const { index, cells } of choicesSheet.rows) {
        const listName = nfc(cells.get(listCol.c) ?? '');
        let name = nfc(cells.get(nameCol.c) ?? '');
        if (!listName && !name) continue;
        const where = { sheet: choicesSheet.name, row: index + 1 };
        if (!NAME_PATTERN.test(listName)) {
          problem('xlsform.badName', { ...where, column: col(listCol.c) }, { name: listName });
          continue;
        }
        if (!CHOICE_NAME_PATTERN.test(name)) {
          problem('xlsform.badName', { ...where, column: col(nameCol.c) }, { name });
          continue;
        }
        const list = (choiceLists[listName] ??= []);
        if (!choiceRowOf.has(listName)) choiceRowOf.set(listName, index + 1);
        if (list.some((choice) => choice.name === name)) {
          if (!allowChoiceDuplicates) {
            problem('xlsform.duplicateChoice', { ...where, column: col(nameCol.c) }, { list: listName, name });
            continue;
          }
          // pyxform allows this when asked (the same county name in two states, told apart by a filter); our
          // answers are codes, so the later one gets a code of its own.
          let renamed = `${name}_2`;
          for (let i = 3; list.some((choice) => choice.name === renamed); i++) renamed = `${name}_${i}`;
          warn('xlsform.renamedDuplicateChoice', { ...where, column: col(nameCol.c) }, { list: listName, name, as: renamed });
          name = renamed;
        }
        const label: Labels = {};
        let image: string | undefined;
        for (const x of cols) {
          const value = cells.get(x.c);
          if (value === undefined || !value.trim()) continue;
          if (x.field === 'label' && label[x.lang] === undefined) label[x.lang] = nfc(value);
          if (x.field === 'image' && image === undefined) image = nfc(value);
        }
        const filters: Record<string, string> = {};
        for (const f of filterCols) {
          const value = cells.get(f.c);
          if (value !== undefined && value.trim()) filters[f.key] = nfc(value);
        }
        list.push({ name, label, ...(image ? { image } : {}), ...(Object.keys(filters).length ? { filters } : {}) });
      }
    }
  }

  // 6. Survey rows.
  const questions: Question[] = [];
  const open: string[] = [];
  const taken = new Set<string>();
  const uniqueName = (base: string) => {
    let name = base.slice(0, 60);
    for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 56)}_${i}`;
    return name;
  };
  for (const { index, cells } of survey.rows) {
    const where = { sheet: survey.name, row: index + 1 };
    const get = (field: string, lang?: string): string | undefined => {
      for (const x of surveyColumns) {
        if (x.field !== field || (lang !== undefined && x.lang !== lang)) continue;
        const value = cells.get(x.c);
        if (value !== undefined && value.trim()) return nfc(value);
      }
      return undefined;
    };
    const labels = (field: string): Labels => {
      const out: Labels = {};
      for (const x of surveyColumns) {
        if (x.field !== field || out[x.lang] !== undefined) continue;
        const value = cells.get(x.c);
        if (value !== undefined && value.trim()) out[x.lang] = nfc(value);
      }
      return out;
    };
    const rawType = cells.get(typeColumn.c) ?? '';
    const parsed = parseType(rawType);
    if (parsed.kind === 'blank') {
      // A row without a type is a comment row (pyxform allows them) unless it names a question.
      if (get('name')) warn('xlsform.rowWithoutType', { ...where, column: col(typeColumn.c) }, { name: get('name') ?? '' });
      continue;
    }
    if (parsed.kind === 'unknown') {
      problem('xlsform.unknownType', { ...where, column: col(typeColumn.c) }, { type: nfc(parsed.type) });
      continue;
    }
    if (parsed.kind === 'notCollected') warn('xlsform.notCollectedHere', { ...where, column: col(typeColumn.c) }, { type: nfc(parsed.type), name: get('name') ?? '' });
    const isEnd = parsed.kind === 'question' && (parsed.type === 'end_group' || parsed.type === 'end_repeat');
    let name = get('name') ?? '';
    let xlsformName: string | undefined;
    if (isEnd) {
      const begin = open.pop();
      name = uniqueName(`${begin ?? 'group'}_end`);
    } else if (!name && parsed.kind === 'question' && parsed.type === 'note') {
      // A note holds no answer, so a made-up name loses nothing.
      name = uniqueName(`note_row${index + 1}`);
      warn('xlsform.generatedName', { ...where, column: col(nameColumn.c) }, { name });
    } else if (!name) {
      problem('xlsform.missingName', { ...where, column: col(nameColumn.c) }, { type: nfc(rawType) });
      continue;
    } else if (!NAME_PATTERN.test(name)) {
      problem('xlsform.badName', { ...where, column: col(nameColumn.c) }, { name });
      continue;
    } else if (taken.has(name)) {
      // XLSForm allows the same name in different groups (a child's `name` in two repeats); our names are
      // form-wide, so the later one takes its group's name as a prefix.
      const renamed = uniqueName(`${open.at(-1) ?? 'q'}_${name}`);
      warn('xlsform.renamedDuplicate', { ...where, column: col(nameColumn.c) }, { name, as: renamed });
      xlsformName = name;
      name = renamed;
    }
    if (parsed.kind === 'question' && (parsed.type === 'begin_group' || parsed.type === 'begin_repeat')) open.push(name);
    taken.add(name);

    const question: Question =
      parsed.kind === 'notCollected'
        ? { name, type: 'not_collected', xlsformType: nfc(rawType), label: labels('label'), hint: labels('hint'), required: false, ...(parsed.identifying ? { identifying: true } : {}) }
        : { name, type: parsed.type, label: labels('label'), hint: labels('hint'), required: false };
    if (parsed.kind === 'question' && parsed.listName !== undefined) {
      if (!NAME_PATTERN.test(parsed.listName)) {
        problem('xlsform.badName', { ...where, column: col(typeColumn.c) }, { name: parsed.listName });
        continue;
      }
      const list = choiceLists[parsed.listName];
      if (!list) {
        problem('xlsform.missingChoiceList', { ...where, column: col(typeColumn.c) }, { list: parsed.listName, ...(choicesSheet ? {} : { sheet: 'choices' }) });
        continue;
      }
      if (parsed.loop) {
        // A loop over a list asks its questions once per choice: the nearest model is a repeat of that many.
        question.repeatCount = String(list.length);
        warn('xlsform.loopAsRepeat', { ...where, column: col(typeColumn.c) }, { list: parsed.listName, count: list.length });
      } else question.listName = parsed.listName;
    }
    if (parsed.kind === 'question' && parsed.orOther) question.orOther = true;
    if (xlsformName !== undefined) question.xlsformName = xlsformName;

    const required = get('required');
    if (required !== undefined) {
      const yes = parseYesNo(required);
      if (yes === null) warn('xlsform.requiredExpression', where, { expression: required });
      question.required = yes ?? false;
    }
    const requiredMessage = labels('required_message');
    if (Object.keys(requiredMessage).length) question.requiredMessage = requiredMessage;
    const constraintMessage = labels('constraint_message');
    if (Object.keys(constraintMessage).length) question.constraintMessage = constraintMessage;
    const relevance = get('relevant');
    if (relevance !== undefined) question.relevance = relevance;
    const constraint = get('constraint');
    if (constraint !== undefined) question.constraint = constraint;
    const calculation = get('calculation');
    if (calculation !== undefined) question.calculation = calculation;
    const defaultValue = get('default');
    if (defaultValue !== undefined) question.default = defaultValue;
    const readOnly = get('read_only');
    if (readOnly !== undefined && parseYesNo(readOnly)) question.readOnly = true;
    for (const flag of ['sensitive', 'identifying'] as const) {
      const cell = get(flag);
      if (cell !== undefined && parseYesNo(cell)) question[flag] = true;
    }
    const appearance = get('appearance');
    if (appearance !== undefined) question.appearance = appearance;
    const choiceFilter = get('choice_filter');
    if (choiceFilter !== undefined) question.choiceFilter = choiceFilter;
    const parameters = get('parameters');
    if (parameters !== undefined) question.parameters = parameters;
    const repeatCount = get('repeat_count');
    if (repeatCount !== undefined && question.type === 'begin_repeat') question.repeatCount = repeatCount;
    const image = get('image', 'en') ?? get('image', 'vi') ?? get('image');
    if (image !== undefined) question.image = image;
    questions.push(question);
  }
  if (problems.length) return { problems };
  if (otherLanguages.size) {
    settings.otherLanguages = [...otherLanguages];
    warn('xlsform.otherLanguagesKept', {}, { languages: settings.otherLanguages.join(', ') });
  }

  // 7. Title and a final check against the model: all or nothing.
  const titleText = settings.formTitle ?? settings.formId ?? file.replace(/\.[^.]+$/, '');
  const content = { title: { [plainLang]: nfc(titleText) }, questions, choiceLists };
  const checked = SurveyContentSchema.safeParse(content);
  if (!checked.success) {
    return {
      problems: checked.error.issues.map((issue) => {
        const [where, index] = issue.path;
        const row = where === 'questions' && typeof index === 'number' ? questions[index] : undefined;
        return { file, sheet: where === 'questions' ? survey.name : (choicesSheet?.name ?? 'choices'), code: 'xlsform.invalid', params: { path: issue.path.join('.'), message: issue.message, ...(row ? { name: row.name } : {}) } };
      }),
    };
  }
  return { survey: checked.data, settings, warnings };
}
