// Database faults (issue 11): the API (role `all`: HTTP and workers in this process) on a PostgreSQL cluster of
// the test's own, under signed platform intake load; the cluster is stopped mid-load and started again. While
// it is down every answer is 503 with Retry-After and a bilingual message (never a 500) and /api/ready says not
// ready; after it is back the API serves 2xx again by itself (no restart), its workers go on relaying events,
// and every intake acknowledged with 2xx is stored exactly once. Needs /usr/lib/postgresql/15/bin (fails
// with a clear message without it); runs as the `postgres` OS user when the test runs as root.
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import { connect } from "@otklik/db";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../src/config/env.js";
import { type RunningApi, startApi } from "../src/server/start.js";
import { createPgCluster, type PgCluster } from "./support/pg-cluster.js";

const SECRET = "platform-faults-secret";
const CONCURRENCY = 6;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

function signedIntake(id: string): { body: string; signature: string } {
  const now = new Date().toISOString();
  const body = JSON.stringify({
    type: "incident",
    id,
    createdAt: now,
    sentAt: now,
    text: `Не вывозят мусор во дворе, контейнеры переполнены (обращение ${id})`,
    source: { network: "vk", url: `https://vk.com/wall-1_${id}` },
    address: "ул. Ленина, 10",
  });
  return { body, signature: `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` };
}

interface Answer {
  at: number;
  what: string;
  status: number;
  retryAfter: string | null;
  message: string;
}

