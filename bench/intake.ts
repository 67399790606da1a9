// Benchmark of the intake webhook (issue 6): POST /api/v1/intake/platform driven by autocannon at a fixed
// offered rate on PGlite (300/s) and PostgreSQL (1,000/s), then stepped up to the highest rate each sustains,
// and the same for a plain Hono JSON echo route (the ceiling). Every 202 is checked in the database afterwards.
// Run from the repository root after building the API: `pnpm bench:intake`.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { connect } from "../packages/db/dist/index.js";
import { IntakeSource } from "./bodies.js";
import { type Child, freePort, startChild } from "./processes.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECRET = "platform-bench-secret";
const PATH = "/api/v1/intake/platform";
const FIXED_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 8);
const WARMUP_SECONDS = 5;
const FACTOR = 1.25;
const P99_LIMIT_MS = 100;
/** One autocannon connection per 20 offered requests a second (300/s → 15, 1,000/s → 50). */
const connectionsFor = (rate: number) => Math.max(1, Math.ceil(rate / 20));

interface Measured {
  label: string;
  rate: number;
  connections: number;
  seconds: number;
  sent: number;
  completed: number;
  achieved: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  passed: boolean;
}

/** One autocannon run at `rate` offered requests a second. */
async function load(
  url: string,
  rate: number,
  seconds: number,
  source: IntakeSource,
  acks: Map<string, string> | undefined,
  label: string,
): Promise<Measured> {
  const connections = connectionsFor(rate);
  source.prepare(Math.ceil(rate * seconds * 1.05) + connections);
  const result: Result = await autocannon({
    url,
    connections,
    duration: seconds,
    overallRate: rate,
    timeout: 10,
    // autocannon's correction for coordinated omission assumes an evenly paced client; with -R it sends
    // each connection's quota back to back at the start of every second, so record what was measured.
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
        ...(acks
          ? {
              onResponse: (status: number, body: string, context: Record<string, unknown>) => {
                if (status !== 202) return;
                const { incidentId } = JSON.parse(body) as { incidentId: string };
                acks.set(String(context.id), incidentId);
              },
            }
          : {}),
      },
    ],
  });
  const completed = result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"];
  const achieved = completed / result.duration;
  const errors = result.errors + result.timeouts;
  const measured: Measured = {
    label,
    rate,
    connections,
    seconds: result.duration,
    sent: result.requests.sent,
    completed,
    achieved,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors,
    passed:
      result.latency.p99 < P99_LIMIT_MS && errors === 0 && result.non2xx === 0 && achieved >= 0.97 * rate,
  };
  log(
    `${label} @${rate}/s ×${connections} (load average ${loadavg()[0]?.toFixed(1)}): ${achieved.toFixed(0)}/s, p50 ${measured.p50} p97.5 ${measured.p97_5} ` +
      `p99 ${measured.p99} max ${measured.max} ms, non-2xx ${measured.non2xx}, errors ${errors} → ${measured.passed ? "ok" : "FAIL"}`,
  );
  return measured;
}

/** Steps the offered rate up by ×1.25 from `start` until a run fails; answers the runs and the best rate passed. */
async function search(
  url: string,
  start: Measured,
  source: IntakeSource,
  acks: Map<string, string> | undefined,
  label: string,
  maxSteps: number,
): Promise<{ steps: Measured[]; best: number | undefined }> {
  const steps: Measured[] = [];
  let best = start.passed ? start.rate : undefined;
  if (start.passed) {
    let rate = Math.round(start.rate * FACTOR);
    for (let i = 0; i < maxSteps; i++) {
      await pause(1000);
      const step = await load(url, rate, STEP_SECONDS, source, acks, `${label} step`);
      steps.push(step);
      if (!step.passed) break;
      best = rate;
      rate = Math.round(rate * FACTOR);
    }
  } else {
    // Start below what the failed run completed (it is saturated there), and step down from it.
    let rate = Math.max(1, Math.round(Math.min(start.rate / FACTOR, start.achieved)));
    for (let i = 0; i < Math.min(maxSteps, 6) && rate >= 1; i++) {
      await pause(1000);
      const step = await load(url, rate, STEP_SECONDS, source, acks, `${label} step down`);
      steps.push(step);
      if (step.passed) {
        best = rate;
        break;
      }
      rate = Math.round(rate / FACTOR);
    }
  }
  return { steps, best };
}

interface Verification {
  acknowledged: number;
  stored: number;
  missing: number;
  wrongId: number;
  duplicates: number;
  storedWithoutAck: number;
}

