import { manualClock } from "@otklik/core";
import { createJobs } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notify } from "../delivery/notify.js";
import { notificationsMigrations } from "../migrations.js";
import { updateMyPreferences } from "../preferences/preference-store.js";
import { type Organisation, seedOrganisation } from "../testing/organisation.js";
import type { DigestIncident } from "./digest.js";
import { DIGEST_QUEUES, digestCrons, previousWeekStart, startDigestSchedule } from "./schedule.js";
import { sendDailyDigests, sendWeeklyDigest } from "./send-digests.js";

const ZONE = "Asia/Krasnoyarsk";

describe("digest schedule", () => {
  it("turns local times into cron expressions for the city's zone", () => {
    expect(digestCrons({})).toEqual({ daily: "0 8 * * *", weekly: "0 9 * * 1" });
    expect(digestCrons({ dailyAt: "07:30", weeklyDay: "fri", weeklyAt: "17:05" })).toEqual({
      daily: "30 7 * * *",
      weekly: "5 17 * * 5",
    });
    expect(() => digestCrons({ dailyAt: "25:00" })).toThrow();
  });

  it("reports on the last full week, by the city's calendar", () => {
    // Monday 30 November 2026, 09:00 in Abakan (02:00 UTC).
    expect(previousWeekStart(new Date("2026-11-30T02:00:00Z"), ZONE)).toBe("2026-11-23");
    // Sunday 29 November 23:30 in Abakan is still the week of 23 November: the last full one began the 16th.
    expect(previousWeekStart(new Date("2026-11-29T16:30:00Z"), ZONE)).toBe("2026-11-16");
    // Monday 00:30 in Abakan is Sunday in UTC.
    expect(previousWeekStart(new Date("2026-11-29T17:30:00Z"), ZONE)).toBe("2026-11-23");
  });
});

describe.each(testBackends())("digests on %s", (backend) => {
  let db: TestDatabase;
  let org: Organisation;
  // 08:00 Friday 27 November in Abakan.
  const clock = manualClock("2026-11-27T01:00:00Z");
  const incident = (id: string, overrides: Partial<DigestIncident> = {}): DigestIncident => ({
    id,
    number: `2026-${id}`,
    title: `Обращение ${id}`,
    departmentId: org.departmentId,
    open: true,
    dueAt: null,
    breached: false,
    createdAt: new Date("2026-11-24T03:00:00Z"),
    resolvedAt: null,
    ...overrides,
  });

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, notificationsMigrations] });
    org = await seedOrganisation(db, clock);
  }, 60_000);
  afterAll(() => db?.close());

  it("send a head one daily digest however often the job runs, with what they chose to collect", async () => {
    const head = {
      kind: "user" as const,
      userId: org.headId,
      roles: ["head" as const],
      departmentId: org.departmentId,
      sessionId: null,
      address: null,
    };
    await updateMyPreferences(
      { db, clock, actor: head },
      { kinds: { citizen_wrote_again: { digest: true } } },
    );
    await notify(db, clock, {
      kind: "citizen_wrote_again",
      key: "collected-1",
      variables: { number: "2026-000007", text: "Опять" },
      recipients: [{ userId: org.headId }],
    });
    const incidents = [
      incident("000001", { dueAt: new Date("2026-11-27T10:00:00Z") }),
      incident("000002", { dueAt: new Date("2026-11-26T10:00:00Z"), breached: true }),
      incident("000003"),
    ];
    const first = await sendDailyDigests({ db, clock, incidents, timeZone: ZONE });
    // A second tick the same day (two processes, a retried job): nothing more is sent and
    // what the head collects meanwhile waits for tomorrow.
    await notify(db, clock, {
      kind: "citizen_wrote_again",
      key: "collected-2",
      variables: { number: "2026-000008", text: "Снова" },
      recipients: [{ userId: org.headId }],
    });
    const second = await sendDailyDigests({ db, clock, incidents, timeZone: ZONE });
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual([]);
    const digests = await db.query<{ subject: string; body: string }>(
      "SELECT subject, body FROM notifications WHERE kind = 'daily_digest' AND channel = 'in_app' AND recipient_user_id = $1",
      [org.headId],
    );
    expect(digests).toEqual([
      {
        subject: "Сводка на 27.11.2026: 3 открытых обращения",
        body: [
          "Открыто: 3 обращения. Срок сегодня: 1. Просрочено: 1.",
          "! 2026-000002 Обращение 000002",
          "• 2026-000001 Обращение 000001",
          "◦ Житель снова написал по обращению 2026-000007",
        ].join("\n"),
      },
    ]);
    clock.advance(24 * 60 * 60_000);
    await sendDailyDigests({ db, clock, incidents, timeZone: ZONE });
    const [tomorrow] = await db.query<{ body: string }>(
      "SELECT body FROM notifications WHERE kind = 'daily_digest' AND channel = 'in_app' AND idempotency_key LIKE 'daily:%:2026-11-28|%'",
    );
    expect(tomorrow!.body).toContain("◦ Житель снова написал по обращению 2026-000008");
    expect(tomorrow!.body).not.toContain("2026-000007");
  });

  it("send the office one weekly digest per week", async () => {
    const args = {
      db,
      clock,
      incidents: [incident("000010"), incident("000011", { open: false })],
      weekStart: "2026-11-23",
      recipientUserIds: [org.executorId],
      timeZone: ZONE,
    };
    expect((await sendWeeklyDigest(args)).length).toBeGreaterThan(0);
    expect(await sendWeeklyDigest(args)).toEqual([]);
  });

  it("are durable cron schedules of the jobs runner in the city's zone", async () => {
    const jobs = createJobs(db, { schedule: false });
    await jobs.start();
    try {
      let ran = 0;
      const crons = await startDigestSchedule({
        jobs,
        timeZone: ZONE,
        schedule: { dailyAt: "07:45" },
        daily: async () => {
          ran += 1;
        },
        weekly: async () => {},
      });
      expect(crons.daily).toBe("45 7 * * *");
      const schedules = await db.query<{ name: string; cron: string; timezone: string }>(
        "SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name",
      );
      expect(schedules).toEqual([
        { name: DIGEST_QUEUES.daily, cron: "45 7 * * *", timezone: ZONE },
        { name: DIGEST_QUEUES.weekly, cron: "0 9 * * 1", timezone: ZONE },
      ]);
      // What the cron sends is worked here.
      await jobs.send(DIGEST_QUEUES.daily, {});
      await expect.poll(() => ran, { timeout: 20_000 }).toBe(1);
    } finally {
      await jobs.stop();
    }
  });
});
