import { z } from "zod";

/**
 * The body of `POST {baseUrl}/incidents/{incidentId}/answers`: the city's answer to one incident.
 * Documented in the package README ("The incident platform: outbound answer").
 */
export const PlatformAnswer = z.object({
  /** Otklik's id of this answer; the same value twice is one answer (also sent as `Idempotency-Key`). */
  answerId: z.string().min(1),
  text: z.string().min(1),
  attachments: z.array(
    z.object({
      type: z.enum(["photo", "video", "link", "file"]),
      url: z.string().min(1),
      name: z.string().optional(),
    }),
  ),
  answeredAt: z.iso.datetime(),
});
export type PlatformAnswer = z.infer<typeof PlatformAnswer>;

/** What the platform answers on 200/201/202, and on 409 when it already holds this `answerId`. */
export const PlatformAnswerReceipt = z.object({
  answerId: z.string(),
  /** The platform's own id of the answer, when it has one. */
  platformAnswerId: z.string().optional(),
  status: z.enum(["accepted", "published"]).optional(),
});
export type PlatformAnswerReceipt = z.infer<typeof PlatformAnswerReceipt>;

/** The error body of any non-2xx answer. */
export const PlatformErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string().optional() }),
});
export type PlatformErrorBody = z.infer<typeof PlatformErrorBody>;
