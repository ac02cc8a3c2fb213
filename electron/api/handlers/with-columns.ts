import { prepareColumns } from '../../analysis/columns-thread';
import type { Db } from '../../db/open';
import { AppError } from '../../../core/errors';
import type { Session } from '../session';

/**
 * The open project, once a long rebuild of the survey's analysis columns is done on its thread (columns-thread.ts),
 * with a bar: for every call that reads the columns (Results; the coding screen's counts, codes table and quotes).
 */
export async function withColumns(session: Session, surveyId: string): Promise<Db> {
  const db = session.db;
  await prepareColumns(db, surveyId, (done, total) => session.emit('task/progress', { task: 'prepareAnalysis', done, total }));
  // Another project opened meanwhile: this answer would be about a file no longer shown.
  if (session.db !== db) throw new AppError('project.notOpen');
  return db;
}
