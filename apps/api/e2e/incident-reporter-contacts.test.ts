// A site reporter is e-mailed through the API's default notification wiring: the public reply and the
// resolution go to the e-mail of their consent (read through @otklik/incidents' `reporterContacts`),
// and nothing more once the consent is withdrawn.
import { type Clock, manualClock } from "@otklik/core";
import { createJobs, type EventRelay, type Jobs } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { systemActor, withdrawConsent } from "@otklik/identity";
import { DELIVERY_QUEUE } from "@otklik/notifications";
import { abakanCalendars } from "@otklik/sla";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { notificationSubscriptions } from "../src/routes/notifications/workers.js";
import { startApiEventRelay } from "../src/server/event-relay.js";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

describe.each(testBackends())("e-mail to site reporters on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let operator: Browser;
  let housing: string;
  let jobs: Jobs;
  let relay: EventRelay;
  const clock = manualClock("2026-11-27T03:00:00Z");

  beforeAll(async () => {
    api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock: clock as Clock,
    });
    const { demo, browsers } = await demoStaff(api.app, { db: api.db, clock });
    operator = browsers.operator;
    housing = demo.departmentIds.housing!;
    jobs = createJobs(api.db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    await jobs.createQueue(DELIVERY_QUEUE);
    // The API's wiring as it starts: no reporter-contacts override, so the desk's real contacts.
    const settings = { timeZone: "Asia/Krasnoyarsk", dutyCalendar: abakanCalendars().duty!, jobs };
    relay = await startApiEventRelay(
      api.db,
      jobs,
      [notificationSubscriptions({ db: api.db, clock, settings })],
      { intervalMs: 200 },
    );
  }, 180_000);
  afterAll(async () => {
    await jobs?.stop();
    await api?.db.close();
  });

  const emails = (kind: string, incidentId: string) =>
    api.db.query<{ address: string; subject: string; body: string }>(
      "SELECT address, subject, body FROM notifications WHERE kind = $1 AND channel = 'email' AND payload->>'incidentId' = $2 ORDER BY created_at",
      [kind, incidentId],
    );
  const handled = async (queue: string, incidentId: string) => {
    const [row] = await api.db.query<{ done: number }>(
      "SELECT count(*)::int AS done FROM pgboss.job WHERE name = $1 AND state = 'completed' AND data->'payload'->>'incidentId' = $2",
      [queue, incidentId],
    );
    return row?.done ?? 0;
  };
  const reply = async (incidentId: string, text: string) => {
    const response = await call(api.app, "POST", `/api/v1/incidents/${incidentId}/replies`, {
      as: operator,
      body: { text, force: true },
    });
    expect(response.status).toBe(201);
  };
  const command = async (incidentId: string, body: Record<string, unknown>) => {
    const response = await call(api.app, "POST", `/api/v1/incidents/${incidentId}/transitions`, {
      as: operator,
      body,
    });
    expect(response.status).toBe(200);
  };

  it("e-mails the public reply and the resolution to the reporter's consented address, and stops after withdrawal", {
    timeout: 120_000,
  }, async () => {
    const sent = await call(api.app, "POST", "/api/v1/reports", {
      body: {
        category: "roads",
        description: "Во дворе дома по улице Щетинкина яма на дороге, машины бьют колёса",
        contacts: { name: "Ольга", email: "Olga.Reporter@Mail.Example" },
        consent: { accepted: true, textVersion: 1 },
      },
    });
    expect(sent.status).toBe(201);
    // The citizen gets the number, never the internal id: the desk finds it in its queue.
    const { registrationNumber } = (await sent.json()) as { registrationNumber: string };
    const queue = await call(api.app, "GET", "/api/v1/incidents?channel=site", { as: operator });
    const { items } = (await queue.json()) as { items: { id: string; number: string }[] };
    const incidentId = items.find((item) => item.number === registrationNumber)?.id ?? "";
    const detail = await call(api.app, "GET", `/api/v1/incidents/${incidentId}`, { as: operator });
    const { reporters } = (await detail.json()) as { reporters: { channel: string; consentId: string }[] };
    expect(reporters).toEqual([expect.objectContaining({ channel: "site", consentId: expect.any(String) })]);

    await reply(incidentId, "Здравствуйте! Яму заделают до 30 ноября, подрядчик предупреждён.");
    await relay.dispatchPending();
    await vi.waitFor(
      async () =>
        expect(await emails("incident_reply", incidentId)).toEqual([
          {
            address: "olga.reporter@mail.example",
            subject: `Ответ по вашему обращению ${registrationNumber}`,
            body: expect.stringContaining("Яму заделают до 30 ноября"),
          },
        ]),
      { timeout: 30_000 },
    );

    await command(incidentId, { type: "assign", departmentKey: housing });
    await command(incidentId, { type: "start" });
    await command(incidentId, {
      type: "resolve",
      resolution: "explained",
      comment: "Ремонт включён в план на 30 ноября",
    });
    await relay.dispatchPending();
    await vi.waitFor(
      async () =>
        expect(await emails("incident_resolved", incidentId)).toEqual([
          expect.objectContaining({ address: "olga.reporter@mail.example" }),
        ]),
      { timeout: 30_000 },
    );

    // The citizen withdraws the consent (by letter; staff record it): no e-mail after that.
    await withdrawConsent({ db: api.db, clock, actor: systemActor("test") }, reporters[0]!.consentId);
    await reply(incidentId, "Здравствуйте! Работы перенесены на 2 декабря из-за погоды.");
    await relay.dispatchPending();
    await vi.waitFor(
      async () =>
        expect(
          await handled("events:incidents.reply_published:notifications.incident-reply-emailed", incidentId),
        ).toBe(2),
      { timeout: 30_000 },
    );
    expect(await emails("incident_reply", incidentId)).toHaveLength(1);
  });
});
