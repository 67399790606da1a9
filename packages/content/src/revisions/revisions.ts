import { notFound } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { requirePermission } from "@otklik/identity";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { type Publication, PublicationSnapshot } from "../publication/publication.js";
import { saveRevision } from "../publication/update-publication.js";
import { revisions } from "../schema.js";
import { loadPublication } from "../storage/publication-record.js";
import { type DiffPart, diffLines } from "../text/diff.js";
import { stateAfterEdit } from "../workflow/workflow.js";

/** One saved version of a publication. */
export const Revision = z.object({
  id: z.string(),
  number: z.number().int(),
  note: z.string().nullable(),
  authorId: z.string(),
  createdAt: z.string(),
  snapshot: PublicationSnapshot,
});
export type Revision = z.infer<typeof Revision>;

/** The difference between two revisions, field by field, each a line diff. */
export const RevisionDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(
    z.object({
      field: z.string(),
      parts: z.array(z.object({ kind: z.enum(["equal", "added", "removed"]), text: z.string() })),
    }),
  ),
});
export type RevisionDiff = z.infer<typeof RevisionDiff>;

type RevisionRow = typeof revisions.$inferSelect;
const toRevision = (row: RevisionRow): Revision => ({
  id: row.id,
  number: row.number,
  note: row.note,
  authorId: row.authorId,
  createdAt: row.createdAt.toISOString(),
  snapshot: row.snapshot as PublicationSnapshot,
});

/** Every revision of a publication, newest first. */
export async function listRevisions(context: ContentContext, publicationId: string): Promise<Revision[]> {
  requirePermission(context.actor, "publication:edit");
  await loadPublication(context.db, publicationId);
  const rows = await context.db.drizzle
    .select()
    .from(revisions)
    .where(eq(revisions.publicationId, publicationId))
    .orderBy(desc(revisions.number));
  return rows.map(toRevision);
}

async function loadRevision(
  context: ContentContext,
  publicationId: string,
  number: number,
): Promise<Revision> {
  const [row] = await context.db.drizzle
    .select()
    .from(revisions)
    .where(and(eq(revisions.publicationId, publicationId), eq(revisions.number, number)));
  if (!row) throw notFound(`Редакция / Revision ${number}`);
  return toRevision(row);
}

/** A field's value as lines of text, so any field can be diffed the same way. */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? "";
}

/** What changed between revisions `from` and `to` (any two, either order), field by field. */
export async function diffRevisions(
  context: ContentContext,
  publicationId: string,
  from: number,
  to: number,
): Promise<RevisionDiff> {
  requirePermission(context.actor, "publication:edit");
  const [before, after] = [
    await loadRevision(context, publicationId, from),
    await loadRevision(context, publicationId, to),
  ];
  const changes: { field: string; parts: DiffPart[] }[] = [];
  for (const field of Object.keys(PublicationSnapshot.shape) as (keyof PublicationSnapshot)[]) {
    const a = asText(before.snapshot[field]);
    const b = asText(after.snapshot[field]);
    if (a !== b) changes.push({ field, parts: diffLines(a, b) });
  }
  return { from, to, changes };
}

/** Makes an old revision's content the newest revision (history is kept; nothing is deleted). */
export async function restoreRevision(
  context: ContentContext,
  publicationId: string,
  number: number,
): Promise<Publication> {
  requirePermission(context.actor, "publication:edit");
  const revision = await loadRevision(context, publicationId, number);
  return withTransaction(context.db, async (tx) => {
    const current = await loadPublication(tx, publicationId, true);
    const state = stateAfterEdit(current.state as never);
    return saveRevision(
      context,
      tx,
      current,
      // The address stays: another publication may have taken the old one since.
      { ...revision.snapshot, slug: current.slug },
      state,
      `Восстановлена редакция ${number} / Restored revision ${number}`,
      "publication.restore",
    );
  });
}
