import { AppError } from '../../../core/errors';
import { findAnyResponse, findResponse, readAnswers, refusedKeys } from '../../db/response-store';
import { deleteResponse, editAnswer, responseHistory, restoreResponse, searchResponses } from '../../db/response-review';
import { readContent } from '../../db/survey-store';
import type { Handlers } from '../handler-types';
import type { Session } from '../session';
import type { BuildProgress } from '../../db/response-search-index';
import { assertValidAnswer } from './response';

type ResponsesHandlers = Pick<
  Handlers,
  'response/search' | 'response/view' | 'response/edit' | 'response/history' | 'response/delete' | 'response/restore'
>;

/** One progress callback per session: the searches made while the index is built tell it once, not once each. */
const indexProgress = new WeakMap<Session, BuildProgress>();
function indexProgressOf(session: Session): BuildProgress {
  let tell = indexProgress.get(session);
  if (!tell) indexProgress.set(session, (tell = (done, total) => session.emit('task/progress', { task: 'prepareSearch', done, total })));
  return tell;
}

export const responsesHandlers: ResponsesHandlers = {
  'response/search': ({ surveyId, ...filters }, { session, lang }) => searchResponses(session.db, surveyId, filters, lang, indexProgressOf(session)),

  'response/view': ({ responseId }, { session }) => {
    const { versionId, version, ...row } = findAnyResponse(session.db, responseId);
    return {
      response: { ...row, answers: readAnswers(session.db, responseId), refused: refusedKeys(session.db, responseId) },
      survey: readContent(session.db, versionId),
      version,
    };
  },

  'response/edit': ({ responseId, question, value, reason }, { session }) => {
    const response = findResponse(session.db, responseId);
    // A draft is still being entered: its answers go through response/answer, unaudited, as they are given.
    if (response.status !== 'complete') throw new AppError('responses.notComplete');
    assertValidAnswer(session.db, response, question, value);
    const result = editAnswer(session.db, session.actor, responseId, question, value, reason || undefined);
    if (result.changed) session.emit('responses/changed', { surveyId: response.surveyId });
    return result;
  },

  'response/history': ({ responseId }, { session }) => responseHistory(session.db, responseId),

  'response/delete': ({ responseId, reason }, { session }) => {
    const { surveyId } = findResponse(session.db, responseId);
    const deletedAt = deleteResponse(session.db, session.actor, responseId, reason);
    session.emit('responses/changed', { surveyId });
    return { deletedAt };
  },

  'response/restore': ({ responseId }, { session }) => {
    const { surveyId } = findAnyResponse(session.db, responseId);
    const restoredAt = restoreResponse(session.db, session.actor, responseId);
    session.emit('responses/changed', { surveyId });
    return { restoredAt };
  },
};
