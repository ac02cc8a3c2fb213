import type { Db } from './open';

/**
 * Merging project files brings saved analyses along (called by merge.ts for each source, after its surveys).
 * A saved analysis is known by its UUID: the same one changed in two files keeps its latest change (title, spec,
 * place in the list, deletion), as coding themes do; one the target lacks is added. Surveys are matched by
 * `form_key`, like responses; an analysis of a survey the target does not have is left out. Positions that two
 * laptops both used are made distinct afterwards, keeping the order (position, then creation). The working view
 * (`analysis_view`) is not merged: it is where this laptop's screen was left, not part of the consultation.
 * Running the same merge again changes nothing.
 */
export function mergeSavedAnalyses(target: Db, source: Db): void {
  const targetForm = target.prepare('SELECT id FROM form WHERE form_key = ?').pluck();
  const rows = source
    .prepare(
      `SELECT s.id, f.form_key AS formKey, s.title, s.spec, s.position, s.created_at AS createdAt, s.updated_at AS updatedAt, s.deleted_at AS deletedAt
       FROM analysis_saved s JOIN form f ON f.id = s.form_id ORDER BY s.form_id, s.position, s.created_at`,
    )
    .all() as { id: string; formKey: string; title: string; spec: string; position: number; createdAt: string; updatedAt: string; deletedAt: string | null }[];
  const upsert = target.prepare(
    `INSERT INTO analysis_saved (id, form_id, title, spec, position, created_at, updated_at, deleted_at)
     VALUES (@id, @formId, @title, @spec, @position, @createdAt, @updatedAt, @deletedAt)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, spec = excluded.spec, position = excluded.position,
       updated_at = excluded.updated_at, deleted_at = excluded.deleted_at
     WHERE excluded.updated_at > analysis_saved.updated_at`,
  );
  const touched = new Set<string>();
  for (const { formKey, ...row } of rows) {
    const formId = targetForm.get(formKey) as string | undefined;
    if (formId === undefined) continue;
    if (upsert.run({ ...row, formId }).changes > 0) touched.add(formId);
  }
  for (const formId of touched) renumber(target, formId);
}

/** Positions 0…n-1 over a survey's live analyses, in their merged order; rows already in place are not touched. */
function renumber(db: Db, formId: string): void {
  const ids = db
    .prepare('SELECT id FROM analysis_saved WHERE form_id = ? AND deleted_at IS NULL ORDER BY position, created_at, id')
    .pluck()
    .all(formId) as string[];
  // Renumbering is not a change of the analysis: updated_at stays, so the next merge still compares real edits.
  const update = db.prepare('UPDATE analysis_saved SET position = ? WHERE id = ? AND position <> ?');
  ids.forEach((id, position) => update.run(position, id, position));
}
