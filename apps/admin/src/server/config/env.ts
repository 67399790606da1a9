import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The admin server's whole environment, parsed once at start-up. */
export const AdminEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  ADMIN_PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  HOST: z.string().min(1).default("0.0.0.0"),
  OTKLIK_API_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:8787"),
  // The built SPA sits next to the server in dist/: dist/server/main.js serves dist/client.
  OTKLIK_ADMIN_CLIENT_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL("../client", import.meta.url))),
  // The map's tiles: the same {z}/{x}/{y} template and attribution as the site's (apps/site).
  OTKLIK_MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+\{z\}[^\s]*\{x\}[^\s]*\{y\}/, {
      error: "OTKLIK_MAP_TILE_URL must be an http(s) template with {z}, {x} and {y}",
    })
    .default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  OTKLIK_MAP_ATTRIBUTION: z.string().min(1).max(300).default("© OpenStreetMap contributors"),
});
export type AdminEnv = z.infer<typeof AdminEnv>;

/** Reads the environment or explains, line by line, what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): AdminEnv {
  const result = AdminEnv.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Неверные настройки окружения админки / Invalid admin environment:\n${lines.join("\n")}`);
}
