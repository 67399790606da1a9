import { z } from "zod";

/** A city's MAX channel or chat, by the id the bot sees it under. */
export const MaxSettings = z.object({
  chatId: z.number().int(),
  baseUrl: z.url().default("https://platform-api2.max.ru"),
});
export type MaxSettings = z.infer<typeof MaxSettings>;

/**
 * MAX credentials, stored encrypted: the bot's token (business.max.ru → Chat bots → Settings; the
 * bot is an administrator of the channel with the right to post), and the webhook secret given
 * to `POST /subscriptions`, which MAX repeats in `X-Max-Bot-Api-Secret`.
 */
export const MaxSecrets = z.object({
  botToken: z.string().min(1),
  webhookSecret: z.string().min(5).max(256),
});
export type MaxSecrets = z.infer<typeof MaxSecrets>;
