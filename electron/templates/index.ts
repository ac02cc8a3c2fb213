import type { TemplateKey } from '../../core/api/survey';
import type { Labels, SurveyContent } from '../../core/survey/model';
import { buildChildConsultation, type ChildConsultationOptions } from './child-consultation';

export interface SurveyTemplate {
  title: Labels;
  build: (options: ChildConsultationOptions) => SurveyContent;
}

/** The starter surveys the CLI and the UI offer, by key (the keys are declared with the API, in core). */
export const TEMPLATES = {
  'child-consultation': {
    build: buildChildConsultation,
    title: { vi: 'Khảo sát tham vấn trẻ em', en: 'Child consultation survey' },
  },
} as const satisfies Record<TemplateKey, SurveyTemplate>;
