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
  setPaperCode,
  type ResponseRow,
} from '../../db/response-store';
import type { Db } from '../../db/open';
import { meetsConstraint } from '../../../core/survey/runtime';
import type { Handlers } from '../handler-types';

/**
 * Throws unless `value` may be saved as the answer `question` of this response: the key names a question of the
 * version the response was started with (not today's draft), the value suits the question, and meets its constraint.
 * Shared by answer entry and by the correction of complete responses.
 */
export function assertValidAnswer(db: Db, response: ResponseRow, question: string, value: string | null): void {
  const survey = readContent(db, response.versionId);
  const target = answerTarget(survey, question);
  if (!target) throw new AppError('answer.unknownQuestion', { question });
  if (checkAnswer(survey, target.question, value)) throw new AppError('answer.invalid', { question });
  if (value && !meetsConstraint(survey, target.question, value, readAnswers(db, response.id), { path: target.path })) {
    throw new AppError('answer.constraint', { question });
  }
}

type ResponseHandlers = Pick<
  Handlers,
  'response/create' | 'response/get' | 'response/answer' | 'response/refuse' | 'response/complete' | 'response/list' | 'response/setPaperCode'
>;

export const responseHandlers: ResponseHandlers = {
  'response/create': ({ surveyId, paperCode }, { session }) => {
    const id = createResponse(session.db, surveyId, session.actor, { paperCode });
    return getResponse(session.db, id);
  },

  'response/setPaperCode': ({ responseId, paperCode }, { session }) => {
    setPaperCode(session.db, responseId, paperCode, session.actor);
    const { surveyId: _s, versionId: _v, ...summary } = findResponse(session.db, responseId);
    return summary;
  },

  'response/get': ({ responseId }, { session }) => getResponse(session.db, responseId),

  'response/answer': ({ responseId, question, value }, { session }) => {
    const response = findResponse(session.db, responseId);
    if (response.status === 'complete') throw new AppError('response.closed');
    assertValidAnswer(session.db, response, question, value);
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
