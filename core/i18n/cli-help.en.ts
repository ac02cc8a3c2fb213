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
} as const satisfies Record<keyof typeof cliHelpVi, string>;
