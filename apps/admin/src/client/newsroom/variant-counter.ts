import type { SocialPlatform, VariantLimits } from "./newsroom-api.js";

/** How a post stands against its page's limits as the editor types (the API counts the same way). */
export interface PostCount {
  length: number;
  /** `undefined` when the limits did not load: the counter shows the length only. */
  limit: number | undefined;
  remaining: number | undefined;
  /** With photos some pages allow a shorter caption only (Telegram: 1,024). */
  caption: boolean;
  photoLimit: number | undefined;
  tooManyPhotos: boolean;
  fits: boolean;
}

/** The API measures text in UTF-16 code units (`text.length`), so the counter does too. */
export function countPost(
  platform: SocialPlatform,
  text: string,
  photoCount: number,
  limits: readonly VariantLimits[] | undefined,
): PostCount {
  const own = limits?.find((entry) => entry.platform === platform);
  const caption = photoCount > 0;
  const limit = own ? (caption ? own.captionLength : own.textLength) : undefined;
  const remaining = limit === undefined ? undefined : limit - text.length;
  const tooManyPhotos = own ? photoCount > own.photoCount : false;
  return {
    length: text.length,
    limit,
    remaining,
    caption,
    photoLimit: own?.photoCount,
    tooManyPhotos,
    fits: (remaining === undefined || remaining >= 0) && !tooManyPhotos,
  };
}

/** Photo addresses typed one per line. */
export function photoLines(value: string): string[] {
  return value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
