import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { listUsers, type Permission, reachOf, systemActor } from "@otklik/identity";

/** An instant as the city reads it: `27.11.2026 11:00` in `timeZone`. */
export function localDateTime(instant: Date, timeZone = "Asia/Krasnoyarsk"): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("ru-RU", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

/**
 * The active members of staff whose role grants `permission` (identity's matrix), e.g. the
 * editors (`publication:publish`) who moderate hearing comments and watch cross-posting.
 */
export async function staffWithPermission(
  db: Executor,
  clock: Clock,
  permission: Permission,
): Promise<string[]> {
  const context = { db, clock, actor: systemActor("notifications") };
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listUsers(context, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const user of page.items) {
      if (user.active && user.roles.some((role) => reachOf(role, permission) !== undefined)) {
        found.push(user.id);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

/** The active members of a department whose roles are among `roles` (e.g. its executors and head). */
export async function departmentMembers(
  db: Executor,
  clock: Clock,
  departmentId: string,
  roles: readonly string[],
): Promise<string[]> {
  const context = { db, clock, actor: systemActor("notifications") };
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listUsers(context, { limit: 100, departmentId, ...(cursor ? { cursor } : {}) });
    for (const user of page.items) {
      if (user.active && user.roles.some((role) => roles.includes(role))) found.push(user.id);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}