describe("database faults: the PostgreSQL server stops and starts again under intake load", () => {
  let cluster: PgCluster;
  let api: RunningApi;

  beforeAll(async () => {
    cluster = createPgCluster(await freePort());
    const env = parseEnv({
      NODE_ENV: "test",
      DATABASE_URL: cluster.url,
      OTKLIK_DATA_DIR: "memory://",
      HOST: "127.0.0.1",
      PORT: "0",
      OTKLIK_DEMO: "0",
      OTKLIK_PLATFORM_SECRET: SECRET,
      OTKLIK_RATE_LIMITS: "0",
    });
    api = await startApi({ env: { ...env, PORT: 0 }, logger: pino({ level: "silent" }) });
  }, 120_000);

  afterAll(async () => {
    await api?.stop().catch(() => {});
    cluster?.destroy();
  });

  it("answers 503 with Retry-After while it is down, reconnects by itself, and loses nothing acknowledged", async () => {
    const base = api.url.replace("localhost", "127.0.0.1");
    const answers: Answer[] = [];
    const acks = new Map<string, string>();
    const retry: string[] = [];
    let serial = 0;
    let running = true;

    async function ask(what: string, url: string, init?: RequestInit): Promise<Answer & { body: string }> {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
      const body = await response.text();
      let message = "";
      try {
        // The REST contract's `{ error: { message } }`, or GeoReport's `[{ code, description }]`.
        const parsed = JSON.parse(body) as { error?: { message?: string } } | { description?: string }[];
        message = (Array.isArray(parsed) ? parsed[0]?.description : parsed.error?.message) ?? "";
      } catch {}
      const answer = {
        at: Date.now(),
        what,
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        message,
      };
      answers.push(answer);
      return { ...answer, body };
    }

    /** One sender: takes a new intake (or one to send again) and sends it until it is acknowledged. */
    async function sender(): Promise<void> {
      while (running) {
        const id = retry.shift() ?? `faults-${serial++}`;
        const { body, signature } = signedIntake(id);
        try {
          const answer = await ask("intake", `${base}/api/v1/intake/platform`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-otklik-signature": signature },
            body,
          });
          if (answer.status === 202)
            acks.set(id, (JSON.parse(answer.body) as { incidentId: string }).incidentId);
          else retry.push(id);
          if (answer.status !== 202) await pause(100);
        } catch {
          retry.push(id);
          await pause(100);
        }
      }
    }
    /** Reads beside the intake: readiness, a public list, Open311's list of requests. */
    async function reader(): Promise<void> {
      while (running) {
        await ask("ready", `${base}/api/ready`).catch(() => {});
        await ask("departments", `${base}/api/v1/public/departments`).catch(() => {});
        await ask("open311", `${base}/open311/v2/requests.json?status=open`).catch(() => {});
        await pause(100);
      }
    }
    const load = [...Array.from({ length: CONCURRENCY }, sender), reader()];

    // Under load for a while, then the server goes away mid-load.
    const waitFor = async (what: () => boolean, seconds: number, label: string) => {
      const deadline = Date.now() + seconds * 1000;
      while (!what()) {
        if (Date.now() > deadline) throw new Error(`${label}: not in ${seconds} s\n${cluster.log()}`);
        await pause(50);
      }
    };
    // Two outages: `fast` (sessions ended with 57P01 admin_shutdown) and `immediate` (no clean shutdown).
    const outages: {
      mode: "fast" | "immediate";
      down: number;
      downUntil: number;
      up: number;
      recovered: number;
    }[] = [];
    for (const mode of ["fast", "immediate"] as const) {
      const target = acks.size + 60;
      await waitFor(() => acks.size >= target, 40, `60 intakes acknowledged before the ${mode} stop`);
      cluster.stop(mode);
      const down = Date.now();
      // Down for a few seconds: every answer now is 503 with Retry-After.
      await pause(4_000);
      const downUntil = Date.now();
      cluster.start();
      const up = Date.now();
      const again = () =>
        answers.find((answer) => answer.at > up && answer.what === "intake" && answer.status === 202);
      await waitFor(
        () => again() !== undefined,
        30,
        `an intake acknowledged again after the ${mode} restart`,
      );
      outages.push({ mode, down, downUntil, up, recovered: again()!.at });
    }
    await waitFor(() => acks.size >= 180, 40, "60 more intakes after the restarts");
    running = false;
    await Promise.all(load);
    // Every intake still waiting for its 202 gets it now.
    while (retry.length > 0) {
      const id = retry.shift()!;
      const { body, signature } = signedIntake(id);
      const answer = await ask("intake", `${base}/api/v1/intake/platform`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-otklik-signature": signature },
        body,
      });
      expect(answer.status, answer.body).toBe(202);
      acks.set(id, (JSON.parse(answer.body) as { incidentId: string }).incidentId);
    }

    const whileDown = answers.filter((answer) =>
      outages.some((outage) => answer.at > outage.down + 200 && answer.at < outage.downUntil),
    );
    const byStatus = (list: Answer[]) =>
      list.reduce<Record<string, number>>((counts, answer) => {
        counts[answer.status] = (counts[answer.status] ?? 0) + 1;
        return counts;
      }, {});
    const figures = {
      answers: answers.length,
      byStatus: byStatus(answers),
      whileDown: { answers: whileDown.length, byStatus: byStatus(whileDown) },
      acknowledged: acks.size,
      outages: outages.map((outage) => ({
        mode: outage.mode,
        downSeconds: (outage.up - outage.down) / 1000,
        secondsUntilFirst202AfterStart: (outage.recovered - outage.up) / 1000,
      })),
    };
    process.stdout.write(`database faults: ${JSON.stringify(figures)}\n`);

    // Never a 500 (or any 5xx but 503), before, during or after.
    expect(answers.filter((answer) => answer.status >= 500 && answer.status !== 503)).toEqual([]);
    // While down: only 503s, each with Retry-After and the message in Russian, then English.
    expect(whileDown.length).toBeGreaterThan(10);
    expect(new Set(whileDown.map((answer) => answer.what))).toEqual(
      new Set(["intake", "ready", "departments", "open311"]),
    );
    for (const answer of whileDown) {
      expect(answer.status, JSON.stringify(answer)).toBe(503);
      expect(Number(answer.retryAfter), JSON.stringify(answer)).toBeGreaterThan(0);
      expect(answer.message, JSON.stringify(answer)).toMatch(
        /^[^/]*[А-Яа-яЁё][^/]* \/ [^А-Яа-яЁё]*[A-Za-z]/u,
      );
    }
    // Back: ready and serving without a restart of the API.
    expect((await fetch(`${base}/api/ready`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/public/departments`)).status).toBe(200);
    expect((await fetch(`${base}/open311/v2/requests.json`)).status).toBe(200);

    // Every acknowledged intake stored exactly once, under the id its 202 named.
    const db = await connect({ url: cluster.url });
    try {
      const rows = await db.query<{ id: string; external_id: string }>(
        "SELECT id, external_id FROM incidents WHERE channel = 'platform' AND external_id LIKE 'faults-%'",
      );
      const stored = new Map<string, string[]>();
      for (const row of rows) stored.set(row.external_id, [...(stored.get(row.external_id) ?? []), row.id]);
      const wrong = [...acks].filter(([id, incidentId]) => stored.get(id)?.join() !== incidentId);
      expect(wrong).toEqual([]);
      expect([...stored.values()].filter((ids) => ids.length > 1)).toEqual([]);
      expect(rows.length).toBe(acks.size);

      // The workers in this process survived the outage: the event relay hands on what was emitted after it.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [pending] = await db.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM event_outbox WHERE dispatched_at IS NULL",
        );
        if (pending?.count === 0) break;
        if (Date.now() > deadline)
          throw new Error(`${pending?.count} events not relayed 30 s after the restart`);
        await pause(500);
      }
      const [relayedAfter] = await db.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM event_outbox WHERE occurred_at > $1 AND dispatched_at IS NOT NULL",
        [new Date(outages.at(-1)!.up)],
      );
      expect(relayedAfter?.count).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 90_000);
});
