import Database from 'better-sqlite3';
import { migrate } from '../../electron/db/open';

const T = '2025-07-01T00:00:00.000Z';

/**
 * A version-10 project file of `responses` complete responses with four answers each (age, sex, province, why),
 * written with plain SQL in a moment, for the tests that open an older file. Response `i` answers why with
 * "Em muốn được lắng nghe i".
 */
export function writeVersion10Project(file: string, title: string, responses: number): void {
  const raw = new Database(file);
  migrate(raw, 0, 10);
  raw.exec(`
    INSERT INTO project (id, uuid, title, created_at, updated_at) VALUES (1, 'p', '${title.replace(/'/g, "''")}', '${T}', '${T}');
    INSERT INTO form (id, form_key, created_at) VALUES ('f', 'khao_sat', '${T}');
    INSERT INTO form_version (id, form_id, version, status, created_at, updated_at) VALUES (1, 'f', 1, 'published', '${T}', '${T}');
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${responses})
      INSERT INTO response (id, uuid, form_version_id, number, device_id, status, created_at, updated_at)
      SELECT i, printf('r-%06d', i), 1, i, 'd', 'complete', '${T}', '${T}' FROM n;
    INSERT INTO answer (response_id, question_name, value, state, answered_at)
      SELECT r.id, q.name, CASE q.name WHEN 'why' THEN 'Em muốn được lắng nghe ' || r.id ELSE r.id % 7 END, 'answered', NULL
      FROM response r CROSS JOIN (SELECT 'age' AS name UNION ALL SELECT 'sex' UNION ALL SELECT 'province' UNION ALL SELECT 'why') q;
  `);
  raw.close();
}
