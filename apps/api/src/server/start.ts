import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { CONTENT_QUEUES, channelsVariantPublisher, startContentWorkers } from "@otklik/content";
import { systemClock } from "@otklik/core";
import { connect, createJobs, type Database, migrate, runSeeds } from "@otklik/db";
import {
  firstAdministratorSeed,
  identitySettings,
  PRODUCTION_PASSWORD_HASHING,
  runPersonalDataRetention,
} from "@otklik/identity";
import {
  createSlaSettingsStore,
  incidentsDemoDeskSeed,
  REPLY_DELIVERY_QUEUE,
  SLA_QUEUE,
  starterModel,
} from "@otklik/incidents";
import type { Logger } from "pino";
import packageJson from "../../package.json" with { type: "json" };
import { createApiApp } from "../app.js";
import { type ApiEnv, type ProcessRole, processRole, rateLimitSettings } from "../config/env.js";
import { databaseRateLimitStore } from "../http/rate-limit/stores.js";
import { contentSubscriptions } from "../routes/content/subscriptions.js";
import { evidenceStoreFromEnv } from "../routes/incidents/evidence.js";
import { createLiveIncidentFeed } from "../routes/incidents/live-feed.js";
import { notificationEnvironment, startNotificationSubsystem } from "../routes/notifications/workers.js";
import { REPORT_QUEUE, startReportWorkers } from "../routes/reports/report-runs.js";
import { startApiEventRelay } from "./event-relay.js";
import { incidentSettingsFromEnv, startIncidentWorkers } from "./incident-workers.js";
import { createSendMail } from "./mail.js";
import { demoSeeds, migrationSets, personalDataRegistry } from "./modules.js";
import { slaSettingsFromFile } from "./sla-policy.js";
import { createWorkerApp } from "./worker-app.js";

/**
 * The queues an `api` process sends to inside its transactions (SLA deadlines, reply deliveries,
 * scheduled publishing and posts). Workers create them, with their retry policies; an `api` process
 * waits for them at start rather than make them with other policies.
 */
export const API_SENT_QUEUES: readonly string[] = [
  SLA_QUEUE,
  REPLY_DELIVERY_QUEUE,
  ...Object.values(CONTENT_QUEUES),
  REPORT_QUEUE,
];

/** How long a process trusts its SLA settings on PostgreSQL before looking for another process's change. */
export const SLA_SETTINGS_TTL_MS = 5_000;

export interface RunningApi {
  url: string;
  /** `all`: the API with its workers; `api`: the API only; `worker`: the workers (and health, readiness, metrics). */
  role: ProcessRole;
  db: Database;
  app: ReturnType<typeof createApiApp>;
  /** Stops taking requests, lets in-flight requests and jobs finish, then closes the database. */
  stop(): Promise<void>;
}

/**
 * Connects, migrates, seeds demo data on a fresh database, then — as `OTKLIK_ROLE` says — starts the
 * workers and the API's HTTP server (`all`), the API only (`api`, PostgreSQL), or the workers with a
 * health, readiness and metrics server on `OTKLIK_WORKER_PORT` (`worker`, PostgreSQL). Every process
 * migrates under the migration runner's advisory lock, so several starting at once are safe.
 */
