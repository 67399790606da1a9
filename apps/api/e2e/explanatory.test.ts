// The loop between the incident desk and the press office over HTTP: citizens ask the same thing, the operator
// sees the group and asks for an explanatory material, the event reaches content through the outbox and the
// relay, the editor publishes the draft, and the reply composer is offered it for the next such incident.
import { signPlatformBody } from "@otklik/channels";
import { createPublisher } from "@otklik/content";
import { type Clock, systemClock } from "@otklik/core";
import { createJobs, type EventRelay, type Jobs, startEventRelay } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { contentSubscriptions } from "../src/routes/content/register.js";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

const SECRET = "platform-demo-secret";
const HEATING = [
  "Когда включат отопление? В квартирах холодно",
  "Отопление когда дадут, дома +15",
  "Почему до сих пор не включили отопление",
  "Отопление включите пожалуйста, дети мёрзнут",
];

interface Group {
  topic: string;
  stems: string[];
  count: number;
  incidentIds: string[];
  examples: string[];
  material: { publicationId: string; state: string; path: string | null } | null;
}

describe.each(testBackends())("explanatory materials from incidents over HTTP on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let jobs: Jobs;
  let relay: EventRelay;
  let operator: Browser;
  let editor: Browser;
  let executor: Browser;
  let counter = 0;

  beforeAll(async () => {
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    api = await createTestApi({ db, content: { siteUrl: "https://abakan.example", jobs } });
    relay = await startEventRelay(db, jobs, {
      subscriptions: contentSubscriptions({ db, clock: systemClock }),
      intervalMs: 60_000,
    });
    const { browsers } = await demoStaff(api.app, { db, clock: systemClock as Clock });
    ({ operator, editor, executor } = browsers);
    await createPublisher(
      { db, clock: systemClock, actor: systemActor("test") },
      { kind: "administration", name: "Администрация города Абакана", shortName: "Администрация" },
    );
  });
  afterAll(async () => {
    await relay?.stop();
    await jobs?.stop({ graceful: true });
    await api?.db.close();
  });

  async function incident(text: string): Promise<string> {
    counter += 1;
    const raw = JSON.stringify({
      type: "incident",
      id: `explanatory-${backend}-${counter}`,
      createdAt: new Date().toISOString(),
      text,
      source: { network: "vk" },
    });
    const response = await api.app.request("/api/v1/intake/platform", {
      method: "POST",
      headers: { "content-type": "application/json", "x-otklik-signature": signPlatformBody(raw, SECRET) },
      body: raw,
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { incidentId: string }).incidentId;
  }
  const topics = async () => {
    const response = await call(api.app, "GET", "/api/v1/incidents/stats/topics?minimumCount=2", {
      as: operator,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Group[] }).items;
  };
  const post = async (as: Browser, path: string, body?: unknown) => {
    const response = await call(api.app, "POST", path, { as, ...(body !== undefined ? { body } : {}) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("goes from frequent questions to a published material offered as a reply", async () => {
    for (const text of HEATING) await incident(text);
    const [heating] = await topics();
    expect(heating).toMatchObject({ count: 4, examples: HEATING, material: null });

    // The operator asks for a material; the draft comes through the outbox, the relay and the subscriber.
    const requested = await post(operator, "/api/v1/explanatory-requests", {
      stems: heating!.stems,
      title: "Когда включат отопление",
      questions: heating!.examples.slice(0, 3),
      incidentIds: heating!.incidentIds,
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    expect(requested.body).toMatchObject({ topic: heating!.topic, eventId: expect.stringMatching(/^evt_/) });
    expect(await relay.dispatchPending()).toBeGreaterThanOrEqual(1); // the incidents' own events too
    let material: Group["material"] = null;
    await vi.waitFor(
      async () => {
        material = (await topics())[0]!.material;
        expect(material).not.toBeNull();
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(material).toMatchObject({ state: "draft", path: null });

    // The editor finds the draft with the questions quoted, writes the answer and publishes it.
    const id = material!.publicationId;
    const draft = await call(api.app, "GET", `/api/v1/publications/${id}`, { as: editor });
    const body = (await draft.json()) as {
      title: string;
      body: string;
      fields: { incidentTopics: string[] };
    };
    expect(body.title).toBe("Разъяснение: Когда включат отопление");
    expect(body.body).toContain(`## ${HEATING[0]}`);
    expect(body.fields.incidentTopics).toEqual([heating!.topic]);
    const edited = await call(api.app, "PATCH", `/api/v1/publications/${id}`, {
      as: editor,
      body: { summary: "Отопление включают после пяти дней со среднесуточной температурой ниже +8 °C." },
    });
    expect(edited.status).toBe(200);
    for (const verb of ["submit", "approve", "publish"])
      expect((await post(editor, `/api/v1/publications/${id}/${verb}`)).status).toBe(200);
    expect((await topics())[0]!.material).toMatchObject({
      state: "published",
      path: expect.stringMatching(/^\//),
    });

    // The next citizen asking the same gets the material offered in the reply composer.
    const next = await incident("Скажите, когда включат отопление, в квартире холодно");
    const templates = await call(
      api.app,
      "GET",
      `/api/v1/explanatory-materials/reply-templates?incidentId=${next}`,
      {
        as: operator,
      },
    );
    expect(templates.status).toBe(200);
    const { items } = (await templates.json()) as {
      items: { publicationId: string; url: string; text: string }[];
    };
    expect(items).toHaveLength(1);
    expect(items[0]!.publicationId).toBe(id);
    expect(items[0]!.url).toMatch(/^https:\/\/abakan\.example\/publications\//);
    expect(items[0]!.text).toContain("«Разъяснение: Когда включат отопление»");
    // An incident about something else is offered nothing.
    const other = await incident("Во дворе дома на улице Ленина не вывозят мусор уже неделю");
    const none = await call(
      api.app,
      "GET",
      `/api/v1/explanatory-materials/reply-templates?incidentId=${other}`,
      {
        as: operator,
      },
    );
    expect(((await none.json()) as { items: unknown[] }).items).toEqual([]);

    // Asking again for the same topic is a conflict naming the material; no second draft appears.
    const again = await post(operator, "/api/v1/explanatory-requests", {
      stems: heating!.stems,
      title: "Отопление",
      questions: ["Когда?"],
    });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain(id);
  });

  it("checks who asks and what they send", async () => {
    const anonymous = await call(api.app, "POST", "/api/v1/explanatory-requests", {
      body: { stems: ["отоплен"], title: "Отопление", questions: ["Когда?"] },
    });
    expect(anonymous.status).toBe(401);
    const byExecutor = await post(executor, "/api/v1/explanatory-requests", {
      stems: ["собак"],
      title: "Собаки",
      questions: ["Когда отловят собак?"],
    });
    expect(byExecutor.status).toBe(403);
    const empty = await post(operator, "/api/v1/explanatory-requests", {
      stems: [],
      title: "",
      questions: [],
    });
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ error: { code: "validation_failed" } });
    expect((await call(api.app, "GET", "/api/v1/incidents/stats/topics", { as: executor })).status).toBe(403);
    expect(
      (await call(api.app, "GET", "/api/v1/incidents/stats/topics?since=yesterday", { as: operator })).status,
    ).toBe(422);
    const both = await call(api.app, "GET", "/api/v1/explanatory-materials/reply-templates", {
      as: operator,
    });
    expect(both.status).toBe(422);
    const missing = await call(
      api.app,
      "GET",
      "/api/v1/explanatory-materials/reply-templates?incidentId=inc_nothing",
      { as: operator },
    );
    expect(missing.status).toBe(404);
    const requests = await api.db.query(
      "SELECT id FROM event_outbox WHERE event = 'incidents.explanation_requested'",
    );
    expect(requests).toHaveLength(1); // the first test's; the refused requests emitted nothing
  });
});
