import { z } from "zod";

/** What a notification is about. Each kind has its templates and its preference row. */
export const NotificationKind = z.enum([
  "incident_assigned",
  "sla_warning",
  "sla_breach",
  "escalation",
  "citizen_wrote_again",
  "incident_resolved",
  "incident_reply",
  "publication_published",
  "publication_failed",
  "hearing_comment_to_moderate",
  "department_request",
  "department_answer",
  "daily_digest",
  "weekly_digest",
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** Every kind, in the order the admin lists them. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = NotificationKind.options;

/**
 * Kinds nobody may switch off and that ignore quiet hours and digests: a missed deadline must
 * reach a person at once, whatever they chose for everything else.
 */
export const CRITICAL_KINDS: ReadonlySet<NotificationKind> = new Set(["sla_breach", "escalation"]);

/** Whether a kind is critical (see {@link CRITICAL_KINDS}). */
export function isCritical(kind: NotificationKind): boolean {
  return CRITICAL_KINDS.has(kind);
}

/** Where a notification goes. */
export const NotificationChannel = z.enum(["in_app", "email", "telegram", "webhook"]);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** The life of a notification: `queued` → `sent` (handed over) / `delivered` (confirmed) / `failed`; or `suppressed`. */
export const NotificationState = z.enum(["queued", "sending", "sent", "delivered", "failed", "suppressed"]);
export type NotificationState = z.infer<typeof NotificationState>;

/** The languages templates are written in; Russian first. */
export const Locale = z.enum(["ru", "en"]);
export type Locale = z.infer<typeof Locale>;
