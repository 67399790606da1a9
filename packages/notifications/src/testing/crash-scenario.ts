// Commits notifications, then delivers them with a separate worker process that is killed with
// SIGKILL several times mid-delivery and restarted; counts what a webhook receiver got.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { systemClock } from "@otklik/core";
import { connect, createJobs, type Database, dbMigrations, migrate, withTransaction } from "@otklik/db";
import { identityMigrations } from "@otklik/identity";
import { DELIVERY_QUEUE } from "../context.js";
import { notify } from "../delivery/notify.js";
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from "../delivery/senders.js";
import { notificationsMigrations } from "../migrations.js";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface CrashReport {
  notifications: number;
  kills: number;
  /** Distinct idempotency keys the receiver got: every notification once. */
  receivedDistinct: number;
  /** Requests in all; the surplus are repeats of a notification in flight when its worker died. */
  receivedTotal: number;
  repeats: number;
  deliveredInDatabase: number;
  badSignatures: number;
  commitMs: number;
  deliverMs: number;
}

/** Opens the database of the scenario (a PostgreSQL URL or a PGlite data folder). */
function open(target: string): Promise<Database> {
  return connect(target.startsWith("postgres") ? { url: target } : { dataDir: target });
}

/** Writes `count` webhook notifications, each with its delivery job, in transactions of 200. */
export async function commitNotifications(target: string, count: number, webhookUrl: string): Promise<void> {
  const db = await open(target);
  try {
    await migrate(db, [dbMigrations, identityMigrations, notificationsMigrations]);
    const jobs = createJobs(db, { schedule: false });
    await jobs.start();
    await jobs.createQueue(DELIVERY_QUEUE);
    for (let start = 0; start < count; start += 200) {
      await withTransaction(db, async (tx) => {
        for (let index = start; index < Math.min(count, start + 200); index++) {
          await notify(
            tx,
            systemClock,
            {
              kind: "publication_published",
              key: `crash:${index}`,
              variables: { title: `Новость ${index}`, channel: "сайт" },
              recipients: [{ webhookUrl }],
            },
            { jobs },
          );
        }
      });
    }
    await jobs.stop();
  } finally {
    await db.close();
  }
}

function startWorker(
  target: string,
  secret: string,
  concurrency: number,
): { child: ChildProcess; exited: Promise<void>; waiting: () => number } {
  const child = spawn(
    process.execPath,
    [
      "--import",
      path.join(here, "register-typescript.mjs"),
      path.join(here, "crash-worker.ts"),
      target,
      secret,
      String(concurrency),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let waiting = Number.POSITIVE_INFINITY;
  child.stdout?.on("data", (chunk: Buffer) => {
    const last = /waiting (-?\d+)\n(?![\s\S]*waiting)/.exec(chunk.toString());
    if (last) waiting = Number(last[1]);
  });
  return { child, exited, waiting: () => waiting };
}

/**
 * Runs the scenario: commit, then work with a worker process killed `kills` times (after every
 * `count / (kills + 1)` deliveries it makes), restarting it each time, until every notification is
 * delivered. `target` must be a migrated-or-empty database the caller owns.
 */
export async function runCrashScenario(args: {
  target: string;
  count: number;
  kills: number;
  concurrency?: number;
  timeoutMs?: number;
}): Promise<CrashReport> {
  const secret = "crash-secret";
  const received = new Map<string, number>();
  let receivedTotal = 0;
  let badSignatures = 0;
  let onRequest: () => void = () => {};
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (request.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] !== signWebhookBody(body, secret))
        badSignatures += 1;
      const key = String(request.headers["idempotency-key"]);
      received.set(key, (received.get(key) ?? 0) + 1);
      receivedTotal += 1;
      response.writeHead(200).end("{}");
      onRequest();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    const committing = performance.now();
    await commitNotifications(args.target, args.count, url);
    const commitMs = performance.now() - committing;

    const delivering = performance.now();
    const deadline = Date.now() + (args.timeoutMs ?? 120_000);
    const step = Math.max(1, Math.floor(args.count / (args.kills + 1)));
    for (let kill = 0; kill < args.kills; kill++) {
      const { child, exited } = startWorker(args.target, secret, args.concurrency ?? 1);
      const goal = Math.min(args.count - 1, (kill + 1) * step);
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (Date.now() > deadline)
            reject(new Error(`timed out before kill ${kill + 1}: ${received.size} received`));
        }, 200);
        onRequest = () => {
          if (received.size >= goal) {
            clearInterval(timer);
            resolve();
          }
        };
        void exited.then(() => reject(new Error("the worker exited by itself")));
      });
      onRequest = () => {};
      child.kill("SIGKILL");
      await exited;
    }
    const { child, exited, waiting } = startWorker(args.target, secret, args.concurrency ?? 1);
    try {
      // Done when the worker reports nothing waiting: every notification recorded delivered.
      while (received.size < args.count || waiting() !== 0) {
        if (Date.now() > deadline) throw new Error(`timed out: ${received.size} of ${args.count} received`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
    const deliverMs = performance.now() - delivering;
    const db = await open(args.target);
    let deliveredInDatabase = 0;
    try {
      const [row] = await db.query<{ delivered: number }>(
        "SELECT count(*)::int AS delivered FROM notifications WHERE state = 'delivered'",
      );
      deliveredInDatabase = row?.delivered ?? 0;
    } finally {
      await db.close();
    }
    return {
      notifications: args.count,
      kills: args.kills,
      receivedDistinct: received.size,
      receivedTotal,
      repeats: receivedTotal - received.size,
      deliveredInDatabase,
      badSignatures,
      commitMs: Math.round(commitMs),
      deliverMs: Math.round(deliverMs),
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
