import { z } from "zod";

/** The parts of a Bot API `Update` Otklik reads (https://core.telegram.org/bots/api#update). */
export const TelegramUser = z.object({
  id: z.number(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
export type TelegramUser = z.infer<typeof TelegramUser>;

export const TelegramChat = z.object({
  id: z.number(),
  type: z.enum(["private", "group", "supergroup", "channel"]),
  title: z.string().optional(),
  username: z.string().optional(),
});
export type TelegramChat = z.infer<typeof TelegramChat>;

const TelegramPhotoSize = z.object({
  file_id: z.string(),
  file_unique_id: z.string(),
  width: z.number(),
  height: z.number(),
  file_size: z.number().optional(),
});

export const TelegramMessage = z
  .object({
    message_id: z.number(),
    message_thread_id: z.number().optional(),
    from: TelegramUser.optional(),
    sender_chat: TelegramChat.optional(),
    date: z.number(),
    edit_date: z.number().optional(),
    chat: TelegramChat,
    is_automatic_forward: z.boolean().optional(),
    get reply_to_message() {
      return TelegramMessage.optional();
    },
    text: z.string().optional(),
    caption: z.string().optional(),
    photo: z.array(TelegramPhotoSize).optional(),
    video: z.object({ file_id: z.string() }).loose().optional(),
    document: z.object({ file_id: z.string() }).loose().optional(),
    media_group_id: z.string().optional(),
  })
  .loose();
export type TelegramMessage = z.infer<typeof TelegramMessage>;

export const TelegramUpdate = z
  .object({
    update_id: z.number(),
    message: TelegramMessage.optional(),
    edited_message: TelegramMessage.optional(),
    channel_post: TelegramMessage.optional(),
    edited_channel_post: TelegramMessage.optional(),
  })
  .loose();
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;
