import type { PlatformIntake } from "@otklik/channels";
import { withTransaction } from "@otklik/db";
import type { IncidentContext } from "../context.js";
import { createIncidentsInTransaction } from "./create-incident.js";
import { platformIncidentInput, receivePlatformIncident } from "./receive-platform-intake.js";

/** Stores the incident platform's messages for the intake webhook, new incidents in shared transactions. */
export interface PlatformIntakeReceiver {
  /** {@link receivePlatformIncident}'s answer for `intake`, once it is committed. */
  receive(intake: PlatformIntake): Promise<{ incidentId: string; created: boolean }>;
  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void>;
  /** How many new incidents wait for the next transaction. */
  readonly queued: number;
}

export interface PlatformIntakeReceiverOptions {
  /** The most incidents registered in one transaction (default 64). */
  maxBatch?: number;
  /**
   * Transactions writing at the same time (default 1 on the embedded database, which runs one
   * statement at a time anyway, and 4 on PostgreSQL).
   */
  writers?: number;
}

/**
 * Group commit for the intake webhook. A new incident waits for no timer: when a writer is free, it
 * is written one event-loop turn later (with whatever else arrived in that turn, else alone);
 * incidents that arrive while every writer is busy are queued and written
 * together in the next transaction — four statements for the lot instead of four each — so under
 * load the batches grow by themselves and at rest nothing is delayed. Each caller's promise settles
 * only after the commit that holds its incident, so a 202 still means "stored".
 *
 * When a batch's transaction fails, its incidents are retried one by one, each in its own
 * transaction, so one bad item (or a deadlock with another process) fails only itself. Updates,
 * rework and closure of an incident wait until every incident received before them is written, so
 * they never overtake the incident they are about.
 */
export function createPlatformIntakeReceiver(
  context: IncidentContext,
  options: PlatformIntakeReceiverOptions = {},
): PlatformIntakeReceiver {
  const maxBatch = Math.max(1, options.maxBatch ?? 64);
  const writers = Math.max(1, options.writers ?? (context.db.kind === "pglite" ? 1 : 4));
  interface Waiting {
    intake: PlatformIntake;
    resolve: (result: { incidentId: string; created: boolean }) => void;
    reject: (error: unknown) => void;
  }
  const queue: Waiting[] = [];
  const writing = new Set<Promise<void>>();

  async function writeQueued(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await withTransaction(context.db, (tx) =>
          createIncidentsInTransaction(
            tx,
            context,
            batch.map((waiting) => platformIncidentInput(waiting.intake)),
          ),
        );
        batch.forEach((waiting, index) => {
          const result = results[index]!;
          waiting.resolve({ incidentId: result.incident.id, created: result.created });
        });
      } catch (error) {
        if (batch.length === 1) {
          batch[0]!.reject(error);
          continue;
        }
        for (const waiting of batch) {
          await receivePlatformIncident(context, waiting.intake).then(waiting.resolve, waiting.reject);
        }
      }
    }
  }

  // Writing starts one event-loop turn after the first incident is queued (`setImmediate`, no timer):
  // requests whose bodies were read in the same I/O turn — a burst over many connections — join it.
  let scheduled = false;
  function scheduleWriting(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      startWriting();
    });
  }

  function startWriting(): void {
    while (writing.size < writers && queue.length > 0) {
      const writer: Promise<void> = writeQueued().finally(() => {
        writing.delete(writer);
        // An incident queued between the loop's last look and this callback starts the next round.
        if (queue.length > 0) startWriting();
      });
      writing.add(writer);
    }
  }

  async function idle(): Promise<void> {
    while (writing.size > 0 || queue.length > 0) {
      // Incidents queued for the next turn are started now: what waits for them should not wait longer.
      if (writing.size === 0) startWriting();
      await Promise.all(writing);
    }
  }

  return {
    get queued() {
      return queue.length;
    },
    idle,
    async receive(intake) {
      if (intake.type !== "incident") {
        await idle();
        return receivePlatformIncident(context, intake);
      }
      return new Promise((resolve, reject) => {
        queue.push({ intake, resolve, reject });
        scheduleWriting();
      });
    },
  };
}
