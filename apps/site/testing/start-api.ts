import { API_ENTRY, type ChildServer, freePort, startNodeServer } from "@otklik/e2e-testing";

/**
 * The real API with demo data on a free port, like `startApi()` of @otklik/e2e-testing, but waiting up
 * to three minutes: on a loaded 2-core machine the API's start (PGlite, migrations, demo seed) has
 * been seen to take over a minute.
 */
export async function startDemoApi(): Promise<ChildServer> {
  const port = await freePort();
  return startNodeServer({
    name: "API",
    entry: API_ENTRY,
    port,
    readyPath: "/api/ready",
    timeoutMs: 180_000,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      OTKLIK_DATA_DIR: "memory://",
      OTKLIK_DEMO: "1",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
    },
  });
}

/** How long a suite's set-up may take when it starts the API. */
export const START_TIMEOUT_MS = 240_000;
