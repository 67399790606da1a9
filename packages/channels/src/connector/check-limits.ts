import { DeliveryError } from "./delivery-error.js";
import type { ConnectorLimits } from "./limits.js";
import type { OutboundPost } from "./outbound.js";
import type { Platform } from "./platform.js";

/** One way a post exceeds a platform's limits, in words an editor can act on. */
export interface LimitProblem {
  field: "text" | "photos" | "photo";
  message: string;
}

/**
 * Lists what in a post exceeds a platform's limits, so that an editor sees it before sending.
 * Empty when the post fits.
 */
export function checkPostAgainstLimits(limits: ConnectorLimits, post: OutboundPost): LimitProblem[] {
  const problems: LimitProblem[] = [];
  const photos = post.photos ?? [];
  const textLimit = photos.length > 0 ? limits.captionLength : limits.textLength;
  if (post.text.length > textLimit) {
    problems.push({
      field: "text",
      message: `Текст длиннее ${textLimit} знаков (${post.text.length}) / Text is longer than ${textLimit} characters`,
    });
  }
  if (photos.length > limits.photoCount) {
    problems.push({
      field: "photos",
      message: `Фото больше ${limits.photoCount} (${photos.length}) / More than ${limits.photoCount} photos`,
    });
  }
  for (const photo of photos) {
    if (photo.data.byteLength > limits.photoBytes) {
      problems.push({
        field: "photo",
        message: `${photo.filename}: файл больше допустимого / file is too large`,
      });
    } else if (!limits.photoTypes.includes(photo.contentType)) {
      problems.push({
        field: "photo",
        message: `${photo.filename}: тип ${photo.contentType} не принимается / type not accepted`,
      });
    }
  }
  return problems;
}

/** Refuses a post that exceeds the limits before any call is made (not retryable). */
export function assertPostWithinLimits(
  platform: Platform,
  limits: ConnectorLimits,
  post: OutboundPost,
): void {
  const problems = checkPostAgainstLimits(limits, post);
  if (problems.length > 0) {
    throw new DeliveryError(
      platform,
      "invalid_request",
      problems.map((problem) => problem.message).join("; "),
      {
        platformCode: "limits",
      },
    );
  }
}
