import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import { type DeskWorld, deskWorld, MIGRATIONS, START } from "../testing/world.js";
import { frequentQuestions, requestExplanation, topicKey } from "./frequent-questions.js";

const HEATING = [
  "Когда включат отопление? В квартирах холодно",
  "Отопление когда дадут, дома +15",
  "Почему до сих пор не включили отопление на Ленина",
  "Отопление включите пожалуйста, дети мёрзнут",
];
const DOGS = [
  "Собаки бегают стаей у школы",
  "Стая собак у школы на Пушкина",
  "Бродячие собаки напали у школы",
];

describe.each(testBackends())("frequent questions on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
    world.clock.set(START);
    let n = 0;
    // Last month's heating questions, this month's heating and dog questions, and a one-off.
    for (const text of [
      "Отопление не включили, батареи холодные",
      "Где отопление? Холодно",
      "Салют на день города будет?",
    ]) {
      n += 1;
      await receivePlatformIncident(world.system, {
        type: "incident",
        id: `faq-${backend}-${n}`,
        createdAt: world.clock.now().toISOString(),
        text,
        source: { network: "vk" },
      });
    }
    world.clock.advance(40 * 86_400_000);
    for (const text of [...HEATING, ...DOGS]) {
      n += 1;
      await receivePlatformIncident(world.system, {
        type: "incident",
        id: `faq-${backend}-${n}`,
        createdAt: world.clock.now().toISOString(),
        text,
        source: { network: "vk" },
      });
      world.clock.advance(60_000);
    }
  });
  afterAll(() => db.close());

  it("groups the last 30 days' incidents by topic, largest first, quoting what citizens wrote", async () => {
    const groups = await frequentQuestions(world.operator, { minimumCount: 2 });
    expect(groups.map((group) => group.count)).toEqual([4, 3]);
    const [heating, dogs] = groups;
    expect(heating!.stems).toContain("отоплен");
    expect(heating!.topic).toBe(topicKey(heating!.stems));
    expect(heating!.examples).toEqual(HEATING);
    expect(dogs!.examples).toEqual(DOGS);
    // A wider period takes last month's questions in too.
    const wider = await frequentQuestions(world.operator, {
      since: "2026-11-01T00:00:00+07:00",
      minimumCount: 2,
    });
    expect(wider[0]!.count).toBe(6);
  });

  it("is a report: executors may not read it, and a bad period is a 422", async () => {
    await expect(frequentQuestions(world.executor)).rejects.toMatchObject({ code: "forbidden" });
    await expect(frequentQuestions(world.operator, { since: "вчера" })).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: ["since"] }],
    });
  });

  it("turns a group into a request for an explanatory material: an event in the outbox and an audit entry", async () => {
    const [heating] = await frequentQuestions(world.operator, { minimumCount: 2 });
    const requested = await requestExplanation(world.operator, {
      stems: heating!.stems,
      title: "Когда включат отопление",
      questions: heating!.examples.slice(0, 2),
      incidentIds: heating!.incidentIds,
    });
    expect(requested.topic).toBe(heating!.topic);
    const [event] = await db.query<{ id: string; payload: Record<string, unknown> }>(
      "SELECT id, payload FROM event_outbox WHERE event = 'incidents.explanation_requested'",
    );
    expect(event).toEqual({
      id: requested.eventId,
      payload: {
        topic: heating!.topic,
        stems: heating!.stems,
        title: "Когда включат отопление",
        questions: HEATING.slice(0, 2),
        incidentIds: heating!.incidentIds,
        requestedBy: "usr_operator",
      },
    });
    const audit = await db.query<{ action: string; object_id: string }>(
      "SELECT action, object_id FROM identity_audit_log WHERE action = 'incident.explanation_request'",
    );
    expect(audit).toEqual([{ action: "incident.explanation_request", object_id: heating!.topic }]);
  });

  it("refuses a request without questions (422, nothing emitted) and from someone who does not reply (403)", async () => {
    const before = await db.query(
      "SELECT id FROM event_outbox WHERE event = 'incidents.explanation_requested'",
    );
    await expect(
      requestExplanation(world.operator, { stems: ["отоплен"], title: "Отопление", questions: [] }),
    ).rejects.toMatchObject({ code: "validation_failed", details: [{ path: ["questions"] }] });
    await expect(
      requestExplanation(world.analyst, { stems: ["отоплен"], title: "Отопление", questions: ["Когда?"] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(
      await db.query("SELECT id FROM event_outbox WHERE event = 'incidents.explanation_requested'"),
    ).toEqual(before);
  });
});
