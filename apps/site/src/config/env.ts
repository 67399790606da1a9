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
  // The site's public address: canonical links, Open Graph, the sitemap's own pages.
  OTKLIK_SITE_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
  // The administration's internet reception for formal appeals under 59-FZ.
  OTKLIK_RECEPTION_URL: z
    .url({ protocol: /^https?$/ })
    .default("https://www.gosuslugi.ru/help/obratitsya_v_gosorgany"),
  // The map's tiles: a {z}/{x}/{y} template of any tile server the city uses.
  OTKLIK_MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+\{z\}[^\s]*\{x\}[^\s]*\{y\}/, {
      error: "OTKLIK_MAP_TILE_URL must be an http(s) template with {z}, {x} and {y}",
    })
    .default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  OTKLIK_MAP_ATTRIBUTION: z.string().min(1).max(300).default("© OpenStreetMap contributors"),
  // The Gosuslugi feedback platform (ПОС) widget: the id Gosuslugi gives the city's widget; unset, none.
  OTKLIK_POS_WIDGET_ID: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number().int().positive().max(2_147_483_647).optional(),
  ),
  // Where the ПОС banner's plain link leads without JavaScript.
  OTKLIK_POS_LINK_URL: z.url({ protocol: /^https$/ }).default("https://pos.gosuslugi.ru/landing/"),
  // How long the site reuses the API's answers before asking again (0: every time).
  OTKLIK_SITE_API_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
});
export type SiteEnv = z.infer<typeof SiteEnv>;

/** Reads the environment or explains, line by line, what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): SiteEnv {
  const result = SiteEnv.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Неверные настройки окружения сайта / Invalid site environment:\n${lines.join("\n")}`);
}
