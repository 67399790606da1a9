import type { Clock } from "@otklik/core";
import type { Database } from "@otklik/db";
import type {
  Actor,
  ApiToken,
  AuthenticatedSession,
  IdentitySettings,
  PersonalDataRegistry,
} from "@otklik/identity";
import type { Logger } from "pino";
import type { RateLimitSettings } from "./rate-limit/rules.js";

/** What every request handler can read from the context. */
export interface ApiVariables {
  requestId: string;
  clientAddress: string;
  logger: Logger;
  /** Who acts: a signed-in user, an integration's token, or anonymous (set by `authenticate`). */
  actor: Actor;
  /** The session, when the request came with a valid session cookie. */
  session: AuthenticatedSession | undefined;
  /** The API token, when the request came with a valid bearer token. */
  apiToken: ApiToken | undefined;
}

export interface ApiEnvironment {
  Variables: ApiVariables;
}

/** What the app is built from: its database, logger and settings. */
export interface ApiDependencies {
  db: Database;
  logger: Logger;
  settings: ApiSettings;
  /** The time; tests pass a manual clock. Default: the system clock. */
  clock?: Clock;
  /** Sign-in, sessions, hashing and reset mail. Default: `identitySettings()` (production hashing, no mail). */
  identity?: IdentitySettings;
  /** Where citizens' personal data lives, for export and erasure. Default: identity's consent ledger only. */
  personalData?: PersonalDataRegistry;
}

export interface ApiSettings {
  version: string;
  timeZone: string;
  bodyLimitBytes: number;
  trustedProxies: string;
  /** Origins besides the request's own that may send cookie-authenticated writes (`https://admin.abakan.ru`). */
  allowedOrigins?: string[];
  /** Per-client rate limits of public forms and webhooks (`OTKLIK_RATE_LIMIT_*`); unset: none (tests). */
  rateLimits?: RateLimitSettings;
  /** `GET /api/metrics` needs this bearer token; unset: served to loopback clients only. */
  metricsToken?: string;
  /** Due jobs per queue past which back-pressure starts (default 5 000). */
  queueBacklogLimit?: number;
  /** `OTKLIK_CHANNELS_KEY`: seals the channel connections' secrets; unset: connections are listed, not changed. */
  channelsKey?: string;
}
