import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { LabelsSchema, SurveyContentSchema, type Survey, type SurveySummary } from '../survey/model';

const surveyId = z.string().uuid();

export const surveyApi = {
  'survey/list': { input: z.object({}), output: returns<SurveySummary[]>() },
  'survey/get': { input: z.object({ surveyId }), output: returns<Survey>() },
  'survey/create': { input: z.object({ title: LabelsSchema }), output: returns<Survey>() },
  /** Saves the working draft; problems do not block saving (the designer shows them), structure errors do. */
  'survey/save': {
    input: SurveyContentSchema.extend({ surveyId }),
    output: returns<{ version: number; updatedAt: string }>(),
  },
} satisfies ApiDomain;
