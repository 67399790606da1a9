// Cost of the reliability limits (RELIABILITY.md «Limits», «Observability»): one rate-limit check in
// memory (PGlite) and in PostgreSQL's `api_rate_limits` (sequential, 8 in flight over many keys, 8 in
// flight on one key), and one uncached reading of the database figures behind /api/metrics and
// /api/ready with 20,000 due and 50,000 scheduled jobs, on PostgreSQL and on PGlite.
// Run from the repository root after building the packages: `pnpm exec tsx bench/limits.ts`.
// BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test): the script creates and drops otklik_limits_<pid>.
import { cpus, loadavg } from "node:os";
import { apiMigrations } from "../apps/api/src/http/rate-limit/migrations.js";
import {
  databaseRateLimitStore,
  memoryRateLimitStore,
  type RateLimitStore,
} from "../apps/api/src/http/rate-limit/stores.js";
import { readDatabase } from "../apps/api/src/observability/database-readings.js";
import { migrationSets } from "../apps/api/src/server/modules.js";
import { connect, createJobs, type Database, dbMigrations, migrate } from "../packages/db/dist/index.js";

const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const rule = { limit: 60, windowSeconds: 600 };

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${quantile(sorted, 0.5).toFixed(3)} ms, p99 ${quantile(sorted, 0.99).toFixed(3)} ms`;
};

async function sequential(store: RateLimitStore, count: number, keys: number): Promise<string> {
  const samples: number[] = [];
  const now = Date.now();
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await store.hit(`k${index % keys}`, rule, now + index);
    samples.push(performance.now() - started);
  }
  return `${count} checks: ${summary(samples)}`;
}

async function concurrent(
  store: RateLimitStore,
  count: number,
  inFlight: number,
  keys: number,
): Promise<string> {
  let next = 0;
  const started = performance.now();
  const now = Date.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const index = next++;
        await store.hit(`c${index % keys}`, rule, now + index);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return `${count} checks, ${inFlight} in flight, ${keys} key(s): ${Math.round(count / seconds)} checks/s`;
}

async function readings(db: Database, label: string): Promise<void> {
  const jobs = createJobs(db);
  await jobs.start();
  await jobs.createQueue("bench.due");
  await jobs.createQueue("bench.scheduled");
  // Bulk rows straight into pg-boss's table (sending 70,000 jobs one by one would be the benchmark).
  await db.query(
    "INSERT INTO pgboss.job (name, data, start_after) SELECT 'bench.due', '{}'::jsonb, now() - (i || ' seconds')::interval FROM generate_series(1, 20000) i",
  );
  await db.query(
    "INSERT INTO pgboss.job (name, data, start_after) SELECT 'bench.scheduled', '{}'::jsonb, now() + (i || ' seconds')::interval FROM generate_series(1, 50000) i",
  );
  await db.query("ANALYZE");
  const samples: number[] = [];
  let last: Awaited<ReturnType<typeof readDatabase>> | undefined;
  for (let index = 0; index < 20; index++) {
    const started = performance.now();
    last = await readDatabase(db);
    samples.push(performance.now() - started);
  }
  const due = last?.queues.find((queue) => queue.queue === "bench.due");
  console.log(
    `  ${label}: one reading (queues, outbox, SLA, deliveries), 20 runs: ${summary(samples)}; read due=${due?.due} failed=${JSON.stringify(last?.failed)}`,
  );
  await jobs.stop({ graceful: false });
}

console.log(
  `limits bench, ${new Date().toISOString()}, ${cpus().length} cores, load ${loadavg()
    .map((v) => v.toFixed(1))
    .join(" ")}`,
);
console.log("rate-limit check, memory store (PGlite's):");
const memory = memoryRateLimitStore();
console.log(`  ${await sequential(memory, 200_000, 10_000)}`);

const admin = await connect({ url: ADMIN_URL });
const name = `otklik_limits_${process.pid}`;
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const pg = await connect({ url: url.toString(), maxConnections: 10 });
try {
  await migrate(pg, [dbMigrations, apiMigrations]);
  const store = databaseRateLimitStore(pg);
  console.log("rate-limit check, PostgreSQL store (api_rate_limits):");
  await sequential(store, 500, 100); // warm-up
  console.log(`  ${await sequential(store, 5_000, 1_000)}`);
  console.log(`  ${await concurrent(store, 20_000, 8, 5_000)}`);
  console.log(`  ${await concurrent(store, 5_000, 8, 1)}`);
  await migrate(pg, migrationSets);
  console.log("database figures behind /api/metrics and /api/ready (uncached):");
  await readings(pg, "PostgreSQL");
} finally {
  await pg.close();
  await admin.query(`DROP DATABASE ${name}`);
  await admin.close();
}
const lite = await connect({ dataDir: "memory://" });
try {
  await migrate(lite, migrationSets);
  await readings(lite, "PGlite");
} finally {
  await lite.close();
}
