import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { NAME_PATTERN } from '../survey/model';
import type { Frequency } from '../analysis/frequency';

export const analysisApi = {
  /** Counts and percentages of one choice question over the survey's complete responses. */
  'analysis/frequency': {
    input: z.object({ surveyId: z.string().uuid(), question: z.string().regex(NAME_PATTERN) }),
    output: returns<Frequency>(),
  },
} satisfies ApiDomain;
