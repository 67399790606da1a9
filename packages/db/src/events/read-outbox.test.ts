import { manualClock } from "@otklik/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { withTransaction } from "../connection/transaction.js";
import { createTestDatabase, type TestDatabase, testBackends } from "../testing/index.js";
import { defineEvent } from "./define-event.js";
import { emit } from "./emit.js";
import { IncidentRouted } from "./fixtures/incident-events.js";
import { eventIdFloor, readOutbox } from "./read-outbox.js";

const PublicationPublished = defineEvent("content.published", z.object({ publicationId: z.string() }));

describe.each(testBackends())("readOutbox on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ backend });
  });
  afterAll(() => db.close());

  it("reads the events emitted since a time, by name prefix and after an id, dispatched or not", async () => {
    // Ids of one process only grow: a clock earlier than an id made before (by the other backend's run,
    // or with the real time) would be moved up to it. So each backend's day lies after everything else.
    const day = backend === "pglite" ? "2099-11-27" : "2099-11-28";
    const early = manualClock(`${day}T09:00:00+07:00`);
    const late = manualClock(`${day}T09:05:00+07:00`);
    const first = await withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "inc_1", departmentId: "dep_roads" }, { clock: early }),
    );
    const second = await withTransaction(db, async (tx) => {
      await emit(tx, PublicationPublished, { publicationId: "pub_1" }, { clock: late });
      return emit(tx, IncidentRouted, { incidentId: "inc_2", departmentId: "dep_parks" }, { clock: late });
    });
    await db.query("UPDATE event_outbox SET dispatched_at = now() WHERE id = $1", [first]);

    const all = await readOutbox(db, { after: eventIdFloor(new Date(`${day}T01:00:00Z`)) });
    expect(all.map((row) => row.event)).toEqual([
      "incidents.routed",
      "content.published",
      "incidents.routed",
    ]);

    const incidentEvents = await readOutbox(db, {
      after: eventIdFloor(new Date(`${day}T01:00:00Z`)),
      eventPrefix: "incidents.",
    });
    expect(incidentEvents.map((row) => row.id)).toEqual([first, second]);
    expect(incidentEvents[1]).toEqual({
      id: second,
      event: "incidents.routed",
      payload: { incidentId: "inc_2", departmentId: "dep_parks" },
      occurredAt: new Date(`${day}T02:05:00Z`),
    });

    const sinceTwoMinutes = await readOutbox(db, {
      after: eventIdFloor(new Date(`${day}T02:03:00Z`)),
      eventPrefix: "incidents.",
    });
    expect(sinceTwoMinutes.map((row) => row.id)).toEqual([second]);
    expect(await readOutbox(db, { after: first, eventPrefix: "incidents.", limit: 5 })).toHaveLength(1);
    expect(await readOutbox(db, { after: second })).toEqual([]);
  });
});
