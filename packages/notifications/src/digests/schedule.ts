import type { Jobs } from "@otklik/db";
import { z } from "zod";
import { localDate } from "./digest.js";

/** The queues the digests' cron schedules send to. */
export const DIGEST_QUEUES = {
  daily: "notifications.daily-digest",
  weekly: "notifications.weekly-digest",
} as const;

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: "Время ЧЧ:ММ / Time HH:MM",
});
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** When the digests go, in the city's zone: the daily one at `dailyAt`, the weekly one on `weeklyDay` at `weeklyAt`. */
export const DigestSchedule = z.object({
  dailyAt: ClockTime.default("08:00"),
  weeklyDay: z.enum(WEEKDAYS).default("mon"),
  weeklyAt: ClockTime.default("09:00"),
});
export type DigestSchedule = z.infer<typeof DigestSchedule>;

/** The cron expressions (minute hour day month weekday) of a digest schedule. */
export function digestCrons(schedule: z.input<typeof DigestSchedule>): { daily: string; weekly: string } {
  const parsed = DigestSchedule.parse(schedule);
  const cron = (time: string, weekday: string) => {
    const [hour, minute] = time.split(":").map(Number) as [number, number];
    return `${minute} ${hour} * * ${weekday}`;
  };
  return {
    daily: cron(parsed.dailyAt, "*"),
    weekly: cron(parsed.weeklyAt, String(WEEKDAYS.indexOf(parsed.weeklyDay) + 1)),
  };
}

/**
 * The first day (local date, a Monday) of the last full week before `now` in `timeZone`: on
 * Monday 30 November 2026 it is 23 November.
 */
export function previousWeekStart(now: Date, timeZone: string): string {
  const today = localDate(now, timeZone);
  const day = new Date(`${today}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday - 7);
  return day.toISOString().slice(0, 10);
}

/**
 * Schedules the daily and weekly digests as durable cron jobs of pg-boss in the city's zone (one
 * job per tick, whichever process is up) and works their queues here. What a run sends is keyed
 * by the day (week) and recipient, so a tick delivered twice, or a run by hand, sends one digest.
 */
export async function startDigestSchedule(args: {
  jobs: Jobs;
  timeZone: string;
  schedule?: z.input<typeof DigestSchedule>;
  daily: () => Promise<unknown>;
  weekly: () => Promise<unknown>;
}): Promise<{ daily: string; weekly: string }> {
  const crons = digestCrons(args.schedule ?? {});
  // A missed tick is not worth a retry storm: the next run covers the next period, and a retried
  // run is harmless (keyed), so two retries a minute apart are enough for a passing fault.
  const options = { retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 15 * 60 };
  await args.jobs.createQueue(DIGEST_QUEUES.daily, options);
  await args.jobs.createQueue(DIGEST_QUEUES.weekly, options);
  await args.jobs.work(DIGEST_QUEUES.daily, async () => {
    await args.daily();
  });
  await args.jobs.work(DIGEST_QUEUES.weekly, async () => {
    await args.weekly();
  });
  await args.jobs.schedule(DIGEST_QUEUES.daily, crons.daily, {}, { timeZone: args.timeZone });
  await args.jobs.schedule(DIGEST_QUEUES.weekly, crons.weekly, {}, { timeZone: args.timeZone });
  return crons;
}
