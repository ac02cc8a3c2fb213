import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, errorKey } from '../../core/errors';
import { DEFAULT_LANG, isLang, translate, type Lang, type MessageKey, type MessageParams } from '../../core/i18n/messages';
import { openProjectDb } from '../db/open';
import { initProject, projectCounts } from '../db/project-store';
import { createSurvey, getSurvey, listSurveys } from '../db/survey-store';
import { exportXlsForm } from '../io/xlsform-export';
import { importXlsForm } from '../io/xlsform-import';
import { problemText } from '../../core/io/problems';
import { TEMPLATES } from '../templates';
import { TEMPLATE_KEYS, type TemplateKey } from '../../core/api/survey';
import { Session } from '../api/session';
import { startHttpBridge } from '../server/http-bridge';
import { RENDERER_DIR } from '../paths';
import { appConfigDir, defaultProjectsDir, localActor } from '../device';
import { exportResponsesCli } from './export-responses';
import { mergeCommand } from './merge';
import { importResponsesCommand } from './import-responses';
import { statsCommand } from './stats';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  title: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  host: { type: 'string' },
  dir: { type: 'string' },
  lang: { type: 'string' },
  template: { type: 'string' },
  provinces: { type: 'string' },
  survey: { type: 'string' },
  labels: { type: 'boolean' },
  'include-identifying': { type: 'boolean' },
  'complete-only': { type: 'boolean' },
  question: { type: 'string' },
  by: { type: 'string' },
  layer: { type: 'string' },
  filter: { type: 'string' },
  'min-cell': { type: 'string' },
  buckets: { type: 'string' },
  saved: { type: 'string' },
} as const;

/** `tiengnoi COMMAND --help`. */
const COMMAND_HELP: Record<string, MessageKey> = {
  new: 'cli.help.new',
  info: 'cli.help.info',
  serve: 'cli.help.serve',
  'import-form': 'cli.help.import-form',
  'export-form': 'cli.help.export-form',
  'export-responses': 'cli.help.export-responses',
  merge: 'cli.help.merge',
  'import-responses': 'cli.help.import-responses',
  stats: 'cli.help.stats',
};

type Values = ReturnType<typeof parseCli>['values'];

function parseCli(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

/** CLI messages follow --lang, then TIENGNOI_LANG, then the system locale; Vietnamese by default. */
function cliLang(argv: string[]): Lang {
  const flag = argv.find((arg, i) => argv[i - 1] === '--lang' || arg.startsWith('--lang='))?.replace('--lang=', '');
  const fromEnv = process.env.TIENGNOI_LANG ?? (process.env.LANG?.toLowerCase().startsWith('en') ? 'en' : undefined);
  const wanted = flag ?? fromEnv;
  return isLang(wanted) ? wanted : DEFAULT_LANG;
}

export async function main(argv: string[]): Promise<number> {
  const lang = cliLang(argv);
  // `tiengnoi stats … | head` closes the pipe early: that is the reader being done, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const say = (key: MessageKey, params?: MessageParams) => console.log(translate(lang, key, params));
  const fail = (key: MessageKey, params?: MessageParams) => {
    console.error(translate(lang, key, params));
    return 1;
  };

  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    return fail('cli.badOption', { detail: (error as Error).message });
  }
  const { values, positionals } = parsed;
  const [command, file] = positionals;
  if (values.help && command !== undefined && command in COMMAND_HELP) {
    say(COMMAND_HELP[command]!);
    return 0;
  }
  if (values.help || command === undefined || command === 'help') {
    say('cli.help');
    return command === undefined && !values.help ? 1 : 0;
  }

  try {
    switch (command) {
      case 'new':
        if (!file) return fail('cli.missingFile');
        if (!values.title?.trim()) return fail('cli.missingTitle');
        if (values.template !== undefined && !isTemplateKey(values.template)) return fail('cli.unknownTemplate', { template: values.template, known: TEMPLATE_KEYS.join(', ') });
        if (values.provinces !== undefined && !['34', '63'].includes(values.provinces)) return fail('cli.badOption', { detail: `--provinces ${values.provinces}` });
        return newProject(file, values.title.trim().normalize('NFC'), values.template, values.provinces === '63' ? '2008' : '2025', say);
      case 'info':
        if (!file) return fail('cli.missingFile');
        return info(file, values, lang);
      case 'serve':
        return await serve(file, values, say, fail);
      case 'export-form':
        if (!file || !positionals[2]) return fail('cli.missingFile');
        return exportForm(file, positionals[2], values, say, fail);
      case 'export-responses':
        if (!file || !positionals[2]) return fail('cli.missingFile');
        return await exportResponsesCli(file, positionals[2], values, lang);
      case 'import-form':
        if (!file || !positionals[2]) return fail('cli.missingFile');
        return importForm(file, positionals[2], values, lang);
      case 'import-responses':
        if (!file || !positionals[2]) return fail('cli.missingFile');
        return await importResponsesCommand(file, positionals.slice(2), values, lang);
      case 'stats':
        if (!file) return fail('cli.missingFile');
        return statsCommand(file, values, lang);
      case 'merge':
        return mergeCommand(positionals.slice(1), Boolean(values.json), lang);
      default:
        return fail('cli.unknownCommand', { command });
    }
  } catch (error) {
    if (error instanceof AppError) return fail(errorKey(error.code), error.params);
    // A fault of the app, not of what the user gave: said plainly, with the stack only when asked for.
    if (process.env.TIENGNOI_DEBUG) console.error(error);
    return fail('cli.unexpected', { detail: error instanceof Error ? error.message : String(error) });
  }
}

