import type { Executor } from "@otklik/db";
import type { EvidenceStore } from "./evidence-store.js";

/** Keys removed per read of the queue. */
const BATCH = 200;

/**
 * Removes from the store the files queued in `incident_media_removals` (a citizen's erased photos: their rows
 * were deleted in the erasure's transaction, which a store cannot be part of), and takes each removed key off
 * the queue. A key the store fails to remove stays queued for the next run; removing a key already gone is no
 * error, so two workers running it at once do no harm. The API's worker runs it at start and every minute.
 * Answers how many keys were removed.
 */
export async function removeQueuedMediaFiles(db: Executor, store: EvidenceStore): Promise<number> {
  let removed = 0;
  for (;;) {
    const queued = await db.query<{ key: string }>(
      "SELECT key FROM incident_media_removals ORDER BY queued_at, key LIMIT $1",
      [BATCH],
    );
    const done: string[] = [];
    for (const { key } of queued) {
      try {
        await store.delete(key);
        done.push(key);
      } catch {
        // The store is unreachable or refused: the key stays queued.
      }
    }
    if (done.length > 0) {
      await db.query("DELETE FROM incident_media_removals WHERE key = ANY($1::text[])", [done]);
      removed += done.length;
    }
    if (queued.length < BATCH || done.length < queued.length) return removed;
  }
}
