import type { Clock } from "@otklik/core";
import { newId } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { getUser, systemActor } from "@otklik/identity";
import { z } from "zod";
import { DELIVERY_QUEUE, type NotifySettings } from "../context.js";
import { isCritical, type Locale, type NotificationChannel, NotificationKind } from "../kinds/kinds.js";
import { planDelivery } from "../preferences/plan-delivery.js";
import { preferencesOf } from "../preferences/preference-store.js";
import { DEFAULT_PREFERENCES, type Preferences } from "../preferences/preferences.js";
import { notifications } from "../schema.js";
import type { TemplateVariables } from "../templates/render.js";
import { currentTemplate, renderWith } from "../templates/template-store.js";
import { deliveryJobId } from "./job-id.js";

/** Who a notification is for: a member of staff, or an address outside the staff list. */
export const Recipient = z.union([
  z.object({ userId: z.string().min(1) }),
  z.object({ email: z.string().min(3), locale: z.enum(["ru", "en"]).optional() }),
  z.object({ telegramChatId: z.string().min(1), locale: z.enum(["ru", "en"]).optional() }),
  z.object({ webhookUrl: z.url(), locale: z.enum(["ru", "en"]).optional() }),
]);
export type Recipient = z.infer<typeof Recipient>;

/** Something someone should learn: a kind, its variables, whom, and the key of its cause. */
export const Intent = z.object({
  kind: NotificationKind,
  /** The cause (`breach:inc_…:first-reply:0`): with recipient and channel it makes the idempotency key. */
  key: z.string().min(1).max(300),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  recipients: z.array(Recipient),
});
export type Intent = z.infer<typeof Intent>;

/** One notification written: its id, channel and state. */
export interface WrittenNotification {
  id: string;
  channel: NotificationChannel;
  state: "queued" | "delivered" | "suppressed";
  reason: string | null;
  nextAttemptAt: Date;
}

const DEFAULT_TIME_ZONE = "Asia/Krasnoyarsk";

function recipientKey(recipient: Recipient): string {
  if ("userId" in recipient) return recipient.userId;
  if ("email" in recipient) return `email:${recipient.email.toLowerCase()}`;
  if ("telegramChatId" in recipient) return `telegram:${recipient.telegramChatId}`;
  return `webhook:${recipient.webhookUrl}`;
}

interface Resolved {
  userId: string | null;
  preferences: Preferences;
  addresses: Partial<Record<NotificationChannel, string>>;
  inApp: boolean;
}

async function resolve(
  tx: Executor,
  clock: Clock,
  recipient: Recipient,
  settings: NotifySettings,
): Promise<Resolved | null> {
  if ("userId" in recipient) {
    const user = await getUser(
      { db: tx, clock, actor: systemActor("notifications") },
      recipient.userId,
    ).catch(() => null);
    if (!user?.active) return null;
    const preferences = await preferencesOf(tx, user.id);
    const webhookUrl = preferences.webhookUrl ?? settings.defaultWebhookUrl ?? null;
    return {
      userId: user.id,
      preferences,
      inApp: true,
      addresses: {
        email: user.email,
        ...(preferences.telegramChatId ? { telegram: preferences.telegramChatId } : {}),
        ...(webhookUrl ? { webhook: webhookUrl } : {}),
      },
    };
  }
  const locale: Locale = recipient.locale ?? "ru";
  const only = (channel: NotificationChannel, address: string): Resolved => ({
    userId: null,
    preferences: { ...DEFAULT_PREFERENCES, locale, channels: [channel] },
    addresses: { [channel]: address },
    inApp: false,
  });
  if ("email" in recipient) return only("email", recipient.email);
  if ("telegramChatId" in recipient) return only("telegram", recipient.telegramChatId);
  return only("webhook", recipient.webhookUrl);
}

/**
 * Writes the notifications of an intent in the caller's transaction (the outbox): one row per
 * recipient and channel, rendered from the current template in the person's language, planned by
 * their preferences (channels, quiet hours, digest; critical kinds override them). A row whose
 * idempotency key exists already is skipped, so an event delivered twice notifies once. With
 * `settings.jobs`, the delivery job is sent in the same transaction.
 */
export async function notify(
  tx: Executor,
  clock: Clock,
  intentInput: Intent,
  settings: NotifySettings = {},
): Promise<WrittenNotification[]> {
  const intent = Intent.parse(intentInput);
  const now = clock.now();
  const timeZone = settings.timeZone ?? DEFAULT_TIME_ZONE;
  const written: WrittenNotification[] = [];
  const seen = new Set<string>();
  for (const recipient of intent.recipients) {
    const who = recipientKey(recipient);
    if (seen.has(who)) continue;
    seen.add(who);
    const resolved = await resolve(tx, clock, recipient, settings);
    if (!resolved) continue;
    const reachable = new Set<NotificationChannel>(Object.keys(resolved.addresses) as NotificationChannel[]);
    if (resolved.inApp) reachable.add("in_app");
    const plans = planDelivery({
      kind: intent.kind,
      preferences: resolved.preferences,
      now,
      timeZone,
      reachable,
    });
    const template = await currentTemplate(tx, intent.kind, resolved.preferences.locale);
    const text = renderWith(template, intent.variables as TemplateVariables);
    for (const plan of plans) {
      // A channel the recipient never had (an outside address's other channels) is not recorded.
      if (!resolved.inApp && plan.action === "suppress" && plan.channel === "in_app") continue;
      const id = newId("ntf", now);
      const state =
        plan.action === "suppress" ? "suppressed" : plan.channel === "in_app" ? "delivered" : "queued";
      const reason =
        plan.action === "suppress"
          ? plan.reason
          : plan.deferredBy === "quiet_hours"
            ? "quiet_hours: отложено до конца тихих часов / deferred to the end of quiet hours"
            : null;
      const nextAttemptAt = plan.action === "send" ? plan.at : now;
      const [row] = await tx.drizzle
        .insert(notifications)
        .values({
          id,
          recipientUserId: resolved.userId,
          address: plan.channel === "in_app" ? null : (resolved.addresses[plan.channel] ?? null),
          kind: intent.kind,
          channel: plan.channel,
          critical: isCritical(intent.kind),
          locale: template.locale,
          payload: intent.variables,
          templateVersion: template.version,
          subject: text.subject,
          body: text.body,
          state,
          reason,
          idempotencyKey: `${intent.key}|${who}|${plan.channel}`,
          attempts: state === "delivered" ? 1 : 0,
          nextAttemptAt,
          createdAt: now,
          updatedAt: now,
          deliveredAt: state === "delivered" ? now : null,
        })
        .onConflictDoNothing({ target: notifications.idempotencyKey })
        .returning({ id: notifications.id });
      if (!row) continue;
      written.push({ id, channel: plan.channel, state, reason, nextAttemptAt });
      if (state === "queued" && settings.jobs) {
        await settings.jobs.send(
          DELIVERY_QUEUE,
          { notificationId: id },
          { tx, id: deliveryJobId(id, 0), ...(nextAttemptAt > now ? { startAfter: nextAttemptAt } : {}) },
        );
      }
    }
  }
  return written;
}