export async function startApi(options: { env: ApiEnv; logger: Logger }): Promise<RunningApi> {
  const { env, logger } = options;
  // Refused before anything is opened: api/worker on PGlite, an unreadable SLA policy file.
  const role = processRole(env);
  const sla = slaSettingsFromFile(env.OTKLIK_SLA_POLICY_FILE);
  const db = await connect(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.OTKLIK_DATA_DIR });
  logger.info(
    { database: db.kind, role, dataDir: db.kind === "pglite" ? env.OTKLIK_DATA_DIR : undefined },
    "database connected",
  );
  if (sla) logger.info({ policy: sla.policy.name, file: env.OTKLIK_SLA_POLICY_FILE }, "SLA policy from file");

  await migrate(db, migrationSets);
  // The SLA settings administrators keep (policy versions, calendar days), starting from the configured policy.
  // One process on PGlite reloads after its own changes; on PostgreSQL each process looks for changes made
  // by the others every SLA_SETTINGS_TTL_MS (requests look too, at most that often).
  const slaStore = createSlaSettingsStore({
    db,
    configured: sla,
    ...(db.kind === "postgres" ? { ttlMs: SLA_SETTINGS_TTL_MS } : {}),
  });
  await slaStore.fresh();
  const stopSlaRefresh = db.kind === "postgres" ? slaStore.startRefreshing(SLA_SETTINGS_TTL_MS) : undefined;
  // The classifier's starter model is trained from the package's labelled comments once per process:
  // here, before the first intake, rather than inside the first citizen's request.
  starterModel();
  if (env.OTKLIK_DEMO) {
    if (env.NODE_ENV === "production") {
      logger.warn("OTKLIK_DEMO is on in production: demo data is not seeded; set OTKLIK_DEMO=0");
    } else {
      await runSeeds(db, env.OTKLIK_DEMO_INCIDENTS ? [...demoSeeds, incidentsDemoDeskSeed] : demoSeeds, {
        clock: systemClock,
      });
    }
  } else if (env.OTKLIK_ADMIN_EMAIL && env.OTKLIK_ADMIN_PASSWORD) {
    const administrator = firstAdministratorSeed({
      email: env.OTKLIK_ADMIN_EMAIL,
      password: env.OTKLIK_ADMIN_PASSWORD,
      passwordHashing: PRODUCTION_PASSWORD_HASHING,
    });
    await runSeeds(db, [administrator], { clock: systemClock });
  } else {
    logger.warn(
      "OTKLIK_DEMO=0 without OTKLIK_ADMIN_EMAIL/OTKLIK_ADMIN_PASSWORD: no first administrator is made",
    );
  }
  // The demo password never signs anyone in in production, even if demo data got there.
  const identity = identitySettings({
    refuseDemoPassword: env.NODE_ENV === "production",
    passwordResetUrl: `${env.OTKLIK_ADMIN_URL.replace(/\/$/, "")}/reset-password`,
    sendMail: createSendMail({ smtpUrl: env.OTKLIK_SMTP_URL, from: env.OTKLIK_MAIL_FROM, logger }),
  });
  const personalData = personalDataRegistry();

  // PGlite is one process: its workers run here (`all`). On PostgreSQL `api` processes only send jobs
  // (in their transactions) and `worker` processes work them; pg-boss hands each job to one of them.
  const jobs = createJobs(db, role === "api" ? { schedule: false } : {});
  if (role === "api") {
    await waitForQueues(db, API_SENT_QUEUES, logger);
  } else {
    await jobs.start();
    // Idempotent, so several processes running it on one PostgreSQL do no harm.
    jobs.every("identity.personal-data-retention", 24 * 60 * 60_000, async () => {
      const run = await runPersonalDataRetention({
        db,
        clock: systemClock,
        registry: personalData,
        retentionDays: env.OTKLIK_PERSONAL_DATA_RETENTION_DAYS,
      });
      logger.info({ retention: run }, "personal-data retention ran");
    });
    // Scheduled publishing and cross-posting; queues what was saved while no runner was up.
    const queued = await startContentWorkers({
      db,
      clock: systemClock,
      jobs,
      publisher: channelsVariantPublisher({
        db,
        clock: systemClock,
        ...(env.OTKLIK_CHANNELS_KEY
          ? { keyring: { currentKeyId: "current", keys: { current: env.OTKLIK_CHANNELS_KEY } } }
          : {}),
      }),
    });
    logger.info({ queued }, "content workers started");
    // Rate-limit rows whose buckets are full again mean nothing: drop them (PostgreSQL keeps them in a table).
    if (db.kind === "postgres") {
      const store = databaseRateLimitStore(db);
      jobs.every("api.rate-limit-sweep", 10 * 60_000, async () => {
        await store.sweep(Date.now());
      });
    }
    // SLA deadlines and reply deliveries of the incident desk; deadlines passed while down are announced by
    // the catch-up. On PostgreSQL it runs in the background, so that a restarted worker is ready without a
    // look at every open incident first (a stop meanwhile ends it; the next start repeats it). PGlite's
    // one connection must not be closed under it: there the start waits for it.
    const announced = await startIncidentWorkers({
      db,
      clock: systemClock,
      jobs,
      logger,
      channelsKey: env.OTKLIK_CHANNELS_KEY,
      sla: slaStore.settings,
      store: evidenceStoreFromEnv(env),
      ...(db.kind === "postgres"
        ? {
            onCatchUp: (done: Promise<number>) => {
              const started = Date.now();
              void done.then(
                (count) => logger.info({ announced: count, ms: Date.now() - started }, "SLA catch-up done"),
                (error: Error) =>
                  logger.warn(
                    { error: error.message },
                    "SLA catch-up interrupted; the next start repeats it",
                  ),
              );
            },
          }
        : {}),
    });
    logger.info({ announced }, "incident workers started");
    // Notification delivery (e-mail, staff bot, webhooks), escalations and the digests' schedule.
    const notificationSubsystem = await startNotificationSubsystem({
      db,
      clock: systemClock,
      jobs,
      logger,
      sendMail: identity.sendMail,
      environment: notificationEnvironment(env),
    });
    logger.info({ notificationsWaiting: notificationSubsystem.queued }, "notification workers started");
    // The yearly and monthly reports (src/routes/reports); runs requested while no worker ran are queued now.
    const reportsWaiting = await startReportWorkers({ db, clock: systemClock, jobs, logger });
    logger.info({ reportsWaiting }, "report workers started");
    // ONE event relay for every module: each adds its list of subscriptions here.
    await startApiEventRelay(db, jobs, [
      notificationSubsystem.subscriptions,
      // Content's reactions: an explanatory-material request from the desk becomes a draft.
      contentSubscriptions({ db, clock: systemClock }),
    ]);
  }

  const settings = {
    version: packageJson.version,
    timeZone: env.OTKLIK_TIME_ZONE,
    bodyLimitBytes: env.OTKLIK_BODY_LIMIT_BYTES,
    trustedProxies: env.OTKLIK_TRUSTED_PROXIES,
    allowedOrigins: env.OTKLIK_ALLOWED_ORIGINS,
    rateLimits: rateLimitSettings(env),
    ...(env.OTKLIK_METRICS_TOKEN ? { metricsToken: env.OTKLIK_METRICS_TOKEN } : {}),
    queueBacklogLimit: env.OTKLIK_QUEUE_BACKLOG_LIMIT,
    ...(env.OTKLIK_CHANNELS_KEY ? { channelsKey: env.OTKLIK_CHANNELS_KEY } : {}),
  };
  // The desk's live stream (`GET /api/v1/incidents/events`) reads the shared outbox; closed first on stop.
  const liveFeed = role === "worker" ? undefined : createLiveIncidentFeed({ db, logger });
  const app =
    role === "worker"
      ? createWorkerApp({ db, logger, settings })
      : createApiApp({
          db,
          logger,
          identity,
          personalData,
          content: { siteUrl: env.OTKLIK_SITE_URL, siteTitle: env.OTKLIK_SITE_TITLE, jobs },
          incidents: {
            ...incidentSettingsFromEnv(env, jobs, slaStore.settings),
            slaStore,
            ...(liveFeed ? { liveFeed } : {}),
          },
          settings,
        });
  const server = serve({
    fetch: app.fetch,
    port: role === "worker" ? env.OTKLIK_WORKER_PORT : env.PORT,
    hostname: env.HOST,
  });
  if (!server.listening) await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info(
    { url, role },
    role === "worker" ? "workers running; health and metrics listening" : "API listening",
  );

  let stopped: Promise<void> | undefined;
  return {
    url,
    role,
    db,
    app,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Open event streams would hold the server open: end them (browsers reconnect elsewhere).
        liveFeed?.close();
        if ("closeIdleConnections" in server) server.closeIdleConnections();
        await closed;
        stopSlaRefresh?.();
        await jobs.stop({ graceful: true });
        await db.close();
      })();
      return stopped;
    },
  };
}

/**
 * Waits until every queue an `api` process sends to exists (pg-boss installed and the queues made by a
 * worker), so an API started before any worker on a new database, or before the worker of a version
 * that adds a queue, never fails a citizen's request on a missing queue. Logs every 10 s while waiting.
 */
async function waitForQueues(db: Database, queues: readonly string[], logger: Logger): Promise<void> {
  let waitedSince: number | undefined;
  for (;;) {
    const found = await db
      .query<{ name: string }>("SELECT name FROM pgboss.queue WHERE name = ANY($1::text[])", [[...queues]])
      .catch(() => [] as { name: string }[]);
    const missing = queues.filter((queue) => !found.some((row) => row.name === queue));
    if (missing.length === 0) return;
    const now = Date.now();
    if (waitedSince === undefined || now - waitedSince >= 10_000) {
      waitedSince = now;
      logger.warn(
        { missing },
        "OTKLIK_ROLE=api: ждём, пока процесс OTKLIK_ROLE=worker создаст очереди задач / waiting for an OTKLIK_ROLE=worker process to create the job queues",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
