import { AppError } from '../../../core/errors';
import { createResponse, findByPaperCode, findResponse, getResponse, writeAnswer } from '../../db/response-store';
import { editAnswer } from '../../db/response-review';
import { discrepancies } from '../../db/double-entry';
import type { Handlers } from '../handler-types';
import { assertValidAnswer } from './response';
import { writeTransaction } from '../../db/transaction';

type DoubleEntryHandlers = Pick<Handlers, 'response/verify' | 'response/discrepancies' | 'response/settle'>;

/**
 * Double entry: a second person types a paper again without seeing the first typing; the app lists where the
 * two differ, and a supervisor settles each difference. The kept value goes into the response (audited as an
 * edit) and into the second typing too, so settled questions no longer show as different.
 */
export const doubleEntryHandlers: DoubleEntryHandlers = {
  'response/verify': ({ surveyId, paperCode }, { session }) => {
    const primary = findByPaperCode(session.db, surveyId, paperCode);
    if (!primary || primary.status !== 'complete') throw new AppError('response.noPaper', { code: paperCode });
    const id = createResponse(session.db, surveyId, session.actor, { verifies: primary });
    return getResponse(session.db, id);
  },

  'response/discrepancies': ({ responseId }, { session }) => {
    const second = findResponse(session.db, responseId);
    if (!second.verifies) throw new AppError('response.notVerification');
    const { surveyId: _s, versionId: _v, ...primary } = findResponse(session.db, second.verifies);
    return { primary, discrepancies: discrepancies(session.db, primary.id, responseId) };
  },

  'response/settle': ({ responseId, question, value }, { session }) => {
    const second = findResponse(session.db, responseId);
    if (!second.verifies) throw new AppError('response.notVerification');
    const primary = findResponse(session.db, second.verifies);
    assertValidAnswer(session.db, primary, question, value);
    writeTransaction(session.db, () => {
      editAnswer(session.db, session.actor, primary.id, question, value, 'double entry');
      writeAnswer(session.db, responseId, question, value);
    })();
    session.emit('responses/changed', { surveyId: primary.surveyId });
    return { remaining: discrepancies(session.db, primary.id, responseId).length };
  },
};
