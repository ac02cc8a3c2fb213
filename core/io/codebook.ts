import { translate, type Lang, type MessageKey } from '../i18n/messages';
import { OTHER_CHOICE } from '../survey/answers';
import { labelIn } from '../survey/labels';
import { choicesOf, type Labels, type SurveyContent } from '../survey/model';
import { escapeFormula } from './formula-escape';
import { refusalText, REFUSAL_CODE, type Cell, type CellOptions, type ColumnFormat, type ExportColumn, type ResponseLayout } from './response-columns';
import { spssNames } from './spss-names';

/**
 * The codebook that goes with a responses export: one row per column (table, column, SPSS name, question, type,
 * data type, label in Vietnamese and in English, note), each followed by rows for its codes (choice codes with
 * their labels in both languages, 1/0 of a 0/1 column, and the refusal code), then notes on how to read the
 * data. The header row follows the export's language; the labels are always given in both languages.
 */

const BOTH: readonly Lang[] = ['vi', 'en'];

const both = (key: MessageKey, params?: Record<string, string | number>): Labels => ({ vi: translate('vi', key, params), en: translate('en', key, params) });

/** A column's label in both languages: the question's, with the choice, "other" or "instances" added. */
export function columnLabels(survey: SurveyContent, column: ExportColumn): Labels {
  const { source } = column;
  switch (source.kind) {
    case 'answer':
      return source.question.label;
    case 'flag':
      return Object.fromEntries(
        BOTH.map((lang) => {
          const choice = source.choice ? labelIn(source.choice.label, lang) || source.code : translate(lang, 'export.otherChoice');
          return [lang, `${labelIn(source.question.label, lang) || source.question.name}: ${choice}`];
        }),
      );
    case 'other':
      return Object.fromEntries(BOTH.map((lang) => [lang, `${labelIn(source.question.label, lang) || source.question.name} (${translate(lang, 'export.otherText')})`]));
    case 'count':
      return Object.fromEntries(BOTH.map((lang) => [lang, `${labelIn(source.question.label, lang) || source.question.name} (${translate(lang, 'export.instances')})`]));
    case 'meta':
      return both(`export.meta.${source.field}`);
    case 'index':
      return both('export.meta.index');
    case 'parentTable':
      return both('export.meta.parentTable');
    case 'parentIndex':
      return both('export.meta.parentIndex');
    case 'submission':
      return both('export.meta.submission');
  }
}

/** A column's label in one language, falling back to the other one, then to its name. */
export function columnLabel(survey: SurveyContent, column: ExportColumn, lang: Lang): string {
  return labelIn(columnLabels(survey, column), lang) || column.name;
}

/** The codes of a column with their labels in both languages, the refusal code last (question columns only). */
export function columnCodes(survey: SurveyContent, column: ExportColumn, options: CellOptions): { value: string; label: Labels }[] {
  const { source } = column;
  const codes: { value: string; label: Labels }[] = [];
  if (source.kind === 'answer' && (column.format === 'choice' || column.format === 'choices')) {
    for (const choice of choicesOf(survey, source.question)) codes.push({ value: choice.name, label: choice.label });
    if (source.question.orOther && !codes.some((c) => c.value === OTHER_CHOICE)) codes.push({ value: OTHER_CHOICE, label: both('export.otherChoice') });
  }
  if (source.kind === 'flag') codes.push({ value: '1', label: both('export.flag.chosen') }, { value: '0', label: both('export.flag.notChosen') });
  if (source.kind === 'answer' || source.kind === 'flag') codes.push({ value: refusalText(options), label: both('export.refused') });
  return codes;
}

/** The data type of a column, as the codebook names it, in one language. */
export function formatName(column: ExportColumn, lang: Lang): string {
  if (column.format === 'choice' && column.numericCodes) return translate(lang, 'export.format.choiceNumber');
  return translate(lang, `export.format.${column.format satisfies ColumnFormat}`);
}

