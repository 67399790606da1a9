import { notFound } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { recordAudit, requirePermission } from "@otklik/identity";
import { eq } from "drizzle-orm";
import type { ContentContext } from "../context.js";
import { recordRevision } from "../revisions/record-revision.js";
import { publications, publishers } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { loadPublication, toPublication } from "../storage/publication-record.js";
import { stateAfterEdit } from "../workflow/workflow.js";
import type { Publication, PublicationSnapshot } from "./publication.js";
import { NewPublication, PublicationChanges, type PublicationType } from "./publication-types.js";
import { freeSlug } from "./slugs.js";

/** Validates a type's own fields, naming problems under `fields.…`. */
export function parseTypeFields(type: PublicationType, fields: unknown): Record<string, unknown> {
  const option = NewPublication.options.find((candidate) => candidate.shape.type.value === type)!;
  return parseInput(option.shape.fields, fields, ["fields"]) as Record<string, unknown>;
}

/**
 * Saves a change as a new revision. An item past review (approved, scheduled, published) goes
 * back to review; what readers see stays as it was until the new version is published.
 */
export async function updatePublication(
  context: ContentContext,
  id: string,
  input: PublicationChanges,
): Promise<Publication> {
  requirePermission(context.actor, "publication:edit");
  const changes = parseInput(PublicationChanges, input);
  return withTransaction(context.db, async (tx) => {
    const current = await loadPublication(tx, id, true);
    const state = stateAfterEdit(current.state as never);
    const content: Partial<PublicationSnapshot> = {};
    if (changes.title !== undefined) content.title = changes.title;
    if (changes.summary !== undefined) content.summary = changes.summary;
    if (changes.body !== undefined) content.body = changes.body;
    if (changes.cover !== undefined) content.cover = changes.cover;
    if (changes.tags !== undefined) content.tags = changes.tags;
    if (changes.attachments !== undefined) content.attachments = changes.attachments;
    if (changes.fields !== undefined)
      content.fields = parseTypeFields(current.type as PublicationType, changes.fields);
    if (changes.publisherId !== undefined) {
      const [publisher] = await tx.drizzle
        .select()
        .from(publishers)
        .where(eq(publishers.id, changes.publisherId));
      if (!publisher) throw notFound(`Издатель / Publisher ${changes.publisherId}`);
      content.publisherId = changes.publisherId;
    }
    if (changes.slug !== undefined && changes.slug !== current.slug)
      content.slug = await freeSlug(tx, changes.slug, id);
    return saveRevision(context, tx, current, content, state, changes.note ?? null, "publication.update");
  });
}

/** Writes new content as the next revision, with its audit entry. */
export async function saveRevision(
  context: ContentContext,
  tx: Parameters<typeof loadPublication>[0],
  current: Awaited<ReturnType<typeof loadPublication>>,
  content: Partial<PublicationSnapshot>,
  state: string,
  note: string | null,
  action: string,
): Promise<Publication> {
  const now = context.clock.now();
  const [row] = await tx.drizzle
    .update(publications)
    .set({
      ...content,
      state,
      revision: current.revision + 1,
      // A scheduled time belongs to the approved text: a changed text is scheduled again after review.
      ...(state !== current.state && current.state === "scheduled" ? { publishAt: null } : {}),
      updatedAt: now,
    })
    .where(eq(publications.id, current.id))
    .returning();
  await recordRevision(tx, context, row!, note);
  await recordAudit(tx, context, {
    action,
    objectType: "publication",
    objectId: current.id,
    before: { revision: current.revision, state: current.state },
    after: { revision: row!.revision, state: row!.state, changed: Object.keys(content) },
  });
  return toPublication(row!);
}