/** Every acknowledged platform id must be one stored incident with the id the 202 named. */
async function verify(
  options: { url?: string; dataDir?: string },
  prefix: string,
  acks: Map<string, string>,
): Promise<Verification> {
  const db = await connect(options);
  try {
    const rows = await db.query<{ id: string; external_id: string }>(
      "SELECT id, external_id FROM incidents WHERE channel = 'platform' AND external_id LIKE $1",
      [`${prefix}-%`],
    );
    const byExternal = new Map<string, string[]>();
    for (const row of rows)
      byExternal.set(row.external_id, [...(byExternal.get(row.external_id) ?? []), row.id]);
    let missing = 0;
    let wrongId = 0;
    for (const [externalId, incidentId] of acks) {
      const ids = byExternal.get(externalId);
      if (!ids) missing++;
      else if (!ids.includes(incidentId)) wrongId++;
    }
    let duplicates = 0;
    let storedWithoutAck = 0;
    for (const [externalId, ids] of byExternal) {
      if (ids.length > 1) duplicates += ids.length - 1;
      if (!acks.has(externalId)) storedWithoutAck++;
    }
    return { acknowledged: acks.size, stored: rows.length, missing, wrongId, duplicates, storedWithoutAck };
  } finally {
    await db.close();
  }
}

interface BackendReport {
  name: string;
  target: number;
  warmup: Measured;
  fixed: Measured;
  steps: Measured[];
  best: number | undefined;
  verification: Verification;
}

