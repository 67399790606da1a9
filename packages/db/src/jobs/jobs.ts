import PgBoss from "pg-boss";
import type { Database, Executor } from "../connection/database.js";
import { bossAdapter, transactionAdapter } from "./boss-adapter.js";
import { type PeriodicTask, periodic } from "./periodic.js";

export interface JobsOptions {
  /** How often an idle worker asks for work, in seconds (at least 0.5; default 2). */
  pollingIntervalSeconds?: number;
  /** Run cron schedules in this process (default true). */
  schedule?: boolean;
  /** How often pg-boss expires, archives and deletes old jobs, in seconds (default 120). */
  maintenanceIntervalSeconds?: number;
  /** How often the cron schedules are looked at and their jobs moved on, in seconds (default 30 and 5). */
  cronIntervalSeconds?: { monitor?: number; worker?: number };
  /** pg-boss's schema (default `pgboss`). */
  schema?: string;
}

/** How a queue treats its jobs. Jobs sent to it take these unless they say otherwise. */
export interface QueueOptions {
  /** Attempts after the first failure (default 2). */
  retryLimit?: number;
  /** Seconds before a retry (default 0). */
  retryDelaySeconds?: number;
  /** Doubles the delay after each failure. */
  retryBackoff?: boolean;
  /**
   * A job running longer is failed (and retried): default 15 minutes. It is also how long a job whose
   * process was killed while running it stays `active` before it runs again (plus up to one maintenance
   * interval, 2 min), so short work should say so.
   */
  expireInSeconds?: number;
  /** A queue that receives jobs which failed their last attempt. */
  deadLetter?: string;
}

export interface SendOptions extends QueueOptions {
  /** Send within this transaction: the job exists only if the transaction commits. */
  tx?: Executor;
  /** Not before this instant (or this many seconds from now). */
  startAfter?: Date | number;
  /** A fixed job id (a UUID): sending the same id again while the job exists does nothing. */
  id?: string;
  priority?: number;
}

/** One job of {@link Jobs.sendMany}. */
export interface JobToSend<Data extends object = object> {
  queue: string;
  data: Data;
  /** A fixed job id (a UUID): a job whose id exists already is skipped. */
  id?: string;
  /** Not before this instant. */
  startAfter?: Date;
  priority?: number;
}

/** A job handed to a worker. */
export interface Job<Data> {
  id: string;
  queue: string;
  data: Data;
  /** 0 on the first attempt, 1 on the first retry… */
  retryCount: number;
}

export interface WorkOptions {
  /** Overrides the runner's polling interval for this worker. */
  pollingIntervalSeconds?: number;
}

export interface StopOptions {
  /** Let running jobs finish (default); otherwise fail them at once so they are retried. */
  graceful?: boolean;
  /** How long a graceful stop waits for running jobs, in milliseconds (default 30 000). */
  timeoutMs?: number;
}

/**
 * Durable jobs in the same database (pg-boss): they survive restarts and, on PostgreSQL,
 * spread over every process that works the queue. Made by {@link createJobs}.
 */
export interface Jobs {
  readonly started: boolean;
  /** Installs or upgrades pg-boss's tables when needed and starts maintenance and cron. */
  start(): Promise<void>;
  /** Stops workers, periodic tasks and cron; resolves when nothing of them runs any more. */
  stop(options?: StopOptions): Promise<void>;
  /** Creates a queue (nothing happens when it exists). */
  createQueue(queue: string, options?: QueueOptions): Promise<void>;
  /**
   * Sends a job; answers its id, or `null` when a job with the same `id` exists already.
   * Throws when the queue does not exist.
   */
  send<Data extends object>(queue: string, data: Data, options?: SendOptions): Promise<string | null>;
  /**
   * Sends many jobs in one statement (each takes its queue's retry and expiry policy); jobs whose `id`
   * exists already are skipped. Throws, before inserting anything, when a queue does not exist.
   */
  sendMany(jobs: readonly JobToSend[], options?: { tx?: Executor }): Promise<void>;
  /**
   * Works a queue in this process (creating it when missing): `handler` gets one job at a time;
   * when it throws, the job is retried as the queue says.
   */
  work<Data extends object>(
    queue: string,
    handler: (job: Job<Data>) => Promise<void>,
    options?: WorkOptions,
  ): Promise<void>;
  /** Wakes this process's idle workers of `queue` now instead of at their next poll (e.g. after a commit). */
  notify(queue: string): void;
  /** Sends `data` to `queue` on a cron schedule (`"0 9 * * 1-5"`, in `timeZone`, default UTC). */
  schedule(queue: string, cron: string, data?: object, options?: { timeZone?: string }): Promise<void>;
  unschedule(queue: string): Promise<void>;
  /**
   * Runs `task` in this process every `intervalMs` while started (e.g. the event relay).
   * Never two runs at once; `stop()` waits for the run in progress.
   */
  every(name: string, intervalMs: number, task: () => Promise<void>): PeriodicTask;
  /** The pg-boss instance, for what this interface does not cover. */
  readonly boss: PgBoss;
}

