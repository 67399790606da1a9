// The API as a real server: listening, stopping gracefully, and keeping its data across restarts.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, expect, it } from "vitest";
import { parseEnv } from "../src/config/env.js";
import { startApi } from "../src/server/start.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "otklik-api-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const env = () => parseEnv({ PORT: "0", HOST: "127.0.0.1", OTKLIK_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
const logger = pino({ level: "silent" });

it("finishes a request in flight when asked to stop, then refuses new connections", async () => {
  const api = await startApi({ env: env(), logger });
  let entered: () => void = () => {};
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  api.app.get("/api/test/slow", async (c) => {
    entered();
    await new Promise((resolve) => setTimeout(resolve, 400));
    return c.json({ finished: true });
  });

  const inFlight = fetch(`${api.url}/api/test/slow`);
  // Stop only once the request is being handled (a fixed pause loses that race on a loaded machine).
  await inside;
  const stopped = api.stop();

  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ finished: true });
  await stopped;
  await expect(fetch(`${api.url}/api/health`)).rejects.toThrow();
  // The first start in a fresh folder (initdb, migrations, demo-free workers) takes seconds on a busy machine.
}, 90_000);

it("keeps what one start wrote for the next start", async () => {
  const first = await startApi({ env: env(), logger });
  await first.db.query("CREATE TABLE IF NOT EXISTS restart_probe (note text)");
  await first.db.query("INSERT INTO restart_probe VALUES ($1)", ["written before restart"]);
  await first.stop();

  const second = await startApi({ env: env(), logger });
  const rows = await second.db.query<{ note: string }>("SELECT note FROM restart_probe");
  expect(rows).toEqual([{ note: "written before restart" }]);
  expect((await fetch(`${second.url}/api/ready`)).status).toBe(200);
  await second.stop();
}, 90_000);

it("ends open event streams when asked to stop, so that stopping is not held up by them", async () => {
  const demoDir = mkdtempSync(path.join(os.tmpdir(), "otklik-api-sse-"));
  try {
    const api = await startApi({
      env: parseEnv({
        PORT: "0",
        HOST: "127.0.0.1",
        OTKLIK_DATA_DIR: demoDir,
        OTKLIK_DEMO: "1",
        LOG_LEVEL: "silent",
      }),
      logger,
    });
    const login = await fetch(`${api.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "operator@demo.otklik.ru", password: "otklik-demo" }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const stream = await fetch(`${api.url}/api/v1/incidents/events`, {
      headers: { cookie, accept: "text/event-stream" },
    });
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    expect(first).toContain("event: ready");

    const started = Date.now();
    await api.stop();
    // The stream was ended by the server (not by this reader), and the stop did not wait for it.
    let ended = false;
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) {
        ended = true;
        break;
      }
    }
    expect(ended).toBe(true);
    // A stream otherwise lives 15 minutes; a minute is plenty for a loaded machine to stop.
    expect(Date.now() - started).toBeLessThan(60_000);
  } finally {
    rmSync(demoDir, { recursive: true, force: true });
  }
}, 120_000);
