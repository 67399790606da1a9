import { type Clock, newId } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { type Actor, actorId } from "../access/actor.js";
import { auditLog } from "../schema.js";
import { orm } from "../storage/database.js";

/** A change to record: an action (`user.create`) on an object, with the changed fields. */
export interface AuditRecord {
  /** `<object type>.<verb>`, e.g. `user.update`, `consent.withdraw`. */
  action: string;
  objectType: string;
  objectId: string;
  /** The department the object belongs to, when it belongs to one. */
  departmentId?: string | null;
  /** Fields before the change, as {@link auditSnapshot} or {@link auditChange} made them. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Appends one entry to the audit log, in the caller's transaction, so the
 * change and its record commit together. Every package records its changes here.
 * The address is kept for staff and integrations only: a citizen's address
 * would be personal data, and the log never holds any.
 */
export async function recordAudit(
  db: Executor,
  context: { clock: Clock; actor: Actor },
  record: AuditRecord,
): Promise<string> {
  const [id] = await recordAudits(db, context, [record]);
  return id as string;
}

/**
 * Appends several entries in one statement (e.g. a batch of incidents registered together), in the
 * caller's transaction and in the given order; answers their ids.
 */
export async function recordAudits(
  db: Executor,
  context: { clock: Clock; actor: Actor },
  records: readonly AuditRecord[],
): Promise<string[]> {
  if (records.length === 0) return [];
  const { actor } = context;
  const at = context.clock.now();
  const address = actor.kind === "user" || actor.kind === "token" ? actor.address : null;
  const rows = records.map((record) => ({
    id: newId("aud", at),
    at,
    actorKind: actor.kind,
    actorId: actorId(actor),
    address,
    action: record.action,
    objectType: record.objectType,
    objectId: record.objectId,
    departmentId: record.departmentId ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
  }));
  await orm(db).insert(auditLog).values(rows);
  return rows.map((row) => row.id);
}
