// The crash run of issue 11: the platform intake webhook under load while the API and worker processes are
// killed with SIGKILL at random moments and restarted, with SLA deadlines falling inside the outages. Then:
// every incident acknowledged with 202 exists exactly once; every SLA warning and breach fired exactly once
// (after it fell due); no webhook notification was recorded twice, and what a repeat reached the receiver;
// and no social post went out twice: during the load an editor publishes news to a VK community and a
// Telegram channel (local servers speaking their APIs, connected like a city's own pages), and every post
// is counted where it landed.
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
import { startTelegramServer } from "../packages/channels/test/servers/telegram-server.js";
import { startVkServer } from "../packages/channels/test/servers/vk-server.js";
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
/** One news item every CRASH_PUBLISH_MS during the load; every one goes to VK, every other one to Telegram too. */
const PUBLISH_EVERY_MS = Number(process.env.CRASH_PUBLISH_MS ?? 2_000);

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

// The city's social pages: a VK community and a Telegram channel, local servers speaking their APIs
// (packages/channels/test/servers: VK's methods checked against its JSON Schemas, the Bot API's parameters).
const VK_GROUP = 215_000_001;
const VK_USER_TOKEN = "vk1.a.USER-crash";
const VK_COMMUNITY_TOKEN = "vk1.a.COMMUNITY-crash";
const BOT_TOKEN = "123456:CRASH-bot-token";
const vk = await startVkServer({
  groupId: VK_GROUP,
  userToken: VK_USER_TOKEN,
  communityToken: VK_COMMUNITY_TOKEN,
});
const telegram = await startTelegramServer({ botToken: BOT_TOKEN });
// Each answer comes 200–1,000 ms after the post is made, as the real APIs' do under load: a worker
// killed in that time leaves a post made and its answer unread — the case that could post twice.
for (const server of [vk, telegram]) server.answerDelay = () => 200 + Math.random() * 800;

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
  // Seals the social pages' tokens in the database.
  OTKLIK_CHANNELS_KEY: Buffer.alloc(32, 11).toString("base64"),
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
    // expired, at its next maintenance, ≤ 2 min later; a post's lease is 5 min). E-mail has no server here
    // and is left out.
    const pending =
      (await metric(workRole, /^otklik_event_outbox_pending$/)) +
      (await metric(workRole, /^otklik_job_queue_depth\{queue="(incidents\.sla-deadline|events:[^"]*)"\}/)) +
      (await metric(workRole, /^otklik_job_queue_active\{queue="(incidents\.sla-deadline|events:[^"]*)"\}/)) +
      (await metric(
        workRole,
        /^otklik_deliveries\{source="notification",channel="webhook",state="(queued|sending)"\}/,
      )) +
      // Social posts not yet sent, and content jobs (publishing, posting) waiting or left active.
      (await metric(workRole, /^otklik_deliveries\{source="social_post",channel="[^"]*",state="queued"\}/)) +
      (await metric(workRole, /^otklik_job_queue_(depth|active)\{queue="content\.[^"]*"\}/));
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
  socialPosts: SocialReport;
  seconds: number;
}

// ----------------------------------------------------------------------------------------------------
// People at work during the load: the head who takes SLA notices, the administrator, the editor.

interface Session {
  cookie: string;
  csrfToken: string;
}
const apiUrl = () => `http://127.0.0.1:${ports[httpRole]}`;

async function signIn(email: string): Promise<Session> {
  const url = apiUrl();
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ email, password: "otklik-demo" }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${email}: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie: (login.headers.getSetCookie()[0] ?? "").split(";")[0]!, csrfToken };
}

let editorRetries = 0;
/**
 * One request of a signed-in person, sent again (as a person would) while the API is down: network
 * errors, 5xx and 429 wait half a second. A 409 after such a retry means the first try went through
 * and only its answer was lost (a workflow button pressed twice): `conflictMeansDone` takes it as done.
 */
async function call(
  session: Session,
  method: string,
  path: string,
  body?: unknown,
  options: { conflictMeansDone?: boolean } = {},
): Promise<Record<string, unknown>> {
  let retried = false;
  const until = Date.now() + 120_000;
  for (;;) {
    const url = apiUrl();
    let status = 0;
    let text = "";
    try {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          cookie: session.cookie,
          "x-csrf-token": session.csrfToken,
          origin: url,
          "sec-fetch-site": "same-origin",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
      status = response.status;
      text = await response.text();
    } catch {
      status = 0;
    }
    if (status >= 200 && status < 300) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (status === 409 && retried && options.conflictMeansDone) return {};
    if ((status === 0 || status === 429 || status >= 500) && Date.now() < until) {
      retried = true;
      editorRetries += 1;
      await pause(500);
      continue;
    }
    throw new Error(`${method} ${path}: ${status} ${text.slice(0, 300)}`);
  }
}

/** The housing head (the demo department with a head, who gets SLA notices) takes them by the webhook too. */
async function headTakesWebhooks(): Promise<void> {
  const head = await signIn("head@demo.otklik.ru");
  await call(head, "PUT", "/api/v1/notifications/preferences", { channels: ["in_app", "webhook"] });
}

/** The administrator connects the city's VK community and Telegram channel (the local servers). */
async function connectSocialPages(): Promise<void> {
  const admin = await signIn("admin@demo.otklik.ru");
  await call(admin, "POST", "/api/v1/settings/connections", {
    platform: "vk",
    name: "Абакан официальный — ВКонтакте",
    settings: { groupId: VK_GROUP, baseUrl: vk.url },
    secrets: {
      userToken: VK_USER_TOKEN,
      communityToken: VK_COMMUNITY_TOKEN,
      callbackSecret: "crash-callback-secret",
      confirmationCode: "crash01",
    },
  });
  await call(admin, "POST", "/api/v1/settings/connections", {
    platform: "telegram",
    name: "Абакан официальный — Telegram",
    settings: { channelChatId: "@abakan_official", baseUrl: telegram.url },
    secrets: { botToken: BOT_TOKEN, webhookSecret: "crash-telegram-secret" },
  });
}

async function demoPublisher(session: Session): Promise<string> {
  const { items } = (await call(session, "GET", "/api/v1/publishers")) as {
    items: { id: string; kind: string }[];
  };
  const administration = items.find((item) => item.kind === "administration");
  if (!administration) throw new Error("no demo publisher (administration)");
  return administration.id;
}

interface NewsItem {
  n: number;
  id?: string;
  platforms: ("vk" | "telegram")[];
  texts: Partial<Record<"vk" | "telegram", string>>;
  published: boolean;
}
const newsItems: NewsItem[] = [];
const editorFailures: string[] = [];
let newsroomOpen = true;

/**
 * The editor's day during the load: a news item every PUBLISH_EVERY_MS, written, sent to review,
 * approved and published with a VK post (and, every other one, a Telegram post), whatever the processes do.
 */
async function newsroom(editor: Session, publisherId: string): Promise<void> {
  for (let n = 1; newsroomOpen; n++) {
    const startedAt = Date.now();
    const title = `Сообщение ${n}: плановое отключение воды на улице Щетинкина`;
    const item: NewsItem = {
      n,
      platforms: n % 2 === 1 ? ["vk", "telegram"] : ["vk"],
      texts: {},
      published: false,
    };
    newsItems.push(item);
    try {
      // A create retried after a lost answer may leave a second draft: it has no posts and is never published.
      const { id } = (await call(editor, "POST", "/api/v1/publications", {
        type: "news",
        title,
        body: `Сообщение ${n} (${process.pid}). С 10:00 до 16:00 отключат холодную воду в домах 10–24.`,
        publisherId,
      })) as { id: string };
      item.id = id;
      for (const platform of item.platforms) {
        const text = `${title} — с 10:00 до 16:00, дома 10–24 (${process.pid}/${n}, ${platform}).`;
        await call(editor, "PUT", `/api/v1/publications/${id}/variants/${platform}`, { text });
        item.texts[platform] = text;
      }
      for (const verb of ["submit", "approve", "publish"])
        await call(editor, "POST", `/api/v1/publications/${id}/${verb}`, undefined, {
          conflictMeansDone: true,
        });
      item.published = true;
    } catch (error) {
      editorFailures.push(`news ${n}: ${(error as Error).message}`);
    }
    await pause(Math.max(0, PUBLISH_EVERY_MS - (Date.now() - startedAt)));
  }
}

/** Every post the editor asked for, where it landed, and how the database left it. */
function socialReport(
  variants: { publication_id: string; platform: string; state: string; url: string | null }[],
): SocialReport {
  const states = new Map(variants.map((row) => [`${row.publication_id}|${row.platform}`, row]));
  const byState: Record<string, number> = {};
  const byPlatformAndState: Record<string, number> = {};
  let posts = 0;
  let onThePage = 0;
  let onThePageTwice = 0;
  let repeatedCalls = 0;
  let publishedButNotOnThePage = 0;
  let unknownOnThePage = 0;
  let unknownNotOnThePage = 0;
  const wallCalls = new Map<string, number>();
  for (const request of vk.requests) {
    const method = request.path.replace(/^\/method\//, "");
    const message = request.form?.get("message");
    if (method === "wall.post" && typeof message === "string")
      wallCalls.set(message, (wallCalls.get(message) ?? 0) + 1);
  }
  const telegramCalls = new Map<string, number>();
  for (const message of telegram.messages)
    if (message.text !== undefined)
      telegramCalls.set(message.text, (telegramCalls.get(message.text) ?? 0) + 1);
  for (const item of newsItems.filter((news) => news.published)) {
    for (const platform of item.platforms) {
      posts += 1;
      const text = item.texts[platform]!;
      const state = states.get(`${item.id}|${platform}`)?.state ?? "missing";
      byState[state] = (byState[state] ?? 0) + 1;
      byPlatformAndState[`${platform}:${state}`] = (byPlatformAndState[`${platform}:${state}`] ?? 0) + 1;
      const copies =
        platform === "vk"
          ? vk.posts.filter((post) => post.text === text && !post.deleted).length
          : telegram.messages.filter((message) => message.text === text && !message.deleted).length;
      const calls = platform === "vk" ? (wallCalls.get(text) ?? 0) : (telegramCalls.get(text) ?? 0);
      if (copies > 0) onThePage += 1;
      if (copies > 1) onThePageTwice += 1;
      if (calls > 1) repeatedCalls += calls - 1;
      if (state === "published" && copies !== 1) publishedButNotOnThePage += 1;
      if (state === "unknown") {
        if (copies > 0) unknownOnThePage += 1;
        else unknownNotOnThePage += 1;
      }
    }
  }
  return {
    publications: newsItems.filter((news) => news.published).length,
    posts,
    byState,
    byPlatformAndState,
    onThePage,
    onThePageTwice,
    repeatedCalls,
    publishedButNotOnThePage,
    unknownOnThePage,
    unknownNotOnThePage,
    editorRetries,
    editorFailures,
    violations: [...vk.violations, ...telegram.violations],
  };
}

interface SocialReport {
  /** News items the editor published during the load, and the posts they asked for (VK + Telegram). */
  publications: number;
  posts: number;
  /** Final states of the posts: published, unknown (left for a person: its outcome was lost with a process), failed, queued. */
  byState: Record<string, number>;
  /** The same by platform (`vk:published`): VK's lost posts can be looked up on the wall, Telegram's cannot. */
  byPlatformAndState: Record<string, number>;
  onThePage: number;
  /** Posts whose text is on its page more than once: the failure this part of the run looks for. */
  onThePageTwice: number;
  /** `wall.post` or `sendMessage` calls for one post beyond the first (VK would have refused a repeated guid). */
  repeatedCalls: number;
  publishedButNotOnThePage: number;
  unknownOnThePage: number;
  unknownNotOnThePage: number;
  /** Requests the editor had to send again because a process was down (network errors, 5xx, 429). */
  editorRetries: number;
  editorFailures: string[];
  violations: string[];
}

let report: Report | undefined;
try {
  log(`${BACKEND}: starting ${BACKEND === "postgres" ? "1 api + 1 worker process" : "1 process (all)"}`);
  if (BACKEND === "postgres") await Promise.all([start("api"), start("worker")]);
  else await start("all");
  await headTakesWebhooks();
  await connectSocialPages();
  const editor = await signIn("editor@demo.otklik.ru");
  const publisherId = await demoPublisher(editor);
  log(
    `load: ${TOTAL} intakes at ${RATE}/s, ${CONCURRENCY} in flight; kills after intakes ${killPoints.join(", ")}`,
  );
  let nextKill = 0;
  // Every kill falls during the load: while a restart is still going on, new intakes wait for it when
  // the next kill is already due (a slow restart on a busy machine would otherwise push it past the end).
  let triggered = 0;
  const newsroomDone = newsroom(editor, publisherId);
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
  newsroomOpen = false;
  await newsroomDone;
  log(`load done: ${acks.size} acknowledged of ${TOTAL}, ${requests} requests, ${killsDone} kills`);
  log(
    `newsroom: ${newsItems.length} news items published to ${newsItems.reduce((sum, item) => sum + item.platforms.length, 0)} posts`,
  );
  await settle();
  log("settled; stopping the processes and reading the database");
  await Promise.all(Object.values(children).map((child) => child?.stop()));
  report = await verify();
} finally {
  await Promise.all(Object.values(children).map((child) => child?.stop().catch(() => {})));
  receiver.close();
  await vk.close();
  await telegram.close();
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
  // No social post twice on its page, none published but missing, none left queued, the editor never refused.
  report.socialPosts.onThePageTwice +
    report.socialPosts.repeatedCalls +
    report.socialPosts.publishedButNotOnThePage +
    (report.socialPosts.byState.queued ?? 0) +
    report.socialPosts.editorFailures.length +
    report.socialPosts.violations.length >
    0 ||
  report.socialPosts.posts === 0 ||
  // The full run (≥ 10,000 intakes) must have put at least 100 deadlines inside the outages.
  (TOTAL >= 10_000 && report.sla.dueInsideOutages < 100);
process.exitCode = failed ? 1 : 0;

// ----------------------------------------------------------------------------------------------------

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
    const variants = await db.query<{
      publication_id: string;
      platform: string;
      state: string;
      url: string | null;
    }>("SELECT publication_id, platform, state, url FROM content_variants");
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
      socialPosts: socialReport(variants),
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
    `| jobs left active by a killed process at the end (their lease: 2 min for SLA, event and publishing jobs, 5 for notification deliveries and social posts) | ${r.jobsLeftActiveByKilledProcesses} |`,
    `| news items published during the load / posts asked for (VK + Telegram) | ${fmt(r.socialPosts.publications)} / ${fmt(r.socialPosts.posts)} |`,
    `| posts by final state | ${Object.entries(r.socialPosts.byPlatformAndState)
      .map(([state, count]) => `${state}: ${fmt(count)}`)
      .join(", ")} |`,
    `| posts on their page / on it twice / sending calls repeated | ${fmt(r.socialPosts.onThePage)} / ${r.socialPosts.onThePageTwice} / ${r.socialPosts.repeatedCalls} |`,
    `| published but not on the page / unknown (left for a person): on the page, not on it | ${r.socialPosts.publishedButNotOnThePage} / ${r.socialPosts.unknownOnThePage}, ${r.socialPosts.unknownNotOnThePage} |`,
    `| editor's requests sent again during outages / refused for good | ${fmt(r.socialPosts.editorRetries)} / ${r.socialPosts.editorFailures.length} |`,
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
