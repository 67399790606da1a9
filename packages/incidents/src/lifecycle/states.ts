import { z } from "zod";

/** Where an incident is in its life. The first public reply is a recorded fact, not a status. */
export const IncidentStatus = z.enum([
  "new",
  "assigned",
  "in_progress",
  "waiting_for_citizen",
  "forwarded",
  "resolved",
  "closed",
  "rejected",
  "reopened",
]);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** Roles of the identity package; only some of them move incidents. */
export const Role = z.enum(["admin", "editor", "operator", "executor", "head", "analyst"]);
export type Role = z.infer<typeof Role>;

/** What proves a fix: a photo, a video or an acceptance act count as proof; other files do not. */
export const MediaKind = z.enum(["photo", "video", "acceptance-act", "document", "link"]);
export type MediaKind = z.infer<typeof MediaKind>;

/** A file attached to a transition. */
export const Attachment = z.object({ kind: MediaKind, url: z.string().min(1) });
export type Attachment = z.infer<typeof Attachment>;

/** How an incident ended: fixed (with proof), explained (a consultation), or forwarded to another authority. */
export const Resolution = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixed") }),
  z.object({ kind: z.literal("explained") }),
  z.object({ kind: z.literal("forwarded"), addressee: z.string().min(1) }),
]);
export type Resolution = z.infer<typeof Resolution>;

/** What the pure lifecycle needs to know about an incident. */
export const IncidentState = z.object({
  status: IncidentStatus,
  /** Increases with every change; a command naming an older version is refused (optimistic concurrency). */
  version: z.number().int().nonnegative(),
  departmentKey: z.string().nullable(),
  resolution: Resolution.nullable(),
  firstPublicReplyAt: z.date().nullable(),
});
export type IncidentState = z.infer<typeof IncidentState>;

/** Who acts: a user's id, role and, for executors, their department. */
export const Actor = z.object({
  id: z.string().min(1),
  role: Role,
  departmentKey: z.string().nullable().optional(),
});
export type Actor = z.infer<typeof Actor>;

/** Russian and English names of the statuses, for messages. */
export const STATUS_NAMES: Readonly<Record<IncidentStatus, { ru: string; en: string }>> = {
  new: { ru: "новый", en: "new" },
  assigned: { ru: "назначен", en: "assigned" },
  in_progress: { ru: "в работе", en: "in progress" },
  waiting_for_citizen: { ru: "ожидает ответа заявителя", en: "waiting for the citizen" },
  forwarded: { ru: "перенаправлен", en: "forwarded" },
  resolved: { ru: "решён", en: "resolved" },
  closed: { ru: "закрыт", en: "closed" },
  rejected: { ru: "отклонён", en: "rejected" },
  reopened: { ru: "возобновлён", en: "reopened" },
};
