import { AppError } from '../../core/errors';
import type { SavedAnalysis } from '../../core/api/analysis';
import { nfc } from '../../core/text/vietnamese';
import type { Db } from '../db/open';
import { listSaved } from '../db/saved-analysis-store';
import { listSurveys } from '../db/survey-store';

/**
 * `tiengnoi stats FILE --saved "<title or id>"`: the saved analysis named by its id, or by its title in either
 * language (Unicode-normalised, case ignored), among the given surveys' (all surveys when none is given), in their
 * list order. Throws analysis.savedNotFound when none matches.
 */
export function findSavedAnalysis(db: Db, ref: string, surveyIds?: readonly string[]): SavedAnalysis {
  const wanted = nfc(ref).trim().toLocaleLowerCase('vi');
  for (const surveyId of surveyIds ?? listSurveys(db).map((s) => s.id)) {
    const found = listSaved(db, surveyId).find((s) => s.id === ref || [s.title.vi, s.title.en].some((t) => t !== undefined && t.toLocaleLowerCase('vi') === wanted));
    if (found) return found;
  }
  throw new AppError('analysis.savedNotFound');
}