const toBossQueueOptions = (options: QueueOptions): Omit<PgBoss.Queue, "name"> => ({
  ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
  ...(options.retryDelaySeconds !== undefined ? { retryDelay: options.retryDelaySeconds } : {}),
  ...(options.retryBackoff !== undefined ? { retryBackoff: options.retryBackoff } : {}),
  ...(options.expireInSeconds !== undefined ? { expireInSeconds: options.expireInSeconds } : {}),
  ...(options.deadLetter !== undefined ? { deadLetter: options.deadLetter } : {}),
});

// Any constant does; it names "a jobs runner is starting" among advisory locks of this database.
const JOBS_START_LOCK = 7_236_310_402;

/**
 * Makes the jobs runner over `db`. On PGlite it runs in this process through the same
 * engine (PGlite is one process); on PostgreSQL it shares the database's pool.
 * Start it before `work`/`every`; stop it before closing the database.
 */
export function createJobs(db: Database, options: JobsOptions = {}): Jobs {
  const schema = options.schema ?? "pgboss";
  const adapter = bossAdapter(db, { schema, logger: db.logger });
  const boss = new PgBoss({
    db: adapter,
    schema,
    schedule: options.schedule ?? true,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
    ...(options.cronIntervalSeconds?.monitor
      ? { cronMonitorIntervalSeconds: options.cronIntervalSeconds.monitor }
      : {}),
    ...(options.cronIntervalSeconds?.worker
      ? { cronWorkerIntervalSeconds: options.cronIntervalSeconds.worker }
      : {}),
  });
  // Without a listener an `error` event would throw; pg-boss reports polling and maintenance failures here.
  boss.on("error", (error) => db.logger.error({ error: error.message }, "Background jobs reported an error"));

  const workersByQueue = new Map<string, string[]>();
  /** Queues seen to exist (made here, or found in the database once), for `sendMany`. */
  const knownQueues = new Set<string>();
  const tasks = new Set<PeriodicTask>();
  let handlersRunning = 0;
  let started = false;
  let stopping: Promise<void> | undefined;

  const requireStarted = (what: string): void => {
    if (!started) throw new Error(`Start the jobs runner before ${what}`);
  };

  async function createQueue(queue: string, queueOptions: QueueOptions = {}): Promise<void> {
    // Processes starting at once on one PostgreSQL create the same queues (each a partition of
    // pg-boss's job table) at the same moment, and PostgreSQL may end that in a deadlock: the loser's
    // statement is rolled back whole, so it is safe to try again (the queue then exists, or is made).
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(queue, { name: queue, ...toBossQueueOptions(queueOptions) });
        // A queue made before keeps its options unless told: the options given now are the code's
        // current word (e.g. a shorter lease), so they are written over the stored ones.
        if (Object.keys(toBossQueueOptions(queueOptions)).length > 0 && !knownQueues.has(queue)) {
          await boss.updateQueue(queue, { name: queue, ...toBossQueueOptions(queueOptions) });
        }
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== "40P01" || attempt >= 8) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      }
    }
    knownQueues.add(queue);
  }

  async function send<Data extends object>(
    queue: string,
    data: Data,
    sendOptions: SendOptions = {},
  ): Promise<string | null> {
    const { tx, startAfter, id, priority, ...queueOptions } = sendOptions;
    const jobId = await boss.send(queue, data, {
      ...toBossQueueOptions(queueOptions),
      ...(startAfter !== undefined ? { startAfter } : {}),
      ...(id !== undefined ? { id } : {}),
      ...(priority !== undefined ? { priority } : {}),
      ...(tx ? { db: transactionAdapter(tx) } : {}),
    });
    if (jobId === null) {
      const exists = await (tx ?? db).query(`SELECT 1 FROM ${schema}.queue WHERE name = $1`, [queue]);
      if (exists.length === 0) {
        throw new Error(`Queue "${queue}" does not exist: create it with createQueue() or work() first`);
      }
      return null;
    }
    // Wake this process's idle workers of the queue rather than let them wait for their next poll.
    if (!tx) notify(queue);
    return jobId;
  }

  async function sendMany(batch: readonly JobToSend[], sendOptions: { tx?: Executor } = {}): Promise<void> {
    if (batch.length === 0) return;
    const executor = sendOptions.tx ?? db;
    const queues = [...new Set(batch.map((job) => job.queue))];
    const unknown = queues.filter((queue) => !knownQueues.has(queue));
    if (unknown.length > 0) {
      const found = await executor.query<{ name: string }>(
        `SELECT name FROM ${schema}.queue WHERE name = ANY($1::text[])`,
        [unknown],
      );
      for (const { name } of found) knownQueues.add(name);
      const missing = unknown.filter((queue) => !knownQueues.has(queue));
      if (missing.length > 0) {
        throw new Error(`Queue "${missing[0]}" does not exist: create it with createQueue() or work() first`);
      }
    }
    // pg-boss's batch insert joins each job to its queue's policy; one statement for the whole batch.
    await boss.insert(
      batch.map((job) => ({
        name: job.queue,
        data: job.data,
        ...(job.id !== undefined ? { id: job.id } : {}),
        ...(job.startAfter !== undefined ? { startAfter: job.startAfter.toISOString() } : {}),
        ...(job.priority !== undefined ? { priority: job.priority } : {}),
      })),
      { db: transactionAdapter(executor) },
    );
    if (!sendOptions.tx) for (const queue of queues) notify(queue);
  }

  function notify(queue: string): void {
    for (const workerId of workersByQueue.get(queue) ?? []) boss.notifyWorker(workerId);
  }

  async function work<Data extends object>(
    queue: string,
    handler: (job: Job<Data>) => Promise<void>,
    workOptions: WorkOptions = {},
  ): Promise<void> {
    requireStarted(`working queue "${queue}"`);
    await createQueue(queue);
    let workerId: string | undefined;
    workerId = await boss.work<Data>(
      queue,
      {
        batchSize: 1,
        includeMetadata: true,
        ...(workOptions.pollingIntervalSeconds
          ? { pollingIntervalSeconds: workOptions.pollingIntervalSeconds }
          : {}),
      },
      async ([job]: PgBoss.JobWithMetadata<Data>[]) => {
        if (!job) return;
        handlersRunning += 1;
        try {
          await handler({ id: job.id, queue, data: job.data, retryCount: job.retryCount });
        } catch (error) {
          db.logger.warn(
            { queue, jobId: job.id, retryCount: job.retryCount, error: (error as Error).message },
            "A job failed; it is retried while its retry limit allows",
          );
          throw error;
        } finally {
          handlersRunning -= 1;
          // pg-boss waits the whole polling interval after every fetch, even one that found a job: one job
          // per queue every 2 s, so a backlog (deadlines that fell due while no worker ran) took hours.
          // A job was there, so ask again at once; an empty fetch waits as usual.
          if (workerId) boss.notifyWorker(workerId);
        }
      },
    );
    workersByQueue.set(queue, [...(workersByQueue.get(queue) ?? []), workerId]);
  }

  /** Waits until no handler runs and no pg-boss statement is in flight, for good. */
  async function quiesce(deadline: number): Promise<void> {
    for (;;) {
      await adapter.drain();
      // pg-boss completes a job a few microtasks after its handler settles: let those run first.
      await new Promise((resolve) => setImmediate(resolve));
      if (adapter.inFlight === 0 && (handlersRunning === 0 || Date.now() > deadline)) return;
      if (handlersRunning > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function stop(stopOptions: StopOptions = {}): Promise<void> {
    if (!started) return;
    stopping ??= (async () => {
      const graceful = stopOptions.graceful ?? true;
      const timeoutMs = stopOptions.timeoutMs ?? 30_000;
      await Promise.all([...tasks].map((task) => task.stop()));
      tasks.clear();
      await boss.stop({ graceful, timeout: timeoutMs, close: false, wait: true });
      await quiesce(graceful ? Date.now() + timeoutMs : 0);
      workersByQueue.clear();
      started = false;
    })().finally(() => {
      stopping = undefined;
    });
    return stopping;
  }

  return {
    get started() {
      return started;
    },
    boss,
    async start() {
      if (started) return;
      if (db.kind === "postgres") {
        // Processes starting at once on a new database would each install pg-boss's schema, and
        // pg-boss's own lock does not stop the loser from failing ("pgboss already exists"). One
        // process at a time starts here: the others wait on this lock, held in a transaction of its
        // own while pg-boss installs on other connections of the pool, and then find it installed.
        await db.transaction(async (tx) => {
          await tx.query("SELECT pg_advisory_xact_lock($1)", [JOBS_START_LOCK]);
          await boss.start();
        });
      } else {
        await boss.start();
      }
      started = true;
    },
    stop,
    createQueue,
    send,
    sendMany,
    work,
    notify,
    async schedule(queue, cron, data, scheduleOptions = {}) {
      await boss.schedule(queue, cron, data ?? {}, { tz: scheduleOptions.timeZone ?? "UTC" });
    },
    async unschedule(queue) {
      await boss.unschedule(queue);
    },
    every(name, intervalMs, task) {
      requireStarted(`running "${name}"`);
      const periodicTask = periodic(name, intervalMs, task, db.logger);
      tasks.add(periodicTask);
      return periodicTask;
    },
  };
}
