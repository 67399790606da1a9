import { startServer } from "@otklik/web-server";
import { createSiteApp } from "./app.js";
import { parseEnv } from "./config/env.js";

const env = parseEnv(process.env);
const app = createSiteApp({
  apiUrl: env.OTKLIK_API_URL,
  timeZone: env.OTKLIK_TIME_ZONE,
  apiTimeoutMs: env.OTKLIK_API_TIMEOUT_MS,
  apiCacheMilliseconds: env.OTKLIK_SITE_API_CACHE_SECONDS * 1000,
  siteUrl: env.OTKLIK_SITE_URL,
  receptionUrl: env.OTKLIK_RECEPTION_URL,
  mapTileUrl: env.OTKLIK_MAP_TILE_URL,
  mapAttribution: env.OTKLIK_MAP_ATTRIBUTION,
  ...(env.OTKLIK_POS_WIDGET_ID
    ? { posWidget: { widgetId: env.OTKLIK_POS_WIDGET_ID, linkUrl: env.OTKLIK_POS_LINK_URL } }
    : {}),
});
const server = await startServer(app, { port: env.SITE_PORT, hostname: env.HOST });
console.log(`Сайт работает / Site listening: ${server.url} (API: ${env.OTKLIK_API_URL})`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`Сайт останавливается / Site stopping (${signal}): finishing in-flight requests`);
  // A request that never ends must not keep the process alive for ever.
  setTimeout(() => process.exit(1), 10_000).unref();
  await server.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
