import { NonEmptyText } from "@otklik/core";
import { z } from "zod";

/** The document name of the privacy policy; consent texts are named by their purpose. */
export const PRIVACY_POLICY = "privacy-policy";

/** A consent's purpose or the privacy policy: lower-case latin, digits and hyphens (`incident-report`). */
export const LegalDocument = z.string().regex(/^[a-z0-9-]{1,64}$/, {
  error: "Имя документа: латиница, цифры, дефис / Document name: a-z, 0-9, -",
});
export type LegalDocument = z.infer<typeof LegalDocument>;

/** One published version of the privacy policy or of a consent text. Versions are never edited. */
export const LegalText = z.object({
  id: z.string(),
  document: z.string(),
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  publishedAt: z.string(),
});
export type LegalText = z.infer<typeof LegalText>;

/** A new version's text. */
export const NewLegalText = z.object({
  title: NonEmptyText.max(300),
  body: NonEmptyText.max(100_000),
});
export type NewLegalText = z.infer<typeof NewLegalText>;
