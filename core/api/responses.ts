import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { nfc } from '../text/vietnamese';
import { ANSWER_KEY_PATTERN } from '../survey/instances';
import { MAX_TEXT_ANSWER } from '../survey/answers';
import type { SurveyContent } from '../survey/model';
import type { ResponseDetail, ResponseStatus } from './response';

/**
 * Looking after responses once entered: the list with search and filters, viewing one, correcting an answer
 * of a complete response (audited: who, when, old and new value), soft delete with a reason, and restore.
 */

export const MAX_REASON = 500;

/** One response of the search list. */
export interface ResponseListRow {
  id: string;
  number: number;
  status: ResponseStatus;
  createdAt: string;
  updatedAt: string;
  deviceId: string;
  /** The code written on the paper form, when it was typed from one (often the number itself). */
  paperCode: string | null;
  /** The first answers, as people read them (choice labels in the caller's language); identifying ones left out. */
  preview: string;
  /** Set on deleted responses (listed only when asked for). */
  deletedAt?: string;
  deleteReason?: string;
}

/**
 * Counts of the responses matching the search words, dates and device, whatever their status, so the status
 * filter can show how many each choice holds. `total` = complete + draft (deleted ones are not counted in it).
 */
export interface ResponseCounts {
  total: number;
  complete: number;
  draft: number;
  deleted: number;
}

export interface ResponseSearch {
  /** The first `limit` rows listed, by number. */
  rows: ResponseListRow[];
  /** How many rows the list holds in all (the status filter applied), of which `rows` are the first. */
  matched: number;
  counts: ResponseCounts;
  /** Every device that entered a response of this survey, for the device filter. */
  devices: string[];
}

export interface ResponseRecord extends ResponseDetail {
  deviceId: string;
  deletedAt: string | null;
  deleteReason: string | null;
}

/** A response with the survey version it was entered with, so it can be shown with its own questions and labels. */
export interface ResponseView {
  response: ResponseRecord;
  survey: SurveyContent;
  version: number;
}

export type HistoryAction = 'create' | 'complete' | 'edit' | 'delete' | 'restore' | 'verify' | 'paperCode' | 'import' | 'merge-conflict';

export interface HistoryEntry {
  at: string;
  actor: string;
  deviceId: string;
  action: HistoryAction | (string & {});
  /**
   * edit: the answer key and the values before and after (null = no answer); delete: the reason; merge-conflict:
   * the files whose versions were kept and set aside; import: the file and row it came from.
   */
  detail: { question?: string; old?: string | null; new?: string | null; reason?: string; refused?: boolean; keptFile?: string; otherFile?: string; file?: string; row?: number };
}

const responseId = z.string().uuid();
const reason = z.string().trim().max(MAX_REASON).transform(nfc);
/** A day (YYYY-MM-DD, a whole UTC day) or an instant with its offset (the app sends local days as instants). */
const dateBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const responsesApi = {
  'response/search': {
    input: z.object({
      surveyId: z.string().uuid(),
      /** Words to find in any answer; tone marks optional ("lao cai" finds "Lào Cai"). */
      query: z.string().max(200).optional(),
      status: z.enum(['draft', 'complete']).optional(),
      /** List the deleted responses instead of the others. */
      deleted: z.boolean().optional(),
      /** Entered on or after (inclusive). */
      from: dateBound.optional(),
      /** Entered on or before (inclusive; a day means up to its end). */
      to: dateBound.optional(),
      device: z.string().max(100).optional(),
      /** Rows to send, the first by number; all when absent. Only the rows sent are read for their preview. */
      limit: z.number().int().positive().optional(),
    }),
    output: returns<ResponseSearch>(),
  },
  'response/view': { input: z.object({ responseId }), output: returns<ResponseView>() },
  /** Corrects one answer of a complete response; the old and new value go to the audit log in the same transaction. */
  'response/edit': {
    input: z.object({
      responseId,
      question: z.string().max(200).regex(ANSWER_KEY_PATTERN),
      value: z.string().max(MAX_TEXT_ANSWER * 4).transform(nfc).nullable(),
      reason: reason.optional(),
    }),
    output: returns<{ changed: boolean; updatedAt: string }>(),
  },
  /** The audit trail of one response, oldest first. */
  'response/history': { input: z.object({ responseId }), output: returns<HistoryEntry[]>() },
  /** Soft delete: nothing is removed; the response leaves lists, counts and analysis until restored. */
  'response/delete': {
    input: z.object({ responseId, reason: reason.pipe(z.string().min(1)) }),
    output: returns<{ deletedAt: string }>(),
  },
  'response/restore': { input: z.object({ responseId }), output: returns<{ restoredAt: string }>() },
} satisfies ApiDomain;
