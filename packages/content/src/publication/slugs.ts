import type { Executor } from "@otklik/db";
import { and, eq, like, ne, or } from "drizzle-orm";
import { publications } from "../schema.js";
import { slugFromTitle, uniqueSlug } from "../text/slug.js";

/** A slug free among publications (other than `exceptId`), from the wanted one or the title. */
export async function freeSlug(db: Executor, wanted: string, exceptId?: string): Promise<string> {
  const base = slugFromTitle(wanted);
  const rows = await db.drizzle
    .select({ slug: publications.slug })
    .from(publications)
    .where(
      and(
        or(eq(publications.slug, base), like(publications.slug, `${base}-%`)),
        exceptId ? ne(publications.id, exceptId) : undefined,
      ),
    );
  return uniqueSlug(base, new Set(rows.map((row) => row.slug)));
}
