import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import type { FileProblem } from '../io/problems';
import { LANGS } from '../i18n/messages';
import type { MergeReport } from './merge';
import type { UnmatchedColumn } from '../io/response-plan';

/**
 * Data in and out of a project: responses from KoboToolbox/ODK exports, responses out to Excel/CSV/SPSS, and
 * project files from other laptops merged in. Files cross the API as base64, like XLSForms do; a data export to
 * import or a project file to merge, which can be hundreds of megabytes, crosses it in parts (`data/uploadBegin`,
 * `data/uploadPart`), and so does an export of the responses on its way back (`data/downloadPart`).
 */

const surveyId = z.string().uuid();
const fileName = z.string().min(1).max(255);
/** The largest data export an import takes through the app (a million-row Kobo export is about 460 MB). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** A file to import crosses the API in parts of this many bytes. */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
const uploadId = z.string().uuid();
/** A file to save crosses the API in parts of this many bytes. */
export const DOWNLOAD_PART_BYTES = 8 * 1024 * 1024;

export interface ResponsesImportSummary {
  /** Data rows read from the main sheet. */
  rows: number;
  imported: number;
  /** Rows whose response (by UUID) the project already has: a second import adds nothing. */
  skipped: number;
  /** Columns left out (no question matches, or several do), by file, sheet and header, with how many cells they hold. */
  unmatchedColumns: UnmatchedColumn[];
  /** What stopped the import, or the values refused, each placed by file, sheet, row and column. */
  problems: FileProblem[];
  warnings: FileProblem[];
}

/** A file made to be saved, waiting on the main side: fetched in parts with `data/downloadPart`. */
export interface ExportedFile {
  downloadId: string;
  fileName: string;
  mime: string;
  size: number;
}

export interface ResponsesExportSummary {
  files: ExportedFile[];
  responses: number;
  /** Identifying questions left out (0 when they were asked for). */
  leftOutIdentifying: number;
}

export const dataApi = {
  /** Starts sending a file in parts; the id names it in the calls that follow. */
  'data/uploadBegin': {
    input: z.object({ fileName, size: z.number().int().min(0) }),
    output: returns<{ uploadId: string }>(),
  },
  /** The next part of a file being sent, at `offset` (parts come in order); returns the bytes received so far. */
  'data/uploadPart': {
    input: z.object({ uploadId, offset: z.number().int().min(0), base64: z.string().max(Math.ceil(UPLOAD_PART_BYTES / 3) * 4) }),
    output: returns<{ received: number }>(),
  },
  /**
   * Adds the responses of a KoboToolbox/ODK export (xlsx or csv), sent whole with `data/upload*`, to a survey;
   * progress comes as `task/progress`. The file sent is removed afterwards.
   */
  'data/importResponses': {
    input: z.object({ surveyId, uploadId }),
    output: returns<ResponsesImportSummary>(),
  },
  /** The survey's responses as a spreadsheet (with a codebook) or CSV (with SPSS syntax beside it). */
  'data/exportResponses': {
    input: z.object({
      surveyId,
      format: z.enum(['xlsx', 'csv']),
      labels: z.boolean().default(false),
      lang: z.enum(LANGS).default('vi'),
      includeIdentifying: z.boolean().default(false),
    }),
    output: returns<ResponsesExportSummary>(),
  },
  /** The part of an exported file at `offset` (parts are read in order; the file goes after its last one). */
  'data/downloadPart': {
    input: z.object({ downloadId: z.string().uuid(), offset: z.number().int().min(0) }),
    output: returns<{ base64: string }>(),
  },
  /** Adds the responses of other laptops' project files, sent with `data/upload*`, to the open project; they are removed afterwards. */
  'data/merge': {
    input: z.object({ uploadIds: z.array(uploadId).min(1).max(50) }),
    output: returns<MergeReport>(),
  },
} satisfies ApiDomain;
