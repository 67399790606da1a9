import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withTransaction } from "../connection/transaction.js";
import { createTestDatabase, type TestDatabase, testBackends } from "../testing/index.js";
import { createJobs, type Job, type Jobs } from "./jobs.js";

const within = { timeout: 10_000, interval: 20 };

describe.each(testBackends())("jobs on %s", (backend) => {
  let db: TestDatabase;
  let jobs: Jobs;
  beforeAll(async () => {
    db = await createTestDatabase({ backend });
  });
  afterAll(() => db.close());
  afterEach(async () => {
    await jobs?.stop();
  });

  const startJobs = async (): Promise<Jobs> => {
    jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    return jobs;
  };

  it("delivers a sent job to the queue's worker", async () => {
    await startJobs();
    const received: Job<{ incidentId: string }>[] = [];
    await jobs.work<{ incidentId: string }>("deliver", async (job) => {
      received.push(job);
    });
    const id = await jobs.send("deliver", { incidentId: "inc_1" });
    await vi.waitFor(() => expect(received).toHaveLength(1), within);
    expect(received[0]).toMatchObject({ id, queue: "deliver", data: { incidentId: "inc_1" }, retryCount: 0 });
  });

  it("retries a failing job until it succeeds", async () => {
    await startJobs();
    const attempts: number[] = [];
    await jobs.createQueue("flaky", { retryLimit: 3, retryDelaySeconds: 0 });
    await jobs.work("flaky", async (job) => {
      attempts.push(job.retryCount);
      if (attempts.length < 3) throw new Error("the social network is down");
    });
    await jobs.send("flaky", { post: "pub_1" });
    await vi.waitFor(() => expect(attempts).toEqual([0, 1, 2]), within);
  });

  it("sends a job inside a transaction only if it commits", async () => {
    await startJobs();
    await jobs.createQueue("transactional");
    await withTransaction(db, (tx) => jobs.send("transactional", { kept: true }, { tx }));
    await expect(
      withTransaction(db, async (tx) => {
        await jobs.send("transactional", { kept: false }, { tx });
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    const rows = await db.query<{ data: { kept: boolean } }>(
      "SELECT data FROM pgboss.job WHERE name = 'transactional'",
    );
    expect(rows.map((row) => row.data)).toEqual([{ kept: true }]);
  });

  it("gives a queue made before the options its code now names (a shorter lease), keeping the rest", async () => {
    await startJobs();
    await jobs.createQueue("leased", { retryLimit: 4 });
    await jobs.stop();
    // The next version of the code, in a new process: the same queue with a 2-minute lease.
    await startJobs();
    await jobs.createQueue("leased", { expireInSeconds: 120 });
    const [queue] = await db.query<{ retry_limit: number; expire_seconds: number }>(
      "SELECT retry_limit, expire_seconds FROM pgboss.queue WHERE name = 'leased'",
    );
    expect(queue).toEqual({ retry_limit: 4, expire_seconds: 120 });
  });

  it("refuses to send to a queue that does not exist", async () => {
    await startJobs();
    await expect(jobs.send("nowhere", {})).rejects.toThrow('Queue "nowhere" does not exist');
  });

  it("sends a job with a fixed id only once", async () => {
    await startJobs();
    await jobs.createQueue("once");
    const id = "5f0c3c8e-4c1a-4b8e-9d47-2a6f4f0b1c11";
    expect(await jobs.send("once", {}, { id })).toBe(id);
    expect(await jobs.send("once", {}, { id })).toBeNull();
  });

  it("sends many jobs in one statement, each under its queue's policy, skipping ids that exist", async () => {
    await startJobs();
    await jobs.createQueue("many-a", { retryLimit: 5 });
    await jobs.createQueue("many-b");
    const existing = "6a0c3c8e-4c1a-4b8e-9d47-2a6f4f0b1c12";
    await jobs.send("many-a", { n: 0 }, { id: existing });
    const later = new Date(Date.now() + 3_600_000);
    await withTransaction(db, (tx) =>
      jobs.sendMany(
        [
          { queue: "many-a", data: { n: 1 }, id: existing },
          { queue: "many-a", data: { n: 2 } },
          { queue: "many-b", data: { n: 3 }, startAfter: later },
        ],
        { tx },
      ),
    );
    const rows = await db.query<{
      name: string;
      data: { n: number };
      retry_limit: number;
      start_after: Date;
    }>(
      "SELECT name, data, retry_limit, start_after FROM pgboss.job WHERE name LIKE 'many-%' ORDER BY data->>'n'",
    );
    expect(rows.map((row) => [row.name, row.data.n, row.retry_limit])).toEqual([
      ["many-a", 0, 5],
      ["many-a", 2, 5],
      ["many-b", 3, 2],
    ]);
    expect(new Date(rows[2]!.start_after).getTime()).toBe(later.getTime());
    await expect(
      jobs.sendMany([
        { queue: "many-a", data: {} },
        { queue: "nowhere", data: {} },
      ]),
    ).rejects.toThrow('Queue "nowhere" does not exist');
    const [count] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'many-a'",
    );
    expect(count!.n).toBe(2);
  });

  it("works a backlog without waiting the polling interval between jobs", async () => {
    // pg-boss alone waits the whole interval after every fetch: 30 jobs at one per 2 s would take a minute.
    jobs = createJobs(db, { pollingIntervalSeconds: 2, schedule: false });
    await jobs.start();
    await jobs.createQueue("backlog");
    await withTransaction(db, async (tx) => {
      for (let index = 0; index < 30; index++) await jobs.send("backlog", { index }, { tx });
    });
    const done: number[] = [];
    const started = performance.now();
    await jobs.work<{ index: number }>("backlog", async (job) => {
      done.push(job.data.index);
    });
    await vi.waitFor(() => expect(done).toHaveLength(30), { timeout: 20_000, interval: 50 });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(new Set(done).size).toBe(30);
  });

  it("lets a running job finish on a graceful stop, and works no more after it", async () => {
    await startJobs();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const finished: string[] = [];
    let started = false;
    await jobs.work<{ name: string }>("slow", async (job) => {
      started = true;
      await gate;
      finished.push(job.data.name);
    });
    await jobs.send("slow", { name: "first" });
    await vi.waitFor(() => expect(started).toBe(true), within);

    const stopped = jobs.stop({ graceful: true });
    let stopResolved = false;
    void stopped.then(() => {
      stopResolved = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopResolved).toBe(false);
    release();
    await stopped;
    expect(finished).toEqual(["first"]);
    const [job] = await db.query<{ state: string }>("SELECT state FROM pgboss.job WHERE name = 'slow'");
    expect(job?.state).toBe("completed");
    expect(jobs.started).toBe(false);
  });

  it("runs a periodic task until stopped, and on demand", async () => {
    await startJobs();
    let runs = 0;
    const task = jobs.every("count", 60_000, async () => {
      runs += 1;
    });
    await task.runNow();
    await task.runNow();
    expect(runs).toBe(2);
    await jobs.stop();
    await task.runNow();
    expect(runs).toBe(2);
  });

  it("refuses to work before it is started", async () => {
    jobs = createJobs(db);
    await expect(jobs.work("early", async () => {})).rejects.toThrow("Start the jobs runner before");
  });

  it("sends scheduled jobs on their cron schedule", async () => {
    jobs = createJobs(db, { pollingIntervalSeconds: 0.5, cronIntervalSeconds: { monitor: 1, worker: 1 } });
    await jobs.start();
    const received: unknown[] = [];
    await jobs.work("digest", async (job) => {
      received.push(job.data);
    });
    await jobs.schedule("digest", "* * * * *", { kind: "daily digest" });
    await vi.waitFor(() => expect(received).toEqual([{ kind: "daily digest" }]), within);
    await jobs.unschedule("digest");
  });
});
