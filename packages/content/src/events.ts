import { defineEvent } from "@otklik/db";
import { z } from "zod";

/** A publication went on the site (by an editor or by its schedule). */
export const PublicationPublished = defineEvent(
  "content.publication_published",
  z.object({
    publicationId: z.string(),
    type: z.string(),
    slug: z.string(),
    title: z.string(),
    publishedAt: z.iso.datetime(),
  }),
);
