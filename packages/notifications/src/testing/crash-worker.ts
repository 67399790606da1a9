// A notification worker process for the crash tests: delivers over the webhook channel until killed.
// argv: <postgres url | PGlite data folder> <webhook secret> <workers in this process>
import { systemClock } from "@otklik/core";
import { connect, createJobs } from "@otklik/db";
import { webhookChannel } from "../delivery/webhook.js";
import { startNotificationWorkers } from "../delivery/workers.js";

const [target = "", secret = "", concurrencyText = "1"] = process.argv.slice(2);
const db = await connect(target.startsWith("postgres") ? { url: target } : { dataDir: target });
const jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
await jobs.start();
const options = {
  db,
  clock: systemClock,
  jobs,
  senders: { webhook: webhookChannel({ secret, timeoutMs: 5_000 }) },
  leaseSeconds: 5,
  sweepIntervalMs: 500,
  staleAfterSeconds: 5,
};
await startNotificationWorkers(options);
// More workers of the same queue in this process (each takes one job at a time).
for (let index = 1; index < Number(concurrencyText); index++) {
  await jobs.work<{ notificationId: string }>("notifications.deliver", async (job) => {
    jobs.notify("notifications.deliver");
    const { deliverNotification } = await import("../delivery/deliver.js");
    await deliverNotification(options, job.data.notificationId);
  });
}
process.stdout.write("working\n");
// Tells the parent how many notifications still wait, so it knows when all are recorded delivered.
setInterval(async () => {
  const [row] = await db.query<{ waiting: number }>(
    "SELECT count(*)::int AS waiting FROM notifications WHERE state IN ('queued', 'sending')",
  );
  process.stdout.write(`waiting ${row?.waiting ?? -1}\n`);
}, 250);
