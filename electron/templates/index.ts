import type { TemplateKey } from '../../core/api/survey';
import type { SurveyContent } from '../../core/survey/model';
import { buildChildConsultation, type ChildConsultationOptions } from './child-consultation';

export interface SurveyTemplate {
  build: (options: ChildConsultationOptions) => SurveyContent;
}

/** The starter surveys the CLI and the UI offer, by key (the keys are declared with the API, in core). */
export const TEMPLATES = {
  // Its name in the interface is the catalog's template.childConsultation; its survey title is its own.
  'child-consultation': { build: buildChildConsultation },
} as const satisfies Record<TemplateKey, SurveyTemplate>;
