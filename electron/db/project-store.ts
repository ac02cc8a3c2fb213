import { randomUUID } from 'node:crypto';
import type { Db } from './open';
import { now } from './clock';
import { audit, type Actor } from './audit';

import type { ProjectCounts } from '../../core/api/project';
import { writeTransaction } from './transaction';

export type { ProjectCounts };

export function initProject(db: Db, title: string, actor: Actor): void {
  const at = now();
  writeTransaction(db, () => {
    db.prepare(`INSERT INTO project (id, uuid, title, created_at, updated_at) VALUES (1, ?, ?, ?, ?)`).run(
      randomUUID(),
      title,
      at,
      at,
    );
    audit(db, actor, 'create', 'project', '1', { title });
  })();
}

export function projectCounts(db: Db): ProjectCounts {
  const row = db
    .prepare(
      `SELECT
         (SELECT title FROM project WHERE id = 1) AS title,
         (SELECT count(*) FROM form WHERE deleted_at IS NULL) AS forms,
         (SELECT count(*) FROM question q JOIN form_version v ON v.id = q.form_version_id
            WHERE v.version = (SELECT max(version) FROM form_version WHERE form_id = v.form_id)) AS questions,
         (SELECT count(*) FROM response WHERE deleted_at IS NULL AND verifies IS NULL) AS responses,
         (SELECT count(*) FROM response WHERE deleted_at IS NULL AND verifies IS NULL AND status = 'draft') AS drafts`,
    )
    .get() as Omit<ProjectCounts, 'schemaVersion'> & { title: string | null };
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  return { schemaVersion, title: row.title ?? '', forms: row.forms, questions: row.questions, responses: row.responses, drafts: row.drafts };
}
