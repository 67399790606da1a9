import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { channelsVariantPublisher, startContentWorkers } from "@otklik/content";
import { systemClock } from "@otklik/core";
import { connect, createJobs, type Database, migrate, runSeeds } from "@otklik/db";
import {
  firstAdministratorSeed,
  identitySettings,
  PRODUCTION_PASSWORD_HASHING,
  runPersonalDataRetention,
} from "@otklik/identity";
import { starterModel } from "@otklik/incidents";
import type { Logger } from "pino";
import packageJson from "../../package.json" with { type: "json" };
import { createApiApp } from "../app.js";
import { type ApiEnv, rateLimitSettings } from "../config/env.js";
import { databaseRateLimitStore } from "../http/rate-limit/stores.js";
import { contentSubscriptions } from "../routes/content/subscriptions.js";
import { notificationEnvironment, startNotificationSubsystem } from "../routes/notifications/workers.js";
import { startApiEventRelay } from "./event-relay.js";
import { incidentSettingsFromEnv, startIncidentWorkers } from "./incident-workers.js";
import { createSendMail } from "./mail.js";
import { demoSeeds, migrationSets, personalDataRegistry } from "./modules.js";

export interface RunningApi {
  url: string;
  db: Database;
  app: ReturnType<typeof createApiApp>;
  /** Stops taking requests, lets in-flight requests and jobs finish, then closes the database. */
  stop(): Promise<void>;
}

/** Connects, migrates, seeds demo data on a fresh database, starts the workers and the HTTP server. */
export async function startApi(options: { env: ApiEnv; logger: Logger }): Promise<RunningApi> {
  const { env, logger } = options;
  const db = await connect(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.OTKLIK_DATA_DIR });
  logger.info(
    { database: db.kind, dataDir: db.kind === "pglite" ? env.OTKLIK_DATA_DIR : undefined },
    "database connected",
  );

  await migrate(db, migrationSets);
  // The classifier's starter model is trained from the package's labelled comments once per process:
  // here, before the first intake, rather than inside the first citizen's request.
  starterModel();
  if (env.OTKLIK_DEMO) {
    if (env.NODE_ENV === "production") {
      logger.warn("OTKLIK_DEMO is on in production: demo data is not seeded; set OTKLIK_DEMO=0");
    } else {
      await runSeeds(db, demoSeeds, { clock: systemClock });
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

  // PGlite is one process: its workers run here. On PostgreSQL they may run in separate processes.
  const runWorkers = env.OTKLIK_WORKERS ?? true;
  const jobs = createJobs(db);
  if (runWorkers || db.kind === "pglite") {
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
    // SLA deadlines and reply deliveries of the incident desk; deadlines passed while down are announced now.
    const announced = await startIncidentWorkers({
      db,
      clock: systemClock,
      jobs,
      logger,
      channelsKey: env.OTKLIK_CHANNELS_KEY,
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
    // ONE event relay for every module: each adds its list of subscriptions here.
    await startApiEventRelay(db, jobs, [
      notificationSubsystem.subscriptions,
      // Content's reactions: an explanatory-material request from the desk becomes a draft.
      contentSubscriptions({ db, clock: systemClock }),
    ]);
  }

  const app = createApiApp({
    db,
    logger,
    identity,
    personalData,
    content: {
      siteUrl: env.OTKLIK_SITE_URL,
      siteTitle: env.OTKLIK_SITE_TITLE,
      ...(jobs.started ? { jobs } : {}),
    },
    incidents: incidentSettingsFromEnv(env, jobs),
    settings: {
      version: packageJson.version,
      timeZone: env.OTKLIK_TIME_ZONE,
      bodyLimitBytes: env.OTKLIK_BODY_LIMIT_BYTES,
      trustedProxies: env.OTKLIK_TRUSTED_PROXIES,
      allowedOrigins: env.OTKLIK_ALLOWED_ORIGINS,
      rateLimits: rateLimitSettings(env),
      ...(env.OTKLIK_METRICS_TOKEN ? { metricsToken: env.OTKLIK_METRICS_TOKEN } : {}),
      queueBacklogLimit: env.OTKLIK_QUEUE_BACKLOG_LIMIT,
    },
  });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST });
  if (!server.listening) await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ url }, "API listening");

  let stopped: Promise<void> | undefined;
  return {
    url,
    db,
    app,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if ("closeIdleConnections" in server) server.closeIdleConnections();
        await closed;
        await jobs.stop({ graceful: true });
        await db.close();
      })();
      return stopped;
    },
  };
}
