import { AppError } from '../../../core/errors';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { translate } from '../../../core/i18n/messages';
import type { Handlers } from '../handler-types';
import { exportResponsesFromFile, ExportError } from '../../io/responses-export';
import { importResponses } from '../../io/responses-import';
import { MAX_UPLOAD_BYTES } from '../../../core/api/data';
import { StringDecoder } from 'node:string_decoder';
import { ZipWriter, type EntryWriter } from '../../io/xlsx-stream';
import { getSurvey, listSurveys } from '../../db/survey-store';
import { now } from '../../db/clock';
import { mergeIntoOpenProject } from '../../db/merge';

type DataHandlers = Pick<Handlers, 'data/uploadBegin' | 'data/uploadPart' | 'data/importResponses' | 'data/exportResponses' | 'data/downloadPart' | 'data/merge'>;

// Wired to electron/io/responses-import.ts, responses-export.ts and electron/db/merge.ts as they land.
export const dataHandlers: DataHandlers = {
  'data/uploadBegin': ({ fileName, size }, { session }) => {
    if (size > MAX_UPLOAD_BYTES) throw new AppError('upload.tooLarge', { file: fileName, max: MAX_UPLOAD_BYTES / 1024 / 1024 / 1024 });
    return { uploadId: session.uploads.begin(fileName, size) };
  },
  'data/uploadPart': ({ uploadId, offset, base64 }, { session }) => ({ received: session.uploads.part(uploadId, offset, Buffer.from(base64, 'base64')) }),
  'data/importResponses': async ({ surveyId, uploadId }, { session }) => {
    // From the file on disk: a large one is read a piece at a time, never whole (responses-import.ts).
    const result = await session.uploads.use([uploadId], (files) =>
      importResponses(session.db, files, session.actor, {
        survey: surveyId,
        onProgress: (done, total) => session.emit('task/progress', { task: 'importResponses', done, total }),
      }),
    );
    if (result.imported > 0) session.emit('responses/changed', { surveyId });
    return { rows: result.rows, imported: result.imported, skipped: result.skipped, unmatchedColumns: result.unmatchedColumns, problems: result.problems, warnings: result.warnings };
  },
  'data/exportResponses': async ({ surveyId, format, labels, lang, includeIdentifying }, { session }) => {
    const project = session.openPath;
    if (!project) throw new AppError('project.notOpen');
    const { formKey } = getSurvey(session.db, surveyId);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-export-'));
    try {
      const base = `${formKey}-${now().slice(0, 10)}`;
      const result = await exportResponsesFromFile(project, path.join(folder, `${base}.${format}`), {
        format,
        labels,
        lang,
        includeIdentifying,
        surveyId,
        onProgress: (done, total) => session.emit('task/progress', { task: 'exportResponses', done, total }),
      }).catch((error: unknown) => {
        throw error instanceof ExportError ? new AppError('export.cannotExport', { reason: translate(lang, error.key, error.params) }) : error;
      });
      // CSV comes as several files (data, repeats, codebook, SPSS syntax): one zip, so it is one download.
      const file = format === 'xlsx' ? result.files[0]! : await zipFiles(result.files, path.join(folder, `${base}-csv.zip`));
      const mime = format === 'xlsx' ? XLSX_MIME : 'application/zip';
      return {
        files: [{ fileName: path.basename(file), mime, ...session.downloads.keep(file) }],
        responses: result.responses,
        leftOutIdentifying: result.leftOutQuestions.length,
      };
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },
  'data/downloadPart': ({ downloadId, offset }, { session }) => ({ base64: session.downloads.part(downloadId, offset).toString('base64') }),
  'data/merge': async ({ uploadIds }, { session }) => {
    const target = session.openPath;
    if (!target) throw new AppError('project.notOpen');
    const report = await session.uploads.use(uploadIds, (paths) =>
      mergeIntoOpenProject(session.db, target, paths, session.actor, {
        onProgress: ({ done, total }) => session.emit('task/progress', { task: 'merge', done, total }),
      }),
    );
    for (const survey of listSurveys(session.db)) session.emit('responses/changed', { surveyId: survey.id });
    return report;
  },
};

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function zipFiles(files: readonly string[], zipPath: string): Promise<string> {
  const zip = new ZipWriter(zipPath);
  try {
    for (const file of files) await zip.entry(path.basename(file), (out) => copyText(file, out));
    zip.close();
  } catch (error) {
    zip.abandon();
    throw error;
  }
  return zipPath;
}

/** How much of a CSV file is read at a time: a national export (460 MB) read whole was longer than a string can be. */
const READ_BYTES = 8 * 1024 * 1024;

/** A text file into a zip entry, a piece at a time (a character split between two pieces is kept whole). */
async function copyText(file: string, out: EntryWriter): Promise<void> {
  const decoder = new StringDecoder('utf8');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(READ_BYTES);
    for (let read; (read = fs.readSync(fd, buffer, 0, READ_BYTES, null)) > 0; ) {
      out.write(decoder.write(buffer.subarray(0, read)));
      await out.drain();
    }
    out.write(decoder.end());
  } finally {
    fs.closeSync(fd);
  }
}
