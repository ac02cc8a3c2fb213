import type { exportVi } from './export.vi';

/** Messages of the responses export, English: the same keys and placeholders as export.vi.ts. */
export const exportEn: Record<keyof typeof exportVi, string> = {
  // In the cells
  'export.refusedValue': 'refused',
  'export.refused': 'Refused (the child chose not to answer)',
  'export.otherChoice': 'Other',
  'export.otherText': 'other, please specify',
  'export.instances': 'number of instances',
  'export.status.complete': 'complete',
  'export.status.draft': 'draft',
  'export.flag.chosen': 'Chosen',
  'export.flag.notChosen': 'Not chosen (the question was answered)',

  // Metadata columns
  'export.meta.uuid': 'Response identifier (UUID)',
  'export.meta.number': 'Response number',
  'export.meta.paperCode': 'Paper form code',
  'export.meta.status': 'Response status (complete / draft)',
  'export.meta.createdAt': 'Entry started (UTC)',
  'export.meta.updatedAt': 'Last changed (UTC)',
  'export.meta.completedAt': 'Completed (UTC)',
  'export.meta.deviceId': 'Device the response was entered on',
  'export.meta.version': 'Survey version',
  'export.meta.index': 'Row number in this table',
  'export.meta.parentTable': 'Table of the parent row',
  'export.meta.parentIndex': 'Row number (_index) of the parent row',
  'export.meta.submission': 'Identifier (_uuid) of the response',

  // Data types in the codebook
  'export.format.text': 'text',
  'export.format.integer': 'whole number',
  'export.format.decimal': 'decimal number',
  'export.format.date': 'date (YYYY-MM-DD)',
  'export.format.time': 'time (HH:MM:SS)',
  'export.format.datetime': 'date and time (ISO 8601)',
  'export.format.choice': 'choice code (text)',
  'export.format.choiceNumber': 'choice code (number)',
  'export.format.choices': 'choice codes, separated by spaces',
  'export.format.flag': '0/1',

  // Codebook header
  'export.cb.table': 'Table',
  'export.cb.column': 'Column',
  'export.cb.spssName': 'SPSS name',
  'export.cb.question': 'Question (variable name)',
  'export.cb.type': 'Question type',
  'export.cb.format': 'Data type',
  'export.cb.labelVi': 'Label (Vietnamese)',
  'export.cb.labelEn': 'Label (English)',
  'export.cb.value': 'Value',
  'export.cb.valueLabelVi': 'Value label (Vietnamese)',
  'export.cb.valueLabelEn': 'Value label (English)',
  'export.cb.note': 'Note',

  // Codebook notes
  'export.note.identifying': 'Identifying data: exported because it was asked for.',
  'export.note.spssRenamed': 'Named {name} in SPSS.',
  'export.note.count': "Number of this response's rows in table {table}.",
  'export.note.labelSeparator': 'Choices are separated by semicolons.',
  'export.note.title': 'Survey: {title}. Versions: {versions}. Responses: {responses}. Exported: {at} (UTC).',
  'export.note.leftOutResponses': 'Deleted responses and second typings made for checking (double entry) are not exported.',
  'export.language.vi': 'Vietnamese',
  'export.language.en': 'English',
  'export.note.modeValues': 'Cells hold choice codes; the label of each code is in this codebook.',
  'export.note.modeLabels': 'Cells hold choice labels in {lang} (the other language, then the code, where a label is missing).',
  'export.note.refusalValues':
    'A refusal (the child chose not to answer) is written as {code} in every column of that question. In the Excel file {code} is a text cell, so SUM, AVERAGE and COUNT leave it out; in SPSS {code} is a user-missing value.',
  'export.note.refusalLabels': 'A refusal (the child chose not to answer) is written as "{word}" in every column of that question.',
  'export.note.blank': 'A blank cell: the question was not asked (skip logic), was skipped, or was not reached.',
  'export.note.flags':
    'Multiple-choice questions: one column with the codes separated by spaces, and one 0/1 column per choice (name/code): 1 = chosen, 0 = not chosen although the question was answered, blank = not answered.',
  'export.note.repeats':
    'Repeated groups: each has its own table. Join it to its parent table with _parent_table_name and _parent_index (= the _index of the parent row); _submission__uuid is the _uuid of the response.',
  'export.note.escape':
    "Text that begins with =, +, -, @, a tab or a line break gets a ' in front, so that no spreadsheet runs it as a formula. Remove the first ' to get the original text.",
  'export.note.headers': 'Column headers are variable names, the same in every export mode; question labels are in this codebook.',
  'export.note.spssNames':
    'SPSS names: characters SPSS does not accept become _, leading characters that are not letters are dropped, names longer than 64 characters are cut, and a name already used gets _2, _3… The "SPSS name" column gives the name of every column.',
  'export.note.csvLineBreaks': 'In the CSV files a line break inside an answer is written as a space, so that each response is one line (as SPSS needs). The Excel file keeps them.',
  'export.note.leftOutIdentifying':
    'Identifying questions left out: {names} (questions: {count}, columns: {columns}). Export them only when truly needed, and keep the file safe.',
  'export.note.includedIdentifying': 'WARNING: this file contains data that identifies children ({names}). Keep it safe and do not share it.',

  // SPSS syntax comments
  'export.spss.title': 'Tiếng Nói: responses to the survey "{title}", SPSS syntax.',
  'export.spss.modeValues': 'Coded data; {code} = refused (a user-missing value), and so are the choices 98 “don’t know” and 99 “I’d rather not say” where a list has them.',
  'export.spss.modeLabels': 'Labelled data: question columns are read as strings. For analysis, export codes (without --labels).',
  'export.spss.folder': 'Keep this file in the folder of the CSV files; if SPSS does not find them, change the folder in the CD command below.',
  'export.spss.table': 'Table {table}: file {file}.',

  // Command line and API
  'export.done': 'Responses exported: {responses} (columns: {columns}). Files:',
  'export.leftOut': 'Identifying questions left out: {names} (questions: {count}, columns: {columns}). Add --include-identifying only if truly needed.',
  'export.includedWarning': 'Warning: the export contains data that identifies children ({names}). Keep the files safe and do not share them.',
  'export.error.cannotExport': 'Could not export: {reason}',
  'export.error.format': 'Responses can be exported to .xlsx or .csv only, not "{file}".',
  'export.error.tooManyRows': 'Table {table} has {rows} rows, more than the {max} rows an Excel sheet holds. Export to CSV instead.',
  'export.error.write': 'Could not write {file}: {detail}',
};
