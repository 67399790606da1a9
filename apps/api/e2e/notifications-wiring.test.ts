// The notifications as the API wires them: one event relay for every module, the desk's events
// (a citizen wrote again, an incident resolved) read through @otklik/incidents, the digests from
// the desk's real incidents, and the channels the environment configures.
import { type Clock, manualClock } from "@otklik/core";
import { createJobs, type EventRelay, emit, type Jobs, subscribe, withTransaction } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { systemActor, type UserActor } from "@otklik/identity";
import {
  applyLifecycleCommand,
  decideInboxItem,
  IncidentAssigned,
  IncidentCitizenWroteAgain,
  IncidentDepartmentAnswered,
  IncidentDepartmentRequested,
  IncidentStatusChanged,
  receiveSocialEvent,
  replyToIncident,
} from "@otklik/incidents";
import { DELIVERY_QUEUE } from "@otklik/notifications";
import { abakanCalendars } from "@otklik/sla";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../src/config/env.js";
import {
  notificationEnvironment,
  notificationSenders,
  notificationSubscriptions,
  runDailyDigests,
} from "../src/routes/notifications/workers.js";
import { startApiEventRelay } from "../src/server/event-relay.js";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { demoStaff } from "./support/staff-client.js";

describe.each(testBackends())("notifications wired into the API on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let demo: Awaited<ReturnType<typeof demoStaff>>["demo"];
  let jobs: Jobs;
  let relay: EventRelay;
  const clock = manualClock("2026-11-27T03:00:00Z");
  const otherModule: string[] = [];
  const settings = {
    timeZone: "Asia/Krasnoyarsk",
    dutyCalendar: abakanCalendars().duty!,
  };
  const operator = (): UserActor => ({
    kind: "user",
    userId: demo.userIds.operator!,
    roles: ["operator"],
    departmentId: null,
    sessionId: null,
    address: null,
  });
  const inApp = (kind: string, incidentId: string) =>
    api.db.query<{ recipient_user_id: string; subject: string; body: string }>(
      "SELECT recipient_user_id, subject, body FROM notifications WHERE kind = $1 AND channel = 'in_app' AND payload->>'incidentId' = $2",
      [kind, incidentId],
    );

  beforeAll(async () => {
    api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock: clock as Clock,
    });
    ({ demo } = await demoStaff(api.app, { db: api.db, clock }));
    jobs = createJobs(api.db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    await jobs.createQueue(DELIVERY_QUEUE);
    // Staff e-mails resolved on the reporter's channel: the link the desk does not keep yet.
    const reporterContacts = async (incident: { reporters: { channel: string }[] }) =>
      incident.reporters.map((reporter) => ({
        channel: reporter.channel,
        email: `${reporter.channel}-reporter@mail.example`,
        locale: "ru" as const,
      }));
    relay = await startApiEventRelay(
      api.db,
      jobs,
      [
        notificationSubscriptions(
          { db: api.db, clock, settings: { ...settings, jobs } },
          { reporterContacts },
        ),
        // Another module's list (content's will be one): the same relay fans the same events out to it.
        [
          subscribe(IncidentCitizenWroteAgain, "test.other-module", async (event) => {
            otherModule.push(event.payload.incidentId);
          }),
        ],
      ],
      { intervalMs: 200 },
    );
  }, 180_000);
  afterAll(async () => {
    await jobs?.stop();
    await api?.db.close();
  });

  it("refuses a subscriber named twice across the modules' lists", async () => {
    const twice = subscribe(IncidentAssigned, "test.twice", async () => {});
    await expect(startApiEventRelay(api.db, jobs, [[twice], [twice]])).rejects.toThrow(/twice/);
  });

  it("tells the assignee that the citizen wrote again in the thread, and every module hears it once", {
    timeout: 90_000,
  }, async () => {
    const base = {
      kind: "comment" as const,
      platform: "vk" as const,
      attachments: [],
      occurredAt: clock.now().toISOString(),
      conversationId: "wall-1_77",
      author: { id: "4242", name: "Пётр" },
    };
    const system = { db: api.db, clock, actor: systemActor("test") };
    const first = await receiveSocialEvent(system, {
      ...base,
      action: "created",
      externalId: "wiring-c-1",
      text: "Во дворе по Ленина 5 не горят фонари",
    });
    const decided = await decideInboxItem({ db: api.db, clock, actor: operator() }, first.inboxItemId!, {
      decision: "incident",
    });
    const incidentId = decided.incidentId!;
    // The operator routes it to housing with its executor: the desk's own transition emits the event.
    await applyLifecycleCommand({ db: api.db, clock, actor: operator() }, incidentId, {
      type: "assign",
      departmentKey: demo.departmentIds.housing!,
      assigneeId: demo.userIds.executor!,
    });
    await relay.dispatchPending();
    await vi.waitFor(async () => expect(await inApp("incident_assigned", incidentId)).toHaveLength(2), {
      timeout: 30_000,
    });
    const again = await receiveSocialEvent(system, {
      ...base,
      action: "created",
      externalId: "wiring-c-2",
      text: "Так и не включили, темно",
    });
    expect(again.incidentId).toBe(incidentId);
    await relay.dispatchPending();
    await vi.waitFor(
      async () =>
        expect(await inApp("citizen_wrote_again", incidentId)).toEqual([
          {
            recipient_user_id: demo.userIds.executor,
            subject: expect.stringMatching(/^Житель снова написал по обращению \d{4}-\d+$/),
            body: "Так и не включили, темно",
          },
        ]),
      { timeout: 30_000 },
    );
    await vi.waitFor(() => expect(otherModule).toEqual([incidentId]), { timeout: 30_000 });
  });

  it("e-mails the resolution to reporters the public reply did not reach, never where it went", {
    timeout: 90_000,
  }, async () => {
    const system = { db: api.db, clock, actor: systemActor("test") };
    const item = await receiveSocialEvent(system, {
      kind: "comment",
      platform: "vk",
      attachments: [],
      occurredAt: clock.now().toISOString(),
      conversationId: "wall-1_78",
      author: { id: "5151", name: "Анна" },
      action: "created",
      externalId: "wiring-r-1",
      text: "На Щетинкина 12 яма на дороге",
    });
    const { incidentId } = await decideInboxItem(
      { db: api.db, clock, actor: operator() },
      item.inboxItemId!,
      {
        decision: "incident",
      },
    );
    const resolved = async () =>
      withTransaction(api.db, (tx) =>
        emit(tx, IncidentStatusChanged, {
          incidentId: incidentId!,
          from: "in_progress",
          to: "resolved",
          command: "resolve",
        }),
      );
    const emails = () =>
      api.db.query<{ address: string; body: string }>(
        "SELECT address, body FROM notifications WHERE kind = 'incident_resolved' AND payload->>'incidentId' = $1",
        [incidentId],
      );
    // No public reply reached the VK reporter yet: they are told by e-mail.
    await resolved();
    await relay.dispatchPending();
    await vi.waitFor(
      async () =>
        expect(await emails()).toEqual([
          {
            address: "vk-reporter@mail.example",
            body: expect.stringContaining("Здравствуйте! Проблема по вашему обращению"),
          },
        ]),
      { timeout: 30_000 },
    );
    // A public reply goes to the VK thread; the next resolution (after a reopening) tells nobody again there.
    await replyToIncident({ db: api.db, clock, actor: operator() }, incidentId!, {
      text: "Яму заделали 27 ноября, спасибо за сообщение.",
      force: true,
    });
    await resolved();
    await relay.dispatchPending();
    // Both resolutions were handled by the subscriber (its jobs completed), and still one e-mail.
    await vi.waitFor(
      async () => {
        const [row] = await api.db.query<{ done: number }>(
          "SELECT count(*)::int AS done FROM pgboss.job WHERE name = $1 AND state = 'completed' AND data->'payload'->>'incidentId' = $2",
          ["events:incidents.status_changed:notifications.incident-resolved", incidentId],
        );
        expect(row!.done).toBe(2);
      },
      { timeout: 30_000 },
    );
    expect(await emails()).toHaveLength(1);
  });

  it("tells the department of the desk's request and the operator of its answer", {
    timeout: 90_000,
  }, async () => {
    await withTransaction(api.db, async (tx) => {
      await emit(tx, IncidentDepartmentRequested, {
        incidentId: "inc_request",
        requestId: "dre_wiring",
        number: "2026-000555",
        departmentId: demo.departmentIds.housing!,
        dueAt: "2026-11-27T08:00:00.000Z",
        requestedBy: demo.userIds.operator!,
      });
      await emit(tx, IncidentDepartmentAnswered, {
        incidentId: "inc_request",
        requestId: "dre_wiring",
        number: "2026-000555",
        departmentId: demo.departmentIds.housing!,
        requestedBy: demo.userIds.operator!,
        answeredBy: demo.userIds.executor!,
        overdue: false,
      });
    });
    await relay.dispatchPending();
    await vi.waitFor(
      async () => {
        const asked = await inApp("department_request", "inc_request");
        expect(asked.map((row) => row.recipient_user_id).sort()).toEqual(
          [demo.userIds.executor!, demo.userIds.head!].sort(),
        );
        expect(asked[0]!.body).toContain("до 27.11.2026 15:00");
        expect(await inApp("department_answer", "inc_request")).toEqual([
          expect.objectContaining({
            recipient_user_id: demo.userIds.operator,
            body: expect.stringMatching(/ответил на запрос по обращению 2026-000555\.$/),
          }),
        ]);
      },
      { timeout: 30_000 },
    );
  });

  it("sends the housing head a daily digest from the desk's open incidents, once a day", {
    timeout: 90_000,
  }, async () => {
    const deps = { db: api.db, clock, settings };
    const first = await runDailyDigests(deps);
    const second = await runDailyDigests(deps);
    expect(second).toEqual([]);
    const rows = await api.db.query<{ recipient_user_id: string; subject: string }>(
      "SELECT recipient_user_id, subject FROM notifications WHERE kind = 'daily_digest' AND channel = 'in_app'",
    );
    // Only the housing department has a head in the demo; its incidents above are open.
    expect(first.length).toBeGreaterThan(0);
    expect(rows).toEqual([
      {
        recipient_user_id: demo.userIds.head,
        subject: expect.stringMatching(/^Сводка на 27\.11\.2026: \d+ открыт/),
      },
    ]);
  });

  it("configures the staff bot and the webhook from the environment, and refuses an unsigned webhook", () => {
    const sendMail = async () => {};
    const none = notificationSenders(sendMail, notificationEnvironment(parseEnv({})));
    expect(Object.keys(none)).toEqual(["email"]);
    const all = notificationSenders(
      sendMail,
      notificationEnvironment(
        parseEnv({
          OTKLIK_TELEGRAM_STAFF_BOT_TOKEN: "7000000002:AAH-staff-bot-token-xyz-123",
          OTKLIK_NOTIFY_WEBHOOK_URL: "https://hooks.abakan.example/otklik",
          OTKLIK_NOTIFY_WEBHOOK_SECRET: "a-long-enough-webhook-secret",
        }),
      ),
    );
    expect(Object.keys(all).sort()).toEqual(["email", "telegram", "webhook"]);
    expect(() =>
      notificationEnvironment(parseEnv({ OTKLIK_NOTIFY_WEBHOOK_URL: "https://hooks.abakan.example/otklik" })),
    ).toThrow(/OTKLIK_NOTIFY_WEBHOOK_SECRET/);
    expect(() => parseEnv({ OTKLIK_TELEGRAM_STAFF_BOT_TOKEN: "not a token" })).toThrow(
      /OTKLIK_TELEGRAM_STAFF_BOT_TOKEN/,
    );
    expect(() => parseEnv({ OTKLIK_DIGEST_DAILY_AT: "8 утра" })).toThrow(/OTKLIK_DIGEST_DAILY_AT/);
  });
});
