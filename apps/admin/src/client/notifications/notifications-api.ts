/**
 * The answers of the notifications API (`@otklik/notifications` through apps/api), as the admin reads
 * them. No zod in the browser: the API validated what it answers.
 */

export const NOTIFICATION_KINDS = [
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
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds nobody may switch off, which ignore quiet hours and digests (the package's `CRITICAL_KINDS`). */
export const CRITICAL_KINDS: ReadonlySet<string> = new Set<NotificationKind>(["sla_breach", "escalation"]);
/** The channels every critical notification goes to whatever is chosen (the package's floor). */
export const CRITICAL_FLOOR: readonly NotificationChannel[] = ["in_app", "email"];
/**
 * Kinds that go to citizens (by e-mail), never to staff: a member of staff has nothing to choose for
 * them, so the preferences screen leaves them out (and keeps whatever is stored).
 */
export const CITIZEN_KINDS: ReadonlySet<string> = new Set<NotificationKind>([
  "incident_resolved",
  "incident_reply",
]);

export const NOTIFICATION_CHANNELS = ["in_app", "email", "telegram", "webhook"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_STATES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "suppressed",
] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export interface NotificationLink {
  type: "incident" | "publication";
  id: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  channel: string;
  critical: boolean;
  subject: string;
  body: string;
  state: string;
  reason: string | null;
  attempts: number;
  read: boolean;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  readAt: string | null;
  /** The incident or publication it is about (older APIs leave it out). */
  link?: NotificationLink | null;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

export interface DeliveryView {
  id: string;
  kind: string;
  channel: string;
  address: string | null;
  recipientUserId: string | null;
  critical: boolean;
  subject: string;
  state: string;
  reason: string | null;
  attempts: number;
  templateVersion: number;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

export interface NotificationDetail extends NotificationView {
  deliveries: DeliveryView[];
}

export interface DeliveryPage {
  items: DeliveryView[];
  nextCursor: string | null;
}

export interface QuietHours {
  from: string;
  to: string;
}

export interface KindPreference {
  channels?: NotificationChannel[];
  digest?: boolean;
  quietHours?: QuietHours | null;
}

export interface Preferences {
  locale: Locale;
  channels: NotificationChannel[];
  quietHours: QuietHours | null;
  telegramChatId: string | null;
  webhookUrl: string | null;
  kinds: Partial<Record<string, KindPreference>>;
}

export interface Template {
  kind: NotificationKind;
  locale: Locale;
  version: number;
  subject: string;
  body: string;
  updatedBy: string | null;
  createdAt: string;
}

export interface TemplatePreview {
  kind: string;
  locale: Locale;
  version: number | null;
  subject: string;
  body: string;
}

/** Query keys: everything under `notifications` is refetched after a mark read (the badge too). */
export const NOTIFICATIONS_KEY = ["notifications"] as const;
export const UNREAD_COUNT_KEY = ["notifications", "unread-count"] as const;
export const PREFERENCES_KEY = ["notification-preferences"] as const;
export const TEMPLATES_KEY = ["notification-templates"] as const;

/** Where a notification's link leads in the admin (absolute, for nested routes). */
export function linkPath(link: NotificationLink): string {
  return link.type === "incident"
    ? `~/incidents/${encodeURIComponent(link.id)}`
    : `~/newsroom/publications/${encodeURIComponent(link.id)}`;
}

/** The variables a template names (`{number}`, `{count, plural, …}` → number, count), in order. */
export function templateVariables(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*[,}]/g)) {
    const name = match[1] ?? "";
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
