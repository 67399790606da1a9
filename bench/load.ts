// The mixed load of issue 11: intake from every channel (platform webhook, VK Callback API, Telegram webhook,
// the site's report form, Open311 POST), operators' queue reads and replies, public site reads and search — all
// at once, one autocannon instance per kind — against three set-ups:
//
//   pglite        1 process (OTKLIK_ROLE=all) on the embedded database
//   postgres      1 process (all) on PostgreSQL
//   postgres-2x2  2 API processes + 2 worker processes on one PostgreSQL; each autocannon instance spreads its
//                 connections over both API ports (round robin, as a balancer would)
//
// Afterwards every acknowledged intake is looked up in the database: stored exactly once.
//
//   pnpm --filter @otklik/api build                 # the processes run apps/api/dist/main.js
//   pnpm bench:load [--quick] [pglite] [postgres] [postgres-2x2]    # default: all three
//
// BENCH_SECONDS: seconds of load per set-up (default 60; --quick 15). BENCH_SCALE multiplies every rate
// (default 1). BENCH_PG_URL: the PostgreSQL server (a scratch database per set-up is made and dropped;
// default postgres://postgres@127.0.0.1:5432/test). Prints a JSON report and Markdown tables; exits 1 when an
// acknowledged intake is missing or stored twice, when any request failed (non-2xx or a socket error), or when a
// kind got no answer at all in the run's time.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type BenchRequest, type Result } from "autocannon";
import { connect } from "../packages/db/dist/index.js";
import { IntakeSource } from "./bodies.js";
import { type Child, freePort, startChild } from "./processes.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 15 : 60));
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
type Setup = "pglite" | "postgres" | "postgres-2x2";
const SETUPS: Setup[] = ["pglite", "postgres", "postgres-2x2"];
const chosen = argv.filter((arg) => !arg.startsWith("--"));
for (const name of chosen) {
  if (!SETUPS.includes(name as Setup)) {
    throw new Error(`Неизвестная конфигурация ${name} (${SETUPS.join(", ")}) / Unknown set-up ${name}`);
  }
}
const RUN: Setup[] = chosen.length > 0 ? (chosen as Setup[]) : SETUPS;

const PLATFORM_SECRET = "platform-load-secret";
const VK = { secret: "vk-load-secret", groupId: 1 };
const TELEGRAM_SECRET = "telegram-load-secret";
const OPEN311_KEY = "open311-demo-key";
/** Writes with a session cookie come from the admin's origin; the API believes X-Forwarded-Host for it. */
const ORIGIN_HOST = "load.bench";
const SEARCH_WORDS = [
  "дорога",
  "отключение",
  "благоустройство",
  "транспорт",
  "слушания",
  "снег",
  "вода",
  "школа",
];

