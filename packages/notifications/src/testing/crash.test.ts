import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations } from "@otklik/identity";
import { describe, expect, it } from "vitest";
import { notificationsMigrations } from "../migrations.js";
import { runCrashScenario } from "./crash-scenario.js";

// The full run (10,000 notifications, 5 kills) is `bench/crash.ts`; this is its small variant.
describe.each(testBackends())("a worker killed with SIGKILL on %s", (backend) => {
  it("delivers every committed notification after restart", { timeout: 90_000 }, async () => {
    let target: string;
    let cleanup: () => Promise<void>;
    if (backend === "pglite") {
      target = await mkdtemp(path.join(os.tmpdir(), "otklik-notifications-crash-"));
      cleanup = () => rm(target, { recursive: true, force: true });
      // A migrated data folder to start from, as a previous run of the app would have left.
      await (
        await createTestDatabase({
          backend,
          dataDir: target,
          migrations: [identityMigrations, notificationsMigrations],
        })
      ).close();
    } else {
      const db = await createTestDatabase({
        backend,
        migrations: [identityMigrations, notificationsMigrations],
      });
      target = db.url!;
      cleanup = () => db.close();
    }
    try {
      // PGlite is slower per statement: fewer notifications there, the same kills.
      const count = backend === "pglite" ? 100 : 300;
      const report = await runCrashScenario({ target, count, kills: 2, concurrency: 4, timeoutMs: 80_000 });
      expect(report.receivedDistinct).toBe(count);
      expect(report.deliveredInDatabase).toBe(count);
      expect(report.badSignatures).toBe(0);
      // Only notifications in flight when their worker died (at most 4 per kill) may arrive twice,
      // with the same Idempotency-Key for the receiver to drop.
      expect(report.repeats).toBeLessThanOrEqual(2 * 4);
    } finally {
      await cleanup();
    }
  });
});
