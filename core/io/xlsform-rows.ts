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

const LANGUAGE_COLUMN = { vi: 'Tiếng Việt (vi)', en: 'English (en)' } as const;
const LANGS = ['vi', 'en'] as const;

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
  if (!question.listName) return question.type;
  return `${question.type} ${question.listName}${question.orOther ? ' or_other' : ''}`;
}

export function xlsFormSheets(survey: SurveyContent, formId: string, version?: number): XlsFormSheets {
  const used = (get: (q: Question) => unknown) => survey.questions.some((q) => Boolean(get(q)));
  const translated = TRANSLATED.filter(([key]) => used((q) => hasText(q[key] as Labels | undefined)));
  const plain = PLAIN.filter(([key]) => used((q) => q[key]));
  const header = [
    'type',
    'name',
    ...translated.flatMap(([, column]) => LANGS.map((lang) => `${column}::${LANGUAGE_COLUMN[lang]}`)),
    'required',
    'read_only',
    ...plain.map(([, column]) => column),
    ...FLAGS.filter((flag) => used((q) => q[flag])),
  ];
  const rows = survey.questions.map((q) => [
    typeCell(q),
    q.name,
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
    ['list_name', 'name', ...LANGS.map((lang) => `label::${LANGUAGE_COLUMN[lang]}`), ...(withImages ? ['image'] : []), ...filterColumns],
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
    [survey.title.vi || survey.title.en || formId, formId, ...(version === undefined ? [] : [String(version)]), LANGUAGE_COLUMN.vi],
  ];
  return { survey: [header, ...rows], choices, settings };
}

function hasText(labels: Labels | undefined): boolean {
  return Boolean(labels?.vi || labels?.en);
}
