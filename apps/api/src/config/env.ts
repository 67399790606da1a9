import { z } from "zod";

const Flag = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((value) => value === "1" || value === "true" || value === "yes");

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
  OTKLIK_TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: "OTKLIK_TIME_ZONE must be an IANA time zone such as Asia/Krasnoyarsk" })
    .default("Asia/Krasnoyarsk"),
  OTKLIK_TRUSTED_PROXIES: z.string().default("loopback"),
  OTKLIK_PLATFORM_SECRET: z.string().min(8).default("platform-demo-secret"),
  OTKLIK_ADMIN_EMAIL: z.email().optional(),
  OTKLIK_ADMIN_PASSWORD: z.string().min(12).optional(),
  OTKLIK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  OTKLIK_WORKERS: Flag.optional(),
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

/** Reads the environment or explains, line by line, what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): ApiEnv {
  const result = ApiEnv.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Неверные настройки окружения / Invalid environment:\n${lines.join("\n")}`);
}
