import { NonEmptyText, newId } from "@otklik/core";
import { requirePermission } from "@otklik/identity";
import { asc } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { publishers } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { PublisherKind } from "./publication-types.js";

/** Who a publication speaks for. */
export const Publisher = z.object({
  id: z.string(),
  kind: PublisherKind,
  name: z.string(),
  shortName: z.string(),
  departmentId: z.string().nullable(),
});
export type Publisher = z.infer<typeof Publisher>;

export const NewPublisher = z.object({
  kind: PublisherKind,
  name: NonEmptyText.max(300),
  shortName: NonEmptyText.max(100),
  departmentId: z.string().min(1).max(64).optional(),
});
export type NewPublisher = z.input<typeof NewPublisher>;

/** Adds a publisher (the administration, a department, the Council of Deputies, the election commission). */
export async function createPublisher(context: ContentContext, input: NewPublisher): Promise<Publisher> {
  requirePermission(context.actor, "publication:publish");
  const fields = parseInput(NewPublisher, input);
  const now = context.clock.now();
  const [row] = await context.db.drizzle
    .insert(publishers)
    .values({ id: newId("pbl", now), ...fields, departmentId: fields.departmentId ?? null, createdAt: now })
    .returning();
  return { ...row!, kind: row!.kind as PublisherKind };
}

/** Every publisher, by name. Public: the site shows who publishes. */
export async function listPublishers(context: Pick<ContentContext, "db">): Promise<Publisher[]> {
  const rows = await context.db.drizzle.select().from(publishers).orderBy(asc(publishers.name));
  return rows.map((row) => ({ ...row, kind: row.kind as PublisherKind }));
}
