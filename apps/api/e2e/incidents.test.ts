// The incident desk over HTTP: platform, VK and Telegram intake, the lifecycle, replies, scoping, tracking.
import { signPlatformBody } from "@otklik/channels";
import { type Clock, manualClock } from "@otklik/core";
import { createUser, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff, signInOverHttp } from "./support/staff-client.js";

const SECRET = "platform-demo-secret";

describe("incidents over HTTP", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let clock: ReturnType<typeof manualClock>;
  let operator: Browser;
  let executor: Browser;
  let otherExecutor: Browser;
  let housing: string;
  let counter = 0;

  beforeAll(async () => {
    clock = manualClock("2026-11-27T02:00:00Z");
    api = await createTestApi({ clock: clock as Clock });
    const { demo, browsers } = await demoStaff(api.app, { db: api.db, clock });
    operator = browsers.operator;
    housing = demo.departmentIds.housing ?? "";
    const password = "тёплый вечер над Енисеем";
    const makeExecutor = async (email: string, departmentId: string) => {
      await createUser(
        { db: api.db, clock, actor: systemActor("test") },
        { email, fullName: "Исполнитель", roles: ["executor"], departmentId, password },
        api.identity,
      );
      const { browser } = await signInOverHttp(api.app, email, password);
      if (!browser) throw new Error(`${email} could not sign in`);
      return browser;
    };
    executor = await makeExecutor("housing-executor@fresh.otklik.ru", housing);
    otherExecutor = await makeExecutor(
      "transport-executor@fresh.otklik.ru",
      demo.departmentIds.transport ?? "",
    );
  }, 120_000);
  afterAll(() => api?.db.close());

  function platformBody(overrides: Record<string, unknown> = {}) {
    counter += 1;
    return {
      type: "incident",
      id: `e2e-platform-${counter}`,
      createdAt: clock.now().toISOString(),
      text: "Во дворе дома на улице Ленина не вывозят мусор уже неделю",
      source: { network: "vk", authorName: "Смирнова Ольга", authorUrl: "https://vk.com/id777" },
      ...overrides,
    };
  }

  async function sendPlatform(body: unknown, signature?: string): Promise<Response> {
    const raw = JSON.stringify(body);
    return api.app.request("/api/v1/intake/platform", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-otklik-signature": signature ?? signPlatformBody(raw, SECRET),
      },
      body: raw,
    });
  }

  async function newIncident(overrides: Record<string, unknown> = {}): Promise<string> {
    const response = await sendPlatform(platformBody(overrides));
    expect(response.status).toBe(202);
    return ((await response.json()) as { incidentId: string }).incidentId;
  }

  const detail = async (id: string, as: Browser = operator) =>
    (await (await call(api.app, "GET", `/api/v1/incidents/${id}`, { as })).json()) as {
      status: string;
      version: number;
      number: string;
      trackingToken: string;
    };

  it("registers a signed platform incident and shows it in the operator's queue with its number", async () => {
    const body = platformBody();
    const response = await sendPlatform(body);
    expect(response.status).toBe(202);
    const { incidentId } = (await response.json()) as { incidentId: string };
    expect(incidentId).toMatch(/\S/);
    const queue = await call(api.app, "GET", "/api/v1/incidents?limit=100", { as: operator });
    expect(queue.status).toBe(200);
    const page = (await queue.json()) as { items: { id: string; number: string }[]; nextCursor: unknown };
    const item = page.items.find((candidate) => candidate.id === incidentId);
    expect(item?.number).toMatch(/^\d{4}-\d{6}$/);
    expect(page).toHaveProperty("nextCursor");
  });

  it("keeps one incident for the same platform id sent twice", async () => {
    const body = platformBody();
    const first = (await (await sendPlatform(body)).json()) as { incidentId: string };
    const second = await sendPlatform(body);
    expect(second.status).toBe(202);
    expect(((await second.json()) as { incidentId: string }).incidentId).toBe(first.incidentId);
    const count = await api.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incidents WHERE external_id = $1",
      [body.id],
    );
    expect(count[0]?.n).toBe(1);
  });

  it("refuses a forged or missing signature with 401 before reading the body", async () => {
    const body = platformBody();
    const forged = await sendPlatform(body, signPlatformBody(JSON.stringify(body), "not-the-secret"));
    expect(forged.status).toBe(401);
    const missing = await api.app.request("/api/v1/intake/platform", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not even json",
    });
    expect(missing.status).toBe(401);
  });

  it("answers 422 naming the field for a signed body outside the contract", async () => {
    const { source: _dropped, ...body } = platformBody();
    const response = await sendPlatform(body);
    expect(response.status).toBe(422);
    const error = (await response.json()) as { error: { details: { path: string[] }[] } };
    expect(error.error.details.map((detail) => detail.path.join("."))).toContain("source");
  });

  it("reopens an incident the platform returns for rework", async () => {
    const body = platformBody();
    const id = await newIncident({ id: body.id });
    const rejected = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: operator,
      body: { type: "reject", reason: "not-a-problem", comment: "Не относится к городу" },
    });
    expect(rejected.status).toBe(200);
    const rework = await sendPlatform({ ...body, type: "rework", comment: "Ответ не по существу" });
    expect(rework.status).toBe(202);
    expect((await detail(id)).status).toBe("reopened");
  });

  it("answers VK's confirmation with the code and refuses a wrong secret", async () => {
    const confirm = await call(api.app, "POST", "/api/v1/intake/vk", {
      body: { type: "confirmation", group_id: 1, secret: "vk-demo-secret" },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await confirm.text()).toBe("demo-confirmation");
    const wrong = await call(api.app, "POST", "/api/v1/intake/vk", {
      body: {
        type: "wall_reply_new",
        group_id: 1,
        secret: "guessed",
        object: {},
      },
    });
    expect(wrong.status).toBe(401);
  });

  it("refuses a Telegram update with a wrong secret token", async () => {
    const wrong = await call(api.app, "POST", "/api/v1/intake/telegram", {
      body: { update_id: 1 },
      headers: { "x-telegram-bot-api-secret-token": "guessed" },
    });
    expect(wrong.status).toBe(401);
    const right = await call(api.app, "POST", "/api/v1/intake/telegram", {
      body: { update_id: 2 },
      headers: { "x-telegram-bot-api-secret-token": "telegram-demo-secret" },
    });
    expect(right.status).toBe(200);
  });

  it("refuses an illegal transition listing the allowed ones, and a stale version", async () => {
    const id = await newIncident();
    const illegal = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: operator,
      body: { type: "close" },
    });
    expect([409, 422]).toContain(illegal.status);
    const error = (await illegal.json()) as { error: { message: string; details?: { message: string }[] } };
    expect(error.error.message).toMatch(/Доступно/);
    expect(error.error.details?.[0]?.message).toMatch(/allowed: .*assign/);

    const { version } = await detail(id);
    const assigned = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: operator,
      body: { type: "assign", departmentKey: housing, expectedVersion: version },
    });
    expect(assigned.status).toBe(200);
    const stale = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: executor,
      body: { type: "start", expectedVersion: version },
    });
    expect(stale.status).toBe(409);
  });

  it("holds back a reply with the reply check's warnings, sends it with force", async () => {
    const id = await newIncident();
    const vague = await call(api.app, "POST", `/api/v1/incidents/${id}/replies`, {
      as: operator,
      body: { text: "Здравствуйте! Ваше обращение передано в работу." },
    });
    expect(vague.status).toBe(200);
    const outcome = (await vague.json()) as { accepted: boolean; warnings: { code: string; ru: string }[] };
    expect(outcome.accepted).toBe(false);
    expect(outcome.warnings.length).toBeGreaterThan(0);
    const forced = await call(api.app, "POST", `/api/v1/incidents/${id}/replies`, {
      as: operator,
      body: { text: "Здравствуйте! Ваше обращение передано в работу.", force: true },
    });
    expect(forced.status).toBe(201);
  });

  it("answers 404 to an executor of another department", async () => {
    const id = await newIncident();
    await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: operator,
      body: { type: "assign", departmentKey: housing },
    });
    expect((await call(api.app, "GET", `/api/v1/incidents/${id}`, { as: executor })).status).toBe(200);
    const other = await call(api.app, "GET", `/api/v1/incidents/${id}`, { as: otherExecutor });
    expect(other.status).toBe(404);
  });

  it("shows the public tracking page without personal data", async () => {
    const id = await newIncident();
    const { trackingToken, number } = await detail(id);
    const response = await call(api.app, "GET", `/api/v1/track/${trackingToken}`);
    expect(response.status).toBe(200);
    const tracked = (await response.json()) as Record<string, unknown>;
    expect(tracked).toMatchObject({ number, status: "new" });
    const text = JSON.stringify(tracked);
    expect(text).not.toContain("Смирнова");
    expect(text).not.toContain("id777");
    expect((await call(api.app, "GET", "/api/v1/track/unknown-token-000000000")).status).toBe(404);
  });
});
