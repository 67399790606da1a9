// The crash run of issue 11: the platform intake webhook under load while the API and worker processes are
// killed with SIGKILL at random moments and restarted, with SLA deadlines falling inside the outages. Then:
// every incident acknowledged with 202 exists exactly once; every SLA warning and breach fired exactly once
// (after it fell due); no webhook notification was recorded twice, and what a repeat reached the receiver.
//
//   pnpm --filter @otklik/api build          # the processes run apps/api/dist/main.js
//   pnpm exec tsx bench/crash.ts postgres [requests=10000] [kills=5]   # 1 api + 1 worker process
//   pnpm exec tsx bench/crash.ts pglite   [requests=10000] [kills=5]   # 1 process, OTKLIK_ROLE=all
//
// BENCH_PG_URL: the PostgreSQL server (a scratch database is made and dropped; default
// postgres://postgres@127.0.0.1:5432/test). CRASH_KEEP=1 keeps the database for a look. CRASH_RATE: offered intakes a second (default 80 on PostgreSQL,
// 30 on PGlite); CRASH_SLA_SECONDS: the first-reply deadline of the short SLA policy given to the processes
// of every 20th intake (CRASH_SHORT_EVERY; a stray-animals text, the others keep 2 h) through OTKLIK_SLA_POLICY_FILE
// (default 20; the warning comes at half of it). Prints a JSON report and a
// Markdown table; exits 1 when a check fails.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connect } from "../packages/db/dist/index.js";
import { IntakeSource, type SignedIntake } from "./bodies.js";
import { type Child, freePort, startChild } from "./processes.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECRET = "platform-crash-secret";
const WEBHOOK_SECRET = "crash-webhook-secret-0123456789";
const PATH = "/api/v1/intake/platform";
const [backendArgument = "postgres", requestsText = "10000", killsText = "5"] = process.argv.slice(2);
if (backendArgument !== "postgres" && backendArgument !== "pglite") {
  throw new Error(
    `Первый аргумент: postgres или pglite / The first argument is postgres or pglite, not ${backendArgument}`,
  );
}
const BACKEND: "postgres" | "pglite" = backendArgument;
const TOTAL = Number(requestsText);
const KILLS = Number(killsText);
const RATE = Number(process.env.CRASH_RATE ?? (BACKEND === "postgres" ? 80 : 30));
const CONCURRENCY = Number(process.env.CRASH_CONCURRENCY ?? 16);
const SLA_SECONDS = Number(process.env.CRASH_SLA_SECONDS ?? 20);

type Role = "api" | "worker" | "all";
interface Outage {
  kill: number;
  role: Role;
  killedAt: number;
  readyAt: number;
}

