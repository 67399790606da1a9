import { readFileSync } from "node:fs";
import { isOtklikError } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { ABAKAN_SLA_POLICY } from "@otklik/sla";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentContext } from "../context.js";
import { getIncident } from "../desk/read-incidents.js";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import {
  addCalendarDay,
  createSlaSettingsStore,
  describeCalendarMonth,
  importProductionCalendar,
  listCalendarDays,
  listSlaPolicyVersions,
  previewSlaPolicy,
  removeCalendarDay,
  type SlaSettingsStore,
  saveSlaPolicy,
} from "./sla-settings.js";

const SAMPLE_2026 = readFileSync(new URL("./fixtures/production-calendar-2026.csv", import.meta.url), "utf8");

/** Abakan's policy with the platform's answer due in `minutes` working minutes of the office calendar. */
function policyWithAnswerIn(minutes: number): Record<string, unknown> {
  const policy = structuredClone(ABAKAN_SLA_POLICY) as unknown as {
    rules: { name: string; targets: Record<string, { target: { amount: number } }> }[];
  };
  const fallback = policy.rules.find((rule) => rule.name === "default")!;
  fallback.targets["platform-answer"]!.target.amount = minutes;
  return policy as unknown as Record<string, unknown>;
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (isOtklikError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error("expected a refusal");
}

let counter = 0;

describe.each(testBackends())("SLA settings kept in the database on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  let store: SlaSettingsStore;
  let admin: IncidentContext;
  let system: IncidentContext;

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
    store = createSlaSettingsStore({ db });
    admin = {
      ...world.system,
      actor: {
        kind: "user",
        userId: "usr_admin",
        roles: ["admin"],
        departmentId: null,
        sessionId: null,
        address: null,
      },
    };
    system = { ...world.system, sla: store.settings };
  });
  afterAll(() => db.close());

  /** A platform incident received now (Friday 27 November 2026, 10:00 in Abakan); its platform-answer deadline. */
  async function answerDeadline(): Promise<{ id: string; dueAt: string | null }> {
    counter += 1;
    await store.fresh();
    const { incidentId } = await receivePlatformIncident(system, {
      type: "incident",
      id: `sla-settings-${backend}-${counter}`,
      createdAt: world.clock.now().toISOString(),
      text: "Во дворе дома на Ленина не вывозят мусор уже неделю",
      source: { network: "vk", authorName: "Житель" },
    });
    return { id: incidentId, dueAt: await answerDue(incidentId) };
  }
  async function answerDue(incidentId: string): Promise<string | null> {
    const detail = await getIncident({ ...world.operator, sla: store.settings }, incidentId);
    return (detail.sla.find((metric) => metric.metric === "platform-answer")?.dueAt as string) ?? null;
  }

  it("moves a new incident's deadline past a regional holiday added in the settings", async () => {
    // 9 working hours from Friday 10:00: 6 on Friday, 3 on Monday 30 November → Monday 11:00 (+07).
    const before = await answerDeadline();
    expect(before.dueAt).toBe("2026-11-30T04:00:00.000Z");

    const day = await addCalendarDay(admin, store, "office", {
      date: "2026-11-30",
      kind: "non-working",
      note: "Региональный праздник / Regional holiday",
    });
    expect(day).toMatchObject({ calendar: "office", date: "2026-11-30", source: "regional" });

    const after = await answerDeadline();
    expect(after.dueAt).toBe("2026-12-01T04:00:00.000Z"); // Tuesday 11:00
    // The office is closed that day for every open incident: calendars are not versioned.
    expect(await answerDue(before.id)).toBe("2026-12-01T04:00:00.000Z");

    await removeCalendarDay(admin, store, "office", "2026-11-30");
    expect((await answerDeadline()).dueAt).toBe("2026-11-30T04:00:00.000Z");
    expect((await rejection(removeCalendarDay(admin, store, "office", "2026-11-30"))).code).toBe("not_found");
  });

  it("measures new incidents by a new policy version and keeps the older incidents' deadlines", async () => {
    const older = await answerDeadline();
    const saved = await saveSlaPolicy(admin, store, {
      policy: policyWithAnswerIn(600),
      note: "10 часов / 10 hours",
      expectedVersion: 1,
    });
    expect(saved).toMatchObject({ version: 2, current: true, note: "10 часов / 10 hours" });
    const newer = await answerDeadline();
    expect(newer.dueAt).toBe("2026-11-30T05:00:00.000Z"); // Monday 12:00: one more working hour
    expect(await answerDue(older.id)).toBe("2026-11-30T04:00:00.000Z");

    const versions = await listSlaPolicyVersions(admin, store);
    expect(versions.map((version) => [version.version, version.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    // A save from a stale editor is refused.
    expect(
      (await rejection(saveSlaPolicy(admin, store, { policy: policyWithAnswerIn(480), expectedVersion: 1 })))
        .code,
    ).toBe("conflict");
    // Another process (a second store on the same database) sees version 2 at its next look.
    const other = createSlaSettingsStore({ db, ttlMs: 0 });
    await other.fresh();
    expect(other.settings.policyVersion).toBe(2);
  });

  it("refuses an invalid policy with the paths of its problems, and non-administrators", async () => {
    const broken = policyWithAnswerIn(600) as { rules: { name: unknown }[] };
    broken.rules[0]!.name = 5;
    const invalid = await rejection(saveSlaPolicy(admin, store, { policy: broken }));
    expect(invalid.code).toBe("validation_failed");
    expect(invalid.details).toEqual([expect.objectContaining({ path: ["policy", "rules", 0, "name"] })]);

    const unknownCalendar = policyWithAnswerIn(600) as {
      rules: { targets: Record<string, { calendar?: string }> }[];
    };
    unknownCalendar.rules[3]!.targets["platform-answer"]!.calendar = "lunar";
    const noCalendar = await rejection(saveSlaPolicy(admin, store, { policy: unknownCalendar }));
    expect(noCalendar.details).toEqual([
      expect.objectContaining({ path: ["policy", "rules", 3, "targets", "platform-answer", "calendar"] }),
    ]);

    expect(
      (await rejection(saveSlaPolicy(world.operator, store, { policy: policyWithAnswerIn(60) }))).code,
    ).toBe("forbidden");
    expect((await rejection(listCalendarDays(world.operator, "office"))).code).toBe("forbidden");
    expect((await rejection(listCalendarDays(admin, "lunar"))).code).toBe("not_found");
  });

  it("previews a draft's deadlines in the city's zone, on the stored calendars", async () => {
    const preview = await previewSlaPolicy(admin, store, {
      policy: policyWithAnswerIn(540),
      receivedAt: "2026-07-02T10:00:00+07:00",
    });
    const answer = preview.metrics.find((metric) => metric.metric === "platform-answer")!;
    // Thursday 2 July 10:00 + 9 working hours → Friday 3 July 11:00.
    expect(answer).toMatchObject({ calendar: "office", rule: "default", dueAtLocal: "2026-07-03 11:00" });
    expect(preview.timeZone).toBe("Asia/Krasnoyarsk");

    // Khakassia's Day of the Republic, 3 July, added by hand: the deadline moves to Monday 6 July.
    await addCalendarDay(admin, store, "office", {
      date: "2026-07-03",
      note: "День Республики Хакасия / Day of the Republic of Khakassia",
    });
    const moved = await previewSlaPolicy(admin, store, {
      policy: policyWithAnswerIn(540),
      receivedAt: "2026-07-02T10:00:00+07:00",
    });
    expect(moved.metrics.find((metric) => metric.metric === "platform-answer")?.dueAtLocal).toBe(
      "2026-07-06 11:00",
    );
    // The month as the desk counts it: the built-in 12 June holiday, the stored 3 July with its source.
    const july = await describeCalendarMonth(admin, store, "office", 2026, 7);
    expect(july).toHaveLength(31);
    expect(july.find((day) => day.date === "2026-07-03")).toMatchObject({
      kind: "non-working",
      source: "regional",
    });
    expect(july.find((day) => day.date === "2026-07-04")).toMatchObject({
      kind: "non-working",
      source: null,
    });
    expect(july.find((day) => day.date === "2026-07-06")).toMatchObject({ kind: "working", source: null });
    const june = await describeCalendarMonth(admin, store, "office", 2026, 6);
    expect(june.find((day) => day.date === "2026-06-12")).toMatchObject({
      kind: "non-working",
      source: null,
    });
    expect(june.find((day) => day.date === "2026-06-11")?.kind).toBe("shortened");
    const duty = await describeCalendarMonth(admin, store, "duty", 2026, 6);
    expect(duty.find((day) => day.date === "2026-06-13")?.kind).toBe("working"); // the desk works on Saturdays
    expect((await rejection(describeCalendarMonth(admin, store, "office", 2026, 13))).code).toBe(
      "validation_failed",
    );
    const saved = await previewSlaPolicy(admin, store, {
      version: 1,
      receivedAt: "2026-07-02T10:00:00+07:00",
    });
    expect(saved.version).toBe(1);
    expect(
      (await rejection(previewSlaPolicy(admin, store, { version: 99, receivedAt: "2026-07-02T10:00:00Z" })))
        .code,
    ).toBe("not_found");
  });

  it("imports the production calendar, keeping the city's own days, and refuses a broken file whole", async () => {
    const imported = await importProductionCalendar(admin, store, "office", SAMPLE_2026);
    // 3 July is the regional day added above: the file has nothing for it, so it is kept beside the file's days.
    expect(imported.years).toEqual([{ year: 2026, workingDays: 247, days: 18, keptOwnDays: 0 }]);
    const days = await listCalendarDays(admin, "office", { year: 2026 });
    expect(days.find((day) => day.date === "2026-01-09")).toMatchObject({
      kind: "non-working",
      source: "production-calendar",
    });
    expect(days.find((day) => day.date === "2026-07-03")).toMatchObject({ source: "regional" });

    // A regional day on a date the file also names wins over the file on a new import.
    await addCalendarDay(admin, store, "office", { date: "2026-12-31", kind: "shortened", source: "manual" });
    const again = await importProductionCalendar(admin, store, "office", SAMPLE_2026);
    expect(again.years[0]).toMatchObject({ days: 17, keptOwnDays: 1 });
    expect((await listCalendarDays(admin, "office")).find((day) => day.date === "2026-12-31")).toMatchObject({
      kind: "shortened",
      source: "manual",
    });

    const broken = await rejection(
      importProductionCalendar(admin, store, "duty", SAMPLE_2026.replace('"1,7,8,14', '"1,7,31,14')),
    );
    expect(broken.code).toBe("validation_failed");
    expect(broken.details).toEqual([expect.objectContaining({ path: ["file", 2, "Февраль"] })]);
    expect(await listCalendarDays(admin, "duty")).toEqual([]);

    const audit = await db.query<{ action: string }>(
      "SELECT action FROM identity_audit_log WHERE object_type IN ('calendar', 'sla-policy') ORDER BY at",
    );
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        "calendar.day-set",
        "calendar.day-remove",
        "sla-policy.update",
        "calendar.import",
      ]),
    );
  });
});
