import { AppError } from '../../../core/errors';
import { frequency } from '../../../core/analysis/frequency';
import { isChoiceQuestion } from '../../../core/survey/model';
import { getSurvey } from '../../db/survey-store';
import { answerValues } from '../../db/response-store';
import { numericView, projectMinCell, setProjectMinCell, tableView } from '../../analysis/views';
import type { Handlers } from '../handler-types';

type AnalysisHandlers = Pick<Handlers, 'analysis/frequency' | 'analysis/table' | 'analysis/numeric' | 'analysis/settings'>;

export const analysisHandlers: AnalysisHandlers = {
  'analysis/frequency': ({ surveyId, question }, { session }) => {
    const survey = getSurvey(session.db, surveyId);
    const target = survey.questions.find((q) => q.name === question);
    if (!target || !isChoiceQuestion(target)) throw new AppError('analysis.notChoiceQuestion', { question });
    return frequency(survey, target, answerValues(session.db, surveyId, question));
  },
  'analysis/table': (input, { session }) => tableView(session.db, input),
  'analysis/numeric': (input, { session }) => numericView(session.db, input),
  'analysis/settings': ({ minCell }, { session }) => {
    if (minCell !== undefined) setProjectMinCell(session.db, minCell);
    return { minCell: projectMinCell(session.db) };
  },
};
