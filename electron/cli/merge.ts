import { AppError, errorKey } from '../../core/errors';
import { translate, type Lang, type MessageKey, type MessageParams } from '../../core/i18n/messages';
import type { MergeConflict, MergeReport } from '../../core/api/merge';
import { mergeProjects, MergeRefusedError } from '../db/merge';
import { appConfigDir, localActor } from '../device';

/** Conflicts and code changes listed one a line before "… and N more". */
const LIST_LIMIT = 20;

/**
 * `tiengnoi merge OUT A B …`: a short summary in the user's language, or the whole report with --json.
 * Names files, surveys, numbers, paper codes and questions; never a child's answer.
 */
export function mergeCommand(files: readonly string[], json: boolean, lang: Lang): number {
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  if (files.length === 0) {
    console.error(t('cli.missingFile'));
    return 1;
  }
  const [out, ...sources] = files as [string, ...string[]];
  const showProgress = !json && Boolean(process.stderr.isTTY);
  try {
    const report = mergeProjects(out, sources, localActor(appConfigDir()), {
      onProgress: showProgress
        ? ({ file, index, files: count, done }) => {
            if (done === 0) console.error(t('merge.progress', { file, index, files: count }));
          }
        : undefined,
    });
    if (json) console.log(JSON.stringify({ merged: true, ...report }));
    else for (const line of summary(report, lang)) console.log(line);
    return 0;
  } catch (error) {
    const appError = error instanceof AppError ? error : null;
    if (!json) {
      if (!appError) throw error;
      console.error(t(errorKey(appError.code), appError.params));
      return 1;
    }
    const failure = appError ?? new AppError('internal');
    console.log(
      JSON.stringify({
        merged: false,
        error: { code: failure.code, message: t(errorKey(failure.code), failure.params), params: failure.params },
        refused: error instanceof MergeRefusedError ? error.refused : [],
      }),
    );
    return 1;
  }
}

/** The report in a few lines: per file, totals, then what a researcher should look at. */
export function summary(report: MergeReport, lang: Lang): string[] {
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  const lines: string[] = [];
  const base = report.files.find((f) => f.role === 'base');
  const merged = report.files.filter((f) => f.role === 'merged');
  lines.push(
    base
      ? t('merge.summary.created', { out: report.out, base: base.file, count: merged.length })
      : t('merge.summary.into', { out: report.out, count: merged.length }),
  );
  for (const file of report.files) {
    lines.push(
      file.role === 'base'
        ? t('merge.summary.base', { file: file.file, responses: file.responses })
        : t('merge.summary.file', { file: file.file, responses: file.responses, added: file.added, updated: file.updated, duplicates: file.duplicates, conflicts: file.conflicts }),
    );
  }
  const news = merged.reduce((n, f) => n + f.added + f.updated + f.conflicts, 0);
  if (merged.length > 0 && news === 0) lines.push(t('merge.summary.nothingNew'));
  else {
    const { added, updated, duplicates, conflicts } = report.totals;
    lines.push(t('merge.summary.totals', { added, updated, duplicates, conflicts }));
  }
  if (report.totals.renumbered > 0) lines.push(t('merge.summary.renumbered', { count: report.totals.renumbered }));
  for (const survey of report.surveysAdded) lines.push(t('merge.summary.surveyAdded', { survey: survey.formKey, file: survey.file }));
  for (const v of report.versions) {
    const params = { survey: v.formKey, file: v.file, version: String(v.version), as: String(v.as) };
    lines.push(t(v.kind === 'renumbered' ? 'merge.summary.versionRenumbered' : 'merge.summary.versionAdded', params));
  }
  if (report.conflicts.length > 0) {
    lines.push(t('merge.summary.conflicts'));
    for (const conflict of report.conflicts.slice(0, LIST_LIMIT)) lines.push(conflictLine(conflict, lang));
    if (report.conflicts.length > LIST_LIMIT) lines.push(t('merge.summary.more', { count: report.conflicts.length - LIST_LIMIT }));
  }
  if (report.codes.length > 0) {
    lines.push(t('merge.summary.codes'));
    for (const c of report.codes.slice(0, LIST_LIMIT)) {
      lines.push(t('merge.summary.code', { survey: c.formKey, number: String(c.number), file: c.file, from: c.from, to: c.to }));
    }
    if (report.codes.length > LIST_LIMIT) lines.push(t('merge.summary.more', { count: report.codes.length - LIST_LIMIT }));
  }
  return lines;
}

function conflictLine(conflict: MergeConflict, lang: Lang): string {
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  const what = [
    ...(conflict.questions.length > 0 ? [t('merge.summary.questions', { questions: conflict.questions.join(', ') })] : []),
    ...(conflict.statusDiffers ? [t('merge.summary.status')] : []),
    ...(conflict.deletionDiffers ? [t('merge.summary.deletion')] : []),
  ].join('; ');
  return t('merge.summary.conflict', {
    survey: conflict.formKey,
    number: String(conflict.number),
    code: conflict.paperCode ?? '—',
    what,
    keptFile: conflict.keptFile,
    keptAt: shortTime(conflict.keptUpdatedAt),
    otherFile: conflict.otherFile,
    otherAt: shortTime(conflict.otherUpdatedAt),
  });
}

/** "2026-11-27 10:46 UTC": times are stored in UTC, and laptops in different provinces agree on that. */
function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
