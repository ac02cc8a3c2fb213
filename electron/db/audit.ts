import type { Db } from './open';
import { now } from './clock';

export interface Actor {
  name: string;
  deviceId: string;
}

/** Appends to the audit trail. Callers pass ids and what changed, never a child's answer outside an edit record. */
export function audit(
  db: Db,
  actor: Actor,
  action: string,
  entity: string,
  entityId: string,
  detail: Record<string, unknown> = {},
): void {
  db.prepare(
    `INSERT INTO audit_log (at, actor, device_id, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(now(), actor.name, actor.deviceId, action, entity, entityId, JSON.stringify(detail));
}
