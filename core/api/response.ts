import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { nfc } from '../text/vietnamese';
import { ANSWER_KEY_PATTERN } from '../survey/instances';
import { MAX_TEXT_ANSWER } from '../survey/answers';

export type ResponseStatus = 'draft' | 'complete';

export interface ResponseSummary {
  id: string;
  number: number;
  status: ResponseStatus;
  createdAt: string;
  updatedAt: string;
  /** The code written on a paper questionnaire (or the response's number until someone changes it). */
  paperCode: string | null;
  /** Set on a second, blind typing of a paper: the response it checks. */
  verifies: string | null;
}

/** One question on which the two typings of a paper differ. */
export interface Discrepancy {
  key: string;
  /** The first typing's value; null when left empty, 'refused' counts as its own value. */
  first: string | null;
  second: string | null;
  firstRefused: boolean;
  secondRefused: boolean;
}

export interface ResponseDetail extends ResponseSummary {
  surveyId: string;
  answers: Record<string, string | null>;
  /** Answer keys the child chose not to answer ("I'd rather not say"). */
  refused: string[];
}

const responseId = z.string().uuid();
const paperCode = z.string().trim().min(1).max(40).transform(nfc);

export const responseApi = {
  'response/create': {
    input: z.object({ surveyId: z.string().uuid(), paperCode: paperCode.optional() }),
    output: returns<ResponseDetail>(),
  },
  /** Changes the code of a paper; codes are unique within a survey. */
  'response/setPaperCode': { input: z.object({ responseId, paperCode }), output: returns<ResponseSummary>() },
  /** Starts the second, blind typing of the paper with this code (double entry). */
  'response/verify': { input: z.object({ surveyId: z.string().uuid(), paperCode }), output: returns<ResponseDetail>() },
  /** Where the two typings of a paper differ, question by question. */
  'response/discrepancies': { input: z.object({ responseId }), output: returns<{ primary: ResponseSummary; discrepancies: Discrepancy[] }>() },
  /** A supervisor's decision on one discrepancy: the value kept in the response (both typings then agree). */
  'response/settle': {
    input: z.object({ responseId, question: z.string().max(200).regex(ANSWER_KEY_PATTERN), value: z.string().max(MAX_TEXT_ANSWER * 4).transform(nfc).nullable() }),
    output: returns<{ remaining: number }>(),
  },
  'response/get': { input: z.object({ responseId }), output: returns<ResponseDetail>() },
  /** Writes one answer, in its own transaction, the moment it is given. null clears it. */
  'response/answer': {
    input: z.object({
      responseId,
      /** An answer key: the question name, with its repeat instance as `[i]` inside repeats. */
      question: z.string().max(200).regex(ANSWER_KEY_PATTERN),
      value: z.string().max(MAX_TEXT_ANSWER * 4).transform(nfc).nullable(),
    }),
    output: returns<{ savedAt: string }>(),
  },
  /** Records "I'd rather not say" for one question, in its own transaction. */
  'response/refuse': {
    input: z.object({ responseId, question: z.string().max(200).regex(ANSWER_KEY_PATTERN) }),
    output: returns<{ savedAt: string }>(),
  },
  'response/complete': { input: z.object({ responseId }), output: returns<ResponseSummary>() },
  'response/list': { input: z.object({ surveyId: z.string().uuid() }), output: returns<ResponseSummary[]>() },
} satisfies ApiDomain;
