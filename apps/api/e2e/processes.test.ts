// Process roles (OTKLIK_ROLE, docs/deployment.md): on PGlite only `all`; on PostgreSQL separate `api` and
// `worker` processes on one database, each job worked once. The PostgreSQL part runs with
// OTKLIK_TEST_DATABASE_URL set: two worker processes and one API process, started at the same moment on a
// fresh database, take platform incidents whose SLA warnings and breaches fall due seconds later.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { connect, type Database } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGLITE_ROLE_REFUSAL, parseEnv, processRole } from "../src/config/env.js";
import { startApi } from "../src/server/start.js";

const API_ROOT = path.resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "otklik-roles-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface RoleProcess {
  role: string;
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

/** `node --import tsx src/main.ts` with `env`; answers once it exits (for refusals). */
function runMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: API_ROOT,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => output };
}

/** Starts the API's entry in `role` and waits until its /api/ready answers 200. */
async function startRole(role: "api" | "worker", env: Record<string, string>): Promise<RoleProcess> {
  const port = await freePort();
  const { child, output } = runMain({
    ...env,
    OTKLIK_ROLE: role,
    HOST: "127.0.0.1",
    ...(role === "worker" ? { OTKLIK_WORKER_PORT: String(port) } : { PORT: String(port) }),
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${role} exited (${child.exitCode}):\n${output()}`);
    const status = await fetch(`${url}/api/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`${role} not ready in 240 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    role,
    child,
    url,
    output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

describe("process roles on the embedded database (PGlite is one process)", () => {
  it("refuses OTKLIK_ROLE=api and =worker without DATABASE_URL, Russian first, and accepts all", () => {
    for (const role of ["api", "worker"]) {
      expect(() => parseEnv({ OTKLIK_ROLE: role })).toThrow(PGLITE_ROLE_REFUSAL);
    }
    expect(PGLITE_ROLE_REFUSAL).toMatch(
      /^OTKLIK_ROLE=api и OTKLIK_ROLE=worker работают только с PostgreSQL.* \/ .*need PostgreSQL/,
    );
    expect(processRole(parseEnv({}))).toBe("all");
    expect(processRole(parseEnv({ OTKLIK_ROLE: "all" }))).toBe("all");
    // The legacy switch keeps its meaning: ignored on PGlite, `api` on PostgreSQL.
    expect(processRole(parseEnv({ OTKLIK_WORKERS: "0" }))).toBe("all");
    expect(processRole(parseEnv({ OTKLIK_WORKERS: "0", DATABASE_URL: "postgres://x@127.0.0.1/db" }))).toBe(
      "api",
    );
    expect(processRole(parseEnv({ OTKLIK_ROLE: "worker", DATABASE_URL: "postgres://x@127.0.0.1/db" }))).toBe(
      "worker",
    );
    expect(() => parseEnv({ OTKLIK_ROLE: "scheduler" })).toThrow(/OTKLIK_ROLE/);
  });

  it("startApi refuses a worker role on PGlite before it opens the data folder", async () => {
    const dataDir = path.join(scratch, "never-made");
    const env = { ...parseEnv({ OTKLIK_DATA_DIR: dataDir, PORT: "0" }), OTKLIK_ROLE: "worker" as const };
    await expect(startApi({ env, logger: pino({ level: "silent" }) })).rejects.toThrow(PGLITE_ROLE_REFUSAL);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("node src/main.ts with OTKLIK_ROLE=api on PGlite exits 1 with the message and no stack", async () => {
    const dataDir = path.join(scratch, "main-refused");
    const { child, output } = runMain({ OTKLIK_ROLE: "api", OTKLIK_DATA_DIR: dataDir });
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(1);
    expect(output()).toContain("Неверные настройки окружения / Invalid environment");
    expect(output()).toContain(PGLITE_ROLE_REFUSAL);
    expect(output()).not.toMatch(/\n\s+at /);
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);
});

/** A short SLA: first reply due 20 s after the platform sent the message, warned 10 s before. */
const SHORT_POLICY = {
  name: "two-process test",
  metrics: [{ name: "first-reply", stopsOn: "public-reply" }],
  rules: [
    {
      name: "default",
      targets: {
        "first-reply": {
          target: { unit: "calendar-minutes", amount: 1 / 3 },
          warnings: [{ minutesBefore: 1 / 6 }],
        },
      },
    },
  ],
};
const SLA_EVENTS = ["incidents.sla_warning_due", "incidents.sla_breach_due"];

describe.runIf(testDatabaseUrl())(
  "two worker processes and one API process on one PostgreSQL",
  {
    timeout: 300_000,
  },
  () => {
    const INCIDENTS = 30;
    const SECRET = "platform-roles-secret";
    const WEBHOOK_SECRET = "roles-webhook-secret-0123456789";
    let database: TestDatabase;
    let db: Database;
    let receiver: Server;
    const received = new Map<string, number>();
    let api: RoleProcess;
    let workers: RoleProcess[] = [];
    const acknowledged = new Map<string, string>();

    beforeAll(async () => {
      database = await createTestDatabase({ backend: "postgres" });
      receiver = createServer((request, response) => {
        request.resume();
        request.on("end", () => {
          const key = String(request.headers["idempotency-key"]);
          received.set(key, (received.get(key) ?? 0) + 1);
          response.writeHead(200, { "content-type": "application/json" }).end("{}");
        });
      });
      receiver.listen(0, "127.0.0.1");
      await once(receiver, "listening");
      const policyFile = path.join(scratch, "short-sla.json");
      writeFileSync(policyFile, JSON.stringify(SHORT_POLICY));
      const env = {
        DATABASE_URL: database.url!,
        OTKLIK_DATA_DIR: "memory://",
        OTKLIK_DEMO: "1",
        OTKLIK_RATE_LIMITS: "0",
        OTKLIK_PLATFORM_SECRET: SECRET,
        OTKLIK_SLA_POLICY_FILE: policyFile,
        OTKLIK_NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        OTKLIK_NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      };
      // All three at the same moment on an empty database: migrations, pg-boss's schema and the demo seeds
      // race, and the API waits for the workers' queues.
      [api, ...workers] = await Promise.all([
        startRole("api", env),
        startRole("worker", env),
        startRole("worker", env),
      ]);
      db = await connect({ url: database.url! });
    }, 300_000);

    afterAll(async () => {
      await Promise.all([api, ...workers].filter(Boolean).map((process) => process.stop()));
      await db?.close();
      receiver?.close();
      await database?.close();
    });

    it("a worker serves only health, readiness and metrics; the API process serves the API", async () => {
      for (const worker of workers) {
        const ready = await fetch(`${worker.url}/api/ready`);
        expect(await ready.json()).toMatchObject({ database: "postgres" });
        expect((await fetch(`${worker.url}/api/health`)).status).toBe(200);
        const metrics = await fetch(`${worker.url}/api/metrics`);
        expect(metrics.status).toBe(200);
        expect(await metrics.text()).toContain("otklik_job_queue_depth");
        const refused = await fetch(`${worker.url}/api/v1/city`);
        expect(refused.status).toBe(404);
        expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
          /^Это процесс обработчиков задач.* \/ This is a worker process/,
        );
      }
      expect((await fetch(`${api.url}/api/v1/city`)).status).toBe(200);
      // One row per cron schedule although two workers registered them.
      const schedules = await db.query<{ name: string; rows: number }>(
        "SELECT name, count(*)::int AS rows FROM pgboss.schedule GROUP BY name",
      );
      expect(schedules.length).toBeGreaterThan(0);
      expect(schedules.every((row) => row.rows === 1)).toBe(true);
    });

    it("every SLA deadline is announced once, every job worked once, every webhook notification sent once", async () => {
      // The housing head (the demo department with a head) takes notifications by the office's webhook too.
      const login = await fetch(`${api.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: api.url, "sec-fetch-site": "same-origin" },
        body: JSON.stringify({ email: "head@demo.otklik.ru", password: "otklik-demo" }),
      });
      expect(login.status).toBe(200);
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const cookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0]!;
      const saved = await fetch(`${api.url}/api/v1/notifications/preferences`, {
        method: "PUT",
        headers: {
          "content-type": "application/json",
          cookie,
          "x-csrf-token": csrfToken,
          origin: api.url,
          "sec-fetch-site": "same-origin",
        },
        body: JSON.stringify({ channels: ["in_app", "webhook"] }),
      });
      expect(saved.status).toBe(200);

      const texts = ["Течёт крыша в подъезде, вода на лестнице", "Не вывозят мусор во дворе третью неделю"];
      await Promise.all(
        Array.from({ length: INCIDENTS }, async (_, index) => {
          const now = new Date().toISOString();
          const id = `roles-${index}`;
          const body = JSON.stringify({
            id,
            createdAt: now,
            sentAt: now,
            text: `${texts[index % texts.length]} (обращение ${index})`,
            source: { network: "vk", url: `https://vk.com/wall-1_${index}` },
            address: `ул. Ленина, ${index + 1}`,
          });
          const response = await fetch(`${api.url}/api/v1/intake/platform`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-otklik-signature": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
            },
            body,
          });
          expect(response.status).toBe(202);
          acknowledged.set(id, ((await response.json()) as { incidentId: string }).incidentId);
        }),
      );
      const ids = [...acknowledged.values()];
      // The API process sent each incident's deadline job(s) in the intake's transaction; no worker ran in it.
      const [scheduled] = await db.query<{ incidents: number }>(
        `SELECT count(DISTINCT data->>'incidentId')::int AS incidents FROM pgboss.job
         WHERE name = 'incidents.sla-deadline' AND data->>'incidentId' = ANY($1::text[])`,
        [ids],
      );
      expect(scheduled?.incidents).toBe(INCIDENTS);

      // Wait for the deadlines (20 s) and for everything they set off: notices, events, notifications.
      const deadline = Date.now() + 180_000;
      for (;;) {
        const [state] = await db.query<{
          notices: number;
          pendingEvents: number;
          open: number;
          jobsOpen: number;
        }>(
          `SELECT
           (SELECT count(*)::int FROM incident_sla_notices WHERE incident_id = ANY($1::text[])) AS notices,
           (SELECT count(*)::int FROM event_outbox WHERE dispatched_at IS NULL) AS "pendingEvents",
           (SELECT count(*)::int FROM notifications WHERE channel = 'webhook' AND state NOT IN ('sent', 'delivered', 'failed', 'suppressed')) AS open,
           (SELECT count(*)::int FROM pgboss.job WHERE state IN ('created', 'retry', 'active')
              AND (name = 'incidents.sla-deadline' OR name LIKE 'events:%' OR name LIKE 'notifications.%')
              AND start_after <= now()) AS "jobsOpen"`,
          [ids],
        );
        if (
          state &&
          state.notices === 2 * INCIDENTS &&
          state.pendingEvents === 0 &&
          state.open === 0 &&
          state.jobsOpen === 0
        )
          break;
        if (Date.now() > deadline) throw new Error(`not settled in time: ${JSON.stringify(state)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }

      // Each incident: one warning and one breach notice, each announced after it fell due…
      const notices = await db.query<{ incident_id: string; kind: string; late: boolean }>(
        "SELECT incident_id, kind, announced_at >= due_at AS late FROM incident_sla_notices WHERE incident_id = ANY($1::text[])",
        [ids],
      );
      for (const id of ids) {
        expect(
          notices
            .filter((notice) => notice.incident_id === id)
            .map((notice) => notice.kind)
            .sort(),
        ).toEqual(["breach", "warning"]);
      }
      // …and exactly one event each in the outbox.
      const events = await db.query<{ incident: string; event: string; copies: number }>(
        `SELECT payload->>'incidentId' AS incident, event, count(*)::int AS copies FROM event_outbox
       WHERE event = ANY($1::text[]) AND payload->>'incidentId' = ANY($2::text[]) GROUP BY 1, 2`,
        [SLA_EVENTS, ids],
      );
      expect(events).toHaveLength(2 * INCIDENTS);
      expect(events.every((event) => event.copies === 1)).toBe(true);
      // Every SLA job was worked once: completed on its first attempt, none failed, retried or expired.
      const jobs = await db.query<{ state: string; retry_count: number; jobs: number }>(
        `SELECT state, retry_count, count(*)::int AS jobs FROM pgboss.job
       WHERE name = 'incidents.sla-deadline' AND data->>'incidentId' = ANY($1::text[]) GROUP BY 1, 2`,
        [ids],
      );
      expect(jobs.map(({ state, retry_count }) => ({ state, retry_count }))).toEqual([
        { state: "completed", retry_count: 0 },
      ]);
      // One job per warning and breach, or one per incident that moves on to the next (either way, each once).
      expect(jobs[0]?.jobs).toBeGreaterThanOrEqual(INCIDENTS);
      // The event deliveries (one job per event and subscriber) likewise.
      const deliveries = await db.query<{ state: string; retry_count: number; jobs: number }>(
        `SELECT state, retry_count, count(*)::int AS jobs FROM pgboss.job
       WHERE name IN ('events:incidents.sla_warning_due:notifications.sla-warning',
         'events:incidents.sla_breach_due:notifications.sla-breach') GROUP BY 1, 2`,
      );
      expect(deliveries).toEqual([{ state: "completed", retry_count: 0, jobs: 2 * INCIDENTS }]);
      // Webhook notifications (the housing head's): each delivered, and received once.
      const webhooks = await db.query<{ idempotency_key: string; state: string; kind: string }>(
        "SELECT idempotency_key, state, kind FROM notifications WHERE channel = 'webhook'",
      );
      const sla = webhooks.filter((row) => row.kind === "sla_warning" || row.kind === "sla_breach");
      expect(sla.length).toBeGreaterThan(0);
      expect(webhooks.filter((row) => row.state !== "sent" && row.state !== "delivered")).toEqual([]);
      for (const row of webhooks) expect(received.get(row.idempotency_key), row.kind).toBe(1);
      expect(received.size).toBe(webhooks.length);
      // Both workers stayed up (a crash would have hidden a duplicate behind a restart).
      for (const worker of workers) expect(worker.child.exitCode).toBeNull();
    });
  },
);
