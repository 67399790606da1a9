// Profile of one platform intake (issue 6): which SQL statements `receivePlatformIncident` runs, how many,
// how long each takes, and how much time is the service's own JavaScript. In-process, no HTTP, on PGlite (in
// memory) or PostgreSQL (a scratch database this script creates and drops).
// Run from the repository root after building the packages:
//   pnpm exec tsx bench/intake-profile.ts pglite|postgres [intakes=300] [concurrency=1]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { systemClock } from "../packages/core/dist/index.js";
import { connect, createJobs, type Database, dbMigrations, migrate } from "../packages/db/dist/index.js";
import { createDepartment, identityMigrations, systemActor } from "../packages/identity/dist/index.js";
import * as built from "../packages/incidents/dist/index.js";

// BENCH_INCIDENTS_DIST=<folder>: profile another build of the package (e.g. the previous commit's), same database.
const incidentsModule: typeof built = process.env.BENCH_INCIDENTS_DIST
  ? await import(`${process.env.BENCH_INCIDENTS_DIST}/index.js`)
  : built;
const { incidentsMigrations, receivePlatformIncident, SLA_QUEUE, setDepartmentRoute } = incidentsModule;
// BENCH_RECEIVER=1: through the webhook's receiver (incidents that arrive together share a transaction).
const useReceiver = process.env.BENCH_RECEIVER === "1";

const backend = process.argv[2] === "postgres" ? "postgres" : "pglite";
const count = Number(process.argv[3] ?? 300);
const concurrency = Number(process.argv[4] ?? 1);
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Sample {
  text: string;
  ms: number;
}
let recording = false;
let samples: Sample[] = [];

function record<T>(text: string, run: () => Promise<T>): Promise<T> {
  if (!recording) return run();
  const started = performance.now();
  return run().finally(() => samples.push({ text, ms: performance.now() - started }));
}

/** Counts every statement the engine (PGlite) or the server's clients (node-postgres) run. */
function instrument(db: Database): void {
  if (db.kind === "postgres") {
    // The very `pg` the db package loads (pnpm links one copy), so its pool's clients are patched.
    const pg = createRequire(new URL("../packages/db/package.json", import.meta.url))("pg");
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      const config = args[0] as string | { text: string };
      const text = typeof config === "string" ? config : config.text;
      return record(text, () => original.apply(this, args));
    };
    return;
  }
  type Queryable = {
    query: (...a: unknown[]) => Promise<unknown>;
    exec: (...a: unknown[]) => Promise<unknown>;
  };
  const engine = (db as unknown as { engine: Queryable & { transaction: (fn: unknown) => Promise<unknown> } })
    .engine;
  const wrap = (target: Queryable) => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    target.query = (...args) => record(String(args[0]), () => query(...args));
    target.exec = (...args) => record(String(args[0]), () => exec(...args));
  };
  wrap(engine);
  const transaction = engine.transaction.bind(engine);
  engine.transaction = (fn) =>
    record("BEGIN … COMMIT (PGlite)", () =>
      transaction(async (tx: Queryable) => {
        wrap(tx);
        return (fn as (tx: Queryable) => Promise<unknown>)(tx);
      }),
    );
}

function shape(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 110);
}

let database: string | undefined;
let db: Database;
if (backend === "postgres") {
  database = `otklik_profile_${process.pid}`;
  execFileSync("psql", [ADMIN_URL, "-q", "-c", `CREATE DATABASE ${database}`]);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  db = await connect({ url: url.toString() });
} else {
  db = await connect({ dataDir: "memory://" });
}
try {
  await migrate(db, [dbMigrations, identityMigrations, incidentsMigrations]);
  const setup = { db, clock: systemClock, actor: systemActor("bench") };
  for (const key of ["housing", "transport", "education", "press", "edds"]) {
    const department = await createDepartment(setup, { name: `Отдел ${key}`, shortName: key });
    await setDepartmentRoute(db, key, department.id);
  }
  const jobs = createJobs(db, { schedule: false });
  await jobs.start();
  await jobs.createQueue(SLA_QUEUE);
  const context = { db, clock: systemClock, actor: systemActor("platform"), jobs };
  instrument(db);

  let serial = 0;
  const intake = () => {
    const n = serial++;
    const now = new Date().toISOString();
    return {
      type: "incident" as const,
      id: `profile-${n}`,
      createdAt: now,
      sentAt: now,
      text: `Яма на дороге у дома, колесо пробили, просим заделать (обращение ${n})`,
      source: { network: "vk" as const, url: `https://vk.com/wall-1_${n}`, authorName: `Житель ${n}` },
      address: `ул. Ленина, ${1 + (n % 120)}`,
    };
  };
  // Warm-up: the classifier's starter model, Drizzle's query building, the engine's caches.
  for (let i = 0; i < 30; i++) await receivePlatformIncident(context, intake());

  recording = true;
  samples = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const receiver = incidentsModule.createPlatformIntakeReceiver(context);
  const receive = useReceiver
    ? (item: ReturnType<typeof intake>) => receiver.receive(item)
    : (item: ReturnType<typeof intake>) => receivePlatformIncident(context, item);
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < count) {
      next += 1;
      await receive(intake());
    }
  });
  await Promise.all(lanes);
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  recording = false;

  const byShape = new Map<string, { n: number; ms: number }>();
  for (const sample of samples) {
    const key = shape(sample.text);
    const entry = byShape.get(key) ?? { n: 0, ms: 0 };
    entry.n += 1;
    entry.ms += sample.ms;
    byShape.set(key, entry);
  }
  const inTransaction = samples.filter((sample) => !sample.text.startsWith("BEGIN … COMMIT"));
  const dbMs = inTransaction.reduce((sum, sample) => sum + sample.ms, 0);
  console.log(
    `backend ${backend}, ${count} intakes, concurrency ${concurrency}${useReceiver ? ", through the receiver" : ""}, Node ${process.version}`,
  );
  console.log(
    `wall ${wall.toFixed(0)} ms → ${((count * 1000) / wall).toFixed(0)} intakes/s, ${(wall / count).toFixed(2)} ms per intake`,
  );
  console.log(
    `CPU of this process per intake: ${((cpu.user + cpu.system) / 1000 / count).toFixed(2)} ms` +
      (backend === "pglite" ? " (PGlite runs in it)" : " (the server's CPU is not counted)"),
  );
  console.log(
    `statements per intake: ${(inTransaction.length / count).toFixed(2)}; time in statements per intake ` +
      `${(dbMs / count).toFixed(2)} ms${concurrency === 1 ? `; the rest (JavaScript) ${((wall - dbMs) / count).toFixed(2)} ms` : ""}`,
  );
  console.log("\n| statements per intake | ms per statement | statement |\n| ---: | ---: | --- |");
  for (const [text, entry] of [...byShape].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(
      `| ${(entry.n / count).toFixed(2)} | ${(entry.ms / entry.n).toFixed(3)} | \`${text.replace(/\|/g, "\\|")}\` |`,
    );
  }
  await jobs.stop({ graceful: false });
} finally {
  await db.close();
  if (database)
    execFileSync("psql", [ADMIN_URL, "-q", "-c", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
}