const started = Date.now();
function log(line: string): void {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

/** What an acknowledged intake is looked up by afterwards. */
interface Acks {
  platform: Map<string, string>;
  vk: Set<string>;
  telegram: Set<string>;
  site: Set<string>;
  open311: Set<string>;
}

interface Kind {
  name: string;
  /** Offered requests a second (before BENCH_SCALE). */
  rate: number;
  request: BenchRequest;
}

interface Measured {
  kind: string;
  rate: number;
  achieved: number;
  sent: number;
  completed: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

interface SetupReport {
  setup: Setup;
  processes: string;
  seconds: number;
  loadAverage: number[];
  kinds: Measured[];
  total: {
    offered: number;
    achieved: number;
    sent: number;
    completed: number;
    non2xx: number;
    errors: number;
  };
  stored: Record<string, { acknowledged: number; stored: number; missing: number; duplicates: number }>;
}

// ----------------------------------------------------------------------------------------------------

async function startSetup(setup: Setup): Promise<{
  apis: Child[];
  workers: Child[];
  databaseUrl?: string;
  dataDir?: string;
  cleanup: () => Promise<void>;
}> {
  const scratch = await mkdtemp(join(tmpdir(), "otklik-load-"));
  const database = setup === "pglite" ? undefined : `otklik_load_${process.pid}_${setup.replace("-", "_")}`;
  if (database) psql(`CREATE DATABASE ${database}`);
  const databaseUrl = database ? withDatabase(ADMIN_URL, database) : undefined;
  const dataDir = setup === "pglite" ? join(scratch, "data") : undefined;
  const env: Record<string, string> = {
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    OTKLIK_DEMO: "1",
    OTKLIK_PLATFORM_SECRET: PLATFORM_SECRET,
    OTKLIK_VK_CALLBACK_SECRET: VK.secret,
    OTKLIK_VK_CONFIRMATION: "load-confirmation",
    OTKLIK_VK_GROUP_ID: String(VK.groupId),
    OTKLIK_TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    // Thousands of requests from 127.0.0.1: the per-client limits would refuse them by design.
    OTKLIK_RATE_LIMITS: "0",
    ...(databaseUrl
      ? { DATABASE_URL: databaseUrl, OTKLIK_DATA_DIR: "memory://" }
      : { OTKLIK_DATA_DIR: dataDir! }),
  };
  const children: Child[] = [];
  const start = async (role: "all" | "api" | "worker"): Promise<Child> => {
    const port = await freePort();
    const child = await startChild({
      name: `${role} process`,
      args: ["apps/api/dist/main.js"],
      env: { ...env, OTKLIK_ROLE: role, ...(role === "worker" ? { OTKLIK_WORKER_PORT: String(port) } : {}) },
      port,
      probe: "/api/health",
      cwd: ROOT,
    });
    children.push(child);
    const deadline = Date.now() + 240_000;
    while (
      (await fetch(`${child.url}/api/ready`).then(
        (r) => r.status,
        () => 0,
      )) !== 200
    ) {
      if (Date.now() > deadline) throw new Error(`${role} process not ready in 240 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return child;
  };
  const cleanup = async () => {
    await Promise.all(children.map((child) => child.stop().catch(() => {})));
    if (database && process.env.BENCH_KEEP !== "1") psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    if (setup === "postgres-2x2") {
      // The first worker installs pg-boss and makes the queues; the rest start together.
      const first = await start("worker");
      const [second, ...apis] = await Promise.all([start("worker"), start("api"), start("api")]);
      return { apis, workers: [first, second!], ...(databaseUrl ? { databaseUrl } : {}), cleanup };
    }
    const all = await start("all");
    return {
      apis: [all],
      workers: [],
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(dataDir ? { dataDir } : {}),
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The operator's session, the consent text's version, incidents to reply to and publications to read. */
async function prepare(url: string): Promise<{
  cookie: string;
  csrfToken: string;
  consentVersion: number;
  incidentIds: string[];
  slugs: string[];
}> {
  const sameOrigin = {
    origin: `http://${ORIGIN_HOST}`,
    "x-forwarded-host": ORIGIN_HOST,
    "sec-fetch-site": "same-origin",
  };
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...sameOrigin },
    body: JSON.stringify({ email: "operator@demo.otklik.ru", password: "otklik-demo" }),
  });
  if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0]!;
  const consent = await fetch(`${url}/api/v1/consent-texts/incident-report`);
  if (consent.status !== 200) throw new Error(`consent text: ${consent.status} ${await consent.text()}`);
  const { version: consentVersion } = (await consent.json()) as { version: number };
  // Incidents for the replies: platform intakes made now (not counted in the load).
  const source = new IntakeSource(`load-setup-${process.pid}-${Date.now()}`, PLATFORM_SECRET);
  const incidentIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const intake = source.take();
    const response = await fetch(`${url}/api/v1/intake/platform`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-otklik-signature": intake.signature },
      body: intake.body,
    });
    if (response.status !== 202) throw new Error(`setup intake: ${response.status} ${await response.text()}`);
    incidentIds.push(((await response.json()) as { incidentId: string }).incidentId);
  }
  const reply = await fetch(`${url}/api/v1/incidents/${incidentIds[0]}/replies`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken, ...sameOrigin },
    body: JSON.stringify({ text: "Здравствуйте! Обращение принято в работу.", force: true }),
  });
  if (reply.status !== 201 && reply.status !== 200)
    throw new Error(`setup reply: ${reply.status} ${await reply.text()}`);
  const list = await fetch(`${url}/api/v1/public/publications?limit=20`);
  if (list.status !== 200) throw new Error(`publications: ${list.status} ${await list.text()}`);
  const slugs = ((await list.json()) as { items: { slug: string }[] }).items.map((item) => item.slug);
  return { cookie, csrfToken, consentVersion, incidentIds, slugs };
}

