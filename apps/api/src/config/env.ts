import { z } from "zod";
import { parseRateLimit, type RateLimitSettings } from "../http/rate-limit/rules.js";

const Flag = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((value) => value === "1" || value === "true" || value === "yes");

const RateLimitSetting = z.string().transform((value, context) => {
  const parsed = parseRateLimit(value);
  if (parsed === undefined) {
    context.addIssue({
      code: "custom",
      message: "Лимит вида 60/10m, 6000/1m, 100/30s или off / A limit like 60/10m, 6000/1m, 100/30s or off",
    });
    return z.NEVER;
  }
  return parsed;
});

/** The rate limits the environment asks for (`OTKLIK_RATE_LIMITS=0`: none). */
export function rateLimitSettings(env: ApiEnv): RateLimitSettings {
  if (!env.OTKLIK_RATE_LIMITS) return {};
  return {
    forms: env.OTKLIK_RATE_LIMIT_FORMS,
    passwordReset: env.OTKLIK_RATE_LIMIT_PASSWORD_RESET,
    open311: env.OTKLIK_RATE_LIMIT_OPEN311,
    webhooks: env.OTKLIK_RATE_LIMIT_WEBHOOKS,
  };
}

/**
 * The API's whole environment, parsed once at start-up. Packages never read
 * `process.env`; they receive what they need from here.
 */
