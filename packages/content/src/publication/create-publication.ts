import { newId, notFound } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { actorId, recordAudit, requirePermission } from "@otklik/identity";
import { eq } from "drizzle-orm";
import type { ContentContext } from "../context.js";
import { recordRevision } from "../revisions/record-revision.js";
import { publications, publishers, variants } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { toPublication } from "../storage/publication-record.js";
import { markdownToPlainText } from "../text/markdown.js";
import { cutVariantText, SocialPlatform } from "../variants/cut-variant.js";
import type { Publication } from "./publication.js";
import { NewPublication } from "./publication-types.js";
import { freeSlug } from "./slugs.js";

/** Where the site shows a publication; social posts link here. */
export function publicationPath(slug: string): string {
  return `/publications/${slug}`;
}

/**
 * Creates a draft (revision 1). Official statements get a post for each of the four social pages
 * at once, cut to each platform's limits; other types get theirs when an editor adds them.
 */
export async function createPublication(
  context: ContentContext,
  input: NewPublication,
  options: { siteUrl?: string } = {},
): Promise<Publication> {
  requirePermission(context.actor, "publication:edit");
  const fields = parseInput(NewPublication, input);
  const now = context.clock.now();
  return withTransaction(context.db, async (tx) => {
    const [publisher] = await tx.drizzle
      .select()
      .from(publishers)
      .where(eq(publishers.id, fields.publisherId));
    if (!publisher) throw notFound(`Издатель / Publisher ${fields.publisherId}`);
    const slug = await freeSlug(tx, fields.slug ?? fields.title);
    const [row] = await tx.drizzle
      .insert(publications)
      .values({
        id: newId("pub", now),
        type: fields.type,
        state: "draft",
        slug,
        title: fields.title,
        summary: fields.summary,
        body: fields.body,
        cover: fields.cover,
        tags: fields.tags,
        attachments: fields.attachments,
        fields: fields.fields as Record<string, unknown>,
        publisherId: fields.publisherId,
        revision: 1,
        createdBy: actorId(context.actor),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordRevision(tx, context, row!, "Создано / Created");
    if (fields.type === "official_statement") {
      const link = `${(options.siteUrl ?? "").replace(/\/$/, "")}${publicationPath(slug)}`;
      const text = fields.summary || markdownToPlainText(fields.body);
      await tx.drizzle.insert(variants).values(
        SocialPlatform.options.map((platform) => ({
          id: newId("var", now),
          publicationId: row!.id,
          platform,
          text: cutVariantText({
            platform,
            title: fields.title,
            text,
            link,
            withPhotos: fields.cover !== null,
          }),
          imageUrls: fields.cover ? [fields.cover.url] : [],
          state: "draft",
          updatedAt: now,
        })),
      );
    }
    await recordAudit(tx, context, {
      action: "publication.create",
      objectType: "publication",
      objectId: row!.id,
      after: { type: row!.type, title: row!.title, state: row!.state },
    });
    return toPublication(row!);
  });
}
