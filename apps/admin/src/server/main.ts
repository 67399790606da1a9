import { startServer } from "@otklik/web-server";
import { createAdminServerApp } from "./app.js";
import { parseEnv } from "./config/env.js";
import { loadClientFiles } from "./static/client-files.js";

const env = parseEnv(process.env);
const clientFiles = await loadClientFiles(env.OTKLIK_ADMIN_CLIENT_DIR).catch((error: unknown) => {
  console.error(
    `Нет собранной админки в ${env.OTKLIK_ADMIN_CLIENT_DIR}; выполните "pnpm build" / ` +
      `The admin SPA is not built in ${env.OTKLIK_ADMIN_CLIENT_DIR}; run "pnpm build"`,
    error,
  );
  process.exit(1);
});
const app = createAdminServerApp({
  apiUrl: env.OTKLIK_API_URL,
  clientFiles,
  clientConfig: { map: { tileUrl: env.OTKLIK_MAP_TILE_URL, attribution: env.OTKLIK_MAP_ATTRIBUTION } },
});
const server = await startServer(app, { port: env.ADMIN_PORT, hostname: env.HOST });
console.log(`Админка работает / Admin listening: ${server.url} (API: ${env.OTKLIK_API_URL})`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`Админка останавливается / Admin stopping (${signal}): finishing in-flight requests`);
  // A request that never ends must not keep the process alive for ever.
  setTimeout(() => process.exit(1), 10_000).unref();
  await server.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
