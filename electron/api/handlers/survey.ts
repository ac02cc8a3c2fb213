import { AppError } from '../../../core/errors';
import { isBlockingProblem, problemMessage, validateSurvey } from '../../../core/survey/validate';
import { answerUsage, createSurvey, getSurvey, listSurveys, publishSurvey, publishedContent, saveSurvey } from '../../db/survey-store';
import { breakingChanges, usageFrom } from '../../../core/survey/changes';
import type { Handlers } from '../handler-types';
import { TEMPLATES } from '../../templates';
import { addImage, getImage } from '../../db/media-store';
import { importXlsFormBytes } from '../../io/xlsform-import';
import { xlsFormBytes } from '../../io/xlsform-export';
import { MAX_IMAGE_BYTES } from '../../../core/survey/images';

type SurveyHandlers = Pick<Handlers, 'survey/list' | 'survey/get' | 'survey/create' | 'survey/createFromTemplate' | 'survey/save' | 'survey/publish' | 'survey/addImage' | 'survey/image' | 'survey/importXlsForm' | 'survey/exportXlsForm'>;

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

  'survey/addImage': ({ fileName, base64 }, { session }) => {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('media.tooLarge', { file: fileName, max: MAX_IMAGE_BYTES / 1024 / 1024 });
    return { name: addImage(session.db, fileName, bytes, session.actor) };
  },

  'survey/importXlsForm': ({ fileName, base64 }, { session }) => {
    const result = importXlsFormBytes(Buffer.from(base64, 'base64'), fileName);
    if ('problems' in result) return { survey: null, problems: result.problems, warnings: [] };
    const id = createSurvey(session.db, result.survey.title, session.actor, result.survey);
    return { survey: getSurvey(session.db, id), problems: [], warnings: result.warnings };
  },

  'survey/exportXlsForm': ({ surveyId }, { session }) => {
    const survey = getSurvey(session.db, surveyId);
    return { fileName: `${survey.formKey}.xlsx`, base64: xlsFormBytes(survey, survey.formKey, survey.version).toString('base64') };
  },

  'survey/image': ({ name }, { session }) => {
    const { mime, data } = getImage(session.db, name);
    return { mime, base64: data.toString('base64') };
  },

  'survey/publish': ({ surveyId }, { session }) => ({ version: publishSurvey(session.db, surveyId, session.actor) }),
};
