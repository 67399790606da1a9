import { type Clock, manualClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations, systemActor, type UserActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMyNotifications, markAllNotificationsRead, markNotificationRead } from "../inbox/inbox.js";
import { notificationsMigrations } from "../migrations.js";
import { updateMyPreferences } from "../preferences/preference-store.js";
import { previewTemplate, updateTemplate } from "../templates/template-store.js";
import { type Organisation, seedOrganisation } from "../testing/organisation.js";
import { deliverNotification } from "./deliver.js";
import { notify } from "./notify.js";
import { ChannelFailure, type ChannelSender, type OutgoingNotification } from "./senders.js";

const userActor = (userId: string): UserActor => ({
  kind: "user",
  userId,
  roles: ["executor"],
  departmentId: null,
  sessionId: null,
  address: null,
});

interface Row {
  id: string;
  channel: string;
  state: string;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date;
  subject: string;
  template_version: number;
}

describe.each(testBackends())("notifications on %s", (backend) => {
  let db: TestDatabase;
  let org: Organisation;
  let key = 0;
  const rows = (ids: string[]) =>
    db.query<Row & Record<string, unknown>>(
      "SELECT * FROM notifications WHERE id = ANY($1::text[]) ORDER BY channel",
      [ids],
    );

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, notificationsMigrations] });
    org = await seedOrganisation(db);
  }, 60_000);
  afterAll(() => db?.close());

  it("are written in the caller's transaction, and not at all when it rolls back", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    const intent = {
      kind: "incident_assigned" as const,
      key: `assign-${++key}`,
      variables: { number: "А-1", department: "ЖКХ", dueAt: "17:00" },
      recipients: [{ userId: org.executorId }],
    };
    await expect(
      withTransaction(db, async (tx) => {
        await notify(tx, clock, intent);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(
      await db.query("SELECT 1 FROM notifications WHERE idempotency_key LIKE $1", [`${intent.key}|%`]),
    ).toEqual([]);

    const written = await withTransaction(db, (tx) => notify(tx, clock, intent));
    expect(written.map((item) => [item.channel, item.state])).toEqual([
      ["in_app", "delivered"],
      ["email", "queued"],
    ]);
    // The same cause again (an event delivered twice): nothing new.
    expect(await withTransaction(db, (tx) => notify(tx, clock, intent))).toEqual([]);
    const [email] = await rows([written[1]!.id]);
    expect(email!.subject).toBe("Новое обращение А-1 для «ЖКХ»");
  });

  it("defer a normal notification in quiet hours and not a critical one", async () => {
    const context = {
      db,
      clock: manualClock("2026-11-27T03:00:00Z") as Clock,
      actor: userActor(org.executorId),
    };
    await updateMyPreferences(context, { channels: ["email"], quietHours: { from: "22:00", to: "08:00" } });
    const clock = manualClock("2026-11-27T16:30:00Z"); // 23:30 in Abakan
    const sent: OutgoingNotification[] = [];
    const senders = {
      email: (async (notification) => {
        sent.push(notification);
        return "sent";
      }) as ChannelSender,
    };
    const warning = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "sla_warning",
        key: `warning-${++key}`,
        variables: { number: "А-2", metric: "первый ответ", dueAt: "00:00", minutes: 30 },
        recipients: [{ userId: org.executorId }],
      }),
    );
    const breach = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "sla_breach",
        key: `breach-${++key}`,
        variables: { number: "А-2", metric: "первый ответ", dueAt: "23:30" },
        recipients: [{ userId: org.executorId }],
      }),
    );
    const warningEmail = warning.find((item) => item.channel === "email")!;
    const breachEmail = breach.find((item) => item.channel === "email")!;
    expect(warningEmail.nextAttemptAt.toISOString()).toBe("2026-11-28T01:00:00.000Z");
    expect(warningEmail.reason).toMatch(/^quiet_hours/);
    expect(breachEmail.nextAttemptAt.toISOString()).toBe("2026-11-27T16:30:00.000Z");

    expect(await deliverNotification({ db, clock, senders }, breachEmail.id)).toMatchObject({
      outcome: "sent",
    });
    expect(await deliverNotification({ db, clock, senders }, warningEmail.id)).toEqual({
      outcome: "skipped",
    });
    clock.set("2026-11-28T01:00:00Z");
    expect(await deliverNotification({ db, clock, senders }, warningEmail.id)).toMatchObject({
      outcome: "sent",
    });
    expect(sent.map((item) => item.kind)).toEqual(["sla_breach", "sla_warning"]);
    await updateMyPreferences(context, {});
  });

  it("retry a failing channel with growing, jittered waits, then mark it failed with the reason", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    const [, email] = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "publication_failed",
        key: `failing-${++key}`,
        variables: { title: "Ремонт", channel: "VK", reason: "нет доступа" },
        recipients: [{ userId: org.headId }],
      }),
    );
    let calls = 0;
    const failing: ChannelSender = async () => {
      calls += 1;
      throw new ChannelFailure(true, "smtp: 451 try later");
    };
    const waits: number[] = [];
    let outcome = await deliverNotification({ db, clock, senders: { email: failing } }, email!.id);
    while (outcome.outcome === "retry") {
      waits.push(outcome.nextAttemptAt.getTime() - clock.now().getTime());
      expect(await deliverNotification({ db, clock, senders: { email: failing } }, email!.id)).toEqual({
        outcome: "skipped",
      });
      clock.set(outcome.nextAttemptAt);
      outcome = await deliverNotification({ db, clock, senders: { email: failing } }, email!.id);
    }
    expect(calls).toBe(8);
    expect(waits).toHaveLength(7);
    for (let index = 1; index < waits.length; index++)
      expect(waits[index]!).toBeGreaterThan(waits[index - 1]!);
    const total = waits.reduce((sum, wait) => sum + wait, 0) / 60_000;
    expect(total).toBeGreaterThan(25);
    expect(total).toBeLessThan(39);
    expect(outcome).toMatchObject({ outcome: "failed", attempt: 8 });
    const [row] = await rows([email!.id]);
    expect(row).toMatchObject({ state: "failed", attempts: 8 });
    expect(row!.reason).toMatch(/smtp: 451 try later.*after 8 attempts/);
  });

  it("fail at once when retrying cannot help", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    const [, email] = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "publication_published",
        key: `final-${++key}`,
        variables: { title: "Новость", channel: "сайт" },
        recipients: [{ userId: org.headId }],
      }),
    );
    const refused: ChannelSender = async () => {
      throw new ChannelFailure(false, "smtp: 550 mailbox unavailable");
    };
    expect(await deliverNotification({ db, clock, senders: { email: refused } }, email!.id)).toMatchObject({
      outcome: "failed",
      attempt: 1,
    });
    // No e-mail sender configured at all is a failure with its reason too.
    const [, second] = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "publication_published",
        key: `unconfigured-${++key}`,
        variables: { title: "Новость", channel: "сайт" },
        recipients: [{ userId: org.headId }],
      }),
    );
    await deliverNotification({ db, clock, senders: {} }, second!.id);
    expect((await rows([second!.id]))[0]).toMatchObject({
      state: "failed",
      reason: expect.stringMatching(/^no_sender/),
    });
  });

  it("list the in-app inbox with the unread count, and mark read", async () => {
    const clock = manualClock("2026-11-27T04:00:00Z");
    const actor = userActor(org.headId);
    await markAllNotificationsRead({ db, clock, actor });
    for (let index = 0; index < 3; index++) {
      await withTransaction(db, (tx) =>
        notify(tx, clock, {
          kind: "hearing_comment_to_moderate",
          key: `hearing-${++key}`,
          variables: {
            title: "Правила благоустройства",
            count: index + 1,
            ...(index === 2 ? { publicationId: "pub_rules" } : {}),
          },
          recipients: [{ userId: org.headId }],
        }),
      );
    }
    const first = await listMyNotifications({ db, clock, actor }, { limit: 2 });
    expect(first.unreadCount).toBe(3);
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.body).toContain("Ждут модерации: 3 замечания.");
    // What it is about, from its variables, for the admin's link; none when they name nothing.
    expect(first.items[0]!.link).toEqual({ type: "publication", id: "pub_rules" });
    expect(first.items[1]!.link).toBeNull();
    const second = await listMyNotifications({ db, clock, actor }, { limit: 2, cursor: first.nextCursor! });
    expect(second.items[0]!.body).toContain("Ждут модерации: 1 замечание.");
    expect((await markNotificationRead({ db, clock, actor }, first.items[0]!.id)).link).toEqual({
      type: "publication",
      id: "pub_rules",
    });
    expect((await listMyNotifications({ db, clock, actor }, { unread: "true" })).items).toHaveLength(2);
    await expect(
      markNotificationRead({ db, clock, actor: userActor(org.executorId) }, first.items[1]!.id),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await markAllNotificationsRead({ db, clock, actor })).toEqual({ marked: 2 });
    expect((await listMyNotifications({ db, clock, actor })).unreadCount).toBe(0);
  });

  it("render from the newest template version, preview drafts, refuse unknown variables", async () => {
    const clock = manualClock("2026-11-27T05:00:00Z");
    const admin = { db, clock: clock as Clock, actor: systemActor("test") };
    const saved = await updateTemplate(admin, "citizen_wrote_again", "ru", {
      subject: "Снова пишут по {number}",
      body: "Житель: {text}",
    });
    expect(saved.version).toBe(2);
    await expect(
      updateTemplate(admin, "citizen_wrote_again", "ru", { subject: "{nope}", body: "x" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const preview = await previewTemplate(admin, "hearing_comment_to_moderate", {
      locale: "ru",
      variables: { count: 21 },
    });
    expect(preview.body).toContain("21 замечание.");
    await expect(
      previewTemplate({ ...admin, actor: userActor(org.headId) }, "sla_breach", {
        locale: "ru",
        variables: {},
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const [inApp] = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "citizen_wrote_again",
        key: `again-${++key}`,
        variables: { number: "А-9", text: "Яма на месте" },
        recipients: [{ userId: org.executorId }],
      }),
    );
    expect((await rows([inApp!.id]))[0]).toMatchObject({
      subject: "Снова пишут по А-9",
      template_version: 2,
    });
  });
});
