import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Clock } from "@otklik/core";
import { type Database, migrate } from "@otklik/db";
import { createTestDatabase } from "@otklik/db/testing";
import {
  type IdentitySettings,
  identitySettings,
  type MailMessage,
  type PasswordHashing,
  type PersonalDataRegistry,
} from "@otklik/identity";
import { dataFolderStore } from "@otklik/incidents";
import { type Logger, pino } from "pino";
import { createApiApp } from "./app.js";
import type { ApiSettings } from "./http/context.js";
import { type ContentRouteSettings, DEFAULT_CONTENT_SETTINGS } from "./routes/content/register.js";
import { DEMO_INCIDENT_SETTINGS, type IncidentRouteSettings } from "./routes/incidents/register.js";
import { migrationSets } from "./server/modules.js";

/** The key channel connections' secrets are sealed with in tests (32 bytes, base64; never a production key). */
export const TEST_CHANNELS_KEY = Buffer.alloc(32, 7).toString("base64");

/** argon2id at its lowest sane cost, for tests only: production keeps its costs. */
export const TEST_PASSWORD_HASHING: PasswordHashing = { memoryCost: 256, timeCost: 1, parallelism: 1 };

export interface TestApiOptions {
  bodyLimitBytes?: number;
  /** A database to use (e.g. one of `testBackends()`); migrated here. Default: a fresh in-memory PGlite copied from a migrated template. */
  db?: Database;
  clock?: Clock;
  logger?: Logger;
  identity?: Partial<IdentitySettings>;
  /** Content's site address and, for scheduling tests, a jobs runner. */
  content?: Partial<ContentRouteSettings>;
  /** The incident webhooks' secrets (the demo ones by default) and, for delivery tests, a jobs runner. */
  incidents?: Partial<IncidentRouteSettings>;
  /** Settings beyond the defaults (rate limits, the metrics token, the queue bound). */
  settings?: Partial<ApiSettings>;
  /** Where citizens' personal data lives (the API's own is `personalDataRegistry()`); default: the consents only. */
  personalData?: PersonalDataRegistry;
}

/**
 * An API app on a fresh database, for in-process tests with `app.request()`.
 * Password hashing is light, and the e-mail it would send lands in `mail`.
 */
export async function createTestApi(options: TestApiOptions = {}): Promise<{
  app: ReturnType<typeof createApiApp>;
  db: Database;
  mail: MailMessage[];
  identity: IdentitySettings;
}> {
  // A copy of a migrated template (cached between runs): migrating every package afresh takes seconds.
  const db = options.db ?? (await createTestDatabase({ backend: "pglite", migrations: migrationSets }));
  await migrate(db, migrationSets);
  const mail: MailMessage[] = [];
  const identity = identitySettings({
    passwordHashing: TEST_PASSWORD_HASHING,
    sendMail: async (message) => {
      mail.push(message);
    },
    ...options.identity,
  });
  const app = createApiApp({
    db,
    logger: options.logger ?? pino({ level: "silent" }),
    ...(options.clock ? { clock: options.clock } : {}),
    identity,
    ...(options.personalData ? { personalData: options.personalData } : {}),
    content: { ...DEFAULT_CONTENT_SETTINGS, ...options.content },
    incidents: {
      ...DEMO_INCIDENT_SETTINGS,
      // Evidence media in a fresh temporary folder, unless the test brings its own store.
      evidenceStore: dataFolderStore(mkdtempSync(path.join(os.tmpdir(), "otklik-api-evidence-"))),
      ...options.incidents,
    },
    settings: {
      version: "0.0.0-test",
      timeZone: "Asia/Krasnoyarsk",
      bodyLimitBytes: options.bodyLimitBytes ?? 1_048_576,
      trustedProxies: "loopback",
      channelsKey: TEST_CHANNELS_KEY,
      ...options.settings,
    },
  });
  return { app, db, mail, identity };
}