export interface CodebookContext extends CellOptions {
  survey: SurveyContent;
  layout: ResponseLayout;
  /** Survey versions the responses were entered with. */
  versions: number[];
  responses: number;
  exportedAt: string;
  /** CSV exports: line breaks inside answers were written as spaces. */
  csv: boolean;
}

export function codebookRows(context: CodebookContext): Cell[][] {
  const { survey, layout, lang } = context;
  const text = (value: string): Cell => (value === '' ? null : escapeFormula(value));
  const header = (
    ['table', 'column', 'spssName', 'question', 'type', 'format', 'labelVi', 'labelEn', 'value', 'valueLabelVi', 'valueLabelEn', 'note'] as const
  ).map((key) => translate(lang, `export.cb.${key}`));
  const rows: Cell[][] = [header];

  for (const table of layout.tables) {
    const spss = spssNames(table.columns.map((c) => c.name));
    table.columns.forEach((column, c) => {
      const labels = columnLabels(survey, column);
      const question = 'question' in column.source ? column.source.question : undefined;
      const note = columnNote(context, column, spss[c]!);
      rows.push([
        table.name,
        text(column.name),
        spss[c]!,
        question ? question.name : null,
        question ? (question.type === 'not_collected' ? (question.xlsformType ?? question.type) : question.type) : null,
        formatName(column, lang),
        text(labels.vi ?? ''),
        text(labels.en ?? ''),
        null,
        null,
        null,
        text(note),
      ]);
      for (const code of columnCodes(survey, column, context)) {
        rows.push([table.name, text(column.name), spss[c]!, null, null, null, null, null, text(code.value), text(code.label.vi ?? ''), text(code.label.en ?? ''), null]);
      }
    });
  }

  rows.push([]);
  for (const note of codebookNotes(context)) rows.push([text(note)]);
  return rows;
}

function columnNote(context: CodebookContext, column: ExportColumn, spssName: string): string {
  const { lang } = context;
  const notes: string[] = [];
  const question = 'question' in column.source ? column.source.question : undefined;
  if (question && context.layout.includedIdentifying.some((q) => q.name === question.name)) notes.push(translate(lang, 'export.note.identifying'));
  if (spssName !== column.name) notes.push(translate(lang, 'export.note.spssRenamed', { name: spssName }));
  if (column.source.kind === 'count') notes.push(translate(lang, 'export.note.count', { table: context.layout.tables.find((t) => t.repeat?.name === column.name)?.name ?? column.name }));
  if (column.format === 'choices' && context.labels) notes.push(translate(lang, 'export.note.labelSeparator'));
  return notes.join(' ');
}

/** How to read the data: modes, refusals, blanks, 0/1 columns, repeats, escaping, SPSS names, left-out columns. */
export function codebookNotes(context: CodebookContext): string[] {
  const { lang, layout, survey } = context;
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  const notes = [
    t('export.note.title', { title: labelIn(survey.title, lang), versions: context.versions.join(', ') || '—', responses: context.responses, at: context.exportedAt }),
    t('export.note.leftOutResponses'),
    context.labels ? t('export.note.modeLabels', { lang: t(`export.language.${lang}`) }) : t('export.note.modeValues'),
    context.labels ? t('export.note.refusalLabels', { word: refusalText(context) }) : t('export.note.refusalValues', { code: REFUSAL_CODE }),
    t('export.note.blank'),
    t('export.note.flags'),
  ];
  if (layout.tables.length > 1) notes.push(t('export.note.repeats'));
  notes.push(t('export.note.escape'), t('export.note.headers'), t('export.note.spssNames'));
  if (context.csv) notes.push(t('export.note.csvLineBreaks'));
  if (layout.leftOutQuestions.length > 0) {
    notes.push(t('export.note.leftOutIdentifying', { count: layout.leftOutQuestions.length, columns: layout.leftOutColumns, names: layout.leftOutQuestions.map((q) => q.name).join(', ') }));
  }
  if (layout.includedIdentifying.length > 0) {
    notes.push(t('export.note.includedIdentifying', { names: layout.includedIdentifying.map((q) => q.name).join(', ') }));
  }
  return notes;
}
