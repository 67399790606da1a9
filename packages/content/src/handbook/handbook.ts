import { IsoDate, NonEmptyText, newId } from "@otklik/core";
import { requirePermission } from "@otklik/identity";
import { and, asc, eq, lte, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { handbookSections, publications } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { slugFromTitle } from "../text/slug.js";

export const HandbookSection = z.object({
  id: z.string(),
  title: z.string(),
  slug: z.string(),
  position: z.number().int(),
  ownerDepartmentId: z.string().nullable(),
});
export type HandbookSection = z.infer<typeof HandbookSection>;

export const NewHandbookSection = z.object({
  title: NonEmptyText.max(200),
  position: z.number().int().min(0).default(0),
  ownerDepartmentId: z.string().min(1).max(64).optional(),
});
export type NewHandbookSection = z.input<typeof NewHandbookSection>;

/** Adds a section of the citizen's handbook. */
export async function createHandbookSection(
  context: ContentContext,
  input: NewHandbookSection,
): Promise<HandbookSection> {
  requirePermission(context.actor, "publication:edit");
  const fields = parseInput(NewHandbookSection, input);
  const now = context.clock.now();
  const [row] = await context.db.drizzle
    .insert(handbookSections)
    .values({
      id: newId("hbs", now),
      title: fields.title,
      slug: `${slugFromTitle(fields.title)}-${now.getTime().toString(36)}`,
      position: fields.position,
      ownerDepartmentId: fields.ownerDepartmentId ?? null,
      createdAt: now,
    })
    .returning();
  return row!;
}

/** The handbook's sections in order. Public. */
export async function listHandbookSections(context: Pick<ContentContext, "db">): Promise<HandbookSection[]> {
  return context.db.drizzle
    .select()
    .from(handbookSections)
    .orderBy(asc(handbookSections.position), asc(handbookSections.title));
}

export const StaleArticle = z.object({
  id: z.string(),
  title: z.string(),
  ownerDepartmentId: z.string(),
  reviewBy: z.string(),
});
export type StaleArticle = z.infer<typeof StaleArticle>;

export const StaleQuery = z.object({
  ownerDepartmentId: z.string().min(1).max(64).optional(),
  on: IsoDate.optional(),
});
export type StaleQuery = z.input<typeof StaleQuery>;

/** Handbook articles whose review-by date has come (on `on`, default today in UTC), per owner department. */
export async function listStaleHandbookArticles(
  context: ContentContext,
  query: StaleQuery = {},
): Promise<StaleArticle[]> {
  requirePermission(context.actor, "publication:edit");
  const { ownerDepartmentId, on } = parseInput(StaleQuery, query);
  const day = on ?? context.clock.now().toISOString().slice(0, 10);
  const reviewBy = sql<string>`${publications.fields}->>'reviewBy'`;
  const owner = sql<string>`${publications.fields}->>'ownerDepartmentId'`;
  return context.db.drizzle
    .select({ id: publications.id, title: publications.title, ownerDepartmentId: owner, reviewBy })
    .from(publications)
    .where(
      and(
        eq(publications.type, "handbook_article"),
        ne(publications.state, "archived"),
        lte(reviewBy, day),
        ownerDepartmentId ? eq(owner, ownerDepartmentId) : undefined,
      ),
    )
    .orderBy(asc(reviewBy));
}