function kindsFor(ready: Awaited<ReturnType<typeof prepare>>, acks: Acks, tag: string): Kind[] {
  const sameOrigin = {
    origin: `http://${ORIGIN_HOST}`,
    "x-forwarded-host": ORIGIN_HOST,
    "sec-fetch-site": "same-origin",
  };
  const json = { "content-type": "application/json" };
  const platform = new IntakeSource(`load-${tag}`, PLATFORM_SECRET);
  platform.prepare(Math.ceil(20 * SCALE * SECONDS * 1.1));
  let serial = 0;
  const next = () => serial++;
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const collect =
    (set: Set<string>, key: string) => (status: number, _body: string, context: Record<string, unknown>) => {
      if (status >= 200 && status < 300) set.add(String(context[key]));
    };
  return [
    {
      name: "intake: platform webhook",
      rate: 20,
      request: {
        method: "POST",
        path: "/api/v1/intake/platform",
        setupRequest: (request, context) => {
          const intake = platform.take();
          context.id = intake.id;
          return {
            ...request,
            body: intake.body,
            headers: { ...json, "x-otklik-signature": intake.signature },
          };
        },
        onResponse: (status, body, context) => {
          if (status === 202)
            acks.platform.set(String(context.id), (JSON.parse(body) as { incidentId: string }).incidentId);
        },
      },
    },
    {
      name: "intake: VK callback",
      rate: 8,
      request: {
        method: "POST",
        path: "/api/v1/intake/vk",
        setupRequest: (request, context) => {
          const n = next();
          context.id = `-${VK.groupId}_${tagNumber(tag) * 1_000_000 + n}`;
          return {
            ...request,
            headers: json,
            body: JSON.stringify({
              type: "wall_reply_new",
              group_id: VK.groupId,
              secret: VK.secret,
              event_id: `load-${tag}-${n}`,
              object: {
                id: tagNumber(tag) * 1_000_000 + n,
                owner_id: -VK.groupId,
                post_id: 100 + (n % 10),
                from_id: 1000 + (n % 500),
                date: nowSeconds(),
                text: `Когда починят освещение во дворе? Темно уже неделю (${tag} ${n})`,
              },
            }),
          };
        },
        onResponse: collect(acks.vk, "id"),
      },
    },
    {
      name: "intake: Telegram webhook",
      rate: 8,
      request: {
        method: "POST",
        path: "/api/v1/intake/telegram",
        setupRequest: (request, context) => {
          const n = next();
          const messageId = tagNumber(tag) * 1_000_000 + n;
          context.id = `777:${messageId}`;
          return {
            ...request,
            headers: { ...json, "x-telegram-bot-api-secret-token": TELEGRAM_SECRET },
            body: JSON.stringify({
              update_id: messageId,
              message: {
                message_id: messageId,
                date: nowSeconds(),
                chat: { id: 777, type: "private", first_name: "Житель" },
                from: { id: 777, is_bot: false, first_name: "Житель" },
                text: `На остановке сломана скамейка, просим заменить (${tag} ${n})`,
              },
            }),
          };
        },
        onResponse: collect(acks.telegram, "id"),
      },
    },
    {
      name: "intake: site report form",
      rate: 3,
      request: {
        method: "POST",
        path: "/api/v1/reports",
        setupRequest: (request) => {
          const n = next();
          return {
            ...request,
            headers: json,
            body: JSON.stringify({
              category: "roads",
              description: `Яма на дороге у дома Ленина, ${1 + (n % 90)}, колесо пробили`,
              address: `ул. Ленина, ${1 + (n % 90)}`,
              contacts: { name: "Иван", email: `citizen${n}@mail.example` },
              consent: { accepted: true, textVersion: ready.consentVersion },
            }),
          };
        },
        onResponse: (status, body) => {
          if (status === 201)
            acks.site.add((JSON.parse(body) as { registrationNumber: string }).registrationNumber);
        },
      },
    },
    {
      name: "intake: Open311 POST",
      rate: 3,
      request: {
        method: "POST",
        path: "/open311/v2/requests.json",
        setupRequest: (request) => {
          const n = next();
          return {
            ...request,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              api_key: OPEN311_KEY,
              service_code: "street-lighting",
              lat: String(53.72 + (n % 100) / 10_000),
              long: String(91.44 + (n % 100) / 10_000),
              description: `Не горит фонарь у подъезда (${tag} ${n})`,
            }).toString(),
          };
        },
        onResponse: (status, body) => {
          if (status === 201)
            acks.open311.add((JSON.parse(body) as { service_request_id: string }[])[0]!.service_request_id);
        },
      },
    },
    {
      name: "operators: queue read",
      rate: 10,
      request: {
        method: "GET",
        path: "/api/v1/incidents?limit=50",
        headers: { cookie: ready.cookie },
      },
    },
    {
      name: "operators: reply",
      rate: 2,
      request: {
        method: "POST",
        path: "/",
        setupRequest: (request) => {
          const n = next();
          const id = ready.incidentIds[n % ready.incidentIds.length];
          return {
            ...request,
            path: `/api/v1/incidents/${id}/replies`,
            headers: { ...json, cookie: ready.cookie, "x-csrf-token": ready.csrfToken, ...sameOrigin },
            body: JSON.stringify({
              text: `Здравствуйте! Заявка передана в службу (ответ ${n}).`,
              force: true,
            }),
          };
        },
      },
    },
    {
      name: "site: public reads",
      rate: 15,
      request: {
        method: "GET",
        path: "/",
        setupRequest: (request) => {
          const n = next();
          const slug = ready.slugs[n % Math.max(1, ready.slugs.length)];
          const path =
            n % 3 === 0 || !slug
              ? "/api/v1/public/publications?limit=20"
              : n % 3 === 1
                ? `/api/v1/public/publications/${encodeURIComponent(slug)}`
                : "/api/v1/public/departments";
          return { ...request, path };
        },
      },
    },
    {
      name: "site: search",
      rate: 5,
      request: {
        method: "GET",
        path: "/",
        setupRequest: (request) => {
          const word = SEARCH_WORDS[next() % SEARCH_WORDS.length]!;
          return { ...request, path: `/api/v1/search?q=${encodeURIComponent(word)}` };
        },
      },
    },
  ];
}

