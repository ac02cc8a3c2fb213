import { z } from 'zod';
import { returns, type ApiDomain } from './contract';
import { LabelsSchema, SurveyContentSchema, type Survey, type SurveySummary } from '../survey/model';
import type { VersionWarning } from '../survey/changes';
import type { FileProblem } from '../io/problems';
import { MAX_IMAGE_BYTES, type ImageType } from '../survey/images';

const surveyId = z.string().uuid();

/** Starter surveys shipped with the app (built on the main side from the reference lists). */
export const TEMPLATE_KEYS = ['child-consultation'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];
/** Which provincial list a template's province question uses: the 34 units since 1 July 2025, or the 63 before. */
export const PROVINCE_LISTS = ['2025', '2008'] as const;

export const surveyApi = {
  'survey/list': { input: z.object({}), output: returns<SurveySummary[]>() },
  'survey/get': { input: z.object({ surveyId }), output: returns<Survey>() },
  'survey/create': { input: z.object({ title: LabelsSchema }), output: returns<Survey>() },
  'survey/createFromTemplate': {
    input: z.object({ template: z.enum(TEMPLATE_KEYS), provinces: z.enum(PROVINCE_LISTS).default('2025') }),
    output: returns<Survey>(),
  },
  /** Saves the working draft; problems do not block saving (the designer shows them), structure errors do. */
  'survey/save': {
    input: SurveyContentSchema.extend({ surveyId }),
    output: returns<{ version: number; updatedAt: string; warnings: VersionWarning[] }>(),
  },
  /** Adds a picture (base64) for questions and choices; returns the name to refer to it by. */
  'survey/addImage': {
    // The bound leaves room above the limit so an image a little too big gets its own clear message.
    input: z.object({ fileName: z.string().min(1).max(255), base64: z.string().max(MAX_IMAGE_BYTES * 2) }),
    output: returns<{ name: string }>(),
  },
  /** Adds the survey of an XLSForm (KoboToolbox, ODK); what is wrong comes back as a list, placed by sheet, row, column. */
  'survey/importXlsForm': {
    input: z.object({ fileName: z.string().min(1).max(255), base64: z.string().max(40 * 1024 * 1024) }),
    output: returns<{ survey: Survey | null; problems: FileProblem[]; warnings: FileProblem[] }>(),
  },
  /** The survey as an XLSForm workbook, for KoboToolbox, ODK or a spreadsheet. */
  'survey/exportXlsForm': { input: z.object({ surveyId }), output: returns<{ fileName: string; base64: string }>() },
  'survey/image': { input: z.object({ name: z.string().min(1).max(255) }), output: returns<{ mime: ImageType; base64: string }>() },
  /** Freezes the current version; editing afterwards starts the next one. */
  'survey/publish': { input: z.object({ surveyId }), output: returns<{ version: number }>() },
} satisfies ApiDomain;
