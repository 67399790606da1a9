import { manualClock, systemClock } from "@otklik/core";
import { connect, createJobs, type Database, type Jobs, withTransaction } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DELIVERY_QUEUE } from "../context.js";
import { notificationsMigrations } from "../migrations.js";
import { deliverNotification } from "./deliver.js";
import { deliveryJobId } from "./job-id.js";
import { notify } from "./notify.js";
import type { ChannelSender } from "./senders.js";

describe.each(testBackends())("delivery workers on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, notificationsMigrations] });
  }, 60_000);
  afterAll(() => db?.close());

  it("two workers never deliver the same notification twice", { timeout: 60_000 }, async () => {
    // On PostgreSQL each runner has its own connection pool, as two processes would.
    const second: Database = backend === "postgres" ? await connect({ url: db.url! }) : db;
    const runners: Jobs[] = [db, second].map((each) =>
      createJobs(each, { pollingIntervalSeconds: 0.5, schedule: false }),
    );
    const deliveries = new Map<string, number>();
    const byRunner = [0, 0];
    try {
      for (const [index, jobs] of runners.entries()) {
        await jobs.start();
        const sender: ChannelSender = async (notification) => {
          deliveries.set(notification.id, (deliveries.get(notification.id) ?? 0) + 1);
          byRunner[index]! += 1;
          await new Promise((resolve) => setTimeout(resolve, 2));
          return "delivered";
        };
        const deps = {
          db: index === 0 ? db : second,
          clock: systemClock,
          senders: { telegram: sender },
          jobs,
        };
        // Two workers per runner; every notification also gets a second job, so they race for it.
        for (let worker = 0; worker < 2; worker++) {
          await jobs.work<{ notificationId: string }>(DELIVERY_QUEUE, async (job) => {
            jobs.notify(DELIVERY_QUEUE);
            await deliverNotification(deps, job.data.notificationId);
          });
        }
      }
      const count = 120;
      const ids = await withTransaction(db, async (tx) => {
        const written: string[] = [];
        for (let index = 0; index < count; index++) {
          const [item] = await notify(
            tx,
            systemClock,
            {
              kind: "publication_published",
              key: `race:${index}`,
              variables: { title: `Новость ${index}`, channel: "Telegram" },
              recipients: [{ telegramChatId: "-1001" }],
            },
            { jobs: runners[0]! },
          );
          await runners[1]!.send(
            DELIVERY_QUEUE,
            { notificationId: item!.id },
            { tx, id: deliveryJobId(item!.id, "twin") },
          );
          written.push(item!.id);
        }
        return written;
      });
      for (const jobs of runners) jobs.notify(DELIVERY_QUEUE);
      await vi.waitFor(
        async () => {
          const [row] = await db.query<{ delivered: number }>(
            "SELECT count(*)::int AS delivered FROM notifications WHERE id = ANY($1::text[]) AND state = 'delivered'",
            [ids],
          );
          expect(row!.delivered).toBe(count);
        },
        { timeout: 45_000, interval: 200 },
      );
      expect(deliveries.size).toBe(count);
      expect([...deliveries.values()].every((times) => times === 1)).toBe(true);
      if (backend === "postgres") expect(byRunner.every((share) => share > 0)).toBe(true);
    } finally {
      for (const jobs of runners) await jobs.stop();
      if (second !== db) await second.close();
    }
  });

  it("let a worker take over a notification whose worker died while holding it", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    const [item] = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "publication_published",
        key: "takeover",
        variables: { title: "Новость", channel: "Telegram" },
        recipients: [{ telegramChatId: "-1002" }],
      }),
    );
    // The first worker claims it and "dies" inside the sender.
    const dying: ChannelSender = () => new Promise(() => {});
    void deliverNotification({ db, clock, senders: { telegram: dying }, leaseSeconds: 60 }, item!.id);
    await vi.waitFor(async () => {
      const [row] = await db.query<{ state: string }>("SELECT state FROM notifications WHERE id = $1", [
        item!.id,
      ]);
      expect(row!.state).toBe("sending");
    });
    const sender: ChannelSender = async () => "delivered";
    expect(await deliverNotification({ db, clock, senders: { telegram: sender } }, item!.id)).toEqual({
      outcome: "skipped",
    });
    clock.advance(61_000);
    expect(await deliverNotification({ db, clock, senders: { telegram: sender } }, item!.id)).toMatchObject({
      outcome: "delivered",
      attempt: 2,
    });
  });
});