const started = Date.now();
function log(line: string): void {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ----------------------------------------------------------------------------------------------------
// The notification webhook receiver: counts requests per Idempotency-Key.

const received = new Map<string, number>();
let receivedTotal = 0;
const receiver: Server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const key = String(request.headers["idempotency-key"]);
    received.set(key, (received.get(key) ?? 0) + 1);
    receivedTotal += 1;
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
receiver.listen(0, "127.0.0.1");
await new Promise((resolve) => receiver.once("listening", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

// ----------------------------------------------------------------------------------------------------
// The processes.

const scratch = await mkdtemp(join(tmpdir(), "otklik-crash-"));
const policyFile = join(scratch, "sla-policy.json");
// Every SHORT_EVERY-th intake is about stray animals, the one category with a short first-reply deadline
// (CRASH_SLA_SECONDS, warning at half of it): enough deadlines fall inside the outages (≥ 100 in a
// 10,000-intake run) while the rest keep the office's 2 hours, as on a real day.
const SHORT_EVERY = Number(process.env.CRASH_SHORT_EVERY ?? 20);
const SHORT_CATEGORY = "animals";
const SHORT_TEXT = "Бродячие собаки стаей бегают во дворе, лают по ночам, просим отловить";
await writeFile(
  policyFile,
  JSON.stringify({
    name: `crash bench: first reply in ${SLA_SECONDS} s for stray animals, 2 h for the rest`,
    metrics: [{ name: "first-reply", stopsOn: "public-reply" }],
    rules: [
      {
        name: "short",
        when: { category: [SHORT_CATEGORY] },
        targets: {
          "first-reply": {
            target: { unit: "calendar-minutes", amount: SLA_SECONDS / 60 },
            warnings: [{ minutesBefore: SLA_SECONDS / 120 }],
          },
        },
      },
      {
        name: "default",
        targets: { "first-reply": { target: { unit: "calendar-minutes", amount: 120 } } },
      },
    ],
  }),
);
const database = BACKEND === "postgres" ? `otklik_crash_${process.pid}` : undefined;
const dataDir = BACKEND === "pglite" ? join(scratch, "data") : undefined;
if (database) psql(`CREATE DATABASE ${database}`);
const databaseUrl = database ? withDatabase(ADMIN_URL, database) : undefined;
const commonEnv: Record<string, string> = {
  NODE_ENV: "development",
  LOG_LEVEL: "warn",
  HOST: "127.0.0.1",
  OTKLIK_DEMO: "1",
  OTKLIK_PLATFORM_SECRET: SECRET,
  // The run sends thousands of webhooks from 127.0.0.1; the per-source limit would refuse them by design.
  OTKLIK_RATE_LIMITS: "0",
  OTKLIK_SLA_POLICY_FILE: policyFile,
  OTKLIK_NOTIFY_WEBHOOK_URL: receiverUrl,
  OTKLIK_NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  ...(databaseUrl
    ? { DATABASE_URL: databaseUrl, OTKLIK_DATA_DIR: "memory://" }
    : { OTKLIK_DATA_DIR: dataDir! }),
};

const ports: Partial<Record<Role, number>> = {};
const children: Partial<Record<Role, Child>> = {};
async function start(role: Role): Promise<Child> {
  ports[role] ??= await freePort();
  const port = ports[role]!;
  const child = await startChild({
    name: `${role} process`,
    args: ["apps/api/dist/main.js"],
    env: {
      ...commonEnv,
      OTKLIK_ROLE: role,
      ...(role === "worker" ? { OTKLIK_WORKER_PORT: String(port) } : {}),
    },
    port,
    probe: "/api/health",
    cwd: ROOT,
  });
  for (;;) {
    const status = await fetch(`${child.url}/api/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    await pause(200);
  }
  children[role] = child;
  return child;
}
const httpRole: Role = BACKEND === "postgres" ? "api" : "all";
const workRole: Role = BACKEND === "postgres" ? "worker" : "all";

// ----------------------------------------------------------------------------------------------------
// The load: each intake is sent until it is acknowledged (a platform retries what was not answered).

const source = new IntakeSource(`crash-${process.pid}`, SECRET, (n) =>
  n % SHORT_EVERY === 0 ? SHORT_TEXT : undefined,
);
const acks = new Map<string, string>();
const retry: SignedIntake[] = [];
const statuses = new Map<string, number>();
let made = 0;
let requests = 0;
let inFlight = 0;
let lastSentAt = 0;
const refusedForGood: string[] = [];

async function send(intake: SignedIntake): Promise<void> {
  requests += 1;
  inFlight += 1;
  let status = "network error";
  try {
    const response = await fetch(`http://127.0.0.1:${ports[httpRole]}${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-otklik-signature": intake.signature },
      body: intake.body,
      signal: AbortSignal.timeout(15_000),
    });
    status = String(response.status);
    const text = await response.text();
    if (response.status === 202) {
      const { incidentId } = JSON.parse(text) as { incidentId: string };
      const before = acks.get(intake.id);
      if (before !== undefined && before !== incidentId)
        refusedForGood.push(`${intake.id}: two incident ids`);
      acks.set(intake.id, incidentId);
    } else if (response.status === 429 || response.status >= 500) {
      setTimeout(() => retry.push(intake), 250);
    } else {
      refusedForGood.push(`${intake.id}: ${response.status} ${text.slice(0, 200)}`);
    }
  } catch {
    setTimeout(() => retry.push(intake), 250);
  } finally {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    inFlight -= 1;
  }
}

/** Sends until every intake is acknowledged; new ones wait while `holdNew()` (a kill is due during a restart). */
async function drive(onMade: (made: number) => void, holdNew: () => boolean): Promise<void> {
  const interval = 1000 / RATE;
  let next = performance.now();
  while (acks.size + refusedForGood.length < TOTAL) {
    const now = performance.now();
    if (now < next) {
      await pause(Math.min(50, next - now));
      continue;
    }
    if (inFlight >= CONCURRENCY) {
      await pause(2);
      continue;
    }
    let intake = retry.shift();
    if (!intake && made < TOTAL && !holdNew()) {
      intake = source.take();
      made += 1;
      lastSentAt = Date.now();
      onMade(made);
    }
    if (!intake) {
      await pause(20);
      continue;
    }
    next += interval;
    // Far behind (an outage): do not burst to catch up.
    if (performance.now() - next > 1000) next = performance.now();
    void send(intake);
  }
}

// ----------------------------------------------------------------------------------------------------
// The kills: one in each of `KILLS` equal slices of the run, at a random point of the slice.

const killRoles: Role[][] =
  BACKEND === "postgres" ? [["worker"], ["api"], ["api", "worker"], ["worker"], ["api"]] : [["all"]];
const killPoints = Array.from({ length: KILLS }, (_, index) => {
  const slice = 0.9 / KILLS;
  return Math.round(TOTAL * (0.05 + slice * index + slice * (0.15 + 0.7 * Math.random())));
});
const outages: Outage[] = [];
let killing: Promise<void> = Promise.resolve();
let killsDone = 0;
let restarting = false;

async function killAndRestart(kill: number): Promise<void> {
  restarting = true;
  const roles = killRoles[kill % killRoles.length]!;
  const killedAt = Date.now();
  for (const role of roles) children[role]?.process.kill("SIGKILL");
  await Promise.all(
    roles.map(
      (role) =>
        new Promise<void>((resolve) => {
          const child = children[role]?.process;
          if (!child || child.exitCode !== null || child.signalCode !== null) resolve();
          else child.once("exit", () => resolve());
        }),
    ),
  );
  log(`kill ${kill + 1}: SIGKILL ${roles.join(" + ")} at intake ${made} (${acks.size} acknowledged)`);
  // Down for a moment more, as a supervisor's restart delay would be.
  await pause(1000 + Math.random() * 2000);
  await Promise.all(roles.map((role) => start(role)));
  const readyAt = Date.now();
  for (const role of roles) outages.push({ kill: kill + 1, role, killedAt, readyAt });
  log(
    `kill ${kill + 1}: ${roles.join(" + ")} ready again after ${((readyAt - killedAt) / 1000).toFixed(1)} s`,
  );
  killsDone += 1;
  restarting = false;
}

// ----------------------------------------------------------------------------------------------------
// Settling: the deadlines of the last intakes pass, then nothing is left to do (read from /api/metrics).

async function metric(role: Role, names: RegExp): Promise<number> {
  const text = await fetch(`http://127.0.0.1:${ports[role]}/api/metrics`).then((response) => response.text());
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^(\S+?)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (match && names.test(`${match[1]}${match[2] ?? ""}`)) sum += Number(match[3]);
  }
  return sum;
}

async function settle(): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  let quietTimes = 0;
  for (;;) {
    // Due SLA and event jobs, events not yet fanned out, webhook notifications not yet sent, and SLA and
    // event jobs left `active` by a killed process (pg-boss runs them again when their 2-min lease has
    // expired, at its next maintenance, ≤ 2 min later). E-mail has no server here and is left out.
    const pending =
      (await metric(workRole, /^otklik_event_outbox_pending$/)) +
      (await metric(workRole, /^otklik_job_queue_depth\{queue="(incidents\.sla-deadline|events:[^"]*)"\}/)) +
      (await metric(workRole, /^otklik_job_queue_active\{queue="(incidents\.sla-deadline|events:[^"]*)"\}/)) +
      (await metric(
        workRole,
        /^otklik_deliveries\{source="notification",channel="webhook",state="(queued|sending)"\}/,
      ));
    const waitingForDeadlines = Date.now() < lastSentAt + SLA_SECONDS * 1000 + 5_000;
    quietTimes = pending === 0 && !waitingForDeadlines ? quietTimes + 1 : 0;
    // The database figures are cached up to 5 s: two quiet readings 6 s apart.
    if (quietTimes >= 2) return;
    if (Date.now() > deadline) throw new Error(`not settled in 15 min (${pending} pending)`);
    await pause(6_000);
  }
}

// ----------------------------------------------------------------------------------------------------

interface Report {
  backend: string;
  requests: { distinct: number; sent: number; byStatus: Record<string, number>; refusedForGood: number };
  kills: Outage[];
  incidents: {
    acknowledged: number;
    stored: number;
    missing: number;
    wrongId: number;
    duplicates: number;
    storedWithoutAck: number;
  };
  sla: {
    /** Incidents stored in the short-deadline category, and intakes acknowledged that were written for it. */
    shortDeadlineIncidents: number;
    shortDeadlineIntakesAcknowledged: number;
    expectedNotices: number;
    notices: number;
    incidentsWithoutBothNotices: number;
    dueInsideOutages: number;
    dueInsideOutagesAnnouncedOnceAfterDue: number;
    announcedBeforeDue: number;
    events: number;
    eventDuplicates: number;
    noticesWithoutEvent: number;
    maxLateSecondsInsideOutages: number;
  };
  notifications: {
    webhookRows: number;
    webhookSlaRows: number;
    notDelivered: number;
    receivedDistinct: number;
    receivedTotal: number;
    repeatsOnTheWire: number;
    deliveredButNotReceived: number;
    receivedUnknownKeys: number;
  };
  /** Jobs still `active` at the end (a SIGKILL leaves its job so until the lease expires: 2 min for SLA and event jobs). */
  jobsLeftActiveByKilledProcesses: number;
  socialPosts: string;
  seconds: number;
}

let report: Report | undefined;
try {
  log(`${BACKEND}: starting ${BACKEND === "postgres" ? "1 api + 1 worker process" : "1 process (all)"}`);
  if (BACKEND === "postgres") await Promise.all([start("api"), start("worker")]);
  else await start("all");
  await headTakesWebhooks(`http://127.0.0.1:${ports[httpRole]}`);
  log(
    `load: ${TOTAL} intakes at ${RATE}/s, ${CONCURRENCY} in flight; kills after intakes ${killPoints.join(", ")}`,
  );
  let nextKill = 0;
  // Every kill falls during the load: while a restart is still going on, new intakes wait for it when
  // the next kill is already due (a slow restart on a busy machine would otherwise push it past the end).
  let triggered = 0;
  await drive(
    (count) => {
      if (nextKill < killPoints.length && count >= killPoints[nextKill]!) {
        const kill = nextKill++;
        killing = killing.then(() => killAndRestart(kill));
        triggered += 1;
      }
    },
    () => restarting && triggered > killsDone + 1,
  );
  await killing;
  log(`load done: ${acks.size} acknowledged of ${TOTAL}, ${requests} requests, ${killsDone} kills`);
  await settle();
  log("settled; stopping the processes and reading the database");
  await Promise.all(Object.values(children).map((child) => child?.stop()));
  report = await verify();
} finally {
  await Promise.all(Object.values(children).map((child) => child?.stop().catch(() => {})));
  receiver.close();
  // CRASH_KEEP=1 keeps the database (and the PGlite folder) for a look afterwards.
  if (process.env.CRASH_KEEP === "1") {
    log(`kept: ${databaseUrl ?? dataDir}`);
  } else {
    if (database) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await rm(scratch, { recursive: true, force: true });
  }
}

process.stdout.write(`${JSON.stringify(report)}\n\n${table(report)}\n`);
const failed =
  report.incidents.missing +
    report.incidents.wrongId +
    report.incidents.duplicates +
    report.requests.refusedForGood +
    report.sla.incidentsWithoutBothNotices +
    report.sla.eventDuplicates +
    report.sla.noticesWithoutEvent +
    report.sla.announcedBeforeDue +
    report.notifications.notDelivered +
    report.notifications.deliveredButNotReceived >
    0 ||
  report.sla.dueInsideOutages !== report.sla.dueInsideOutagesAnnouncedOnceAfterDue ||
  report.sla.shortDeadlineIncidents !== report.sla.shortDeadlineIntakesAcknowledged ||
  // The department head takes SLA notices by webhook: each notice makes exactly one webhook notification.
  report.notifications.webhookSlaRows !== report.sla.notices ||
  // The full run (≥ 10,000 intakes) must have put at least 100 deadlines inside the outages.
  (TOTAL >= 10_000 && report.sla.dueInsideOutages < 100);
process.exitCode = failed ? 1 : 0;

// ----------------------------------------------------------------------------------------------------

/** The housing head (the demo department with a head, who gets SLA notices) takes them by the webhook too. */
async function headTakesWebhooks(url: string): Promise<void> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ email: "head@demo.otklik.ru", password: "otklik-demo" }),
  });
  if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0]!;
  const saved = await fetch(`${url}/api/v1/notifications/preferences`, {
    method: "PUT",
    headers: {
      "content-type": "application/json",
      cookie,
      "x-csrf-token": csrfToken,
      origin: url,
      "sec-fetch-site": "same-origin",
    },
    body: JSON.stringify({ channels: ["in_app", "webhook"] }),
  });
  if (saved.status !== 200) throw new Error(`preferences: ${saved.status} ${await saved.text()}`);
}

