import type { Labels, Question, SurveyContent } from '../survey/model';

/**
 * A survey as the three sheets of an XLSForm (survey, choices, settings), as rows of cells. Language columns
 * are written the way KoboToolbox and pyxform expect (`label::Tiếng Việt (vi)`, `label::English (en)`), with
 * Vietnamese as the default language. The spreadsheet file itself is written in electron/io.
 */
export interface XlsFormSheets {
  survey: string[][];
  choices: string[][];
  settings: string[][];
}

const LANGUAGE_COLUMN: Record<string, string> = { vi: 'Tiếng Việt (vi)', en: 'English (en)' };
const MODEL_LANGS = ['vi', 'en'];

/** vi and en, then the other languages an imported form brought, in the order they first appear. */
function languagesOf(survey: SurveyContent): string[] {
  const found = new Set<string>(MODEL_LANGS);
  const add = (labels: Labels | undefined) => Object.keys(labels ?? {}).forEach((lang) => found.add(lang));
  add(survey.title);
  for (const q of survey.questions) for (const [key] of TRANSLATED) add(q[key] as Labels | undefined);
  for (const list of Object.values(survey.choiceLists)) for (const choice of list) add(choice.label);
  return [...found];
}
const languageColumn = (lang: string) => LANGUAGE_COLUMN[lang] ?? lang;

/** Translatable fields: the survey's property and its XLSForm column. */
const TRANSLATED: [keyof Question, string][] = [
  ['label', 'label'],
  ['hint', 'hint'],
  ['constraintMessage', 'constraint_message'],
  ['requiredMessage', 'required_message'],
];

/** Plain fields: the survey's property and its XLSForm column. */
const PLAIN: [keyof Question, string][] = [
  ['relevance', 'relevant'],
  ['constraint', 'constraint'],
  ['calculation', 'calculation'],
  ['default', 'default'],
  ['appearance', 'appearance'],
  ['choiceFilter', 'choice_filter'],
  ['parameters', 'parameters'],
  ['repeatCount', 'repeat_count'],
  ['image', 'image'],
];

/** Safeguarding flags, our own columns: kept through a round trip, ignored by other tools. */
const FLAGS = ['sensitive', 'identifying'] as const;

function typeCell(question: Question): string {
  if (question.type === 'not_collected') return question.xlsformType ?? 'text';
  if (!question.listName) return question.type;
  return `${question.type} ${question.listName}${question.orOther ? ' or_other' : ''}`;
}

export function xlsFormSheets(survey: SurveyContent, formId: string, version?: number): XlsFormSheets {
  const LANGS = languagesOf(survey);
  const used = (get: (q: Question) => unknown) => survey.questions.some((q) => Boolean(get(q)));
  const translated = TRANSLATED.filter(([key]) => used((q) => hasText(q[key] as Labels | undefined)));
  const plain = PLAIN.filter(([key]) => used((q) => q[key]));
  const header = [
    'type',
    'name',
    ...translated.flatMap(([, column]) => LANGS.map((lang) => `${column}::${languageColumn(lang)}`)),
    'required',
    'read_only',
    ...plain.map(([, column]) => column),
    ...FLAGS.filter((flag) => used((q) => q[flag])),
  ];
  const rows = survey.questions.map((q) => [
    typeCell(q),
    q.xlsformName ?? q.name,
    ...translated.flatMap(([key]) => LANGS.map((lang) => (q[key] as Labels | undefined)?.[lang] ?? '')),
    q.required ? 'yes' : '',
    q.readOnly ? 'yes' : '',
    ...plain.map(([key]) => String(q[key] ?? '')),
    ...FLAGS.filter((flag) => used((x) => x[flag])).map((flag) => (q[flag] ? 'yes' : '')),
  ]);

  const lists = Object.entries(survey.choiceLists);
  const filterColumns = [...new Set(lists.flatMap(([, choices]) => choices.flatMap((c) => Object.keys(c.filters ?? {}))))];
  const withImages = lists.some(([, choices]) => choices.some((c) => c.image));
  const choices = [
    ['list_name', 'name', ...LANGS.map((lang) => `label::${languageColumn(lang)}`), ...(withImages ? ['image'] : []), ...filterColumns],
    ...lists.flatMap(([listName, list]) =>
      list.map((c) => [
        listName,
        c.name,
        ...LANGS.map((lang) => c.label[lang] ?? ''),
        ...(withImages ? [c.image ?? ''] : []),
        ...filterColumns.map((column) => c.filters?.[column] ?? ''),
      ]),
    ),
  ];

  const settings = [
    ['form_title', 'form_id', ...(version === undefined ? [] : ['version']), 'default_language'],
    [survey.title.vi || survey.title.en || formId, formId, ...(version === undefined ? [] : [String(version)]), languageColumn('vi')],
  ];
  return { survey: [header, ...rows], choices, settings };
}

function hasText(labels: Labels | undefined): boolean {
  return Object.values(labels ?? {}).some(Boolean);
}
