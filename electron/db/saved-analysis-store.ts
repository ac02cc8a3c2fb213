/**
 * Saved analyses and the working view of the Results screen, in the project file (migration 007). Saving, renaming,
 * moving and deleting write audit rows naming the analysis's id, its survey and its title, never a child's answer
 * (a spec holds question names and choice names only). The working view is not audited: it changes at every click.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors';
import { AnalysisSpecSchema, type AnalysisSpec, type AnalysisSpecInput, type AnalysisView, type SavedAnalysis } from '../../core/api/analysis';
import { missingQuestions, specQuestions } from '../../core/analysis/saved-spec';
import type { Labels } from '../../core/survey/model';
import type { Db } from './open';
import { now } from './clock';
import { audit, type Actor } from './audit';
import { getSurvey } from './survey-store';
import { writeTransaction } from './transaction';

interface SavedRow {
  id: string;
  formId: string;
  title: string;
  spec: string;
  position: number;
  createdAt: string;
  updatedAt: string;
}

const savedColumns = `id, form_id AS formId, title, spec, position, created_at AS createdAt, updated_at AS updatedAt`;

/** A stored spec read back leniently: a file from a newer app may hold more than this one knows. */
function readSpec(json: string): AnalysisSpec {
  const parsed = AnalysisSpecSchema.safeParse(JSON.parse(json));
  if (parsed.success) return parsed.data;
  throw new AppError('analysis.savedUnreadable');
}

/** The survey's question names today (its latest version). */
function questionNames(db: Db, surveyId: string): string[] {
  return getSurvey(db, surveyId).questions.map((q) => q.name);
}

function toSaved(row: SavedRow, known: readonly string[]): SavedAnalysis {
  const spec = readSpec(row.spec);
  return {
    id: row.id,
    surveyId: row.formId,
    title: JSON.parse(row.title) as Labels,
    spec,
    position: row.position,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    missing: missingQuestions(spec, known),
  };
}

function findSaved(db: Db, id: string, deleted = false): SavedRow {
  const row = db.prepare(`SELECT ${savedColumns} FROM analysis_saved WHERE id = ? AND deleted_at IS ${deleted ? 'NOT ' : ''}NULL`).get(id) as SavedRow | undefined;
  if (!row) throw new AppError('analysis.savedNotFound');
  return row;
}

function liveRows(db: Db, surveyId: string): SavedRow[] {
  return db
    .prepare(`SELECT ${savedColumns} FROM analysis_saved WHERE form_id = ? AND deleted_at IS NULL ORDER BY position, created_at, id`)
    .all(surveyId) as SavedRow[];
}

/** The survey's saved analyses in their order, each with the questions it names that the survey lacks. */
export function listSaved(db: Db, surveyId: string): SavedAnalysis[] {
  const known = questionNames(db, surveyId);
  return liveRows(db, surveyId).map((row) => toSaved(row, known));
}

export function getSaved(db: Db, id: string): SavedAnalysis {
  const row = findSaved(db, id);
  return toSaved(row, questionNames(db, row.formId));
}

/** Refuses a spec naming a question the survey does not have: what is saved must be what the screen could show. */
function assertQuestions(db: Db, surveyId: string, spec: AnalysisSpecInput): void {
  const [missing] = missingQuestions(spec, questionNames(db, surveyId));
  if (missing !== undefined) throw new AppError('analysis.unknownQuestion', { question: missing });
}

function mergeTitle(title: { vi?: string; en?: string }, previous: Labels = {}): Labels {
  const out: Labels = { ...previous };
  for (const lang of ['vi', 'en'] as const) {
    const text = title[lang];
    if (text === undefined) continue;
    if (text === '') delete out[lang];
    else out[lang] = text;
  }
  if (!out.vi && !out.en) throw new AppError('analysis.savedNoTitle');
  return out;
}

/** Renumbers the rows 0…n-1 in the given order, touching only those that move. */
function writePositions(db: Db, ids: readonly string[], at: string): void {
  const update = db.prepare('UPDATE analysis_saved SET position = ?, updated_at = ? WHERE id = ? AND position IS NOT ?');
  ids.forEach((id, position) => update.run(position, at, id, position));
}

export interface SaveInput {
  surveyId: string;
  id?: string;
  title?: { vi?: string; en?: string };
  spec?: AnalysisSpecInput;
}

/**
 * Creates a saved analysis (at the end of the list) when `id` is absent or unknown, else updates its title and/or
 * spec. A new one needs both. Audited as `create`, `rename` ({old, new} titles) and `update` (the question names of
 * the spec).
 */