async function verify(): Promise<Report> {
  const db = await connect(databaseUrl ? { url: databaseUrl } : { dataDir: dataDir! });
  try {
    // Acknowledged = stored, once, under the id the 202 named.
    const rows = await db.query<{ id: string; external_id: string; category: string }>(
      "SELECT id, external_id, category FROM incidents WHERE channel = 'platform' AND external_id LIKE $1",
      [`${source.prefix}-%`],
    );
    const byExternal = new Map<string, string[]>();
    for (const row of rows)
      byExternal.set(row.external_id, [...(byExternal.get(row.external_id) ?? []), row.id]);
    let missing = 0;
    let wrongId = 0;
    for (const [externalId, incidentId] of acks) {
      const ids = byExternal.get(externalId);
      if (!ids) missing += 1;
      else if (!ids.includes(incidentId)) wrongId += 1;
    }
    let duplicates = 0;
    let storedWithoutAck = 0;
    for (const [externalId, ids] of byExternal) {
      if (ids.length > 1) duplicates += ids.length - 1;
      if (!acks.has(externalId)) storedWithoutAck += 1;
    }
    // SLA: one warning and one breach per incident of the short-deadline category, announced once, after
    // due; one event each. (The others' deadlines, 2 h away, fall after the run.)
    const ids = rows.filter((row) => row.category === SHORT_CATEGORY).map((row) => row.id);
    const expectedShort = [...acks.keys()].filter((externalId) => {
      const n = Number(externalId.slice(externalId.lastIndexOf("-") + 1));
      return n % SHORT_EVERY === 0;
    }).length;
    const recorded = await db.query<{
      incident_id: string;
      kind: string;
      deadline: number;
      announced: number;
    }>(
      `SELECT incident_id, kind, (extract(epoch FROM due_at) * 1000)::float8 AS deadline,
              (extract(epoch FROM announced_at) * 1000)::float8 AS announced
       FROM incident_sla_notices WHERE incident_id = ANY($1::text[])`,
      [ids],
    );
    // A notice records the metric's deadline; a warning falls due earlier, at half the target here.
    const notices = recorded.map((notice) => ({
      ...notice,
      due: notice.kind === "warning" ? notice.deadline - SLA_SECONDS * 500 : notice.deadline,
    }));
    const kindsOf = new Map<string, string[]>();
    for (const notice of notices)
      kindsOf.set(notice.incident_id, [...(kindsOf.get(notice.incident_id) ?? []), notice.kind]);
    const incidentsWithoutBothNotices = ids.filter(
      (id) => (kindsOf.get(id) ?? []).sort().join(",") !== "breach,warning",
    ).length;
    const events = await db.query<{ incident: string; kind: string; copies: number }>(
      `SELECT payload->>'incidentId' AS incident,
              CASE event WHEN 'incidents.sla_warning_due' THEN 'warning' ELSE 'breach' END AS kind,
              count(*)::int AS copies
       FROM event_outbox WHERE event IN ('incidents.sla_warning_due', 'incidents.sla_breach_due')
         AND payload->>'incidentId' = ANY($1::text[]) GROUP BY 1, 2`,
      [ids],
    );
    const eventKeys = new Set(events.map((event) => `${event.incident}|${event.kind}`));
    const workerOutages = outages.filter((outage) => outage.role === workRole);
    const inside = notices.filter((notice) =>
      workerOutages.some((outage) => notice.due >= outage.killedAt && notice.due <= outage.readyAt),
    );
    const insideOk = inside.filter(
      (notice) => notice.announced >= notice.due && eventKeys.has(`${notice.incident_id}|${notice.kind}`),
    );

    // Notifications by the webhook: each recorded once (unique key), delivered, and received.
    const webhooks = await db.query<{ idempotency_key: string; state: string; kind: string }>(
      "SELECT idempotency_key, state, kind FROM notifications WHERE channel = 'webhook'",
    );
    const keys = new Set(webhooks.map((row) => row.idempotency_key));
    const [stale] = await db.query<{ jobs: number }>(
      "SELECT count(*)::int AS jobs FROM pgboss.job WHERE state = 'active'",
    );
    return {
      backend: BACKEND,
      requests: {
        distinct: made,
        sent: requests,
        byStatus: Object.fromEntries(statuses),
        refusedForGood: refusedForGood.length,
      },
      kills: outages,
      incidents: {
        acknowledged: acks.size,
        stored: rows.length,
        missing,
        wrongId,
        duplicates,
        storedWithoutAck,
      },
      sla: {
        shortDeadlineIncidents: ids.length,
        shortDeadlineIntakesAcknowledged: expectedShort,
        expectedNotices: 2 * ids.length,
        notices: notices.length,
        incidentsWithoutBothNotices,
        dueInsideOutages: inside.length,
        dueInsideOutagesAnnouncedOnceAfterDue: insideOk.length,
        announcedBeforeDue: notices.filter((notice) => notice.announced < notice.due).length,
        events: events.reduce((sum, event) => sum + event.copies, 0),
        eventDuplicates: events.filter((event) => event.copies > 1).length,
        noticesWithoutEvent: notices.filter(
          (notice) => !eventKeys.has(`${notice.incident_id}|${notice.kind}`),
        ).length,
        maxLateSecondsInsideOutages: Math.round(
          inside.reduce((max, notice) => Math.max(max, notice.announced - notice.due), 0) / 1000,
        ),
      },
      notifications: {
        webhookRows: webhooks.length,
        webhookSlaRows: webhooks.filter((row) => row.kind === "sla_warning" || row.kind === "sla_breach")
          .length,
        notDelivered: webhooks.filter((row) => row.state !== "sent" && row.state !== "delivered").length,
        receivedDistinct: received.size,
        receivedTotal,
        repeatsOnTheWire: receivedTotal - received.size,
        deliveredButNotReceived: webhooks.filter(
          (row) => (row.state === "sent" || row.state === "delivered") && !received.has(row.idempotency_key),
        ).length,
        receivedUnknownKeys: [...received.keys()].filter((key) => !keys.has(key)).length,
      },
      jobsLeftActiveByKilledProcesses: stale?.jobs ?? 0,
      socialPosts:
        "not driven by this run: no social page is connected (see docs/deployment.md and the report of issue 11)",
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await db.close();
  }
}

function table(r: Report): string {
  const fmt = (n: number) => n.toLocaleString("en-US");
  const lines = [
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}; ${new Date().toISOString()}; load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" / ")}; ${r.seconds} s in all.`,
    "",
    `| ${r.backend} | figure |`,
    "| --- | ---: |",
    `| intakes (distinct platform ids) / requests sent, retries included | ${fmt(r.requests.distinct)} / ${fmt(r.requests.sent)} |`,
    `| answers by status | ${Object.entries(r.requests.byStatus)
      .map(([status, count]) => `${status}: ${fmt(count)}`)
      .join(", ")} |`,
    `| SIGKILLs (process: seconds until ready again) | ${r.kills.map((o) => `${o.kill}. ${o.role}: ${((o.readyAt - o.killedAt) / 1000).toFixed(1)}`).join("; ")} |`,
    `| acknowledged (202) / stored | ${fmt(r.incidents.acknowledged)} / ${fmt(r.incidents.stored)} |`,
    `| acknowledged but missing / under another id / duplicates | ${r.incidents.missing} / ${r.incidents.wrongId} / ${r.incidents.duplicates} |`,
    `| incidents with the short SLA (stray animals, every ${SHORT_EVERY}th intake): acknowledged / stored in that category | ${fmt(r.sla.shortDeadlineIntakesAcknowledged)} / ${fmt(r.sla.shortDeadlineIncidents)} |`,
    `| SLA notices expected / recorded | ${fmt(r.sla.expectedNotices)} / ${fmt(r.sla.notices)} |`,
    `| SLA deadlines due inside a worker outage / announced once after due, with their event | ${fmt(r.sla.dueInsideOutages)} / ${fmt(r.sla.dueInsideOutagesAnnouncedOnceAfterDue)} |`,
    `| SLA events / duplicated / notices without their event / announced before due | ${fmt(r.sla.events)} / ${r.sla.eventDuplicates} / ${r.sla.noticesWithoutEvent} / ${r.sla.announcedBeforeDue} |`,
    `| latest announcement of a deadline due inside an outage (s after due) | ${r.sla.maxLateSecondsInsideOutages} |`,
    `| webhook notifications recorded (SLA ones) / not delivered | ${fmt(r.notifications.webhookRows)} (${fmt(r.notifications.webhookSlaRows)}) / ${r.notifications.notDelivered} |`,
    `| received distinct keys / requests / repeats of a key on the wire | ${fmt(r.notifications.receivedDistinct)} / ${fmt(r.notifications.receivedTotal)} / ${r.notifications.repeatsOnTheWire} |`,
    `| jobs left active by a killed process at the end (their lease: 2 min for SLA and event jobs, 5 for notification deliveries) | ${r.jobsLeftActiveByKilledProcesses} |`,
    `| social posts | ${r.socialPosts} |`,
  ];
  return lines.join("\n");
}

function psql(sql: string): void {
  execFileSync("psql", [ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
