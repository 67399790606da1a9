import { Pagination } from "@otklik/core";
import { z } from "zod";

/** One entry of the audit log: who did what to which object, when, from where. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ kind: z.enum(["user", "token", "anonymous", "system"]), id: z.string() }),
  /** The client's address, recorded for staff and integrations (never for citizens). */
  address: z.string().nullable(),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string() }),
  departmentId: z.string().nullable(),
  /** The changed fields before and after; personal data shows only as {@link PERSONAL_DATA_MARK}. */
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Which entries to list: by object, by person (actor), or both; newest first. */
export const AuditQuery = Pagination.extend({
  objectType: z.string().min(1).max(64).optional(),
  objectId: z.string().min(1).max(64).optional(),
  actorId: z.string().min(1).max(64).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
