import type { codingVi } from './coding.vi';

export const codingEn = {
  'coding.error.notOpenQuestion': 'Question {question} is not an open question of this survey.',
  'coding.error.themeNotFound': 'This theme was not found (it may have been deleted).',
  'coding.error.themeCycle': 'A theme cannot be moved inside itself or one of its own sub-themes.',
  'coding.error.otherCodebook': 'This theme belongs to the codebook of another survey or question.',
  'coding.error.themeInUse': '{count, plural, one {This theme is given to # answer. Choose a theme to move it to} other {This theme is given to # answers. Choose a theme to move them to}} before deleting it.',
  'coding.error.emptyLabel': 'A theme needs a name, in Vietnamese or in English.',
  'coding.error.answerNotFound': 'This response has no answer {question}.',
  'coding.error.badAttribute': 'Question {question} cannot be shown beside a quote (only single-choice and number questions can).',

  'coding.attribute.age': '{age}',
  'coding.attribute.separator': ', ',
  'coding.kind.name': "a person's name",
  'coding.kind.phone': 'a phone number',
  'coding.kind.email': 'an e-mail address',
  'coding.kind.school': 'a school',
  'coding.kind.place': 'a place smaller than a province',
  'coding.table.label': '{question} — themes',
  'coding.warningSmallGroup': 'Fewer than {k} children share the attributes shown ({attributes}): a reader could tell who said this.',
  'coding.warning': 'This quote may help identify the child ({kinds}). Edit the excerpt before using it.',
} as const satisfies Record<keyof typeof codingVi, string>;
