import { z } from "zod";

/** An attachment the incident platform sends with an incident. */
export const PlatformAttachment = z.object({
  type: z.enum(["photo", "video", "link", "file"]),
  url: z.string().min(1),
});
export type PlatformAttachment = z.infer<typeof PlatformAttachment>;

/**
 * The body the incident platform POSTs to `/api/v1/intake/platform` (DESIGN.md, "platform intake
 * body"). `id` is the platform's own; the same `id` twice is one incident. `update`, `rework` and
 * `closed` carry the same `id` and a `comment`. The API puts this schema in its OpenAPI document.
 */
export const PlatformIntake = z
  .object({
    type: z.enum(["incident", "update", "rework", "closed"]).default("incident"),
    id: z.string().min(1).max(200),
    createdAt: z.iso.datetime({ offset: true }),
    sentAt: z.iso.datetime({ offset: true }).optional(),
    text: z.string().max(20_000),
    source: z.object({
      network: z.enum(["vk", "ok", "telegram", "max", "other"]),
      url: z.string().optional(),
      authorName: z.string().optional(),
      authorUrl: z.string().optional(),
    }),
    attachments: z.array(PlatformAttachment).max(50).optional(),
    rubric: z.string().optional(),
    address: z.string().optional(),
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
    deadlineAt: z.iso.datetime({ offset: true }).optional(),
    comment: z.string().optional(),
  })
  .superRefine((intake, context) => {
    // A new incident must say what happened; the follow-ups must say why they came.
    if (intake.type === "incident" && intake.text.trim() === "") {
      context.addIssue({
        code: "custom",
        path: ["text"],
        message: "Текст обращения пуст / Incident text is empty",
      });
    }
    if (intake.type !== "incident" && intake.comment === undefined && intake.text.trim() === "") {
      context.addIssue({
        code: "custom",
        path: ["comment"],
        message: "Нужен комментарий платформы / The platform's comment is required",
      });
    }
  });
export type PlatformIntake = z.infer<typeof PlatformIntake>;

/** The answer to an accepted intake: 202 with the incident's id in Otklik. */
export const PlatformIntakeAccepted = z.object({ incidentId: z.string() });
export type PlatformIntakeAccepted = z.infer<typeof PlatformIntakeAccepted>;
