import type { Clock } from "@otklik/core";
import { newId } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { systemActor } from "../access/actor.js";
import { recordAudit } from "../audit/record-audit.js";
import { inTransaction } from "../storage/database.js";
import type { PersonalDataRegistry } from "./registry.js";

/** What one retention run anonymised, part by part. */
export interface RetentionRun {
  cutoff: string;
  parts: { name: string; records: number }[];
}

/**
 * The retention job: anonymises citizens' personal data older than
 * `retentionDays` in every part that ages its data. Schedule it daily (a job
 * in the database); it is idempotent, so a repeated or overlapping run is harmless.
 */
export async function runPersonalDataRetention(args: {
  db: Executor;
  clock: Clock;
  registry: PersonalDataRegistry;
  retentionDays: number;
}): Promise<RetentionRun> {
  const now = args.clock.now();
  const cutoff = new Date(now.getTime() - args.retentionDays * 24 * 60 * 60_000);
  const actor = systemActor("retention");
  return inTransaction(args.db, async (transaction) => {
    const parts: RetentionRun["parts"] = [];
    for (const part of args.registry.parts()) {
      if (!part.anonymiseBefore) continue;
      parts.push({
        name: part.name,
        records: await part.anonymiseBefore(cutoff, { db: transaction, clock: args.clock }),
      });
    }
    if (parts.some((part) => part.records > 0)) {
      await recordAudit(
        transaction,
        { clock: args.clock, actor },
        {
          action: "personal-data.retention",
          objectType: "personal-data-request",
          objectId: newId("pdr", now),
          after: {
            cutoff: cutoff.toISOString(),
            records: Object.fromEntries(parts.map((part) => [part.name, part.records])),
          },
        },
      );
    }
    return { cutoff: cutoff.toISOString(), parts };
  });
}
