import { AppError } from '../../../core/errors';
import { isBlockingProblem, problemMessage, validateSurvey } from '../../../core/survey/validate';
import { answerUsage, createSurvey, getSurvey, listSurveys, publishSurvey, publishedContent, saveSurvey } from '../../db/survey-store';
import { breakingChanges, usageFrom } from '../../../core/survey/changes';
import type { Handlers } from '../handler-types';
import { TEMPLATES } from '../../templates';

type SurveyHandlers = Pick<Handlers, 'survey/list' | 'survey/get' | 'survey/create' | 'survey/createFromTemplate' | 'survey/save' | 'survey/publish'>;

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
      throw new AppError('survey.invalid', { problems: broken.map((p) => problemMessage(lang, p)).join(' ') });
    }
    const saved = saveSurvey(session.db, surveyId, content, session.actor);
    const published = publishedContent(session.db, surveyId);
    const warnings = published ? breakingChanges(published, content, usageFrom(answerUsage(session.db, surveyId), published)) : [];
    // A save always leaves a draft (a published version is never rewritten), hence no status here.
    return { ...saved, warnings };
  },

  'survey/publish': ({ surveyId }, { session }) => ({ version: publishSurvey(session.db, surveyId, session.actor) }),
};
