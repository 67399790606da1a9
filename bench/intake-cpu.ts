// CPU per incident of the intake webhook (issue 6), over HTTP, as the processes themselves count it: starts the
// API as `pnpm bench:intake` does (PGlite: one process; PostgreSQL: an API process and a worker process), warms
// it up, then sends signed intakes with autocannon at a fixed offered rate and reads each process's CPU time
// (/proc/<pid>/stat, user + system) before and after: the API process, the worker process and the PostgreSQL
// backends of the scratch database. CPU time per request moves far less with the machine's load than latency
// does, so two builds can be compared on a busy machine. Every 202 is checked in the database afterwards.
// Run from the repository root after building the API:
//   pnpm exec tsx bench/intake-cpu.ts pglite|postgres [rate=200] [seconds=15]
// BENCH_API_ROOT=<another checkout>: run that tree's apps/api/dist/main.js (e.g. a copy built before a change).
// BENCH_CPU_PROF=<dir>: the API process writes a .cpuprofile there (the whole run, warm-up included).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { connect } from "../packages/db/dist/index.js";
import { IntakeSource } from "./bodies.js";
import { type Child, freePort, startChild } from "./processes.js";

const ROOT = process.env.BENCH_API_ROOT ?? fileURLToPath(new URL("..", import.meta.url));
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECRET = "platform-bench-secret";
const PATH = "/api/v1/intake/platform";
const backend = process.argv[2] === "postgres" ? "postgres" : "pglite";
const rate = Number(process.argv[3] ?? 200);
const seconds = Number(process.argv[4] ?? 15);
const TICK_MS = 1000 / 100; // USER_HZ

/** User + system CPU of a process so far, in ms (0 when it is gone). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU so far of each PostgreSQL backend serving `database`, by pid. */
function backendsOf(database: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (command.startsWith("postgres:") && command.includes(` ${database} `))
        found.set(Number(entry), cpuOf(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function psql(sql: string): void {
  execFileSync("psql", [ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function drive(
  url: string,
  offered: number,
  duration: number,
  source: IntakeSource,
  acks: Map<string, string>,
) {
  const connections = Math.max(1, Math.ceil(offered / 20));
  source.prepare(Math.ceil(offered * duration * 1.05) + connections);
  return autocannon({
    url,
    connections,
    duration,
    overallRate: offered,
    timeout: 10,
    ignoreCoordinatedOmission: true,
    requests: [
      {
        method: "POST",
        path: PATH,
        setupRequest: (request, context) => {
          const intake = source.take();
          context.id = intake.id;
          return {
            ...request,
            body: intake.body,
            headers: { "content-type": "application/json", "x-otklik-signature": intake.signature },
          };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          if (status !== 202) return;
          acks.set(String(context.id), (JSON.parse(body) as { incidentId: string }).incidentId);
        },
      },
    ],
  });
}

const prefix = `cpu-${process.pid}`;
const source = new IntakeSource(prefix, SECRET);
const acks = new Map<string, string>();
const env: Record<string, string> = {
  NODE_ENV: "development",
  LOG_LEVEL: "warn",
  OTKLIK_DEMO: "1",
  OTKLIK_PLATFORM_SECRET: SECRET,
  HOST: "127.0.0.1",
  OTKLIK_RATE_LIMITS: "0",
};
let dataDir: string | undefined;
let database: string | undefined;
if (backend === "pglite") {
  dataDir = await mkdtemp(join(tmpdir(), "otklik-cpu-"));
  env.OTKLIK_DATA_DIR = dataDir;
} else {
  database = `otklik_cpu_${process.pid}`;
  psql(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  env.DATABASE_URL = url.toString();
  env.OTKLIK_DATA_DIR = "memory://";
}
let api: Child | undefined;
let worker: Child | undefined;
try {
  const port = await freePort();
  const profile = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  if (backend === "postgres") {
    const workerPort = await freePort();
    worker = await startChild({
      name: "worker",
      args: [join(ROOT, "apps/api/dist/main.js")],
      env: { ...env, OTKLIK_ROLE: "worker", OTKLIK_WORKER_PORT: String(workerPort) },
      port: workerPort,
      probe: "/api/health",
      cwd: ROOT,
    });
  }
  api = await startChild({
    name: "API",
    args: [...profile, join(ROOT, "apps/api/dist/main.js")],
    env: backend === "postgres" ? { ...env, OTKLIK_ROLE: "api" } : env,
    port,
    probe: "/api/v1/health",
    cwd: ROOT,
  });
  const first = source.take();
  const primed = await fetch(`${api.url}${PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-otklik-signature": first.signature },
    body: first.body,
  });
  if (primed.status !== 202)
    throw new Error(`The first intake answered ${primed.status}: ${await primed.text()}`);
  acks.set(first.id, ((await primed.json()) as { incidentId: string }).incidentId);
  await drive(api.url, Math.round(rate / 2), 5, source, acks);
  await drive(api.url, rate, 5, source, acks);
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const apiPid = api.process.pid as number;
  const workerPid = worker?.process.pid;
  const before = {
    api: cpuOf(apiPid),
    worker: workerPid ? cpuOf(workerPid) : 0,
    backends: database ? backendsOf(database) : new Map<number, number>(),
    load: loadavg()[0] ?? 0,
  };
  const result = await drive(api.url, rate, seconds, source, acks);
  const after = {
    api: cpuOf(apiPid),
    worker: workerPid ? cpuOf(workerPid) : 0,
    backends: database ? backendsOf(database) : new Map<number, number>(),
    load: loadavg()[0] ?? 0,
  };
  let backendMs = 0;
  for (const [pid, ms] of after.backends) backendMs += ms - (before.backends.get(pid) ?? 0);
  const completed = result["2xx"];
  const per = (ms: number) => (ms / completed).toFixed(3);
  const line =
    `${backend} @${rate}/s ${seconds} s (load average ${before.load.toFixed(1)} → ${after.load.toFixed(1)}, ${ROOT}): ` +
    `${(completed / result.duration).toFixed(0)}/s 2xx, p50 ${result.latency.p50} p99 ${result.latency.p99} ms, ` +
    `non-2xx ${result.non2xx}, errors ${result.errors + result.timeouts}; CPU ms per incident: API ${per(after.api - before.api)}` +
    (backend === "postgres"
      ? `, worker ${per(after.worker - before.worker)}, PostgreSQL backends ${per(backendMs)}`
      : "");
  console.log(line);
  await api.stop();
  api = undefined;
  await worker?.stop();
  worker = undefined;
  const db = await connect(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: dataDir as string });
  try {
    const rows = await db.query<{ id: string; external_id: string }>(
      "SELECT id, external_id FROM incidents WHERE channel = 'platform' AND external_id LIKE $1",
      [`${prefix}-%`],
    );
    const stored = new Map(rows.map((row) => [row.external_id, row.id]));
    let missing = 0;
    for (const [externalId, incidentId] of acks) if (stored.get(externalId) !== incidentId) missing++;
    console.log(
      `verification: ${acks.size} acknowledged, ${rows.length} stored, ${missing} missing or under another id`,
    );
    if (missing > 0) process.exitCode = 1;
  } finally {
    await db.close();
  }
} finally {
  await api?.stop();
  await worker?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (database) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}
