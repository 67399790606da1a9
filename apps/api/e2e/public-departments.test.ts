// Contacts of departments for the city's site: only the departments an administrator gave a public
// card, with only the card's fields; public, no sign-in.
import { type Clock, manualClock } from "@otklik/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

describe("public department contacts", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let admin: Browser;

  beforeAll(async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    api = await createTestApi({ clock: clock as Clock });
    admin = (await demoStaff(api.app, { db: api.db, clock })).browsers.admin;
  }, 120_000);
  afterAll(() => api?.db.close());

  const publicList = async () => {
    const response = await call(api.app, "GET", "/api/v1/public/departments");
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Record<string, unknown>[] }).items;
  };

  it("lists the demo departments' cards by name, with only the published fields, to anyone", async () => {
    const items = await publicList();
    const housing = items.find((item) => item.shortName === "Управление ЖКХ");
    expect(housing).toEqual({
      id: expect.stringMatching(/^dep_/),
      name: "Управление жилищно-коммунального хозяйства",
      shortName: "Управление ЖКХ",
      parentId: null,
      headName: "Кириллов Олег Петрович",
      headPosition: "Начальник управления",
      phone: "+73902223301",
      email: "gkh@abakan.example",
      address: "г. Абакан, ул. Щетинкина, 10",
      hours: "пн–чт 8:00–17:00, пт 8:00–16:00, перерыв 12:00–13:00",
    });
    const names = items.map((item) => String(item.name));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const item of items) {
      expect(Object.keys(item)).not.toEqual(expect.arrayContaining(["headUserId"]));
      expect(item).not.toHaveProperty("officialId");
      expect(item).not.toHaveProperty("contacts");
      expect(item).not.toHaveProperty("calendarKey");
    }
  });

  it("drops a department whose card an administrator removes, and keeps it for staff", async () => {
    const housing = (await publicList()).find((item) => item.shortName === "Управление ЖКХ");
    const changed = await call(api.app, "PATCH", `/api/v1/departments/${housing?.id}`, {
      as: admin,
      body: { publicCard: null },
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { publicCard: unknown }).publicCard).toBeNull();
    expect((await publicList()).some((item) => item.id === housing?.id)).toBe(false);
    const back = await call(api.app, "PATCH", `/api/v1/departments/${housing?.id}`, {
      as: admin,
      body: { publicCard: { phone: "8 (3902) 22-33-01", hours: "пн–пт 9:00–18:00" } },
    });
    expect(back.status).toBe(200);
    expect((await publicList()).find((item) => item.id === housing?.id)).toMatchObject({
      phone: "+73902223301",
      hours: "пн–пт 9:00–18:00",
    });
  });

  it("is in the OpenAPI document as a public operation", async () => {
    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, { get?: { security?: unknown[] } }>;
    };
    expect(document.paths["/api/v1/public/departments"]?.get?.security).toEqual([]);
  });
});
