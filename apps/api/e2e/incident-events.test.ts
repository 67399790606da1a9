// The desk's live stream, GET /api/v1/incidents/events (server-sent events): a change made through the API —
// or through another API process sharing the database — reaches the open streams of the people allowed to
// see the incident, and nobody else's.
import { signPlatformBody } from "@otklik/channels";
import { systemClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

type Api = Awaited<ReturnType<typeof createTestApi>>;

interface StreamEvent {
  event: string;
  id?: string;
  data: string;
}

/** An open event stream: its events as they are parsed, and the raw text (for comments and `retry:`). */
class EventStream {
  readonly events: StreamEvent[] = [];
  raw = "";
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private done: Promise<void>;

  constructor(readonly response: Response) {
    if (!response.body) throw new Error("no body");
    this.reader = response.body.getReader();
    this.done = this.pump();
  }

  private async pump(): Promise<void> {
    for (;;) {
      const { value, done } = await this.reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const text = this.decoder.decode(value, { stream: true });
      this.raw += text;
      this.buffer += text;
      let end = this.buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        end = this.buffer.indexOf("\n\n");
        const event: StreamEvent = { event: "message", data: "" };
        let isEvent = false;
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) event.event = line.slice(7);
          else if (line.startsWith("id: ")) event.id = line.slice(4);
          else if (line.startsWith("data: ")) {
            event.data += line.slice(6);
            isEvent = true;
          }
        }
        if (isEvent) this.events.push(event);
      }
    }
  }

  incidents(): { id: string; events: string[]; incident: Record<string, unknown> }[] {
    return this.events.filter((event) => event.event === "incident").map((event) => JSON.parse(event.data));
  }

  async waitFor<T>(find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > until) throw new Error(`not received in ${timeoutMs} ms; got: ${this.raw}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
    await this.done;
  }
}

async function open(api: Api, as: Browser, headers: Record<string, string> = {}): Promise<EventStream> {
  const response = await call(api.app, "GET", "/api/v1/incidents/events", {
    as,
    headers: { accept: "text/event-stream", ...headers },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const stream = new EventStream(response);
  await stream.waitFor(() => stream.events.find((event) => event.event === "ready"));
  return stream;
}

let counter = 0;
async function receive(api: Api, text: string): Promise<string> {
  counter += 1;
  const raw = JSON.stringify({
    type: "incident",
    id: `e2e-live-${counter}-${Date.now()}`,
    createdAt: new Date().toISOString(),
    text,
    source: { network: "vk", authorName: "Петрова Анна" },
  });
  const response = await api.app.request("/api/v1/intake/platform", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-otklik-signature": signPlatformBody(raw, "platform-demo-secret"),
    },
    body: raw,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { incidentId: string }).incidentId;
}

describe.each(testBackends())("live incident events on %s", (backend) => {
  let api: Api;
  let second: Api;
  let staff: Record<string, Browser>;
  let departments: Record<string, string>;

  beforeAll(async () => {
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    api = await createTestApi({ db });
    // A second API on the same database: another process, as far as the stream can tell.
    second = await createTestApi({ db });
    const { demo, browsers } = await demoStaff(api.app, { db, clock: systemClock });
    staff = browsers;
    departments = demo.departmentIds;
  }, 180_000);
  afterAll(() => api?.db.close());

  it("needs a session, and the permission to read incidents", async () => {
    const anonymous = await call(api.app, "GET", "/api/v1/incidents/events");
    expect(anonymous.status).toBe(401);
    const editor = await call(api.app, "GET", "/api/v1/incidents/events", { as: staff.editor });
    expect(editor.status).toBe(403);
  });

  it("sends a created and an assigned incident with its queue row; a department sees its own only", async () => {
    const operator = await open(api, staff.operator as Browser);
    const executor = await open(api, staff.executor as Browser);
    try {
      expect(operator.raw).toContain("retry: 3000");
      const id = await receive(api, "Во дворе дома на улице Ленина, 12 не вывозят мусор уже неделю");
      const created = await operator.waitFor(() => operator.incidents().find((change) => change.id === id));
      expect(created.events).toContain("incidents.created");
      expect(created.incident).toMatchObject({ id, status: "new", channel: "platform" });
      expect(typeof created.incident.number).toBe("string");

      // Routed to transport through the second API process: the first one's streams hear of it too.
      const transport = departments.transport as string;
      const assigned = await call(second.app, "POST", `/api/v1/incidents/${id}/transitions`, {
        as: staff.operator,
        body: { type: "assign", departmentKey: transport },
      });
      expect(assigned.status).toBe(200);
      const change = await operator.waitFor(() =>
        operator.incidents().find((item) => item.id === id && item.events.includes("incidents.assigned")),
      );
      expect(change.incident).toMatchObject({ departmentId: transport, status: "assigned" });

      // The housing executor never hears of another department's incident…
      const housing = departments.housing as string;
      const theirs = await receive(api, "На улице Щетинкина, 5 течёт крыша над подъездом");
      await call(api.app, "POST", `/api/v1/incidents/${theirs}/transitions`, {
        as: staff.operator,
        body: { type: "assign", departmentKey: housing },
      });
      // …but does of one routed to housing.
      const own = await executor.waitFor(() => executor.incidents().find((item) => item.id === theirs));
      expect(own.incident.departmentId).toBe(housing);
      await operator.waitFor(() => operator.incidents().find((item) => item.id === theirs));
      expect(executor.incidents().map((item) => item.id)).not.toContain(id);
      expect(
        executor.incidents().every((item) => item.incident.departmentId === housing),
        JSON.stringify(executor.incidents()),
      ).toBe(true);
      // Each event names itself, so the browser can resume after it.
      expect(operator.events.filter((event) => event.event === "incident").every((event) => event.id)).toBe(
        true,
      );
    } finally {
      await operator.close();
      await executor.close();
    }
  }, 60_000);

  it("tells a department that an incident of theirs was assigned to another, and nothing more of it", async () => {
    const housing = departments.housing as string;
    const transport = departments.transport as string;
    const id = await receive(api, "На улице Вяткина, 7 не работает лифт в подъезде");
    const routed = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: staff.operator,
      body: { type: "assign", departmentKey: housing },
    });
    expect(routed.status).toBe(200);
    const { version } = (await routed.json()) as { version: number };
    const executor = await open(api, staff.executor as Browser);
    try {
      // Moved to transport: the housing executor is told it is gone, with its id only.
      const moved = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
        as: staff.operator,
        body: { type: "assign", departmentKey: transport, expectedVersion: version },
      });
      expect(moved.status).toBe(200);
      const gone = await executor.waitFor(() =>
        executor.events.find((event) => event.event === "gone" && JSON.parse(event.data).id === id),
      );
      expect(JSON.parse(gone.data)).toEqual({ id });
      expect(gone.id).toMatch(/^evt_/);
      expect(executor.incidents().map((item) => item.id)).not.toContain(id);

      // Further changes in transport are not theirs to hear of.
      const movedVersion = ((await moved.json()) as { version: number }).version;
      const started = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
        as: staff.operator,
        body: { type: "start", expectedVersion: movedVersion },
      });
      // A marker after it in housing: once the executor has it, the start would have arrived before it.
      const marker = await receive(api, "На улице Щетинкина, 9 сломана скамейка");
      await call(api.app, "POST", `/api/v1/incidents/${marker}/transitions`, {
        as: staff.operator,
        body: { type: "assign", departmentKey: housing },
      });
      await executor.waitFor(() => executor.incidents().find((item) => item.id === marker));
      expect(started.status).toBe(200);
      expect(executor.events.filter((event) => event.data.includes(id))).toHaveLength(1);
    } finally {
      await executor.close();
    }
  }, 60_000);

  it("resumes after Last-Event-ID with what was missed", async () => {
    const first = await open(api, staff.operator as Browser);
    const id = await receive(api, "Не горят фонари на улице Пушкина, 40");
    const seen = await first.waitFor(() =>
      first.events.find((event) => event.event === "incident" && JSON.parse(event.data).id === id),
    );
    await first.close();
    const missed = await receive(api, "Яма на дороге на улице Кирова, 3");

    const resumed = await open(api, staff.operator as Browser, { "last-event-id": seen.id as string });
    try {
      const replayed = await resumed.waitFor(() => resumed.incidents().find((item) => item.id === missed));
      expect(replayed.events).toContain("incidents.created");
      expect(resumed.incidents().map((item) => item.id)).not.toContain(id);
    } finally {
      await resumed.close();
    }
  }, 60_000);

  it("is in the OpenAPI document", async () => {
    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    const operation = document.paths["/api/v1/incidents/events"]?.get;
    expect(Object.keys(operation?.responses["200"]?.content ?? {})).toEqual(["text/event-stream"]);
  });
});
