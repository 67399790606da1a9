import { manualClock } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { createUser, identityMigrations, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationsMigrations } from "../migrations.js";
import { type Organisation, seedOrganisation, TEST_ESCALATION } from "../testing/organisation.js";
import {
  onIncidentAssigned,
  onIncidentCreated,
  onIncidentResolved,
  onIncidentsCreated,
  onSlaBreach,
  onSlaWarning,
} from "./intents.js";
import {
  onCitizenWroteAgain,
  onDepartmentAnswered,
  onDepartmentRequested,
  onHearingCommentToModerate,
  onPublicationOutcome,
} from "./more-intents.js";
import { localDateTime } from "./staff.js";

describe.each(testBackends())("intents of the desk and the newsroom on %s", (backend) => {
  let db: TestDatabase;
  let org: Organisation;
  let editors: string[];
  const clock = manualClock("2026-11-27T03:00:00Z");
  const deps = () => ({ db, clock, settings: { ...TEST_ESCALATION, timeZone: "Asia/Krasnoyarsk" } });
  const inApp = (kind: string) =>
    db.query<{ recipient_user_id: string; subject: string; body: string }>(
      "SELECT recipient_user_id, subject, body FROM notifications WHERE kind = $1 AND channel = 'in_app' ORDER BY recipient_user_id",
      [kind],
    );

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, notificationsMigrations] });
    org = await seedOrganisation(db, clock);
    const context = { db, clock, actor: systemActor("test") };
    editors = [];
    for (const name of ["a", "b"]) {
      const editor = await createUser(context, {
        email: `editor-${name}-${process.pid}@abakan.example`,
        fullName: `Редактор ${name}`,
        roles: ["editor"],
      });
      editors.push(editor.id);
    }
    editors.sort();
  }, 60_000);
  afterAll(() => db?.close());

  it("remember a relay batch of registered incidents in one go, each once, keeping a department set before", async () => {
    await onIncidentCreated(deps(), {
      incidentId: "inc_batch_1",
      number: "2026-000201",
      departmentId: org.departmentId,
      urgent: false,
    });
    await onIncidentsCreated(deps(), [
      { incidentId: "inc_batch_1", number: "2026-000201", departmentId: null, urgent: false },
      { incidentId: "inc_batch_2", number: "2026-000202", departmentId: null, urgent: true },
      { incidentId: "inc_batch_2", number: "2026-000202", departmentId: null, urgent: true },
    ]);
    expect(
      await db.query(
        `SELECT incident_id, number, department_id, urgent FROM notification_incident_watch
         WHERE incident_id LIKE 'inc_batch_%' ORDER BY incident_id`,
      ),
    ).toEqual([
      { incident_id: "inc_batch_1", number: "2026-000201", department_id: org.departmentId, urgent: false },
      { incident_id: "inc_batch_2", number: "2026-000202", department_id: null, urgent: true },
    ]);
  });

  it("tell the assignee, else the department head, that a citizen wrote again — once per event", async () => {
    await onIncidentCreated(deps(), {
      incidentId: "inc_again",
      number: "2026-000101",
      departmentId: org.departmentId,
      urgent: false,
    });
    await onCitizenWroteAgain(
      deps(),
      { incidentId: "inc_again", channel: "vk", text: "Яма всё ещё на месте." },
      "evt_1",
    );
    await onCitizenWroteAgain(
      deps(),
      { incidentId: "inc_again", channel: "vk", text: "Яма всё ещё на месте." },
      "evt_1",
    );
    expect(await inApp("citizen_wrote_again")).toEqual([
      {
        recipient_user_id: org.headId,
        subject: "Житель снова написал по обращению 2026-000101",
        body: "Яма всё ещё на месте.",
      },
    ]);
    await onIncidentAssigned(
      deps(),
      { incidentId: "inc_again", departmentId: org.departmentId, assigneeId: org.executorId },
      "evt_assign",
    );
    await onCitizenWroteAgain(
      deps(),
      { incidentId: "inc_again", channel: "vk", text: "x".repeat(900) },
      "evt_2",
    );
    const rows = await inApp("citizen_wrote_again");
    const toExecutor = rows.find((row) => row.recipient_user_id === org.executorId)!;
    expect(toExecutor.body).toHaveLength(500);
    expect(rows).toHaveLength(2);
  });

  it("names an assigned incident by the number its event carries, also before its creation was seen", async () => {
    await onIncidentAssigned(
      deps(),
      { incidentId: "inc_unseen", departmentId: org.departmentId, assigneeId: null, number: "2026-000777" },
      "evt_assign_unseen",
    );
    const subjects = (await inApp("incident_assigned")).map((row) => row.subject);
    expect(subjects.some((subject) => subject.includes("2026-000777"))).toBe(true);
    expect(subjects.some((subject) => subject.includes("inc_unseen"))).toBe(false);
  });

  /** An SLA notice of the first reply's first cycle in the test's department, less the incident's id. */
  const slaNotice = (dueAt: string, number: string) => ({
    departmentId: org.departmentId,
    metric: "first_reply",
    cycle: 1,
    dueAt,
    number,
  });

  it("names an incident by the number its SLA notice carries, also before its creation was seen", async () => {
    const notice = slaNotice("2026-11-27T04:00:00Z", "2026-000778");
    await onSlaWarning(deps(), { ...notice, incidentId: "inc_unseen_warning" }, "evt_warning_unseen");
    await onSlaBreach(deps(), { ...notice, incidentId: "inc_unseen_breach" });
    for (const kind of ["sla_warning", "sla_breach"]) {
      const subjects = (await inApp(kind)).map((row) => row.subject);
      expect(subjects.some((subject) => subject.includes("2026-000778"))).toBe(true);
      expect(subjects.some((subject) => subject.includes("inc_unseen"))).toBe(false);
    }
  });

  it("sends no warning for a deadline that has already passed (a restart's catch-up), only its breach", async () => {
    // The clock says 03:00; the deadline was 02:00, and both its warning and its breach arrive now.
    const notice = slaNotice("2026-11-27T02:00:00Z", "2026-000779");
    expect(await onSlaWarning(deps(), { ...notice, incidentId: "inc_late" }, "evt_warning_late")).toEqual([]);
    await onSlaBreach(deps(), { ...notice, incidentId: "inc_late" });
    const about = async (kind: string) =>
      (await inApp(kind)).filter((row) => row.subject.includes("2026-000779")).length;
    expect(await about("sla_warning")).toBe(0);
    expect(await about("sla_breach")).toBeGreaterThan(0);
    // A deadline still ahead is warned of.
    await onSlaWarning(
      deps(),
      { ...notice, dueAt: "2026-11-27T03:30:00Z", incidentId: "inc_late", cycle: 2 },
      "evt_warning_ahead",
    );
    expect(await about("sla_warning")).toBeGreaterThan(0);
  });

  it("tell the editors that a publication went out or failed on a channel, and the moderators of a comment", async () => {
    await onPublicationOutcome(deps(), {
      key: "evt_pub",
      publicationId: "pub_1",
      title: "Ремонт улицы Щетинкина",
      channel: "ВКонтакте",
      outcome: "failed",
      reason: "нет доступа к сообществу",
    });
    expect(await inApp("publication_failed")).toEqual(
      editors.map((id) => ({
        recipient_user_id: id,
        subject: "Не опубликовано: Ремонт улицы Щетинкина",
        body: "«Ремонт улицы Щетинкина» не удалось опубликовать (ВКонтакте): нет доступа к сообществу.",
      })),
    );
    await onPublicationOutcome(deps(), {
      key: "evt_pub2",
      publicationId: "pub_1",
      title: "Ремонт улицы Щетинкина",
      channel: "сайт",
      outcome: "published",
      recipientUserIds: [editors[0]!],
    });
    expect((await inApp("publication_published")).map((row) => row.recipient_user_id)).toEqual([editors[0]]);
    await onHearingCommentToModerate(deps(), {
      key: "hcm_1",
      publicationId: "pub_h",
      title: "Правила благоустройства",
      pending: 2,
    });
    expect((await inApp("hearing_comment_to_moderate"))[0]!.body).toContain("Ждут модерации: 2 замечания.");
  });

  it("tell the department of the desk's request (with its local due time) and the operator of the answer", async () => {
    const operator = await createUser(
      { db, clock, actor: systemActor("test") },
      { email: `operator-${process.pid}@abakan.example`, fullName: "Оператор ЦУР", roles: ["operator"] },
    );
    const dueAt = new Date("2026-11-27T08:00:00Z");
    await onDepartmentRequested(deps(), {
      incidentId: "inc_req",
      requestId: "req_1",
      number: "2026-000102",
      departmentId: org.departmentId,
      dueAt: dueAt.toISOString(),
    });
    const requested = await inApp("department_request");
    expect(requested.map((row) => row.recipient_user_id).sort()).toEqual([org.executorId, org.headId].sort());
    expect(requested[0]!.body).toContain(`до ${localDateTime(dueAt)}`);
    expect(localDateTime(dueAt)).toBe("27.11.2026 15:00");
    await onDepartmentAnswered(deps(), {
      incidentId: "inc_req",
      requestId: "req_1",
      number: "2026-000102",
      departmentId: org.departmentId,
      requestedBy: operator.id,
      overdue: true,
    });
    expect(await inApp("department_answer")).toEqual([
      expect.objectContaining({
        recipient_user_id: operator.id,
        body: expect.stringMatching(/ответил на запрос по обращению 2026-000102\. Ответ дан позже срока\.$/),
      }),
    ]);
  });

  it("e-mail the resolution only to reporters the public reply did not reach", async () => {
    const written = await onIncidentResolved(deps(), {
      incidentId: "inc_done",
      number: "2026-000103",
      reply: "Яма заделана 27 ноября.",
      reporters: [
        { channel: "vk", email: "vk-reader@mail.example", locale: "ru" },
        { channel: "site", email: "site-reader@mail.example", locale: "ru" },
        { channel: "telegram", email: null, locale: "ru" },
      ],
      repliedChannels: ["vk"],
      eventId: "evt_resolved",
    });
    const rows = await db.query<{ address: string; subject: string }>(
      "SELECT address, subject FROM notifications WHERE kind = 'incident_resolved' AND id = ANY($1::text[])",
      [written.map((item) => item.id)],
    );
    expect(rows).toEqual([
      { address: "site-reader@mail.example", subject: "Ваше обращение 2026-000103 выполнено" },
    ]);
  });
});
