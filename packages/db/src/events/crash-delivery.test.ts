import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { connect } from "../connection/connect.js";
import type { BackendKind, Database } from "../connection/database.js";
import { createJobs } from "../jobs/jobs.js";
import { createTestDatabase, testBackends } from "../testing/index.js";
import { IncidentRouted } from "./fixtures/incident-events.js";
import { startEventRelay } from "./relay.js";
import { subscribe } from "./subscribe.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

/** Runs the producer until it says it committed, then kills it with SIGKILL. Answers the event ids. */
async function commitThenCrash(target: string, count: number): Promise<string[]> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      path.join(fixtures, "register-typescript.mjs"),
      path.join(fixtures, "crash-producer.ts"),
      target,
      String(count),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("exit", (_code, signal) => resolve(signal)),
  );
  const committed = await new Promise<string[]>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = /committed (.*)\n/.exec(output);
      if (line) resolve(line[1]!.split(" "));
    });
    void exited.then(() => reject(new Error(`The producer exited before committing:\n${errors}`)));
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  return committed;
}

async function deliverAfterRestart(db: Database, expected: string[]): Promise<void> {
  const undelivered = await db.query<{ id: string }>(
    "SELECT id FROM event_outbox WHERE dispatched_at IS NULL ORDER BY id",
  );
  expect(undelivered.map((row) => row.id)).toEqual(expected);

  const delivered: string[] = [];
  const jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
  await jobs.start();
  try {
    await startEventRelay(db, jobs, {
      subscriptions: ["notifications", "reports"].map((name) =>
        subscribe(IncidentRouted, name, async (event) => {
          delivered.push(`${name} ${event.id} ${event.payload.incidentId}`);
        }),
      ),
    });
    const want = expected.flatMap((id, index) => [
      `notifications ${id} inc_${index}`,
      `reports ${id} inc_${index}`,
    ]);
    await vi.waitFor(() => expect([...delivered].sort()).toEqual(want.sort()), {
      timeout: 15_000,
      interval: 25,
    });
  } finally {
    await jobs.stop();
  }
}

describe.each(testBackends())("events committed before a crash on %s", (backend: BackendKind) => {
  it("are all delivered by the next process", { timeout: 60_000 }, async () => {
    if (backend === "pglite") {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "otklik-crash-"));
      try {
        // A migrated data folder to start from, as a previous run of the app would have left.
        await (await createTestDatabase({ backend, dataDir })).close();
        const ids = await commitThenCrash(dataDir, 3);
        const db = await connect({ dataDir });
        try {
          await deliverAfterRestart(db, ids);
        } finally {
          await db.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
      return;
    }
    await using db = await createTestDatabase({ backend });
    const ids = await commitThenCrash(db.url!, 3);
    await deliverAfterRestart(db, ids);
  });
});
