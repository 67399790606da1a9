import { decodeCursor, encodeCursor, OtklikError, Pagination } from "@otklik/core";
import { requirePermission, requireSignedInUser } from "@otklik/identity";
import { z } from "zod";
import type { NotificationContext } from "../context.js";
import { NotificationChannel, NotificationKind, NotificationState } from "../kinds/kinds.js";
import { linkOf, NotificationView } from "./inbox.js";

/** One channel's delivery of a notification: its state, the reason, the tries and the times. */
export const DeliveryView = z.object({
  id: z.string(),
  kind: z.string(),
  channel: z.string(),
  /** The e-mail address, chat id or webhook URL; null in-app. */
  address: z.string().nullable(),
  recipientUserId: z.string().nullable(),
  critical: z.boolean(),
  subject: z.string(),
  state: z.string(),
  reason: z.string().nullable(),
  attempts: z.number(),
  templateVersion: z.number(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  failedAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

/** One of one's notifications with how each channel fared (in-app, e-mail, Telegram, webhook). */
export const NotificationDetail = NotificationView.extend({ deliveries: z.array(DeliveryView) });
export type NotificationDetail = z.infer<typeof NotificationDetail>;

/** Filters of the deliveries' list (administrators). */
export const DeliveryQuery = Pagination.extend({
  state: NotificationState.optional(),
  channel: NotificationChannel.optional(),
  kind: NotificationKind.optional(),
  recipientUserId: z.string().min(1).max(64).optional(),
});
export type DeliveryQuery = z.input<typeof DeliveryQuery>;

/** A page of deliveries, newest first. */
export const DeliveryPage = z.object({ items: z.array(DeliveryView), nextCursor: z.string().nullable() });
export type DeliveryPage = z.infer<typeof DeliveryPage>;

interface Row extends Record<string, unknown> {
  id: string;
  kind: string;
  channel: string;
  address: string | null;
  recipient_user_id: string | null;
  critical: boolean;
  subject: string;
  body: string;
  state: string;
  reason: string | null;
  attempts: number;
  template_version: number;
  idempotency_key: string;
  created_at: Date;
  next_attempt_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  read_at: Date | null;
  payload: unknown;
}

const COLUMNS = `id, kind, channel, address, recipient_user_id, critical, subject, body, state, reason, attempts,
  template_version, idempotency_key, created_at, next_attempt_at, sent_at, delivered_at, failed_at, read_at, payload`;
const iso = (value: Date | null) => (value ? value.toISOString() : null);

function delivery(row: Row): DeliveryView {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    address: row.address,
    recipientUserId: row.recipient_user_id,
    critical: row.critical,
    subject: row.subject,
    state: row.state,
    reason: row.reason,
    attempts: row.attempts,
    templateVersion: row.template_version,
    createdAt: row.created_at.toISOString(),
    nextAttemptAt: row.next_attempt_at.toISOString(),
    sentAt: iso(row.sent_at),
    deliveredAt: iso(row.delivered_at),
    failedAt: iso(row.failed_at),
  };
}

const NOT_FOUND = "Нет такого уведомления / No such notification";

/**
 * One of the signed-in person's in-app notifications with the deliveries of the same cause on
 * their other channels (the idempotency key is cause | recipient | channel). Someone else's is
 * not found.
 */
export async function getMyNotification(ctx: NotificationContext, id: string): Promise<NotificationDetail> {
  const user = requireSignedInUser(ctx.actor);
  const [row] = await ctx.db.query<Row>(
    `SELECT ${COLUMNS} FROM notifications WHERE id = $1 AND recipient_user_id = $2 AND channel = 'in_app'`,
    [id, user.userId],
  );
  if (!row) throw new OtklikError("not_found", NOT_FOUND);
  const prefix = row.idempotency_key.slice(0, row.idempotency_key.lastIndexOf("|") + 1);
  const siblings = await ctx.db.query<Row>(
    `SELECT ${COLUMNS} FROM notifications
      WHERE idempotency_key = ANY($1::text[]) AND recipient_user_id = $2 ORDER BY channel`,
    [NotificationChannel.options.map((channel) => `${prefix}${channel}`), user.userId],
  );
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    critical: row.critical,
    subject: row.subject,
    body: row.body,
    state: row.state,
    reason: row.reason,
    attempts: row.attempts,
    read: row.read_at !== null,
    createdAt: row.created_at.toISOString(),
    sentAt: iso(row.sent_at),
    deliveredAt: iso(row.delivered_at),
    failedAt: iso(row.failed_at),
    readAt: iso(row.read_at),
    link: linkOf(row.payload),
    deliveries: siblings.map(delivery),
  };
}

/** How many in-app notifications the signed-in person has not read (the admin's badge). */
export async function countMyUnread(ctx: NotificationContext): Promise<{ unreadCount: number }> {
  const user = requireSignedInUser(ctx.actor);
  const [count] = await ctx.db.query<{ unread: number }>(
    `SELECT count(*)::int AS unread FROM notifications
      WHERE recipient_user_id = $1 AND channel = 'in_app' AND state = 'delivered' AND read_at IS NULL`,
    [user.userId],
  );
  return { unreadCount: count?.unread ?? 0 };
}

/**
 * Every delivery on every channel, newest first, filtered by state, channel, kind or recipient:
 * what failed and why, what waits for quiet hours to end (administrators, `settings:edit`).
 */
export async function listDeliveries(
  ctx: NotificationContext,
  query: DeliveryQuery = {},
): Promise<DeliveryPage> {
  requirePermission(ctx.actor, "settings:edit");
  const parsed = DeliveryQuery.parse(query);
  const after = parsed.cursor ? decodeCursor(parsed.cursor) : undefined;
  if (parsed.cursor && typeof after?.id !== "string") {
    throw new OtklikError("validation_failed", "Неверный курсор / Invalid cursor", {
      details: [{ path: ["cursor"], message: "invalid" }],
    });
  }
  const rows = await ctx.db.query<Row>(
    `SELECT ${COLUMNS} FROM notifications
      WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR channel = $2)
        AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR recipient_user_id = $4)
        AND ($5::text IS NULL OR id < $5)
      ORDER BY id DESC LIMIT $6`,
    [
      parsed.state ?? null,
      parsed.channel ?? null,
      parsed.kind ?? null,
      parsed.recipientUserId ?? null,
      (after?.id as string | undefined) ?? null,
      parsed.limit + 1,
    ],
  );
  const page = rows.slice(0, parsed.limit);
  return {
    items: page.map(delivery),
    nextCursor: rows.length > parsed.limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
  };
}