export function saveAnalysis(db: Db, actor: Actor, input: SaveInput): SavedAnalysis {
  const id = input.id ?? randomUUID();
  writeTransaction(db, () => {
    getSurvey(db, input.surveyId);
    if (input.spec) assertQuestions(db, input.surveyId, input.spec);
    const spec = input.spec ? JSON.stringify(AnalysisSpecSchema.parse(input.spec)) : undefined;
    const at = now();
    const existing = db.prepare(`SELECT ${savedColumns}, deleted_at AS deletedAt FROM analysis_saved WHERE id = ?`).get(id) as
      | (SavedRow & { deletedAt: string | null })
      | undefined;
    if (!existing) {
      if (!input.title) throw new AppError('analysis.savedNoTitle');
      if (!spec) throw new AppError('badInput');
      const title = mergeTitle(input.title);
      const position = db
        .prepare('SELECT coalesce(max(position) + 1, 0) FROM analysis_saved WHERE form_id = ? AND deleted_at IS NULL')
        .pluck()
        .get(input.surveyId) as number;
      db.prepare(
        `INSERT INTO analysis_saved (id, form_id, title, spec, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, input.surveyId, JSON.stringify(title), spec, position, at, at);
      audit(db, actor, 'create', 'savedAnalysis', id, { survey: input.surveyId, title, questions: specQuestions(input.spec!) });
      return;
    }
    if (existing.deletedAt !== null) throw new AppError('analysis.savedNotFound');
    if (existing.formId !== input.surveyId) throw new AppError('analysis.savedNotFound');
    if (input.title) {
      const old = JSON.parse(existing.title) as Labels;
      const title = mergeTitle(input.title, old);
      if (JSON.stringify(title) !== JSON.stringify(old)) {
        db.prepare('UPDATE analysis_saved SET title = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(title), at, id);
        audit(db, actor, 'rename', 'savedAnalysis', id, { survey: input.surveyId, old, new: title });
      }
    }
    if (spec !== undefined && spec !== existing.spec) {
      db.prepare('UPDATE analysis_saved SET spec = ?, updated_at = ? WHERE id = ?').run(spec, at, id);
      audit(db, actor, 'update', 'savedAnalysis', id, { survey: input.surveyId, questions: specQuestions(input.spec!) });
    }
  })();
  return getSaved(db, id);
}

/** Deletes (soft) a saved analysis, or restores a deleted one at its old place; returns the survey's list. */
export function deleteSaved(db: Db, actor: Actor, id: string, restore = false): SavedAnalysis[] {
  const formId = writeTransaction(db, () => {
    const row = findSaved(db, id, restore);
    const at = now();
    const others = liveRows(db, row.formId)
      .filter((r) => r.id !== id)
      .map((r) => r.id);
    if (restore) {
      db.prepare('UPDATE analysis_saved SET deleted_at = NULL, updated_at = ? WHERE id = ?').run(at, id);
      others.splice(Math.min(row.position, others.length), 0, id);
    } else {
      db.prepare('UPDATE analysis_saved SET deleted_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
      // The working view no longer points at it (a restore does not bring the link back: the view has moved on).
      db.prepare('UPDATE analysis_view SET saved_id = NULL WHERE saved_id = ?').run(id);
    }
    writePositions(db, others, at);
    audit(db, actor, restore ? 'restore' : 'delete', 'savedAnalysis', id, { survey: row.formId, title: JSON.parse(row.title) as Labels });
    return row.formId;
  })();
  return listSaved(db, formId);
}

/** Moves a saved analysis to `position` (clamped to the list) among its survey's; returns the list. */
export function moveSaved(db: Db, actor: Actor, id: string, position: number): SavedAnalysis[] {
  const formId = writeTransaction(db, () => {
    const row = findSaved(db, id);
    const ids = liveRows(db, row.formId)
      .map((r) => r.id)
      .filter((other) => other !== id);
    const to = Math.min(position, ids.length);
    ids.splice(to, 0, id);
    const from = liveRows(db, row.formId).findIndex((r) => r.id === id);
    if (from !== to) {
      writePositions(db, ids, now());
      audit(db, actor, 'move', 'savedAnalysis', id, { survey: row.formId, from, to });
    }
    return row.formId;
  })();
  return listSaved(db, formId);
}

/** The survey's working view, with the questions it names that the survey lacks. */
export function getView(db: Db, surveyId: string): AnalysisView {
  const known = questionNames(db, surveyId);
  const row = db
    .prepare(
      `SELECT v.spec, v.updated_at AS updatedAt, s.id AS savedId FROM analysis_view v
       LEFT JOIN analysis_saved s ON s.id = v.saved_id AND s.deleted_at IS NULL WHERE v.form_id = ?`,
    )
    .get(surveyId) as { spec: string; updatedAt: string; savedId: string | null } | undefined;
  if (!row) return { spec: null, savedId: null, missing: [], updatedAt: null };
  const parsed = AnalysisSpecSchema.safeParse(JSON.parse(row.spec));
  // A view this app cannot read is forgotten rather than fatal: it is only where the screen was left.
  if (!parsed.success) return { spec: null, savedId: row.savedId, missing: [], updatedAt: row.updatedAt };
  return { spec: parsed.data, savedId: row.savedId, missing: missingQuestions(parsed.data, known), updatedAt: row.updatedAt };
}

/** Stores the survey's working view. Lenient about questions: the survey may have changed under an open screen. */
export function setView(db: Db, surveyId: string, view: { spec: AnalysisSpecInput; savedId: string | null }): AnalysisView {
  writeTransaction(db, () => {
    getSurvey(db, surveyId);
    const savedId =
      view.savedId !== null && db.prepare('SELECT 1 FROM analysis_saved WHERE id = ? AND form_id = ? AND deleted_at IS NULL').get(view.savedId, surveyId)
        ? view.savedId
        : null;
    db.prepare(
      `INSERT INTO analysis_view (form_id, spec, saved_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (form_id) DO UPDATE SET spec = excluded.spec, saved_id = excluded.saved_id, updated_at = excluded.updated_at`,
    ).run(surveyId, JSON.stringify(AnalysisSpecSchema.parse(view.spec)), savedId, now());
  })();
  return getView(db, surveyId);
}
