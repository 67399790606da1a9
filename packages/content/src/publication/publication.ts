import { z } from "zod";
import { PublicationState } from "../workflow/workflow.js";
import { Attachment, CoverImage, PublicationType } from "./publication-types.js";

/** A publication as staff see it: the working copy and where it stands. */
export const Publication = z.object({
  id: z.string(),
  type: PublicationType,
  state: PublicationState,
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  cover: CoverImage.nullable(),
  tags: z.array(z.string()),
  attachments: z.array(Attachment),
  fields: z.record(z.string(), z.unknown()),
  publisherId: z.string(),
  /** The number of the latest revision (every save makes one). */
  revision: z.number().int(),
  /** The revision readers see, when the publication is on the site. */
  liveRevision: z.number().int().nullable(),
  publishAt: z.string().nullable(),
  unpublishAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  firstPublishedAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Publication = z.infer<typeof Publication>;

/** What readers of the site get: the live version, its body rendered to safe HTML. */
export const PublicPublication = z.object({
  id: z.string(),
  type: PublicationType,
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  bodyHtml: z.string(),
  cover: CoverImage.nullable(),
  tags: z.array(z.string()),
  attachments: z.array(Attachment),
  fields: z.record(z.string(), z.unknown()),
  publisher: z.object({ id: z.string(), name: z.string() }),
  publishedAt: z.string(),
  firstPublishedAt: z.string(),
});
export type PublicPublication = z.infer<typeof PublicPublication>;

/** The content of one revision: everything an editor can change. */
export const PublicationSnapshot = z.object({
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  cover: CoverImage.nullable(),
  tags: z.array(z.string()),
  attachments: z.array(Attachment),
  fields: z.record(z.string(), z.unknown()),
  publisherId: z.string(),
  slug: z.string(),
});
export type PublicationSnapshot = z.infer<typeof PublicationSnapshot>;
