import { z } from "zod";

/**
 * The parts of VK Callback API payloads that Otklik reads. The full shapes are VK's JSON Schemas
 * (`callback/objects.json`, `wall/objects.json`); tests check every payload against them.
 */
const VkPhotoSize = z.object({
  url: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});

export const VkAttachment = z
  .object({
    type: z.string(),
    photo: z
      .object({ sizes: z.array(VkPhotoSize).optional(), orig_photo: VkPhotoSize.optional() })
      .optional(),
    video: z.object({ owner_id: z.number(), id: z.number() }).optional(),
    link: z.object({ url: z.string() }).optional(),
    doc: z.object({ url: z.string().optional() }).optional(),
  })
  .loose();
export type VkAttachment = z.infer<typeof VkAttachment>;

/** `wall_reply_new`, `wall_reply_edit`, `wall_reply_restore`: a `wall_wall_comment`. */
export const VkWallComment = z
  .object({
    id: z.number(),
    from_id: z.number(),
    date: z.number(),
    text: z.string(),
    post_id: z.number(),
    owner_id: z.number(),
    reply_to_comment: z.number().optional(),
    attachments: z.array(VkAttachment).optional(),
  })
  .loose();
export type VkWallComment = z.infer<typeof VkWallComment>;

/** `wall_reply_delete`. */
export const VkWallCommentDelete = z
  .object({ owner_id: z.number(), id: z.number(), user_id: z.number(), post_id: z.number() })
  .loose();
export type VkWallCommentDelete = z.infer<typeof VkWallCommentDelete>;

/** `message_new`: `{ message, client_info }`. */
export const VkMessageNew = z
  .object({
    message: z
      .object({
        id: z.number(),
        date: z.number(),
        peer_id: z.number(),
        from_id: z.number(),
        text: z.string(),
        conversation_message_id: z.number().optional(),
        attachments: z.array(VkAttachment).optional(),
      })
      .loose(),
  })
  .loose();
export type VkMessageNew = z.infer<typeof VkMessageNew>;

/** `wall_post_new`: a `wall_wallpost` (a citizen's suggested post has `post_type: "suggest"`). */
export const VkWallPost = z
  .object({
    id: z.number(),
    owner_id: z.number(),
    from_id: z.number(),
    date: z.number(),
    text: z.string().optional(),
    post_type: z.string().optional(),
    attachments: z.array(VkAttachment).optional(),
  })
  .loose();
export type VkWallPost = z.infer<typeof VkWallPost>;

/** The envelope of every Callback API request. */
export const VkCallbackEnvelope = z
  .object({
    type: z.string(),
    group_id: z.number(),
    event_id: z.string().optional(),
    v: z.string().optional(),
    secret: z.string().optional(),
    object: z.unknown().optional(),
  })
  .loose();
export type VkCallbackEnvelope = z.infer<typeof VkCallbackEnvelope>;