const tagNumber = (tag: string) => Number(tag.replace(/\D/g, "").slice(-3) || "0");

async function measure(urls: string[], kind: Kind): Promise<Measured> {
  const rate = Math.max(1, Math.round(kind.rate * SCALE));
  // An open model: enough connections that slow answers do not hold back the offered rate (autocannon sends
  // one request at a time per connection), as many on each API process.
  const connections = Math.max(urls.length, Math.ceil((rate * 1.5) / urls.length) * urls.length);
  const result: Result = await autocannon({
    url: urls.length === 1 ? urls[0]! : urls,
    connections,
    duration: SECONDS,
    overallRate: rate,
    timeout: 20,
    ignoreCoordinatedOmission: true,
    requests: [kind.request],
  });
  const completed = result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"];
  return {
    kind: kind.name,
    rate,
    achieved: completed / result.duration,
    sent: result.requests.sent,
    completed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    ),
  };
}

async function verify(
  target: { databaseUrl?: string; dataDir?: string },
  acks: Acks,
): Promise<SetupReport["stored"]> {
  const db = await connect(target.databaseUrl ? { url: target.databaseUrl } : { dataDir: target.dataDir! });
  try {
    const check = async (
      acknowledged: string[],
      sql: string,
      expectedId?: (key: string) => string | undefined,
    ) => {
      const rows = await db.query<{ key: string; id: string }>(sql, [acknowledged]);
      const byKey = new Map<string, string[]>();
      for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row.id]);
      let missing = 0;
      let duplicates = 0;
      for (const key of acknowledged) {
        const ids = byKey.get(key) ?? [];
        if (ids.length === 0 || (expectedId && !ids.includes(expectedId(key) ?? ""))) missing += 1;
        if (ids.length > 1) duplicates += ids.length - 1;
      }
      return { acknowledged: acknowledged.length, stored: rows.length, missing, duplicates };
    };
    return {
      platform: await check(
        [...acks.platform.keys()],
        "SELECT external_id AS key, id FROM incidents WHERE channel = 'platform' AND external_id = ANY($1::text[])",
        (key) => acks.platform.get(key),
      ),
      vk: await check(
        [...acks.vk],
        "SELECT external_id AS key, id FROM incident_inbox WHERE channel = 'vk' AND external_id = ANY($1::text[])",
      ),
      telegram: await check(
        [...acks.telegram],
        "SELECT external_id AS key, id FROM incident_inbox WHERE channel = 'telegram' AND external_id = ANY($1::text[])",
      ),
      site: await check(
        [...acks.site],
        "SELECT number AS key, id FROM incidents WHERE channel = 'site' AND number = ANY($1::text[])",
      ),
      open311: await check(
        [...acks.open311],
        "SELECT number AS key, id FROM incidents WHERE channel = 'open311' AND number = ANY($1::text[])",
      ),
    };
  } finally {
    await db.close();
  }
}

