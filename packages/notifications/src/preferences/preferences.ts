import { z } from "zod";
import { Locale, NotificationChannel, NotificationKind } from "../kinds/kinds.js";

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: "Время ЧЧ:ММ / Time HH:MM",
});

/** Hours (in the city's zone) when nothing but critical notifications is sent; may wrap midnight. */
export const QuietHours = z
  .object({ from: ClockTime, to: ClockTime })
  .refine((hours) => hours.from !== hours.to, { error: "Начало и конец совпадают / from equals to" });
export type QuietHours = z.infer<typeof QuietHours>;

/** One kind's choice: which channels, and whether to collect it into the daily digest instead. */
export const KindPreference = z.object({
  channels: z.array(NotificationChannel).max(4).optional(),
  digest: z.boolean().optional(),
  quietHours: QuietHours.nullable().optional(),
});
export type KindPreference = z.infer<typeof KindPreference>;

/** A person's notification preferences. */
export const Preferences = z.object({
  locale: Locale.default("ru"),
  /** Default channels for every kind without its own choice. */
  channels: z.array(NotificationChannel).max(4).default(["in_app", "email"]),
  quietHours: QuietHours.nullable().default(null),
  /** The staff bot's chat with this person, and a personal webhook, when they set them. */
  telegramChatId: z.string().trim().min(1).max(64).nullable().default(null),
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
  kinds: z.partialRecord(NotificationKind, KindPreference).default({}),
});
export type Preferences = z.infer<typeof Preferences>;

/** What a person has when they never chose: in-app and e-mail, no quiet hours, Russian. */
export const DEFAULT_PREFERENCES: Preferences = Preferences.parse({});
