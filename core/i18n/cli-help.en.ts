import type { cliHelpVi } from './cli-help.vi';

export const cliHelpEn = {
  'cli.help.new':
    'tiengnoi new FILE --title "Project name" [--template child-consultation [--provinces 34|63]]\n\n' +
    'Create a new project file (.tiengnoi).\n' +
    '  --title        the project name (required)\n' +
    '  --template     add a starter survey: child-consultation\n' +
    '  --provinces    the template\'s province list: 34 (since 1 July 2025, the default) or 63 (before)\n\n' +
    'Example: tiengnoi new lao-cai.tiengnoi --title "Lao Cai children\'s forum" --template child-consultation',
  'cli.help.info':
    'tiengnoi info FILE [--json]\n\n' +
    'Project facts: schema version, title, number of surveys, questions and responses.\n' +
    '  --json         print as JSON',
  'cli.help.serve':
    'tiengnoi serve [FILE] [--port P] [--token T] [--host H] [--dir FOLDER]\n\n' +
    'Run the app in a web browser (browser mode), on this machine only.\n' +
    '  --port         port (default: any free port)\n' +
    '  --token        access token (default: a random one)\n' +
    '  --dir          the folder of projects',
  'cli.help.import-form':
    'tiengnoi import-form FILE FORM.xlsx [--json]\n\n' +
    'Add the survey of an XLSForm (.xlsx or .xls from KoboToolbox, ODK) to the project.\n' +
    'Problems in the form are reported by file, sheet, row and column; on a problem the project is left unchanged.\n' +
    '  --json         print the result as JSON (questions, warnings, problems)',
  'cli.help.export-form':
    'tiengnoi export-form FILE OUT.xlsx [--survey ID]\n\n' +
    'Write a survey as an XLSForm that KoboToolbox and ODK read.\n' +
    '  --survey       the survey\'s form_id, when the project has several',
  'cli.help.export-responses':
    'tiengnoi export-responses FILE OUT.xlsx|OUT.csv [--labels] [--lang vi|en] [--include-identifying] [--complete-only] [--survey ID] [--json]\n\n' +
    'Export the responses of a survey to Excel (.xlsx) or CSV, for analysis in Excel, SPSS, R or Stata.\n' +
    '  - Column headers are variable names. A multiple-choice question also gets one 0/1 column per choice (name/code).\n' +
    '  - Each repeated group is a sheet of its own (or a file OUT-GROUP.csv), joined to the response by _parent_index and _submission__uuid.\n' +
    '  - A codebook gives question and choice labels in Vietnamese and English: the codebook sheet, or the file OUT-codebook.csv.\n' +
    '  - With CSV comes an SPSS syntax file (OUT.sps) with variable labels, value labels and missing values.\n' +
    '  - A refusal is written -99 (or "refused" with --labels); a blank cell is a question not asked.\n' +
    '  - Deleted responses and second typings made for checking are left out.\n' +
    '  --labels               write choice labels instead of codes\n' +
    '  --lang vi|en           language of labels, codebook and messages\n' +
    '  --include-identifying  also export questions with identifying data (left out by default). Keep the files safe\n' +
    '  --complete-only        complete responses only (default: drafts too, with a _status column)\n' +
    '  --survey               the survey\'s form_id, when the project has several\n' +
    '  --json                 print the result as JSON (responses, columns, columns left out, files)\n\n' +
    'Example: tiengnoi export-responses lao-cai.tiengnoi lao-cai.xlsx --labels',
  'cli.help.merge':
    'tiengnoi merge OUT.tiengnoi A.tiengnoi B.tiengnoi … [--json]\n\n' +
    'Merge the project files of one consultation (collected on several laptops, say one per province) into one file.\n' +
    '  - Responses are matched by their UUID: a response found unchanged in several files is counted once.\n' +
    '  - A response edited differently in two files: the latest change is kept; the other goes to the response\'s\n' +
    '    history and is listed (by response number, paper code and question names, never the answers).\n' +
    '  - Surveys are matched by their form_id. Different versions are all kept; each response keeps the version it was answered with.\n' +
    '  - A response whose number is taken in the merged file gets the next number; a typed paper code already used gets a suffix (-2).\n' +
    '  - A file of another project with no survey in common is refused; then no file is changed.\n' +
    'When OUT does not exist it is made from the first file, and the others are merged into it; when it exists, the files are merged into it.\n' +
    'The files merged are never changed. If anything fails on the way, OUT is left as it was (or not made).\n' +
    '  --json         print the report as JSON (new responses, duplicates, edited differently, refused files)\n\n' +
    'Example: tiengnoi merge all.tiengnoi lao-cai.tiengnoi dien-bien.tiengnoi ha-giang.tiengnoi',
  'cli.help.import-responses':
    'tiengnoi import-responses FILE DATA.xlsx|DATA.csv [MORE.csv …] [--survey ID] [--json]\n\n' +
    'Import responses from a KoboToolbox or ODK data export (Excel, or CSV separated by , or ;) into a survey of the project.\n' +
    '  - Columns are matched to questions by variable name (with or without group names, e.g. group/question) or by question text.\n' +
    '  - Multiple choice: one column of codes separated by spaces, or one 1/0 column per choice.\n' +
    '  - Repeated groups: columns like group[2]/question, or separate sheets (files) joined by _parent_index. With CSV,\n' +
    '    give the main file and the files of the repeated groups in one command.\n' +
    '  - Every value is checked against the survey. One bad cell and no response is imported: each problem is reported\n' +
    '    by file, sheet, row and column, and the project is left unchanged. Fix the file and import it again.\n' +
    '  - Responses are known by their id (_uuid, meta/instanceID): importing the same file again adds nothing.\n' +
    '  - Columns that match no question are listed, with how many cells hold a value.\n' +
    '  --survey       the survey\'s form_id, when the project has several\n' +
    '  --json         print the result as JSON (responses imported, skipped, unmatched columns, problems by row and column)\n\n' +
    'Example: tiengnoi import-responses lao-cai.tiengnoi kobo-export.xlsx',
  'cli.help.stats':
    'tiengnoi stats FILE --question Q [--by V] [--layer W] [--filter EXPR] [--buckets 8-11,12-14,15-17] [--min-cell K] [--survey ID] [--json]\n' +
    'tiengnoi stats FILE --saved "TITLE or ID" [options above]\n\n' +
    'A frequency table, a cross-tab (disaggregated by one or two other questions) or number statistics, over complete responses.\n' +
    '  - Small-cell protection is always on: a cell of fewer than K children (the project setting, 5 by default) shows\n' +
    '    as "< K", and other cells are hidden (×) so that totals cannot give it away. In JSON a hidden count is null.\n' +
    '  --question     the question to count (variable name); QUESTION#codes counts the themes coded on an open question\n' +
    '  --by           disaggregate by this question (e.g. sex)\n' +
    '  --layer        and by each group of this one (a 3-way table)\n' +
    "  --filter       count only responses meeting XLSForm-style conditions: \"${province} = '10' and ${age} >= 12\",\n" +
    "                 selected(${online_worry}, 'bullying'), not(...)\n" +
    '  --buckets      group a number question: 8-11,12-14,15-17\n' +
    '  --min-cell     K for this table (3–1000)\n' +
    '  --saved        run a saved analysis (its title in either language, or its id): its question, groups and filter;\n' +
    '                 --by, --layer and --buckets replace its own, --filter adds conditions to its filter\n' +
    "  --survey       the survey's form_id, when the project has several\n" +
    '  --json         print as JSON: {question, by, n, cells: [{value, by, count, suppressed}]}\n\n' +
    'Example: tiengnoi stats lao-cai.tiengnoi --question safe_school --by sex --filter "${age} >= 12"',
} as const satisfies Record<keyof typeof cliHelpVi, string>;
