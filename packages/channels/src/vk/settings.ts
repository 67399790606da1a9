import { z } from "zod";

/** The API version whose shapes `reference/vk-api-schema/` describes. */
export const VK_API_VERSION = "5.199";

/** A city's VK community, by its numeric id (positive, as VK shows it in the community's settings). */
export const VkSettings = z.object({
  groupId: z.number().int().positive(),
  /** `https://api.vk.com` unless tests or a proxy say otherwise. */
  baseUrl: z.url().default("https://api.vk.com"),
});
export type VkSettings = z.infer<typeof VkSettings>;

/**
 * VK credentials, stored encrypted. Posting to the wall (`wall.post` with `from_group=1`, photo
 * uploads, edits and deletes) needs a user token of a community administrator with the `wall`,
 * `photos`, `groups` and `offline` rights; replies to comments and the test call use the community
 * token (Manage community → API usage → Access tokens) with the `wall` and `messages` rights.
 */
export const VkSecrets = z.object({
  userToken: z.string().min(1).optional(),
  communityToken: z.string().min(1),
  /** The "Secret key" of the Callback API server, sent by VK in every event. */
  callbackSecret: z.string().min(1),
  /** The string VK asks the server to return to confirm its address. */
  confirmationCode: z.string().min(1),
});
export type VkSecrets = z.infer<typeof VkSecrets>;