async function runSetup(setup: Setup): Promise<SetupReport> {
  log(`${setup}: starting`);
  const target = await startSetup(setup);
  try {
    const urls = target.apis.map((child) => child.url);
    const ready = await prepare(urls[0]!);
    log(
      `${setup}: ${target.apis.length} API + ${target.workers.length} worker process(es) ready; ${SECONDS} s of load ` +
        `(load average ${loadavg()[0]!.toFixed(1)})`,
    );
    const acks: Acks = {
      platform: new Map(),
      vk: new Set(),
      telegram: new Set(),
      site: new Set(),
      open311: new Set(),
    };
    const kinds = kindsFor(ready, acks, `${process.pid}${SETUPS.indexOf(setup)}`);
    const average: number[] = [];
    const sampler = setInterval(() => average.push(loadavg()[0]!), 2000);
    const measured = await Promise.all(kinds.map((kind) => measure(urls, kind)));
    clearInterval(sampler);
    log(`${setup}: load done; checking what was acknowledged`);
    // Group commit and the relay may still be finishing: the answers came after the commits, so nothing to wait for.
    const stored = await verify(target, acks);
    return {
      setup,
      processes:
        setup === "postgres-2x2"
          ? "2 api + 2 worker"
          : setup === "postgres"
            ? "1 (all), PostgreSQL"
            : "1 (all), PGlite",
      seconds: SECONDS,
      loadAverage: [Math.min(...average), Math.max(...average)].map((value) => Math.round(value * 10) / 10),
      kinds: measured,
      total: {
        offered: measured.reduce((sum, m) => sum + m.rate, 0),
        achieved: measured.reduce((sum, m) => sum + m.achieved, 0),
        sent: measured.reduce((sum, m) => sum + m.sent, 0),
        completed: measured.reduce((sum, m) => sum + m.completed, 0),
        non2xx: measured.reduce((sum, m) => sum + m.non2xx, 0),
        errors: measured.reduce((sum, m) => sum + m.errors, 0),
      },
      stored,
    };
  } finally {
    await target.cleanup();
  }
}

function table(report: SetupReport): string {
  const lines = [
    `**${report.setup}** — ${report.processes}; ${report.seconds} s; load average during the run ${report.loadAverage.join("–")}`,
    "",
    "| kind | offered /s | achieved /s | answered / sent | p50 ms | p99 ms | max ms | non-2xx | errors |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.kinds.map(
      (m) =>
        `| ${m.kind} | ${m.rate} | ${m.achieved.toFixed(1)} | ${m.completed} / ${m.sent} | ${m.p50} | ${m.p99} | ${m.max} | ${m.non2xx}${
          m.non2xx > 0
            ? ` (${Object.entries(m.statuses)
                .filter(([code]) => !code.startsWith("2"))
                .map(([code, count]) => `${code}: ${count}`)
                .join(", ")})`
            : ""
        } | ${m.errors} |`,
    ),
    `| **all** | ${report.total.offered} | ${report.total.achieved.toFixed(1)} | ${report.total.completed} / ${report.total.sent} | | | | ${report.total.non2xx} | ${report.total.errors} |`,
    "",
    "(answered / sent: requests still unanswered when the run's time was up are dropped by autocannon and counted nowhere else.)",
    "",
    "| intake channel | acknowledged | stored | missing | stored twice |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...Object.entries(report.stored).map(
      ([channel, s]) => `| ${channel} | ${s.acknowledged} | ${s.stored} | ${s.missing} | ${s.duplicates} |`,
    ),
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

// ----------------------------------------------------------------------------------------------------

const reports: SetupReport[] = [];
const failures: string[] = [];
for (const setup of RUN) {
  // One set-up that cannot start does not lose the others' figures.
  try {
    reports.push(await runSetup(setup));
  } catch (error) {
    log(`${setup}: FAILED — ${(error as Error).message.slice(0, 2000)}`);
    failures.push(setup);
  }
}
const header = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}; ${new Date().toISOString()}; BENCH_SECONDS=${SECONDS}, BENCH_SCALE=${SCALE}.`;
process.stdout.write(
  `${JSON.stringify(reports)}\n\n${header}\n\n${reports.map(table).join("\n\n")}\n${
    failures.length > 0 ? `\nFailed to run: ${failures.join(", ")}\n` : ""
  }`,
);
const failed =
  failures.length > 0 ||
  reports.some(
    (report) =>
      report.total.non2xx + report.total.errors > 0 ||
      // A kind that got no answer at all in the run's time failed too, even without an error.
      report.kinds.some((m) => m.completed === 0) ||
      Object.values(report.stored).some((s) => s.missing + s.duplicates > 0 || s.acknowledged === 0),
  );
process.exitCode = failed ? 1 : 0;
