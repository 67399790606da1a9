// The notifications API: the in-app inbox, preferences and templates, over HTTP in-process.
import { type Clock, manualClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { notify } from "@otklik/notifications";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

describe.each(testBackends())("notifications API on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let browsers: Record<string, Browser>;
  const clock = manualClock("2026-11-27T03:00:00Z");

  beforeAll(async () => {
    api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock: clock as Clock,
    });
    ({ browsers } = await demoStaff(api.app, { db: api.db, clock }));
  }, 120_000);
  afterAll(() => api?.db.close());

  it("lists one's in-app notifications with the unread count, pages them and marks them read", async () => {
    const head = browsers.head!;
    for (let index = 1; index <= 3; index++) {
      await withTransaction(api.db, (tx) =>
        notify(tx, clock, {
          kind: "hearing_comment_to_moderate",
          key: `e2e-hearing-${index}`,
          variables: { title: "Правила благоустройства", count: index * 10 + 1 },
          recipients: [{ userId: head.userId }],
        }),
      );
    }
    const first = await call(api.app, "GET", "/api/v1/notifications?limit=2", { as: head });
    expect(first.status).toBe(200);
    const page = (await first.json()) as {
      items: { id: string; body: string; read: boolean }[];
      nextCursor: string;
      unreadCount: number;
    };
    expect(page.unreadCount).toBe(3);
    expect(page.items.map((item) => item.body)).toEqual([
      expect.stringContaining("31 замечание."),
      expect.stringContaining("21 замечание."),
    ]);
    const next = (await (
      await call(api.app, "GET", `/api/v1/notifications?limit=2&cursor=${page.nextCursor}`, { as: head })
    ).json()) as { items: unknown[]; nextCursor: string | null };
    expect(next).toMatchObject({
      items: [expect.objectContaining({ body: expect.stringContaining("11 замечаний.") })],
      nextCursor: null,
    });

    const read = await call(api.app, "POST", `/api/v1/notifications/${page.items[0]!.id}/read`, { as: head });
    expect(await read.json()).toMatchObject({ read: true });
    // Someone else's notification is not found.
    expect(
      (
        await call(api.app, "POST", `/api/v1/notifications/${page.items[1]!.id}/read`, {
          as: browsers.executor,
        })
      ).status,
    ).toBe(404);
    expect(
      await (await call(api.app, "POST", "/api/v1/notifications/read-all", { as: head })).json(),
    ).toEqual({ marked: 2 });
    const after = (await (
      await call(api.app, "GET", "/api/v1/notifications?unread=true", { as: head })
    ).json()) as {
      items: unknown[];
      unreadCount: number;
    };
    expect(after).toMatchObject({ items: [], unreadCount: 0 });
    expect((await call(api.app, "GET", "/api/v1/notifications")).status).toBe(401);
  });

  it("keeps each person's preferences and refuses malformed ones", async () => {
    const executor = browsers.executor!;
    expect(
      await (await call(api.app, "GET", "/api/v1/notifications/preferences", { as: executor })).json(),
    ).toMatchObject({
      locale: "ru",
      channels: ["in_app", "email"],
      quietHours: null,
    });
    const saved = await call(api.app, "PUT", "/api/v1/notifications/preferences", {
      as: executor,
      body: {
        channels: ["telegram"],
        telegramChatId: "12345",
        quietHours: { from: "22:00", to: "08:00" },
        kinds: { incident_assigned: { digest: true } },
      },
    });
    expect(saved.status).toBe(200);
    expect(
      await (await call(api.app, "GET", "/api/v1/notifications/preferences", { as: executor })).json(),
    ).toMatchObject({
      channels: ["telegram"],
      quietHours: { from: "22:00", to: "08:00" },
    });
    const bad = await call(api.app, "PUT", "/api/v1/notifications/preferences", {
      as: executor,
      body: { quietHours: { from: "25:00", to: "08:00" } },
    });
    expect(bad.status).toBe(422);
  });

  it("lets an administrator list, preview and version templates", async () => {
    const admin = browsers.admin!;
    const list = (await (
      await call(api.app, "GET", "/api/v1/notification-templates", { as: admin })
    ).json()) as {
      items: { kind: string; locale: string; version: number }[];
    };
    expect(list.items).toContainEqual(
      expect.objectContaining({ kind: "sla_breach", locale: "en", version: 1 }),
    );
    const preview = await call(api.app, "POST", "/api/v1/notification-templates/daily_digest/preview", {
      as: admin,
      body: { locale: "ru", variables: { open: 5 } },
    });
    expect(await preview.json()).toMatchObject({
      subject: "Сводка на 27.11.2026: 5 открытых обращений",
      version: 1,
    });
    const saved = await call(api.app, "PUT", "/api/v1/notification-templates/sla_breach/ru", {
      as: admin,
      body: { subject: "Просрочено: {number}", body: "Срок «{metric}» истёк {dueAt}." },
    });
    expect(await saved.json()).toMatchObject({ version: 2, subject: "Просрочено: {number}" });
    const unknown = await call(api.app, "PUT", "/api/v1/notification-templates/sla_breach/ru", {
      as: admin,
      body: { subject: "{secret}", body: "x" },
    });
    expect(unknown.status).toBe(422);
    expect(
      (
        await call(api.app, "PUT", "/api/v1/notification-templates/nope/ru", {
          as: admin,
          body: { subject: "a", body: "b" },
        })
      ).status,
    ).toBe(404);
    expect((await call(api.app, "GET", "/api/v1/notification-templates", { as: browsers.head })).status).toBe(
      403,
    );
  });

  it("documents every operation in the OpenAPI document", async () => {
    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/notifications",
        "/api/v1/notifications/{id}/read",
        "/api/v1/notifications/read-all",
        "/api/v1/notifications/preferences",
        "/api/v1/notification-templates",
        "/api/v1/notification-templates/{kind}/preview",
        "/api/v1/notification-templates/{kind}/{locale}",
        "/api/v1/notification-templates/{kind}/{locale}/versions",
        "/api/v1/notifications/{id}",
        "/api/v1/notifications/unread-count",
        "/api/v1/notification-deliveries",
      ]),
    );
  });

  it("shows one notification with how each channel fared, the unread count, and every delivery to an administrator", async () => {
    const executor = browsers.executor!;
    // E-mail and a staff bot chat: the bot is not configured here, so that delivery is recorded as it is.
    await call(api.app, "PUT", "/api/v1/notifications/preferences", {
      as: executor,
      body: { channels: ["in_app", "email", "telegram"], telegramChatId: "-1001987654321" },
    });
    const [written] = await withTransaction(api.db, (tx) =>
      notify(tx, clock, {
        kind: "escalation",
        key: "e2e-deliveries",
        variables: {
          number: "2026-000321",
          metric: "первый ответ",
          dueAt: "27.11.2026 11:00",
          level: 2,
          incidentId: "inc_e2e_deliveries",
        },
        recipients: [{ userId: executor.userId }],
      }),
    );
    const before = (await (
      await call(api.app, "GET", "/api/v1/notifications/unread-count", { as: executor })
    ).json()) as { unreadCount: number };
    expect(before.unreadCount).toBeGreaterThan(0);
    const detail = await call(api.app, "GET", `/api/v1/notifications/${written!.id}`, { as: executor });
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as {
      subject: string;
      link: { type: string; id: string } | null;
      deliveries: { channel: string; state: string }[];
    };
    expect(body.subject).toBe("Эскалация: обращение 2026-000321 без движения");
    // The incident it is about, for the admin's link.
    expect(body.link).toEqual({ type: "incident", id: "inc_e2e_deliveries" });
    expect(body.deliveries.map((item) => [item.channel, item.state])).toEqual([
      ["email", "queued"],
      ["in_app", "delivered"],
      ["telegram", "queued"],
    ]);
    expect(
      (await call(api.app, "GET", `/api/v1/notifications/${written!.id}`, { as: browsers.head })).status,
    ).toBe(404);
    await call(api.app, "POST", `/api/v1/notifications/${written!.id}/read`, { as: executor });
    const after = (await (
      await call(api.app, "GET", "/api/v1/notifications/unread-count", { as: executor })
    ).json()) as { unreadCount: number };
    expect(after.unreadCount).toBe(before.unreadCount - 1);

    const deliveries = await call(
      api.app,
      "GET",
      `/api/v1/notification-deliveries?channel=telegram&recipientUserId=${executor.userId}`,
      { as: browsers.admin },
    );
    expect(deliveries.status).toBe(200);
    expect(((await deliveries.json()) as { items: { address: string; kind: string }[] }).items).toEqual([
      expect.objectContaining({ address: "-1001987654321", kind: "escalation", state: "queued" }),
    ]);
    expect(
      (await call(api.app, "GET", "/api/v1/notification-deliveries?state=lost", { as: browsers.admin }))
        .status,
    ).toBe(422);
    expect((await call(api.app, "GET", "/api/v1/notification-deliveries", { as: executor })).status).toBe(
      403,
    );
  });

  it("lists a template's versions down to the built-in one", async () => {
    const admin = browsers.admin!;
    await call(api.app, "PUT", "/api/v1/notification-templates/citizen_wrote_again/en", {
      as: admin,
      body: { subject: "Incident {number}: the citizen wrote again", body: "{text}" },
    });
    const versions = (await (
      await call(api.app, "GET", "/api/v1/notification-templates/citizen_wrote_again/en/versions", {
        as: admin,
      })
    ).json()) as { items: { version: number; subject: string; updatedBy: string | null }[] };
    expect(versions.items.map((item) => [item.version, item.subject])).toEqual([
      [2, "Incident {number}: the citizen wrote again"],
      [1, "The citizen wrote again about incident {number}"],
    ]);
    expect(versions.items[0]!.updatedBy).toBe(admin.userId);
    expect(
      (await call(api.app, "GET", "/api/v1/notification-templates/nope/en/versions", { as: admin })).status,
    ).toBe(404);
  });
});
