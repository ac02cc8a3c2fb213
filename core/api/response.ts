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
}

export interface ResponseDetail extends ResponseSummary {
  surveyId: string;
  answers: Record<string, string | null>;
  /** Answer keys the child chose not to answer ("I'd rather not say"). */
  refused: string[];
}

const responseId = z.string().uuid();

export const responseApi = {
  'response/create': { input: z.object({ surveyId: z.string().uuid() }), output: returns<ResponseDetail>() },
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
