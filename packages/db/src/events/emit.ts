import { type Clock, fromZodError, newId, systemClock } from "@otklik/core";
import type { Executor } from "../connection/database.js";
import { eventOutbox } from "../schema.js";
import type { EventDefinition, EventInput } from "./define-event.js";

/**
 * Records that `event` happened: validates `payload` against the event's schema and writes it to
 * the outbox through `tx`, so it commits or rolls back with the change that caused it. The relay
 * delivers it to every subscriber afterwards. Answers the event id (`evt_…`).
 *
 * Throws `OtklikError("validation_failed")`, listing every problem, when the payload does not fit.
 *
 * @example
 * await withTransaction(db, async (tx) => {
 *   await tx.drizzle.update(incidents).set({ state: "overdue" }).where(eq(incidents.id, id));
 *   await emit(tx, SlaWarningDue, { incidentId: id, dueAt }, { clock });
 * });
 */
export async function emit<Event extends EventDefinition>(
  tx: Executor,
  event: Event,
  payload: EventInput<Event>,
  options: { clock?: Clock } = {},
): Promise<string> {
  const parsed = event.schema.safeParse(payload);
  if (!parsed.success) throw fromZodError(parsed.error, `Событие / Event "${event.name}"`);
  const occurredAt = (options.clock ?? systemClock).now();
  const id = newId("evt", occurredAt);
  await tx.drizzle.insert(eventOutbox).values({ id, event: event.name, payload: parsed.data, occurredAt });
  return id;
}
