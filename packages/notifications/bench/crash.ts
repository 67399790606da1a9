// The full crash run: ≥ 10,000 notifications committed, then delivered by a worker process killed
// with SIGKILL `kills` times mid-delivery and restarted. Prints the figures as JSON.
// [OTKLIK_TEST_DATABASE_URL=postgres://…] node --import ./src/testing/register-typescript.mjs bench/crash.ts [pglite|postgres] [count] [kills] [workers]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "@otklik/db/testing";
import { runCrashScenario } from "../src/testing/crash-scenario.js";

const [where = "pglite", countText = "10000", killsText = "5", concurrencyText = "2"] = process.argv.slice(2);
let target: string;
let cleanup: () => Promise<void>;
if (where === "pglite") {
  target = await mkdtemp(path.join(os.tmpdir(), "otklik-crash-bench-"));
  cleanup = () => rm(target, { recursive: true, force: true });
} else {
  // A fresh database on the server of OTKLIK_TEST_DATABASE_URL, dropped afterwards.
  const db = await createTestDatabase({ backend: "postgres" });
  target = db.url!;
  cleanup = () => db.close();
}
try {
  const report = await runCrashScenario({
    target,
    count: Number(countText),
    kills: Number(killsText),
    concurrency: Number(concurrencyText),
    timeoutMs: 60 * 60_000,
  });
  process.stdout.write(`${JSON.stringify({ backend: where, ...report })}\n`);
} finally {
  await cleanup();
}
