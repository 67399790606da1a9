import type { Executor } from "../connection/database.js";

/** One row of the outbox, as {@link readOutbox} answers it. */
export interface OutboxEvent {
  /** `evt_…`: sorts by the time the event was emitted. */
  id: string;
  event: string;
  payload: unknown;
  occurredAt: Date;
}

export interface ReadOutboxOptions {
  /** Only events with an id greater than this one (an `evt_…` id, or {@link eventIdFloor}'s answer). */
  after: string;
  /** Only events whose name starts with this (`"incidents."`). */
  eventPrefix?: string;
  /** At most this many rows (default 500). */
  limit?: number;
}

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * An id lower than every event id emitted at `at` or later (ids begin with their time, see `newId` of
 * `@otklik/core`): `readOutbox(db, { after: eventIdFloor(since) })` reads what was emitted since `since`.
 */
export function eventIdFloor(at: Date): string {
  let value = Math.max(0, at.getTime());
  let time = "";
  for (let index = 0; index < 10; index += 1) {
    time = ALPHABET[value % 32] + time;
    value = Math.floor(value / 32);
  }
  // "evt_" + time + "" sorts before "evt_" + time + any random part.
  return `evt_${time}`;
}

/**
 * Reads outbox rows in id order, dispatched or not (the relay keeps dispatched rows for
 * `keepDispatchedDays`). For watchers that are not subscribers — a live stream to browsers in every
 * API process — and must not take the rows from the relay. Ids follow emission time, not commit
 * order: a watcher that pages by id reads again a short window behind its last id to see
 * transactions that committed late (and keeps the ids it has seen).
 */
export async function readOutbox(db: Executor, options: ReadOutboxOptions): Promise<OutboxEvent[]> {
  const rows = await db.query<{ id: string; event: string; payload: unknown; occurred_at: Date | string }>(
    `SELECT id, event, payload, occurred_at FROM event_outbox
     WHERE id > $1 AND ($2::text IS NULL OR starts_with(event, $2::text))
     ORDER BY id LIMIT $3`,
    [options.after, options.eventPrefix ?? null, options.limit ?? 500],
  );
  return rows.map((row) => ({
    id: row.id,
    event: row.event,
    payload: row.payload,
    occurredAt: new Date(row.occurred_at),
  }));
}
