import type { Executor, SendOptions } from "@otklik/db";
import type { ServiceContext } from "@otklik/identity";

/** The part of the jobs runner content uses: sending a job, within the caller's transaction. */
export interface ContentJobs {
  send<Data extends object>(queue: string, data: Data, options?: SendOptions): Promise<string | null>;
}

/**
 * What every content verb takes: the database, the time, who acts, and — when a jobs runner is
 * running in this process — the jobs, so that scheduled work is queued in the same transaction.
 * Without them the workers' reconciliation queues it when they start.
 */
export interface ContentContext extends ServiceContext {
  jobs?: ContentJobs | undefined;
}

export type { Executor };
