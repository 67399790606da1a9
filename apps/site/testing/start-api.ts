import { type ChildServer, startApi } from "@otklik/e2e-testing";

/**
 * The real API with demo data on a free port (`startApi` of @otklik/e2e-testing), waiting up to three
 * minutes: on a loaded 2-core machine the API's start (PGlite, migrations, demo seed) has been seen to take
 * over a minute.
 */
export function startDemoApi(): Promise<ChildServer> {
  return startApi({ timeoutMs: 180_000 });
}

/** How long a suite's set-up may take when it starts the API. */
export const START_TIMEOUT_MS = 240_000;
