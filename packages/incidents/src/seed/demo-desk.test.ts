import { manualClock } from "@otklik/core";
import { runSeeds } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityDemoSeed, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getIncident, listIncidents } from "../desk/read-incidents.js";
import type { IncidentSummary } from "../storage/incident-record.js";
import { MIGRATIONS, START } from "../testing/world.js";
import { incidentsDemoDeskSeed } from "./demo-desk.js";
import { incidentsDemoSeed } from "./demo-routes.js";

const CHEAP_HASHING = { memoryCost: 256, timeCost: 1, parallelism: 1 };

describe.each(testBackends())("the demo desk seed on %s", (backend) => {
  let db: TestDatabase;
  let incidents: IncidentSummary[];
  const clock = manualClock(START);
  const context = () => ({ db, clock, actor: systemActor("test") });

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    const seeds = [
      identityDemoSeed({ passwordHashing: CHEAP_HASHING }),
      incidentsDemoSeed,
      incidentsDemoDeskSeed,
    ];
    expect((await runSeeds(db, seeds, { clock })).ran).toContain("incidents.demo-desk");
    incidents = (await listIncidents(context(), { limit: 100 })).items;
  });
  afterAll(() => db.close());

  it("gives a newcomer's desk two weeks of incidents on the map, routed by the desk", () => {
    expect(incidents).toHaveLength(36);
    const received = incidents.map((incident) => Date.parse(incident.receivedAt));
    const days = (Date.parse(START) - Math.min(...received)) / 86_400_000;
    expect(days).toBeGreaterThan(13);
    expect(days).toBeLessThan(15);
    expect(Math.max(...received)).toBeLessThanOrEqual(Date.parse(START));
    expect(incidents.every((incident) => incident.onMap)).toBe(true);
    // Only a complaint about trade (the demo has no consumer-market department) came in unrouted; it was rejected.
    const unrouted = incidents.filter((incident) => incident.departmentId === null);
    expect(unrouted.map((incident) => [incident.category, incident.status])).toEqual([["trade", "rejected"]]);
    expect(new Set(incidents.map((incident) => incident.sourceNetwork))).toEqual(
      new Set(["vk", "ok", "telegram", "max"]),
    );
    expect(new Set(incidents.map((incident) => incident.category)).size).toBeGreaterThanOrEqual(6);
    // Numbered in the order they came in; those before the last day came in by day, 08:00–20:59 in Abakan.
    const byArrival = [...incidents].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
    expect(byArrival.map((incident) => incident.number)).toEqual(
      [...byArrival.map((incident) => incident.number)].sort(),
    );
    const older = incidents.filter(
      (incident) => Date.parse(START) - Date.parse(incident.receivedAt) > 86_400_000,
    );
    const cityHours = older.map((incident) => (new Date(incident.receivedAt).getUTCHours() + 7) % 24);
    expect(cityHours.every((hour) => hour >= 8 && hour <= 20)).toBe(true);
  });

  it("leaves the newest as they came, has the older in work, resolved or rejected, with deadlines ahead and passed", () => {
    const count = (status: string) => incidents.filter((incident) => incident.status === status).length;
    expect(count("resolved")).toBe(19);
    expect(count("in_progress")).toBe(8);
    expect(count("rejected")).toBe(2);
    expect(count("new") + count("assigned")).toBe(7);
    // Open ones with their deadline ahead, and open ones past it (announced by the API's start-up catch-up).
    const open = incidents.filter((incident) => ["new", "assigned", "in_progress"].includes(incident.status));
    const dueAt = (incident: IncidentSummary) => Date.parse(incident.dueAt ?? "");
    expect(open.some((incident) => dueAt(incident) > Date.parse(START))).toBe(true);
    expect(open.some((incident) => dueAt(incident) < Date.parse(START))).toBe(true);
    // No incident is a step ahead of the seed's own moment.
    expect(incidents.every((incident) => Date.parse(incident.updatedAt) <= Date.parse(START))).toBe(true);
  });

  it("has the operator's public replies: most within two hours, delivered, the first-reply clock stopped", async () => {
    const answered = incidents.filter((incident) => incident.firstPublicReplyAt !== null);
    // All but the seven newest, which came in as they are and wait for their first reply.
    expect(answered).toHaveLength(29);
    expect(incidents.filter((incident) => incident.status === "new" && incident.firstPublicReplyAt)).toEqual(
      [],
    );
    const hoursToReply = answered.map(
      (incident) =>
        (Date.parse(incident.firstPublicReplyAt ?? "") - Date.parse(incident.receivedAt)) / 3_600_000,
    );
    const withinTwo = hoursToReply.filter((hours) => hours <= 2).length;
    expect(withinTwo / answered.length).toBeGreaterThan(0.6);
    expect(withinTwo).toBeLessThan(answered.length);
    const resolved = answered.find((incident) => incident.status === "resolved");
    const detail = await getIncident(context(), resolved?.id ?? "");
    const publicReplies = detail.replies.filter((reply) => reply.visibility === "public");
    // The first reply and the one at the resolution, each delivered where the citizen wrote.
    expect(publicReplies).toHaveLength(2);
    expect(publicReplies.every((reply) => reply.deliveryState === "sent")).toBe(true);
    expect(publicReplies[0]?.text).toContain(detail.number);
    // Each first reply stopped its clock (two working hours): mostly met, a few breached, as on a real desk.
    const states: string[] = [];
    for (const incident of answered) {
      const firstReply = (await getIncident(context(), incident.id)).sla.find(
        (metric) => metric.metric === "first-reply",
      );
      // Stopped by the reply (or, for a rejection, by the rejection just before it).
      expect(Date.parse(firstReply?.stoppedAt ?? "")).toBeLessThanOrEqual(
        Date.parse(incident.firstPublicReplyAt ?? ""),
      );
      states.push(firstReply?.state ?? "none");
    }
    const met = states.filter((state) => state === "met").length;
    expect(met + states.filter((state) => state === "breached").length).toBe(answered.length);
    expect(met / answered.length).toBeGreaterThan(0.6);
    expect(met, JSON.stringify(states)).toBeLessThan(answered.length);
  });

  it("records who did what, when: the executor took the housing department's incidents into work", async () => {
    const resolved = incidents.find(
      (incident) => incident.status === "resolved" && incident.text.startsWith("Протекает крыша в школе"),
    );
    expect(resolved).toBeDefined();
    const detail = await getIncident(context(), resolved?.id ?? "");
    const changes = detail.timeline.filter((entry) => entry.kind === "status-changed");
    expect(changes.map((entry) => entry.data.to)).toEqual(
      expect.arrayContaining(["in_progress", "resolved"]),
    );
    // Taken into work and resolved by a person of the department, not by «the system».
    expect(
      changes.filter((entry) => entry.data.to !== "assigned").every((entry) => entry.actorKind === "user"),
    ).toBe(true);
    const times = detail.timeline.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("runs once: a restart does not add the incidents again", async () => {
    const seeds = [
      identityDemoSeed({ passwordHashing: CHEAP_HASHING }),
      incidentsDemoSeed,
      incidentsDemoDeskSeed,
    ];
    expect((await runSeeds(db, seeds, { clock })).skipped).toContain("incidents.demo-desk");
    expect((await listIncidents(context(), { limit: 100 })).items).toHaveLength(36);
  });
});
