import { z } from "zod";

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The site's whole environment, parsed once at start-up. */
export const SiteEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SITE_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  OTKLIK_API_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:8787"),
  // Used until the API tells the city's own zone, and when the API cannot be reached.
  OTKLIK_TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: "OTKLIK_TIME_ZONE must be an IANA time zone such as Asia/Krasnoyarsk" })
    .default("Asia/Krasnoyarsk"),
  OTKLIK_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
});
export type SiteEnv = z.infer<typeof SiteEnv>;

/** Reads the environment or explains, line by line, what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): SiteEnv {
  const result = SiteEnv.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Неверные настройки окружения сайта / Invalid site environment:\n${lines.join("\n")}`);
}
