import { z } from "zod";

/** The parts of a MAX `Update` Otklik reads (dev.max.ru/docs-api/objects/Update). */
export const MaxUser = z
  .object({
    user_id: z.number(),
    first_name: z.string().optional(),
    last_name: z.string().nullable().optional(),
    name: z.string().optional(),
    username: z.string().nullable().optional(),
    is_bot: z.boolean().optional(),
  })
  .loose();
export type MaxUser = z.infer<typeof MaxUser>;

export const MaxAttachment = z
  .object({ type: z.string(), payload: z.object({ url: z.string().optional() }).loose().optional() })
  .loose();
export type MaxAttachment = z.infer<typeof MaxAttachment>;

export const MaxMessage = z
  .object({
    sender: MaxUser.optional(),
    recipient: z
      .object({
        chat_id: z.number().nullable().optional(),
        chat_type: z.string(),
        user_id: z.number().nullable().optional(),
      })
      .loose(),
    timestamp: z.number(),
    link: z
      .object({ type: z.string(), message: z.object({ mid: z.string() }).loose().optional() })
      .loose()
      .nullable()
      .optional(),
    body: z
      .object({
        mid: z.string(),
        seq: z.number().optional(),
        text: z.string().nullable().optional(),
        attachments: z.array(MaxAttachment).nullable().optional(),
      })
      .loose(),
    url: z.string().nullable().optional(),
  })
  .loose();
export type MaxMessage = z.infer<typeof MaxMessage>;

export const MaxUpdate = z
  .object({
    update_type: z.string(),
    timestamp: z.number(),
    message: MaxMessage.optional(),
    message_id: z.string().optional(),
    chat_id: z.number().optional(),
  })
  .loose();
export type MaxUpdate = z.infer<typeof MaxUpdate>;