export const ApiEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  OTKLIK_DATA_DIR: z.string().min(1).default("./.otklik/data"),
  OTKLIK_DEMO: Flag.default(true),
  /**
   * With OTKLIK_DEMO, also 36 incidents of the last two weeks (`incidentsDemoDeskSeed`), so that a first look
   * finds a working desk. Off by default (tests count their own incidents); `npm start` turns it on.
   */
  OTKLIK_DEMO_INCIDENTS: Flag.default(false),
  OTKLIK_TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: "OTKLIK_TIME_ZONE must be an IANA time zone such as Asia/Krasnoyarsk" })
    .default("Asia/Krasnoyarsk"),
  OTKLIK_TRUSTED_PROXIES: z.string().default("loopback"),
  OTKLIK_PLATFORM_SECRET: z.string().min(8).default("platform-demo-secret"),
  OTKLIK_ADMIN_EMAIL: z.email().optional(),
  OTKLIK_ADMIN_PASSWORD: z.string().min(12).optional(),
  OTKLIK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /**
   * Evidence media in S3-compatible storage (Yandex Object Storage, MinIO, AWS S3), path-style
   * `<endpoint>/<bucket>/<key>`; unset: files under `<OTKLIK_DATA_DIR>/evidence`. Endpoint, bucket and keys go together.
   */
  OTKLIK_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTKLIK_S3_BUCKET: z.string().min(3).optional(),
  OTKLIK_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  OTKLIK_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  OTKLIK_S3_REGION: z.string().min(1).default("us-east-1"),
  /** A folder inside the bucket for Otklik's objects (`otklik/`). */
  OTKLIK_S3_PREFIX: z.string().default(""),
  /** Legacy switch: `0` on PostgreSQL means `OTKLIK_ROLE=api` (ignored on PGlite, which always runs its workers). */
  OTKLIK_WORKERS: Flag.optional(),
  /**
   * What this process does (docs/deployment.md): `all` (default) serves HTTP and works the job queues;
   * on PostgreSQL `api` serves HTTP only (it still queues jobs in its transactions) and `worker` works
   * every queue, the event relay and the schedules, serving only health, readiness and metrics on
   * `OTKLIK_WORKER_PORT`. PGlite is one process: only `all`.
   */
  OTKLIK_ROLE: z.enum(["all", "api", "worker"]).optional(),
  /** Where a `worker` process serves /api/health, /api/ready and /api/metrics. */
  OTKLIK_WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(8788),
  /**
   * A JSON file with the SLA policy (`@otklik/sla`'s `SlaPolicy`: metrics, rules, targets, warnings) that
   * replaces Abakan's default; the calendars it may name are Abakan's (`duty`, `office`, `always-open`).
   */
  OTKLIK_SLA_POLICY_FILE: z.string().min(1).optional(),
  /** The admin's address; password reset links open `<OTKLIK_ADMIN_URL>/reset-password?token=…`. */
  OTKLIK_ADMIN_URL: z.url().default("http://localhost:3001"),
  /** Outgoing mail relay: `smtp://user:password@host:587` or `smtps://…:465`; unset: no mail is sent. */
  OTKLIK_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  OTKLIK_MAIL_FROM: z.string().min(3).default('"Отклик" <noreply@otklik.localhost>'),
  /** Origins besides the request's own allowed to send cookie-authenticated writes (comma-separated). */
  OTKLIK_ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
    ),
  /** After how many days citizens' personal data is anonymised by the retention job (5 years by default). */
  OTKLIK_PERSONAL_DATA_RETENTION_DAYS: z.coerce.number().int().min(1).default(1826),
  /** The public site's address, for feeds, the sitemap and the links in social posts. */
  OTKLIK_SITE_URL: z.url().default("http://localhost:3000"),
  OTKLIK_SITE_TITLE: z.string().min(1).default("Администрация города Абакана"),
  /** 32-byte key (base64 or hex) that seals the social pages' tokens; without it nothing is cross-posted. */
  OTKLIK_CHANNELS_KEY: z.string().min(32).optional(),
  /** VK Callback API of the city's community: its secret key, confirmation string and numeric id (demo values when OTKLIK_DEMO is on). */
  OTKLIK_VK_CALLBACK_SECRET: z.string().min(1).optional(),
  OTKLIK_VK_CONFIRMATION: z.string().min(1).optional(),
  OTKLIK_VK_GROUP_ID: z.coerce.number().int().positive().optional(),
  /** Telegram's webhook secret token (`setWebhook(secret_token=…)`), repeated in X-Telegram-Bot-Api-Secret-Token. */
  OTKLIK_TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/)
    .optional(),
  /** The staff bot that sends notifications to people who gave their chat id in their preferences. */
  OTKLIK_TELEGRAM_STAFF_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, {
      error: "Токен бота вида 123456:ABC… / A bot token like 123456:ABC…",
    })
    .optional(),
  /** The Bot API's address (a local one in tests). */
  OTKLIK_TELEGRAM_API_URL: z.url().default("https://api.telegram.org"),
  /** The office's webhook for notifications routed to `webhook` by people without their own. */
  OTKLIK_NOTIFY_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Signs every notification webhook (`X-Otklik-Signature: sha256=<hex HMAC>`); webhooks need it. */
  OTKLIK_NOTIFY_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** When the digests go, in OTKLIK_TIME_ZONE: daily at HH:MM, weekly on a day at HH:MM. */
  OTKLIK_DIGEST_DAILY_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Время ЧЧ:ММ / Time HH:MM" })
    .default("08:00"),
  OTKLIK_DIGEST_WEEKLY_DAY: z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]).default("mon"),
  OTKLIK_DIGEST_WEEKLY_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Время ЧЧ:ММ / Time HH:MM" })
    .default("09:00"),
  /** Who gets the office's weekly digest: staff with these roles (comma-separated). */
  OTKLIK_DIGEST_WEEKLY_ROLES: z
    .string()
    .default("admin,analyst")
    .transform((value) =>
      value
        .split(",")
        .map((role) => role.trim())
        .filter((role) => role.length > 0),
    ),
  /** Per-client rate limits (RELIABILITY.md «Limits»): `0` turns them all off (load benchmarks). */
  OTKLIK_RATE_LIMITS: Flag.default(true),
  /** `<count>/<window>` (`60/10m`, `6000/1m`, `100/30s`, `1000/1h`) or `off`, per rule. */
  OTKLIK_RATE_LIMIT_FORMS: RateLimitSetting.prefault("60/10m"),
  OTKLIK_RATE_LIMIT_PASSWORD_RESET: RateLimitSetting.prefault("10/15m"),
  OTKLIK_RATE_LIMIT_OPEN311: RateLimitSetting.prefault("600/10m"),
  OTKLIK_RATE_LIMIT_WEBHOOKS: RateLimitSetting.prefault("6000/1m"),
  /** `GET /api/metrics` needs `Authorization: Bearer <this>`; unset: served to loopback clients only. */
  OTKLIK_METRICS_TOKEN: z.string().min(16).optional(),
  /** Due jobs per queue past which /api/ready says `degraded` and manual re-sends wait. */
  OTKLIK_QUEUE_BACKLOG_LIMIT: z.coerce.number().int().min(1).default(5_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type ApiEnv = z.infer<typeof ApiEnv>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** What a process does: serve HTTP and work the queues (`all`), only serve HTTP (`api`), only work (`worker`). */
export type ProcessRole = "all" | "api" | "worker";

/** The refusal of `api`/`worker` on the embedded database (one process by nature). */
export const PGLITE_ROLE_REFUSAL =
  "OTKLIK_ROLE=api и OTKLIK_ROLE=worker работают только с PostgreSQL (DATABASE_URL): встроенная база PGlite — один процесс, " +
  "API и обработчики задач работают в нём вместе; уберите OTKLIK_ROLE или задайте OTKLIK_ROLE=all / " +
  "OTKLIK_ROLE=api and OTKLIK_ROLE=worker need PostgreSQL (DATABASE_URL): the embedded PGlite database is one process, " +
  "which runs the API and the job workers together; unset OTKLIK_ROLE or set OTKLIK_ROLE=all";

/**
 * This process's role: `OTKLIK_ROLE`, else `api` when the legacy `OTKLIK_WORKERS=0` is given on
 * PostgreSQL, else `all`. Throws (bilingual) for `api` or `worker` on PGlite.
 */
export function processRole(
  env: Pick<ApiEnv, "OTKLIK_ROLE" | "OTKLIK_WORKERS" | "DATABASE_URL">,
): ProcessRole {
  if (env.OTKLIK_ROLE && env.OTKLIK_ROLE !== "all" && !env.DATABASE_URL) throw new Error(PGLITE_ROLE_REFUSAL);
  if (env.OTKLIK_ROLE) return env.OTKLIK_ROLE;
  return env.OTKLIK_WORKERS === false && env.DATABASE_URL ? "api" : "all";
}

/** Reads the environment or explains, line by line, what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): ApiEnv {
  const result = ApiEnv.safeParse(source);
  const lines = result.success
    ? []
    : result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  if (result.success) {
    try {
      processRole(result.data);
    } catch (error) {
      lines.push(`  OTKLIK_ROLE: ${(error as Error).message}`);
    }
  }
  if (result.success && lines.length === 0) return result.data;
  throw new Error(`Неверные настройки окружения / Invalid environment:\n${lines.join("\n")}`);
}
