import { numericView, projectMinCell, setProjectMinCell } from '../../analysis/views';
import { tableWithCodes } from '../../analysis/codes-table';
import { deleteSaved, getView, listSaved, moveSaved, saveAnalysis, setView } from '../../db/saved-analysis-store';
import { withColumns } from './with-columns';
import type { Handlers } from '../handler-types';

type AnalysisHandlers = Pick<Handlers, 'analysis/table' | 'analysis/numeric' | 'analysis/settings' | SavedAnalysisMethods>;
type SavedAnalysisMethods = 'analysis/saved' | 'analysis/save' | 'analysis/deleteSaved' | 'analysis/moveSaved' | 'analysis/view';

export const analysisHandlers: AnalysisHandlers = {
  'analysis/table': async ({ codeLevel, ...request }, { session }) => tableWithCodes(await withColumns(session, request.surveyId), request, codeLevel),
  'analysis/numeric': async (input, { session }) => numericView(await withColumns(session, input.surveyId), input),
  'analysis/settings': ({ minCell }, { session }) => {
    if (minCell !== undefined) setProjectMinCell(session.db, minCell, session.actor);
    return { minCell: projectMinCell(session.db) };
  },
  'analysis/saved': ({ surveyId }, { session }) => listSaved(session.db, surveyId),
  'analysis/save': (input, { session }) => saveAnalysis(session.db, session.actor, input),
  'analysis/deleteSaved': ({ id, restore }, { session }) => deleteSaved(session.db, session.actor, id, restore),
  'analysis/moveSaved': ({ id, position }, { session }) => moveSaved(session.db, session.actor, id, position),
  'analysis/view': ({ surveyId, view }, { session }) => (view ? setView(session.db, surveyId, view) : getView(session.db, surveyId)),
};
