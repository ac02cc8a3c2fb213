import { AppError } from '../../../core/errors';
import { translate } from '../../../core/i18n/messages';
import { isBlockingProblem, validateSurvey } from '../../../core/survey/validate';
import { createSurvey, getSurvey, listSurveys, saveSurvey } from '../../db/survey-store';
import type { Handlers } from '../handler-types';
import { TEMPLATES } from '../../templates/child-consultation';

type SurveyHandlers = Pick<Handlers, 'survey/list' | 'survey/get' | 'survey/create' | 'survey/createFromTemplate' | 'survey/save'>;

export const surveyHandlers: SurveyHandlers = {
  'survey/list': (_input, { session }) => listSurveys(session.db),

  'survey/get': ({ surveyId }, { session }) => getSurvey(session.db, surveyId),

  'survey/create': ({ title }, { session }) => {
    const id = createSurvey(session.db, title, session.actor);
    return getSurvey(session.db, id);
  },

  'survey/createFromTemplate': ({ template, provinces }, { session }) => {
    const content = TEMPLATES[template].build({ provinces });
    const id = createSurvey(session.db, content.title, session.actor, content);
    return getSurvey(session.db, id);
  },

  'survey/save': ({ surveyId, ...content }, { session, lang }) => {
    const broken = validateSurvey(content).filter(isBlockingProblem);
    if (broken.length > 0) {
      throw new AppError('survey.invalid', { problems: broken.map((p) => translate(lang, p.key, p.params)).join(' ') });
    }
    return saveSurvey(session.db, surveyId, content, session.actor);
  },
};
