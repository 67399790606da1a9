import {
  CITIZEN_KINDS,
  CRITICAL_FLOOR,
  CRITICAL_KINDS,
  type KindPreference,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type Preferences,
} from "./notifications-api.js";

/** The kinds a member of staff chooses for, in the package's order (citizens' kinds left out). */
export const STAFF_KINDS: readonly NotificationKind[] = NOTIFICATION_KINDS.filter(
  (kind) => !CITIZEN_KINDS.has(kind),
);

export type KindQuiet = "inherit" | "none" | "own";

/** One kind's row of the form: `channels` null while it follows the default channels. */
export interface KindDraft {
  channels: NotificationChannel[] | null;
  digest: boolean;
  quiet: KindQuiet;
  quietFrom: string;
  quietTo: string;
}

/** The preferences form's state. */
export interface PreferencesDraft {
  locale: Preferences["locale"];
  channels: NotificationChannel[];
  quietOn: boolean;
  quietFrom: string;
  quietTo: string;
  telegramChatId: string;
  webhookUrl: string;
  kinds: Record<string, KindDraft>;
}

const NIGHT = { from: "22:00", to: "08:00" };

/** In the channels' fixed order, in-app always first (it is always written). */
export function withInApp(channels: readonly NotificationChannel[]): NotificationChannel[] {
  const chosen = new Set<NotificationChannel>(["in_app", ...channels]);
  return NOTIFICATION_CHANNELS.filter((channel) => chosen.has(channel));
}

function sameChannels(left: readonly NotificationChannel[], right: readonly NotificationChannel[]): boolean {
  const a = withInApp(left);
  const b = withInApp(right);
  return a.length === b.length && a.every((channel, index) => channel === b[index]);
}

/** The channels a kind's row shows: its own, else the default ones; a critical kind never below its floor. */
export function shownChannels(kind: string, draft: PreferencesDraft): NotificationChannel[] {
  const own = draft.kinds[kind]?.channels ?? draft.channels;
  return withInApp(CRITICAL_KINDS.has(kind) ? [...CRITICAL_FLOOR, ...own] : own);
}

/** Whether a kind's channel box cannot be changed: in-app always, and a critical kind's floor. */
export function lockedChannel(kind: string | null, channel: NotificationChannel): boolean {
  if (channel === "in_app") return true;
  return kind !== null && CRITICAL_KINDS.has(kind) && CRITICAL_FLOOR.includes(channel);
}

/** The form's state from the stored document. */
export function toDraft(preferences: Preferences): PreferencesDraft {
  const kinds: Record<string, KindDraft> = {};
  for (const kind of STAFF_KINDS) {
    const stored: KindPreference = preferences.kinds[kind] ?? {};
    const quiet: KindQuiet =
      stored.quietHours === undefined ? "inherit" : stored.quietHours === null ? "none" : "own";
    kinds[kind] = {
      channels: stored.channels ? withInApp(stored.channels) : null,
      digest: stored.digest ?? false,
      quiet,
      quietFrom: stored.quietHours?.from ?? preferences.quietHours?.from ?? NIGHT.from,
      quietTo: stored.quietHours?.to ?? preferences.quietHours?.to ?? NIGHT.to,
    };
  }
  return {
    locale: preferences.locale,
    channels: withInApp(preferences.channels),
    quietOn: preferences.quietHours !== null,
    quietFrom: preferences.quietHours?.from ?? NIGHT.from,
    quietTo: preferences.quietHours?.to ?? NIGHT.to,
    telegramChatId: preferences.telegramChatId ?? "",
    webhookUrl: preferences.webhookUrl ?? "",
    kinds,
  };
}

/**
 * The document to store. A kind keeps only what differs from the general settings (its channels
 * when they are not the default ones, the digest when on, its quiet hours when not inherited), so
 * a later change of the defaults reaches it; kinds the form does not show keep what was stored.
 */
export function toPreferences(draft: PreferencesDraft, stored: Preferences): Preferences {
  const kinds: Preferences["kinds"] = {};
  for (const [kind, value] of Object.entries(stored.kinds)) {
    if (!STAFF_KINDS.includes(kind as NotificationKind) && value) kinds[kind] = value;
  }
  for (const kind of STAFF_KINDS) {
    const row = draft.kinds[kind];
    if (!row) continue;
    const critical = CRITICAL_KINDS.has(kind);
    const choice: KindPreference = {};
    if (row.channels && !sameChannels(row.channels, draft.channels))
      choice.channels = withInApp(row.channels);
    if (!critical && row.digest) choice.digest = true;
    if (!critical && row.quiet === "none") choice.quietHours = null;
    if (!critical && row.quiet === "own") choice.quietHours = { from: row.quietFrom, to: row.quietTo };
    if (Object.keys(choice).length > 0) kinds[kind] = choice;
  }
  const telegramChatId = draft.telegramChatId.trim();
  const webhookUrl = draft.webhookUrl.trim();
  return {
    locale: draft.locale,
    channels: withInApp(draft.channels),
    quietHours: draft.quietOn ? { from: draft.quietFrom, to: draft.quietTo } : null,
    telegramChatId: telegramChatId === "" ? null : telegramChatId,
    webhookUrl: webhookUrl === "" ? null : webhookUrl,
    kinds,
  };
}

/** Switches one channel of the defaults (`kind` null) or of a kind; locked channels stay as they are. */
export function toggleChannel(
  draft: PreferencesDraft,
  kind: string | null,
  channel: NotificationChannel,
  on: boolean,
): PreferencesDraft {
  if (lockedChannel(kind, channel)) return draft;
  const change = (channels: readonly NotificationChannel[]) =>
    withInApp(on ? [...channels, channel] : channels.filter((item) => item !== channel));
  if (kind === null) return { ...draft, channels: change(draft.channels) };
  const row = draft.kinds[kind];
  if (!row) return draft;
  return {
    ...draft,
    kinds: { ...draft.kinds, [kind]: { ...row, channels: change(shownChannels(kind, draft)) } },
  };
}
