import { newId } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { type Actor, actorId } from "@otklik/identity";
import { revisions } from "../schema.js";
import { type PublicationRow, snapshotOf } from "../storage/publication-record.js";

/** Writes the row's content as revision `row.revision` (every save makes one). */
export async function recordRevision(
  db: Executor,
  context: { clock: { now(): Date }; actor: Actor },
  row: PublicationRow,
  note: string | null,
): Promise<void> {
  const now = context.clock.now();
  await db.drizzle.insert(revisions).values({
    id: newId("rev", now),
    publicationId: row.id,
    number: row.revision,
    snapshot: snapshotOf(row),
    note,
    authorId: actorId(context.actor),
    createdAt: now,
  });
}
