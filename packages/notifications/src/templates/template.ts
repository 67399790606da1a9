import { z } from "zod";
import { Locale, NotificationKind } from "../kinds/kinds.js";

/** One version of a template of one kind in one language. */
export const Template = z.object({
  kind: NotificationKind,
  locale: Locale,
  version: z.number().int().min(1),
  subject: z.string(),
  body: z.string(),
  /** `null` for the built-in version 1. */
  updatedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Template = z.infer<typeof Template>;

/** A new version of a template, written by an administrator. */
export const TemplateChange = z.object({
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(10_000),
});
export type TemplateChange = z.infer<typeof TemplateChange>;

/** What to preview: a template (stored, or a draft) with sample variables. */
export const TemplatePreviewInput = z.object({
  locale: Locale.default("ru"),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
  /** A draft to preview instead of the current version. */
  draft: TemplateChange.optional(),
});
export type TemplatePreviewInput = z.infer<typeof TemplatePreviewInput>;