function newProject(
  file: string,
  title: string,
  template: TemplateKey | undefined,
  provinces: '2025' | '2008',
  say: (key: MessageKey, params?: MessageParams) => void,
): number {
  const actor = localActor(appConfigDir());
  // Built before the file exists, so a broken reference list leaves no half-made project behind.
  const content = template ? TEMPLATES[template].build({ provinces }) : undefined;
  const db = openProjectDb(path.resolve(file), { create: true });
  try {
    initProject(db, title, actor);
    if (content) createSurvey(db, content.title, actor, content);
  } finally {
    db.close();
  }
  say('cli.created', { title, file: path.resolve(file) });
  return 0;
}

function info(file: string, values: Values, lang: Lang): number {
  const db = openProjectDb(path.resolve(file), { readonly: true });
  try {
    const counts = projectCounts(db);
    if (values.json) {
      console.log(JSON.stringify(counts));
    } else {
      const rows: [MessageKey, string | number][] = [
        ['cli.infoTitle', counts.title],
        ['cli.infoSchema', counts.schemaVersion],
        ['cli.infoForms', counts.forms],
        ['cli.infoQuestions', counts.questions],
        ['cli.infoResponses', counts.responses],
      ];
      for (const [key, value] of rows) console.log(`${translate(lang, key)}: ${value}`);
    }
    return 0;
  } finally {
    db.close();
  }
}

async function serve(
  file: string | undefined,
  values: Values,
  say: (key: MessageKey, params?: MessageParams) => void,
  fail: (key: MessageKey, params?: MessageParams) => number,
): Promise<number> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return fail('cli.rendererMissing', { folder: RENDERER_DIR });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail('cli.badOption', { detail: `--port ${values.port}` });

  const projectFile = file ? path.resolve(file) : null;
  const session = new Session({
    projectsDir: values.dir ?? (projectFile ? path.dirname(projectFile) : defaultProjectsDir()),
    actor: localActor(appConfigDir()),
  });
  if (projectFile) session.open(projectFile);

  let bridge;
  try {
    bridge = await startHttpBridge({ session, rendererDir: RENDERER_DIR, host: values.host, port, token: values.token });
  } catch (error) {
    session.dispose();
    if ((error as { code?: string }).code === 'EADDRINUSE') return fail('cli.portInUse', { port });
    throw error;
  }
  say('cli.serving');
  console.log(`  ${bridge.openUrl}`);
  say('cli.folder', { folder: session.projectsDir });
  say('cli.stop');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await bridge.close();
  session.dispose();
  return 0;
}

function isTemplateKey(value: string): value is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(value);
}

/** Adds the survey of an XLSForm to a project; problems are printed one a line, naming file, sheet, row, column. */
function importForm(file: string, formFile: string, values: Values, lang: Lang): number {
  const result = importXlsForm(path.resolve(formFile));
  if ('problems' in result) {
    if (values.json) console.log(JSON.stringify({ imported: false, problems: result.problems }));
    else for (const problem of result.problems) console.error(problemText(lang, problem));
    return 1;
  }
  const db = openProjectDb(path.resolve(file));
  try {
    const surveyId = createSurvey(db, result.survey.title, localActor(appConfigDir()), result.survey);
    const questions = result.survey.questions.length;
    if (values.json) {
      console.log(JSON.stringify({ imported: true, surveyId, questions, warnings: result.warnings }));
    } else {
      for (const warning of result.warnings) console.log(problemText(lang, warning));
      const title = result.survey.title[lang] || result.survey.title.vi || result.survey.title.en || formFile;
      console.log(translate(lang, 'xlsform.imported', { title, questions }));
    }
    return 0;
  } finally {
    db.close();
  }
}

/** Writes a survey of the project as an XLSForm (the only one, or the one named with --survey). */
function exportForm(
  file: string,
  out: string,
  values: Values,
  say: (key: MessageKey, params?: MessageParams) => void,
  fail: (key: MessageKey, params?: MessageParams) => number,
): number {
  const db = openProjectDb(path.resolve(file), { readonly: true });
  try {
    const surveys = listSurveys(db);
    const chosen = values.survey ? surveys.find((s) => s.id === values.survey || getSurvey(db, s.id).formKey === values.survey) : surveys.length === 1 ? surveys[0] : undefined;
    if (!chosen) return fail('cli.chooseSurvey', { surveys: surveys.map((s) => `${getSurvey(db, s.id).formKey} (${s.title.vi ?? s.title.en ?? ''})`).join(', ') || '—' });
    const survey = getSurvey(db, chosen.id);
    exportXlsForm(survey, survey.formKey, path.resolve(out), survey.version);
    say('cli.exported', { file: path.resolve(out), questions: survey.questions.length });
    return 0;
  } finally {
    db.close();
  }
}
