// Asking the department over HTTP, and public replies delivered by the API's workers through a stored
// channel connection (the local incident platform of packages/channels' tests).
import { randomBytes } from "node:crypto";
import { createSecretBox, saveConnection, signPlatformBody } from "@otklik/channels";
import { type Clock, manualClock, systemClock } from "@otklik/core";
import { createJobs, type Jobs } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { DEMO_PASSWORD } from "@otklik/identity";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIncidentWorkers } from "../src/server/incident-workers.js";
import { migrationSets, personalDataRegistry } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type FakePlatform, startFakePlatform } from "./support/fake-platform.js";
import { type Browser, call, demoStaff, signInOverHttp } from "./support/staff-client.js";

const SECRET = "platform-demo-secret";

async function sendPlatform(
  app: Awaited<ReturnType<typeof createTestApi>>["app"],
  body: Record<string, unknown>,
): Promise<string> {
  const raw = JSON.stringify(body);
  const response = await app.request("/api/v1/intake/platform", {
    method: "POST",
    headers: { "content-type": "application/json", "x-otklik-signature": signPlatformBody(raw, SECRET) },
    body: raw,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { incidentId: string }).incidentId;
}

describe("asking the department over HTTP", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let clock: ReturnType<typeof manualClock>;
  let staff: Awaited<ReturnType<typeof demoStaff>>["browsers"];
  let housing: string;
  let counter = 0;

  beforeAll(async () => {
    clock = manualClock("2026-11-27T03:00:00Z"); // Friday 10:00 in Abakan.
    api = await createTestApi({ clock: clock as Clock });
    const { demo, browsers } = await demoStaff(api.app, { db: api.db, clock });
    staff = browsers;
    housing = demo.departmentIds.housing ?? "";
  }, 120_000);
  afterAll(() => api?.db.close());

  async function housingIncident(): Promise<string> {
    counter += 1;
    const id = await sendPlatform(api.app, {
      type: "incident",
      id: `e2e-dept-${counter}`,
      createdAt: clock.now().toISOString(),
      text: "Во дворе дома на улице Ленина не вывозят мусор уже неделю",
      source: { network: "vk", authorName: "Смирнова Ольга" },
    });
    const assigned = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: staff.operator,
      body: { type: "assign", departmentKey: housing },
    });
    expect(assigned.status).toBe(200);
    return id;
  }

  const ask = (id: string, body: unknown, as: Browser = staff.operator) =>
    call(api.app, "POST", `/api/v1/incidents/${id}/department-requests`, { as, body });

  it("asks, lets the department answer once, offers the answer as the reply draft and replies from it", async () => {
    const id = await housingIncident();
    const created = await ask(id, {
      question: "Когда вывезут мусор? Нужен срок.",
      idempotencyKey: "e2e-ask-0001",
    });
    expect(created.status).toBe(201);
    const request = (await created.json()) as {
      id: string;
      dueAt: string;
      slaMetric: string;
      status: string;
    };
    expect(request).toMatchObject({
      status: "open",
      slaMetric: "platform-answer",
      dueAt: "2026-11-27T08:30:00.000Z",
    });
    const repeated = await ask(id, {
      question: "Когда вывезут мусор? Нужен срок.",
      idempotencyKey: "e2e-ask-0001",
    });
    expect(repeated.status).toBe(200);
    expect(((await repeated.json()) as { id: string }).id).toBe(request.id);

    const queue = await call(api.app, "GET", "/api/v1/department-requests?status=open", {
      as: staff.executor,
    });
    expect(queue.status).toBe(200);
    expect(((await queue.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(
      request.id,
    );

    const answerPath = `/api/v1/incidents/${id}/department-requests/${request.id}/answer`;
    const byOperator = await call(api.app, "POST", answerPath, {
      as: staff.operator,
      body: { answer: "Вывезем" },
    });
    expect(byOperator.status).toBe(403);
    const empty = await call(api.app, "POST", answerPath, { as: staff.executor, body: { answer: " " } });
    expect(empty.status).toBe(422);
    const emptyError = (await empty.json()) as { error: { message: string; details: { path: string[] }[] } };
    expect(emptyError.error.details.map((detail) => detail.path.join("."))).toContain("answer");
    expect(emptyError.error.message).toMatch(/^[А-Яа-яЁё]/);
    const answered = await call(api.app, "POST", answerPath, {
      as: staff.executor,
      body: { answer: "Мусор вывезут 28 ноября до 12:00, подрядчик предупреждён." },
    });
    expect(answered.status).toBe(200);
    const twice = await call(api.app, "POST", answerPath, { as: staff.head, body: { answer: "Ещё раз" } });
    expect(twice.status).toBe(409);

    const detail = (await (
      await call(api.app, "GET", `/api/v1/incidents/${id}`, { as: staff.operator })
    ).json()) as {
      replyDraft: { requestId: string; text: string } | null;
      timeline: { kind: string }[];
    };
    expect(detail.replyDraft).toMatchObject({ requestId: request.id });
    expect(detail.timeline.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining(["department-request", "department-answer"]),
    );
    const reply = await call(api.app, "POST", `/api/v1/incidents/${id}/replies`, {
      as: staff.operator,
      body: {
        text: `Здравствуйте! ${detail.replyDraft?.text}`,
        departmentRequestId: request.id,
        force: true,
      },
    });
    expect(reply.status).toBe(201);
    const list = (await (
      await call(api.app, "GET", `/api/v1/incidents/${id}/department-requests`, { as: staff.head })
    ).json()) as { items: { replyId: string | null }[] };
    expect(list.items[0]?.replyId).toMatch(/^rpl_/);
  });

  it("shows an overdue request in the detail, and refuses bad input and strangers", async () => {
    const id = await housingIncident();
    expect((await ask(id, { question: "" })).status).toBe(422);
    expect((await ask(id, "не JSON-объект")).status).toBe(422);
    const nobody = await call(api.app, "POST", `/api/v1/incidents/${id}/department-requests`, {
      body: { question: "Что с ямой?" },
    });
    expect(nobody.status).toBe(401);
    expect((await ask(id, { question: "Что с ямой?" }, staff.analyst)).status).toBe(403);
    expect((await ask("inc_00000000000000000000000000", { question: "Что с ямой?" })).status).toBe(404);
    const created = await ask(id, { question: "Что с вывозом?" });
    const request = (await created.json()) as { dueAt: string };
    clock.set(new Date(new Date(request.dueAt).getTime() + 60_000));
    // Hours later the sessions have timed out: the head signs in again.
    const { browser: head } = await signInOverHttp(api.app, "head@demo.otklik.ru", DEMO_PASSWORD);
    if (!head) throw new Error("the demo head could not sign in");
    const detail = (await (await call(api.app, "GET", `/api/v1/incidents/${id}`, { as: head })).json()) as {
      overdueDepartmentRequests: number;
      departmentRequests: { overdue: boolean }[];
    };
    expect(detail.overdueDepartmentRequests).toBe(1);
    expect(detail.departmentRequests[0]?.overdue).toBe(true);
    const overdue = await call(api.app, "GET", "/api/v1/department-requests?overdue=true", { as: head });
    expect(((await overdue.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(
      (await call(api.app, "GET", "/api/v1/department-requests?overdue=maybe", { as: head })).status,
    ).toBe(422);
  });
});

describe.each(testBackends())("public replies delivered by the workers on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let jobs: Jobs;
  let operator: Browser;
  let platform: FakePlatform;

  beforeAll(async () => {
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    const key = randomBytes(32).toString("base64");
    platform = await startFakePlatform({ apiToken: "platform-token", signingSecret: "signing-secret" });
    await saveConnection({
      db,
      clock: systemClock,
      box: createSecretBox({ currentKeyId: "current", keys: { current: key } }),
      input: {
        id: "conn_platform",
        platform: "platform",
        name: "Инцидент Менеджмент",
        settings: { baseUrl: platform.url },
        secrets: { apiToken: "platform-token", intakeSecret: SECRET, answerSigningSecret: "signing-secret" },
      },
    });
    jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    api = await createTestApi({ db, incidents: { jobs } });
    await startIncidentWorkers({
      db,
      clock: systemClock,
      jobs,
      logger: pino({ level: "silent" }),
      channelsKey: key,
    });
    operator = (await demoStaff(api.app, { db, clock: systemClock as Clock })).browsers.operator;
  }, 180_000);
  afterAll(async () => {
    await jobs?.stop({ graceful: false });
    await platform?.close();
    await api?.db.close();
  });

  const replyState = async (id: string) => {
    const detail = (await (
      await call(api.app, "GET", `/api/v1/incidents/${id}`, { as: operator })
    ).json()) as {
      replies: { id: string; deliveryState: string; deliveryError: string | null }[];
    };
    return detail.replies[0];
  };
  async function until(id: string, state: string): Promise<void> {
    const deadline = Date.now() + 90_000;
    while ((await replyState(id))?.deliveryState !== state) {
      if (Date.now() > deadline)
        throw new Error(`reply of ${id} never became ${state}: ${JSON.stringify(await replyState(id))}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("answers the platform through its contract, once; a failed answer is retried on the operator's word", async () => {
    const text = "Здравствуйте! Мусор вывезут 28 ноября до 12:00, подрядчик предупреждён.";
    const first = await sendPlatform(api.app, {
      type: "incident",
      id: "PLT-1001",
      createdAt: new Date().toISOString(),
      text: "Во дворе не вывозят мусор",
      source: { network: "ok" },
    });
    const sent = await call(api.app, "POST", `/api/v1/incidents/${first}/replies`, {
      as: operator,
      body: { text, force: true, idempotencyKey: `e2e-${backend}-reply-1` },
    });
    expect(sent.status).toBe(201);
    await until(first, "sent");
    expect(platform.answers).toEqual([
      expect.objectContaining({ incidentId: "PLT-1001", answer: expect.objectContaining({ text }) }),
    ]);

    platform.faults.push({ operation: "answer", fault: "token" });
    const second = await sendPlatform(api.app, {
      type: "incident",
      id: "PLT-1002",
      createdAt: new Date().toISOString(),
      text: "Яма на дороге во дворе",
      source: { network: "vk" },
    });
    const reply = (await (
      await call(api.app, "POST", `/api/v1/incidents/${second}/replies`, {
        as: operator,
        body: { text, force: true, idempotencyKey: `e2e-${backend}-reply-2` },
      })
    ).json()) as { reply: { id: string } };
    await until(second, "failed");
    expect((await replyState(second))?.deliveryError).toMatch(/token_invalid/);
    const retried = await call(
      api.app,
      "POST",
      `/api/v1/incidents/${second}/replies/${reply.reply.id}/retry`,
      {
        as: operator,
      },
    );
    expect(retried.status).toBe(202);
    await until(second, "sent");
    expect(platform.answers.filter((answer) => answer.incidentId === "PLT-1002")).toHaveLength(1);
    const again = await call(api.app, "POST", `/api/v1/incidents/${second}/replies/${reply.reply.id}/retry`, {
      as: operator,
    });
    expect(again.status).toBe(409);
    expect(platform.violations).toEqual([]);
  });
});

describe("the API's personal-data registry", () => {
  it("covers incident authors, so export, erasure and retention reach them", () => {
    expect(
      personalDataRegistry()
        .parts()
        .map((part) => part.name),
    ).toContain("incidents.authors");
  });
});
