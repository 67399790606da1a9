import { z } from "zod";

/** A city's Telegram channel and the discussion group linked to it. */
export const TelegramSettings = z.object({
  /** The channel: `@abakan_official` or its numeric id `-100…`. */
  channelChatId: z.string().min(1),
  /** The linked discussion group, where comments under channel posts live and replies go. */
  discussionChatId: z.string().min(1).optional(),
  baseUrl: z.url().default("https://api.telegram.org"),
});
export type TelegramSettings = z.infer<typeof TelegramSettings>;

/**
 * Telegram credentials, stored encrypted: the bot's token from @BotFather (the bot is an
 * administrator of the channel with "Post messages", "Edit messages of others" and "Delete
 * messages", and a member of the discussion group), and the webhook's secret token.
 */
export const TelegramSecrets = z.object({
  botToken: z.string().min(1),
  /** Set with `setWebhook(secret_token=…)`; Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`. */
  webhookSecret: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/),
});
export type TelegramSecrets = z.infer<typeof TelegramSecrets>;
