import type { Executor } from "@otklik/db";
import { requireSignedInUser } from "@otklik/identity";
import { eq } from "drizzle-orm";
import type { NotificationContext } from "../context.js";
import { notificationPreferences } from "../schema.js";
import { DEFAULT_PREFERENCES, Preferences } from "./preferences.js";

/** A person's preferences, or the defaults when they never chose. */
export async function preferencesOf(db: Executor, userId: string): Promise<Preferences> {
  const [row] = await db.drizzle
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  if (!row) return DEFAULT_PREFERENCES;
  const parsed = Preferences.safeParse(row.document);
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
}

/** The signed-in person's preferences. */
export async function getMyPreferences(ctx: NotificationContext): Promise<Preferences> {
  const user = requireSignedInUser(ctx.actor);
  return preferencesOf(ctx.db, user.userId);
}

/** Replaces the signed-in person's preferences. Critical kinds stay on whatever is chosen. */
export async function updateMyPreferences(ctx: NotificationContext, input: unknown): Promise<Preferences> {
  const user = requireSignedInUser(ctx.actor);
  const preferences = Preferences.parse(input);
  const now = ctx.clock.now();
  await ctx.db.drizzle
    .insert(notificationPreferences)
    .values({ userId: user.userId, document: preferences, updatedAt: now })
    .onConflictDoUpdate({
      target: notificationPreferences.userId,
      set: { document: preferences, updatedAt: now },
    });
  return preferences;
}
