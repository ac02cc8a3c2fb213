import type { dataVi } from './data.vi';

/** The Data screen, English: the same keys and placeholders as data.vi.ts. */
export const dataEn: Record<keyof typeof dataVi, string> = {
  'data.open': 'Import and export data',
  'data.heading': 'Data: {survey}',
  'data.importTitle': 'Import responses from KoboToolbox or ODK',
  'data.importHelp': 'Choose an .xlsx or .csv export of this survey from KoboToolbox or ODK. Responses already here (same UUID) are not added again.',
  'data.chooseFile': 'Choose a file…',
  'data.working': 'Working: {done}/{total}…',
  'data.workingNoCount': 'Working…',
  'data.uploading': 'Bringing the file into the app: {done} of {total} MB…',
  'data.importDone': 'Imported {imported, plural, one {# response} other {# responses}} from {rows, plural, one {# row} other {# rows}}. {skipped, plural, one {# was already here and was skipped.} other {# were already here and were skipped.}}',
  'data.importProblems': 'Nothing was imported: these values do not fit the survey. Correct them in the file and import it again; the project has not been changed.',
  'data.importWarnings': 'Notes:',
  'data.exportTitle': 'Export responses',
  'data.exportHelp': 'For analysis in Excel, SPSS, R or Stata. Deleted responses are not exported.',
  'data.format': 'Format',
  'data.formatXlsx': 'Excel (.xlsx), with a codebook sheet',
  'data.formatCsv': 'CSV, with an SPSS syntax file (.sps)',
  'data.values': 'Write choices as',
  'data.valuesCodes': 'codes (1, 2, …)',
  'data.valuesLabels': 'labels (words)',
  'data.labelLang': 'Language of labels',
  'data.includeIdentifying': 'Include questions with identifying data (names, phone numbers, locations…)',
  'data.identifyingWarning':
    'The file will hold information that can identify children. Share it only with people allowed to see it, keep it safe, and delete it when it is no longer needed.',
  'data.export': 'Export',
  'data.exportDone': 'Exported {responses, plural, one {# response} other {# responses}}: {files}.',
  'data.leftOut': '{count, plural, one {# question with identifying data was left out.} other {# questions with identifying data were left out.}}',
  'data.mergeTitle': 'Merge data from other laptops',
  'data.mergeHelp':
    "Choose the project files (.tiengnoi) of the other laptops. Their responses are added to this project; a response found twice is counted once. The files you choose are not changed.",
  'data.chooseProjects': 'Choose project files…',
  'data.mergeDone': 'Added {added, plural, one {# response} other {# responses}} from {files, plural, one {# file} other {# files}}. {duplicates, plural, one {# duplicate was counted once.} other {# duplicates were counted once.}}',
  'data.versionsAdded': '{count, plural, one {# survey version was} other {# survey versions were}} added to tell different edits apart.',
  'data.conflicts': 'Responses edited differently on two laptops (the latest edit is kept, the other is in the history):',
  'data.conflict': 'Response {number} ({file}): {questions}',
};
