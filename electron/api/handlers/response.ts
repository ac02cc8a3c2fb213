import { AppError } from '../../../core/errors';
import { answerTarget, checkAnswer } from '../../../core/survey/answers';
import { readContent } from '../../db/survey-store';
import {
  completeResponse,
  createResponse,
  findResponse,
  getResponse,
  listResponses,
  readAnswers,
  writeAnswer,
  writeRefusal,
} from '../../db/response-store';
import { meetsConstraint } from '../../../core/survey/runtime';
import type { Handlers } from '../handler-types';

type ResponseHandlers = Pick<Handlers, 'response/create' | 'response/get' | 'response/answer' | 'response/refuse' | 'response/complete' | 'response/list'>;

export const responseHandlers: ResponseHandlers = {
  'response/create': ({ surveyId }, { session }) => {
    const id = createResponse(session.db, surveyId, session.actor);
    return getResponse(session.db, id);
  },

  'response/get': ({ responseId }, { session }) => getResponse(session.db, responseId),

  'response/answer': ({ responseId, question, value }, { session }) => {
    const response = findResponse(session.db, responseId);
    if (response.status === 'complete') throw new AppError('response.closed');
    // Checked against the version the response was started with, not today's draft.
    const survey = readContent(session.db, response.versionId);
    const target = answerTarget(survey, question);
    if (!target) throw new AppError('answer.unknownQuestion', { question });
    if (checkAnswer(survey, target.question, value)) throw new AppError('answer.invalid', { question });
    if (value && !meetsConstraint(survey, target.question, value, readAnswers(session.db, responseId), { path: target.path })) {
      throw new AppError('answer.constraint', { question });
    }
    return { savedAt: writeAnswer(session.db, responseId, question, value) };
  },

  'response/refuse': ({ responseId, question }, { session }) => {
    const response = findResponse(session.db, responseId);
    if (response.status === 'complete') throw new AppError('response.closed');
    const survey = readContent(session.db, response.versionId);
    if (!answerTarget(survey, question)) throw new AppError('answer.unknownQuestion', { question });
    return { savedAt: writeRefusal(session.db, responseId, question) };
  },

  'response/complete': ({ responseId }, { session }) => {
    const response = findResponse(session.db, responseId);
    if (response.status !== 'complete') completeResponse(session.db, responseId, session.actor);
    session.emit('responses/changed', { surveyId: response.surveyId });
    const { answers: _answers, refused: _refused, surveyId: _surveyId, ...summary } = getResponse(session.db, responseId);
    return summary;
  },

  'response/list': ({ surveyId }, { session }) => listResponses(session.db, surveyId),
};