async function benchBackend(name: "PGlite" | "PostgreSQL", target: number): Promise<BackendReport> {
  const prefix = `bench-${process.pid}-${name.toLowerCase()}`;
  const acks = new Map<string, string>();
  const source = new IntakeSource(prefix, SECRET);
  let dataDir: string | undefined;
  let database: string | undefined;
  const env: Record<string, string> = {
    // development: demo seeding (the departments routing needs) is skipped in production.
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    OTKLIK_DEMO: "1",
    OTKLIK_PLATFORM_SECRET: SECRET,
    HOST: "127.0.0.1",
    // The benchmark measures the intake itself; the per-source webhook limit (6,000/min) would refuse
    // a sustained 300–1,000/s from one address by design.
    OTKLIK_RATE_LIMITS: "0",
  };
  if (name === "PGlite") {
    dataDir = await mkdtemp(join(tmpdir(), "otklik-bench-"));
    env.OTKLIK_DATA_DIR = dataDir;
  } else {
    database = `otklik_bench_${process.pid}`;
    psql(`CREATE DATABASE ${database}`);
    env.DATABASE_URL = withDatabase(ADMIN_URL, database);
    env.OTKLIK_DATA_DIR = "memory://";
  }
  let api: Child | undefined;
  let worker: Child | undefined;
  try {
    const port = await freePort();
    const extraArgs = process.env.BENCH_CPU_PROF
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    // On PostgreSQL as deployed (docs/deployment.md): the API process answers HTTP, a worker process runs
    // the jobs (the event relay, notifications, SLA checks). BENCH_PG_ROLES=all: one process doing both.
    // PGlite is one process by nature.
    const separateWorker = name === "PostgreSQL" && process.env.BENCH_PG_ROLES !== "all";
    if (separateWorker) {
      const workerPort = await freePort();
      worker = await startChild({
        name: `worker on ${name}`,
        args: ["apps/api/dist/main.js"],
        env: { ...env, OTKLIK_ROLE: "worker", OTKLIK_WORKER_PORT: String(workerPort) },
        port: workerPort,
        probe: "/api/health",
        cwd: ROOT,
      });
    }
    api = await startChild({
      name: `API on ${name}`,
      args: [...extraArgs, "apps/api/dist/main.js"],
      env: separateWorker ? { ...env, OTKLIK_ROLE: "api" } : env,
      port,
      probe: "/api/v1/health",
      cwd: ROOT,
    });
    log(`API on ${name} listening at ${api.url}`);
    // One intake, awaited, before any load: the first trains the classifier's starter model (seconds on a
    // busy machine), which a running API has long done; without this the warm-up's backlog leaks into the run.
    const first = source.take();
    const primed = await fetch(`${api.url}${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-otklik-signature": first.signature },
      body: first.body,
    });
    if (primed.status !== 202)
      throw new Error(`The first intake answered ${primed.status}: ${await primed.text()}`);
    acks.set(first.id, ((await primed.json()) as { incidentId: string }).incidentId);
    const warmup = await load(
      api.url,
      Math.round(target / 2),
      WARMUP_SECONDS,
      source,
      acks,
      `${name} warm-up`,
    );
    await pause(1000);
    const fixed = await load(api.url, target, FIXED_SECONDS, source, acks, `${name} fixed`);
    const { steps, best } = await search(api.url, fixed, source, acks, name, 8);
    await api.stop();
    api = undefined;
    await worker?.stop();
    worker = undefined;
    const verification = await verify(
      env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: dataDir as string },
      prefix,
      acks,
    );
    log(`${name} verification: ${JSON.stringify(verification)}`);
    return { name, target, warmup, fixed, steps, best, verification };
  } finally {
    await api?.stop();
    await worker?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (database) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

async function benchEcho(
  rates: number[],
): Promise<{ fixed: Measured[]; steps: Measured[]; best: number | undefined }> {
  const source = new IntakeSource(`bench-${process.pid}-echo`, SECRET);
  const port = await freePort();
  const echo = await startChild({
    name: "echo",
    args: ["--import", "tsx", "bench/echo-server.ts"],
    env: {},
    port,
    probe: "/",
    cwd: ROOT,
  });
  try {
    await load(echo.url, 500, WARMUP_SECONDS, source, undefined, "echo warm-up");
    const fixed: Measured[] = [];
    for (const rate of rates) {
      await pause(1000);
      fixed.push(await load(echo.url, rate, FIXED_SECONDS, source, undefined, "echo fixed"));
    }
    const top = fixed.reduce((a, b) => (b.rate > a.rate ? b : a));
    const { steps, best } = await search(echo.url, top, source, undefined, "echo", 14);
    return { fixed, steps, best };
  } finally {
    await echo.stop();
  }
}

function psql(sql: string): void {
  execFileSync("psql", [ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = Date.now();
function log(line: string): void {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
function row(target: string, m: Measured, extra = ""): string {
  return `| ${target} | ${fmt(m.rate)} | ${m.connections} | ${fmt(m.achieved)} | ${m.p50} | ${m.p97_5} | ${m.p99} | ${m.max} | ${m.non2xx} | ${m.errors} | ${m.passed ? "yes" : "**no**"}${extra} |`;
}

// ---------------------------------------------------------------------------------------------------------
// BENCH_PROFILE_ONLY=pglite|postgres: one backend only, e.g. with BENCH_CPU_PROF=<dir> to profile the API.
const only = process.env.BENCH_PROFILE_ONLY;
if (only) {
  await benchBackend(only === "postgres" ? "PostgreSQL" : "PGlite", only === "postgres" ? 1000 : 300);
  process.exit(0);
}
const pglite = await benchBackend("PGlite", 300);
const postgres = await benchBackend("PostgreSQL", 1000);
const echo = await benchEcho([300, 1000]);

const lines: string[] = [];
lines.push(
  `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}; ${new Date().toISOString()}; ` +
    `load average at the end ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" / ")} (1 / 5 / 15 min).`,
);
lines.push(
  `Runs: warm-up ${WARMUP_SECONDS} s at half the target, fixed rate ${FIXED_SECONDS} s, steps ×${FACTOR} of ${STEP_SECONDS} s; ` +
    `one connection per 20 req/s offered. A run passes when p99 < ${P99_LIMIT_MS} ms, no errors or timeouts, no non-2xx, ` +
    `and at least 97% of the offered rate was completed. Latencies in ms.`,
);
lines.push("");
lines.push(
  "| run | offered req/s | connections | completed req/s | p50 | p97.5 | p99 | max | non-2xx | errors | passes |",
);
lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
for (const report of [pglite, postgres]) {
  lines.push(row(`${report.name}, target`, report.fixed));
  for (const step of report.steps) lines.push(row(`${report.name}, step`, step));
}
for (const m of echo.fixed) lines.push(row("Hono echo, same rate", m));
for (const m of echo.steps) lines.push(row("Hono echo, step", m));
lines.push("");
lines.push("| | PGlite | PostgreSQL | Hono echo |");
lines.push("| --- | ---: | ---: | ---: |");
const best = (b: number | undefined) => (b === undefined ? "none passed" : fmt(b));
lines.push(
  `| highest sustained offered rate (req/s) | ${best(pglite.best)} | ${best(postgres.best)} | ${best(echo.best)} |`,
);
const ratio = (b: number | undefined) =>
  b === undefined || echo.best === undefined ? "–" : `${((100 * b) / echo.best).toFixed(1)}%`;
lines.push(`| share of the echo ceiling | ${ratio(pglite.best)} | ${ratio(postgres.best)} | 100% |`);
const echoTop = echo.fixed.reduce((a, b) => (b.achieved > a.achieved ? b : a));
lines.push(
  `| completed req/s at the target rate (saturated when below it) | ${fmt(pglite.fixed.achieved)} | ` +
    `${fmt(postgres.fixed.achieved)} | ${fmt(echoTop.achieved)} (at ${fmt(echoTop.rate)}) |`,
);
const share = (n: number) => `${((100 * n) / echoTop.achieved).toFixed(1)}%`;
lines.push(
  `| that as a share of the echo's | ${share(pglite.fixed.achieved)} | ${share(postgres.fixed.achieved)} | 100% |`,
);
const checks = [
  ["acknowledged (202) in the whole run", "acknowledged"],
  ["stored with a bench id", "stored"],
  ["acknowledged but missing", "missing"],
  ["acknowledged with another incident id", "wrongId"],
  ["duplicates of one platform id", "duplicates"],
  ["stored, answer not awaited (in flight when a run ended)", "storedWithoutAck"],
] as const;
for (const [text, key] of checks) {
  lines.push(
    `| incidents ${text} | ${fmt(pglite.verification[key])} | ${fmt(postgres.verification[key])} | – |`,
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
const lost = [pglite, postgres].some(
  (r) => r.verification.missing + r.verification.wrongId + r.verification.duplicates > 0,
);
process.exitCode = lost ? 1 : 0;
