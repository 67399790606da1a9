import type { Platform } from "./platform.js";

/**
 * What one platform accepts in one post or message, declared as data so that editors
 * see the limits before sending rather than learning them from a refusal.
 */
export interface ConnectorLimits {
  /** Longest text of a post or message without photos, in characters (UTF-16 code units as the platforms count). */
  textLength: number;
  /** Longest text that goes with photos (Telegram keeps captions shorter than messages). */
  captionLength: number;
  /** Longest reply to a comment or message. */
  replyLength: number;
  /** Most photos in one post. */
  photoCount: number;
  /** Largest photo file in bytes. */
  photoBytes: number;
  /** Photo media types the platform takes. */
  photoTypes: readonly string[];
  /** Whether a link can go with a post as its own attachment (otherwise it stays inside the text). */
  linkAttachment: boolean;
}

const MEGABYTE = 1024 * 1024;
const COMMON_PHOTO_TYPES = ["image/jpeg", "image/png", "image/gif"] as const;

/**
 * Limits of each platform. Sources: VK wall.post documentation (10 attachments, 50 MB photos),
 * Telegram Bot API (4,096-character messages, 1,024-character captions, 10 photos in a media group,
 * 10 MB photos), MAX Bot API (4,000 characters, 12 attachments), OK (no published text limit:
 * we keep a conservative one). The incident platform and e-mail limits are our own contract.
 */
export const CONNECTOR_LIMITS: Readonly<Record<Platform, ConnectorLimits>> = {
  vk: {
    textLength: 16_384,
    captionLength: 16_384,
    replyLength: 8_192,
    photoCount: 10,
    photoBytes: 50 * MEGABYTE,
    photoTypes: [...COMMON_PHOTO_TYPES],
    linkAttachment: true,
  },
  telegram: {
    textLength: 4_096,
    captionLength: 1_024,
    replyLength: 4_096,
    photoCount: 10,
    photoBytes: 10 * MEGABYTE,
    photoTypes: ["image/jpeg", "image/png"],
    linkAttachment: false,
  },
  ok: {
    textLength: 10_000,
    captionLength: 10_000,
    replyLength: 4_096,
    photoCount: 10,
    photoBytes: 20 * MEGABYTE,
    photoTypes: [...COMMON_PHOTO_TYPES],
    linkAttachment: true,
  },
  max: {
    textLength: 4_000,
    captionLength: 4_000,
    replyLength: 4_000,
    photoCount: 12,
    photoBytes: 20 * MEGABYTE,
    photoTypes: [...COMMON_PHOTO_TYPES],
    linkAttachment: false,
  },
  platform: {
    textLength: 20_000,
    captionLength: 20_000,
    replyLength: 20_000,
    photoCount: 20,
    photoBytes: 20 * MEGABYTE,
    photoTypes: [...COMMON_PHOTO_TYPES],
    linkAttachment: true,
  },
  email: {
    textLength: 1_000_000,
    captionLength: 1_000_000,
    replyLength: 1_000_000,
    photoCount: 20,
    photoBytes: 10 * MEGABYTE,
    photoTypes: [...COMMON_PHOTO_TYPES],
    linkAttachment: true,
  },
};
