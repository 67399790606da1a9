import { createBusinessCalendar, type WeeklyHours } from "@otklik/sla";
import { isCritical, type NotificationChannel, type NotificationKind } from "../kinds/kinds.js";
import type { Preferences, QuietHours } from "./preferences.js";

/** What happens to one channel of one notification. */
export type ChannelPlan =
  | { channel: NotificationChannel; action: "send"; at: Date; deferredBy: "quiet_hours" | null }
  | { channel: NotificationChannel; action: "suppress"; reason: string };

/** The channels every critical notification uses whatever the person chose (in-app always). */
const CRITICAL_FLOOR: readonly NotificationChannel[] = ["in_app", "email"];

/**
 * Decides, for one person and one notification kind, on which channels it goes and when:
 * - channels from the kind's choice, else the person's default; a channel they cannot receive
 *   (no Telegram chat, no webhook) is suppressed with the reason;
 * - a kind collected into the digest is suppressed on every channel but in-app (`digest`);
 * - within quiet hours (in `timeZone`) a push channel waits for their end; in-app is never deferred;
 * - critical kinds ignore all that: never switched off, never deferred, never folded into a digest,
 *   and always at least in-app and e-mail.
 */
export function planDelivery(args: {
  kind: NotificationKind;
  preferences: Preferences;
  now: Date;
  timeZone: string;
  reachable: ReadonlySet<NotificationChannel>;
}): ChannelPlan[] {
  const { kind, preferences, now, timeZone, reachable } = args;
  const choice = preferences.kinds[kind] ?? {};
  const critical = isCritical(kind);
  const chosen = choice.channels ?? preferences.channels;
  const channels = critical ? unique([...CRITICAL_FLOOR, ...chosen]) : unique(["in_app", ...chosen]);
  const digest = !critical && (choice.digest ?? false);
  const quiet = critical
    ? null
    : choice.quietHours !== undefined
      ? choice.quietHours
      : preferences.quietHours;
  const sendAt = quiet ? endOfQuietHours(quiet, now, timeZone) : now;

  return channels.map((channel): ChannelPlan => {
    if (!reachable.has(channel)) {
      return {
        channel,
        action: "suppress",
        reason: `no_address: нет адреса для канала / no address for ${channel}`,
      };
    }
    if (channel === "in_app") return { channel, action: "send", at: now, deferredBy: null };
    if (digest)
      return { channel, action: "suppress", reason: "digest: в ежедневной сводке / in the daily digest" };
    return {
      channel,
      action: "send",
      at: sendAt,
      deferredBy: sendAt.getTime() > now.getTime() ? "quiet_hours" : null,
    };
  });
}

function unique(channels: NotificationChannel[]): NotificationChannel[] {
  return [...new Set(channels)];
}

/**
 * The instant quiet hours end when `now` is inside them, else `now`. Quiet hours become the
 * complement of an "awake" calendar, so midnight wrapping and time zones are sla's concern.
 */
export function endOfQuietHours(quiet: QuietHours, now: Date, timeZone: string): Date {
  const awake: [string, string][] =
    quiet.from > quiet.to
      ? [[quiet.to, quiet.from]]
      : ([
          ["00:00", quiet.from],
          [quiet.to, "24:00"],
        ].filter(([from, to]) => from !== to) as [string, string][]);
  const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
  const hours = Object.fromEntries(days.map((day) => [day, awake])) as WeeklyHours;
  return createBusinessCalendar({ timeZone, hours }).nextWorkingTime(now);
}
