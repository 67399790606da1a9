import { decodeCursor, encodeCursor, OtklikError, Pagination } from "@otklik/core";
import { requireSignedInUser } from "@otklik/identity";
import { z } from "zod";
import type { NotificationContext } from "../context.js";

/**
 * What a notification is about, taken from its variables (`incidentId`, `publicationId`), so the
 * admin can link to it; null for digests and the like.
 */
export const NotificationLink = z.object({ type: z.enum(["incident", "publication"]), id: z.string() });
export type NotificationLink = z.infer<typeof NotificationLink>;

/** The link of a notification from its payload (the intent's variables): an incident first. */
export function linkOf(payload: unknown): NotificationLink | null {
  if (typeof payload !== "object" || payload === null) return null;
  const variables = payload as Record<string, unknown>;
  if (typeof variables.incidentId === "string" && variables.incidentId !== "")
    return { type: "incident", id: variables.incidentId };
  if (typeof variables.publicationId === "string" && variables.publicationId !== "")
    return { type: "publication", id: variables.publicationId };
  return null;
}

/** A notification as its recipient and the API see it. */
export const NotificationView = z.object({
  id: z.string(),
  kind: z.string(),
  channel: z.string(),
  critical: z.boolean(),
  subject: z.string(),
  body: z.string(),
  state: z.string(),
  reason: z.string().nullable(),
  attempts: z.number(),
  read: z.boolean(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  readAt: z.string().nullable(),
  /** The incident or publication it is about, when its variables name one. */
  link: NotificationLink.nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;

/** The inbox page: in-app notifications, newest first, and how many are unread. */
export const NotificationPage = z.object({
  items: z.array(NotificationView),
  nextCursor: z.string().nullable(),
  unreadCount: z.number(),
});
export type NotificationPage = z.infer<typeof NotificationPage>;

/** Query of the inbox: the usual `limit`/`cursor`, and `unread=true` for unread only. */
export const NotificationQuery = Pagination.extend({
  unread: z
    .union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")])
    .default(false),
});
export type NotificationQuery = z.input<typeof NotificationQuery>;

interface Row extends Record<string, unknown> {
  id: string;
  kind: string;
  channel: string;
  critical: boolean;
  subject: string;
  body: string;
  state: string;
  reason: string | null;
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  read_at: Date | null;
  payload: unknown;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function view(row: Row): NotificationView {
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
  };
}

/** The signed-in person's in-app notifications, newest first, with the unread count. */
export async function listMyNotifications(
  ctx: NotificationContext,
  query: NotificationQuery = {},
): Promise<NotificationPage> {
  const user = requireSignedInUser(ctx.actor);
  const { limit, cursor, unread } = NotificationQuery.parse(query);
  const after = cursor ? decodeCursor(cursor) : undefined;
  if (cursor && typeof after?.id !== "string") {
    throw new OtklikError("validation_failed", "Неверный курсор / Invalid cursor");
  }
  const rows = await ctx.db.query<Row>(
    `SELECT id, kind, channel, critical, subject, body, state, reason, attempts, created_at, sent_at,
            delivered_at, failed_at, read_at, payload
       FROM notifications
      WHERE recipient_user_id = $1 AND channel = 'in_app' AND state = 'delivered'
        AND ($2::text IS NULL OR id < $2) AND ($3::boolean = false OR read_at IS NULL)
      ORDER BY id DESC LIMIT $4`,
    [user.userId, (after?.id as string | undefined) ?? null, unread, limit + 1],
  );
  const [count] = await ctx.db.query<{ unread: number }>(
    `SELECT count(*)::int AS unread FROM notifications
      WHERE recipient_user_id = $1 AND channel = 'in_app' AND state = 'delivered' AND read_at IS NULL`,
    [user.userId],
  );
  const page = rows.slice(0, limit);
  return {
    items: page.map(view),
    nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
    unreadCount: count?.unread ?? 0,
  };
}

/** Marks one of the signed-in person's notifications read; someone else's is not found. */
export async function markNotificationRead(ctx: NotificationContext, id: string): Promise<NotificationView> {
  const user = requireSignedInUser(ctx.actor);
  const [row] = await ctx.db.query<Row>(
    `UPDATE notifications SET read_at = COALESCE(read_at, $3)
      WHERE id = $1 AND recipient_user_id = $2 AND channel = 'in_app'
      RETURNING id, kind, channel, critical, subject, body, state, reason, attempts, created_at, sent_at,
                delivered_at, failed_at, read_at, payload`,
    [id, user.userId, ctx.clock.now()],
  );
  if (!row) throw new OtklikError("not_found", "Нет такого уведомления / No such notification");
  return view(row);
}

/** Marks all of the signed-in person's notifications read; answers how many were unread. */
export async function markAllNotificationsRead(ctx: NotificationContext): Promise<{ marked: number }> {
  const user = requireSignedInUser(ctx.actor);
  const rows = await ctx.db.query<{ id: string }>(
    `UPDATE notifications SET read_at = $2
      WHERE recipient_user_id = $1 AND channel = 'in_app' AND read_at IS NULL RETURNING id`,
    [user.userId, ctx.clock.now()],
  );
  return { marked: rows.length };
}
