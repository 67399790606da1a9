import type { Clock } from "@otklik/core";
import { type Database, withTransaction } from "@otklik/db";
import { getDepartment, systemActor } from "@otklik/identity";
import type { NotifySettings } from "../context.js";
import type { WrittenNotification } from "../delivery/notify.js";
import { notify } from "../delivery/notify.js";
import { type DigestIncident, dailyDigestLines, groupDailyDigests, groupWeeklyDigest } from "./digest.js";

/** `2026-11-27` as the city reads it: `27.11.2026`. */
const shownDate = (date: string) => date.split("-").reverse().join(".");

const digestKey = (departmentId: string, date: string) => `daily:${departmentId}:${date}`;

/**
 * Sends each department head their daily digest (open, due today, breached), with the
 * notifications they chose to collect instead of receiving at once. One per head and day.
 */
export async function sendDailyDigests(args: {
  db: Database;
  clock: Clock;
  incidents: readonly DigestIncident[];
  timeZone?: string;
  settings?: NotifySettings;
}): Promise<WrittenNotification[]> {
  const timeZone = args.timeZone ?? "Asia/Krasnoyarsk";
  const now = args.clock.now();
  const digests = groupDailyDigests({ incidents: args.incidents, now, timeZone });
  const written: WrittenNotification[] = [];
  for (const digest of digests) {
    await withTransaction(args.db, async (tx) => {
      const context = { db: tx, clock: args.clock, actor: systemActor("notifications") };
      const department = await getDepartment(context, digest.departmentId).catch(() => null);
      if (!department?.headUserId) return;
      // Sent already for this day (a second run, another process): nothing more, and the items the
      // head collected since stay for tomorrow's digest instead of being marked taken.
      const [sent] = await tx.query<{ id: string }>(
        "SELECT id FROM notifications WHERE idempotency_key = $1",
        // In-app is written for every member of staff, so its row marks the digest as sent.
        [`${digestKey(digest.departmentId, digest.date)}|${department.headUserId}|in_app`],
      );
      if (sent) return;
      const held = await tx.query<{ subject: string }>(
        `UPDATE notifications SET digested_at = $2
          WHERE recipient_user_id = $1 AND state = 'suppressed' AND reason LIKE 'digest:%' AND digested_at IS NULL
          RETURNING subject`,
        [department.headUserId, now],
      );
      const lines = [dailyDigestLines(digest), ...held.map((row) => `◦ ${row.subject}`)]
        .filter(Boolean)
        .join("\n");
      written.push(
        ...(await notify(
          tx,
          args.clock,
          {
            kind: "daily_digest",
            key: digestKey(digest.departmentId, digest.date),
            variables: {
              date: shownDate(digest.date),
              department: department.name,
              open: digest.open.length,
              dueToday: digest.dueToday.length,
              breached: digest.breached.length,
              lines,
            },
            recipients: [{ userId: department.headUserId }],
          },
          { ...args.settings, timeZone },
        )),
      );
    });
  }
  return written;
}

/** Sends the office's weekly digest to the given staff (the head of the press office, say). */
export async function sendWeeklyDigest(args: {
  db: Database;
  clock: Clock;
  incidents: readonly DigestIncident[];
  weekStart: string;
  recipientUserIds: readonly string[];
  timeZone?: string;
  settings?: NotifySettings;
}): Promise<WrittenNotification[]> {
  const timeZone = args.timeZone ?? "Asia/Krasnoyarsk";
  const digest = groupWeeklyDigest({ incidents: args.incidents, weekStart: args.weekStart, timeZone });
  const lines = digest.departments
    .map((row) => `${row.departmentId ?? "—"}: ${row.total} / ${row.resolved} / ${row.breached}`)
    .join("\n");
  return withTransaction(args.db, (tx) =>
    notify(
      tx,
      args.clock,
      {
        kind: "weekly_digest",
        key: `weekly:${digest.weekStart}`,
        variables: {
          week: shownDate(digest.weekStart),
          total: digest.total,
          onTime: digest.onTime,
          breached: digest.breached,
          lines,
        },
        recipients: args.recipientUserIds.map((userId) => ({ userId })),
      },
      { ...args.settings, timeZone },
    ),
  );
}
