import { CONNECTOR_LIMITS, type Platform } from "@otklik/channels";
import { z } from "zod";

/** The four social pages a publication is cross-posted to. */
export const SocialPlatform = z.enum(["vk", "telegram", "ok", "max"]);
export type SocialPlatform = z.infer<typeof SocialPlatform>;

/** A social post's text measured against its platform's limit, for the editor's counter. */
export interface VariantCounter {
  platform: SocialPlatform;
  length: number;
  limit: number;
  remaining: number;
  fits: boolean;
}

/** The limit that applies to a post: with photos some platforms allow a shorter caption only. */
export function textLimit(platform: SocialPlatform, withPhotos: boolean): number {
  const limits = CONNECTOR_LIMITS[platform as Platform];
  return withPhotos ? limits.captionLength : limits.textLength;
}

/** How a text stands against the platform's limit. */
export function countVariant(platform: SocialPlatform, text: string, withPhotos: boolean): VariantCounter {
  const limit = textLimit(platform, withPhotos);
  return { platform, length: text.length, limit, remaining: limit - text.length, fits: text.length <= limit };
}

/**
 * A social post cut from a publication to fit the platform: the title, the summary or the body,
 * and the link to the full text on the site, which is always kept. The text is cut at a sentence
 * or word boundary and marked with an ellipsis.
 */
export function cutVariantText(args: {
  platform: SocialPlatform;
  title: string;
  text: string;
  link: string;
  withPhotos: boolean;
}): string {
  const limit = textLimit(args.platform, args.withPhotos);
  const tail = `\n\nПодробнее: ${args.link}`;
  const head = `${args.title}\n\n`;
  const whole = `${head}${args.text.trim()}${tail}`;
  if (whole.length <= limit) return whole;
  const room = limit - head.length - tail.length - 1;
  if (room <= 0)
    return `${args.title.slice(0, Math.max(0, limit - tail.length - 1))}…${tail}`.slice(0, limit);
  const slice = args.text.slice(0, room);
  const sentence = Math.max(slice.lastIndexOf(". "), slice.lastIndexOf("! "), slice.lastIndexOf("? "));
  const word = slice.lastIndexOf(" ");
  const cutAt = sentence > room * 0.6 ? sentence + 1 : word > room * 0.6 ? word : room;
  return `${head}${slice.slice(0, cutAt).trimEnd()}…${tail}`;
}

/** How many photos the platform takes in one post. */
export function maximumPhotoCount(platform: SocialPlatform): number {
  return CONNECTOR_LIMITS[platform as Platform].photoCount;
}
