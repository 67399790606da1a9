// Settings for administrators: the SLA policy (versions, preview of its deadlines) and the days of the desk's
// calendars with the production calendar's import — and that the desk's deadlines follow them.
import { readFileSync } from "node:fs";
import { signPlatformBody } from "@otklik/channels";
import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { ABAKAN_SLA_POLICY } from "@otklik/sla";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

const CSV_2026 = readFileSync(
  new URL(
    "../../../packages/incidents/src/sla-settings/fixtures/production-calendar-2026.csv",
    import.meta.url,
  ),
  "utf8",
);

function policyWithAnswerIn(minutes: number): Record<string, unknown> {
  const policy = structuredClone(ABAKAN_SLA_POLICY) as unknown as {
    rules: { name: unknown; targets: Record<string, { target: { amount: number } }> }[];
  };
  policy.rules.find((rule) => rule.name === "default")!.targets["platform-answer"]!.target.amount = minutes;
  return policy as unknown as Record<string, unknown>;
}

interface ErrorBody {
  error: { code: string; message: string; details?: { path: (string | number)[]; message: string }[] };
}

describe.each(testBackends())("SLA settings over HTTP on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let admin: Browser;
  let operator: Browser;
  let counter = 0;
  // Friday 27 November 2026, 10:00 in Abakan.
  const clock = manualClock("2026-11-27T03:00:00Z");

  beforeAll(async () => {
    api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock: clock as Clock,
    });
    const staff = await demoStaff(api.app, { db: api.db, clock });
    admin = staff.browsers.admin;
    operator = staff.browsers.operator;
  }, 120_000);
  afterAll(() => api?.db.close());

  /** A platform incident received now; its platform-answer deadline as the desk shows it. */
  async function newIncidentAnswerDue(): Promise<string> {
    counter += 1;
    const raw = JSON.stringify({
      type: "incident",
      id: `sla-settings-${backend}-${counter}`,
      createdAt: clock.now().toISOString(),
      text: "Во дворе дома на улице Ленина не вывозят мусор уже неделю",
      source: { network: "vk", authorName: "Житель" },
    });
    const sent = await api.app.request("/api/v1/intake/platform", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-otklik-signature": signPlatformBody(raw, "platform-demo-secret"),
      },
      body: raw,
    });
    expect(sent.status).toBe(202);
    const { incidentId } = (await sent.json()) as { incidentId: string };
    const detail = (await (
      await call(api.app, "GET", `/api/v1/incidents/${incidentId}`, { as: operator })
    ).json()) as {
      sla: { metric: string; dueAt: string }[];
    };
    return detail.sla.find((metric) => metric.metric === "platform-answer")!.dueAt;
  }

  it("lets only administrators read the settings, in both languages when refusing", async () => {
    const current = await call(api.app, "GET", "/api/v1/settings/sla/policy", { as: admin });
    expect(current.status).toBe(200);
    expect(await current.json()).toMatchObject({
      version: 1,
      current: true,
      policy: { name: "Abakan incident desk" },
    });
    const refused = await call(api.app, "GET", "/api/v1/settings/calendars/office/days", { as: operator });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorBody).error.message).toMatch(/[А-я].* \/ [A-z]/);
    expect((await call(api.app, "GET", "/api/v1/settings/sla/policy")).status).toBe(401);
    const unknown = await call(api.app, "GET", "/api/v1/settings/calendars/lunar/days", { as: admin });
    expect(unknown.status).toBe(404);
  });

  it("moves a new incident's deadline when a regional holiday is added, and back when removed", async () => {
    expect(await newIncidentAnswerDue()).toBe("2026-11-30T04:00:00.000Z"); // Monday 11:00
    const added = await call(api.app, "POST", "/api/v1/settings/calendars/office/days", {
      as: admin,
      body: { date: "2026-11-30", note: "Региональный праздник / Regional holiday" },
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ date: "2026-11-30", kind: "non-working", source: "regional" });
    expect(await newIncidentAnswerDue()).toBe("2026-12-01T04:00:00.000Z"); // Tuesday 11:00

    const removed = await call(api.app, "DELETE", "/api/v1/settings/calendars/office/days/2026-11-30", {
      as: admin,
    });
    expect(removed.status).toBe(204);
    expect(await newIncidentAnswerDue()).toBe("2026-11-30T04:00:00.000Z");
    const again = await call(api.app, "DELETE", "/api/v1/settings/calendars/office/days/2026-11-30", {
      as: admin,
    });
    expect(again.status).toBe(404);
  });

  it("imports the production calendar and refuses a broken file with its line and column", async () => {
    const imported = await call(api.app, "POST", "/api/v1/settings/calendars/duty/import", {
      as: admin,
      body: { csv: CSV_2026 },
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({
      calendar: "duty",
      years: [{ year: 2026, workingDays: 247, days: 18, keptOwnDays: 0 }],
    });
    const days = (await (
      await call(api.app, "GET", "/api/v1/settings/calendars/duty/days?year=2026", { as: admin })
    ).json()) as { items: { date: string; kind: string; source: string }[] };
    expect(days.items.find((day) => day.date === "2026-06-12")).toMatchObject({
      kind: "non-working",
      source: "production-calendar",
    });
    const june = (await (
      await call(api.app, "GET", "/api/v1/settings/calendars/duty/month?year=2026&month=6", { as: admin })
    ).json()) as { days: { date: string; kind: string; source: string | null }[] };
    expect(june.days).toHaveLength(30);
    expect(june.days.find((day) => day.date === "2026-06-12")).toMatchObject({
      kind: "non-working",
      source: "production-calendar",
    });
    expect(june.days.find((day) => day.date === "2026-06-13")).toMatchObject({
      kind: "working",
      source: null,
    });

    const broken = await call(api.app, "POST", "/api/v1/settings/calendars/office/import", {
      as: admin,
      body: { csv: CSV_2026.replace('"1,7,8,14', '"1,7,31,14') },
    });
    expect(broken.status).toBe(422);
    const body = (await broken.json()) as ErrorBody;
    expect(body.error.details).toEqual([expect.objectContaining({ path: ["file", 2, "Февраль"] })]);
    expect(body.error.message).toMatch(/ \/ /);
  });

  it("previews deadlines, refuses an invalid policy with its paths, and saves versions", async () => {
    const preview = await call(api.app, "POST", "/api/v1/settings/sla/policy/preview", {
      as: admin,
      body: { policy: policyWithAnswerIn(600), receivedAt: "2026-07-02T10:00:00+07:00" },
    });
    expect(preview.status).toBe(200);
    const previewed = (await preview.json()) as {
      version: null;
      metrics: { metric: string; dueAtLocal: string }[];
    };
    expect(previewed.version).toBeNull();
    expect(previewed.metrics.find((metric) => metric.metric === "platform-answer")?.dueAtLocal).toBe(
      "2026-07-03 12:00",
    );

    const broken = policyWithAnswerIn(600) as { rules: { name: unknown }[] };
    broken.rules[1]!.name = "";
    for (const path of ["/api/v1/settings/sla/policy/preview", "/api/v1/settings/sla/policy/versions"]) {
      const refused = await call(api.app, "POST", path, {
        as: admin,
        body: { policy: broken, receivedAt: "2026-07-02T10:00:00+07:00" },
      });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as ErrorBody).error.details?.[0]?.path).toEqual([
        "policy",
        "rules",
        1,
        "name",
      ]);
    }

    const saved = await call(api.app, "POST", "/api/v1/settings/sla/policy/versions", {
      as: admin,
      body: { policy: policyWithAnswerIn(600), note: "10 часов", expectedVersion: 1 },
    });
    expect(saved.status).toBe(201);
    expect(await saved.json()).toMatchObject({ version: 2, current: true, note: "10 часов" });
    expect(await newIncidentAnswerDue()).toBe("2026-11-30T05:00:00.000Z"); // Monday 12:00
    const stale = await call(api.app, "POST", "/api/v1/settings/sla/policy/versions", {
      as: admin,
      body: { policy: policyWithAnswerIn(480), expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    const versions = (await (
      await call(api.app, "GET", "/api/v1/settings/sla/policy/versions", { as: admin })
    ).json()) as {
      items: { version: number; createdBy: string | null }[];
    };
    expect(versions.items.map((version) => version.version)).toEqual([2, 1]);
    expect(versions.items[0]?.createdBy).toBe(admin.userId);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      "/api/v1/settings/sla/policy",
      "/api/v1/settings/sla/policy/versions",
      "/api/v1/settings/sla/policy/preview",
      "/api/v1/settings/calendars/{calendar}/days",
      "/api/v1/settings/calendars/{calendar}/days/{date}",
      "/api/v1/settings/calendars/{calendar}/import",
      "/api/v1/settings/calendars/{calendar}/month",
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
  });
});
