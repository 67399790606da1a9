import { OtklikError } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { anonymousActor, publishLegalText, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATEGORY_CODES } from "../classification/categories.js";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { receiveSiteReport } from "../intake/receive-site-report.js";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import {
  createIncidentFromOpen311,
  getOpen311Request,
  listOpen311Requests,
  open311RequestIdForToken,
} from "./open311-requests.js";
import {
  incidentStatusesFor,
  open311ServiceDefinition,
  open311Services,
  open311Status,
} from "./open311-services.js";

describe("Open311 mapping (pure)", () => {
  it("offers every category as a realtime service without metadata, named in Russian", () => {
    const services = open311Services();
    expect(services.map((service) => service.service_code)).toEqual([...CATEGORY_CODES]);
    for (const service of services) {
      expect(service).toMatchObject({ metadata: false, type: "realtime" });
      expect(service.service_name).toMatch(/[а-яё]/iu);
      expect(service.keywords.length).toBeGreaterThan(0);
      expect(service.group.length).toBeGreaterThan(0);
    }
  });

  it("defines known services with no attributes and knows no others", () => {
    expect(open311ServiceDefinition("roads")).toEqual({ service_code: "roads", attributes: [] });
    expect(open311ServiceDefinition("potholes")).toBeNull();
  });

  it("maps every status to open or closed, and back", () => {
    expect(open311Status("new")).toBe("open");
    expect(open311Status("waiting_for_citizen")).toBe("open");
    expect(open311Status("resolved")).toBe("closed");
    expect(open311Status("rejected")).toBe("closed");
    expect([...incidentStatusesFor("open"), ...incidentStatusesFor("closed")].sort()).toHaveLength(9);
  });
});

describe.each(testBackends())("Open311 and site reports over the database on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  const client = () =>
    world.as({ kind: "token", tokenId: "tok_open311", scopes: ["open311:write"], address: "10.0.0.1" });
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
  });
  afterAll(() => db.close());

  it("registers a request in the client's category, on the map, with the name only", async () => {
    const submitted = await createIncidentFromOpen311(client(), {
      service_code: "street-lighting",
      lat: "53.72",
      long: "91.44",
      description: "Не горит фонарь у подъезда",
      media_url: "https://example.org/photo.jpg",
      first_name: "Анна",
      last_name: "Петрова",
      email: "anna@mail.example",
      account_id: "acc-7",
    });
    expect(submitted.service_request_id).toMatch(/^2026-\d{6}$/);
    expect(submitted.account_id).toBe("acc-7");
    const [row] = await db.query<Record<string, unknown>>("SELECT * FROM incidents WHERE number = $1", [
      submitted.service_request_id,
    ]);
    expect(row).toMatchObject({
      channel: "open311",
      category: "street-lighting",
      author_name: "Анна Петрова",
    });
    expect(JSON.stringify(row)).not.toContain("anna@mail.example");
    const request = await getOpen311Request(world.system, submitted.service_request_id);
    expect(request).toMatchObject({
      status: "open",
      service_code: "street-lighting",
      description: "Не горит фонарь у подъезда",
      lat: 53.72,
      long: 91.44,
      media_url: "https://example.org/photo.jpg",
    });
    expect(request.expected_datetime).not.toBeNull();
    expect(await open311RequestIdForToken(world.system, submitted.token)).toEqual({
      token: submitted.token,
      service_request_id: submitted.service_request_id,
    });
  });

  it("refuses clients without the scope, unknown services and requests without a place", async () => {
    await expect(
      createIncidentFromOpen311(world.as(anonymousActor()), {
        service_code: "roads",
        address_string: "Ленина 1",
      }),
    ).rejects.toMatchObject({ code: "unauthorized" });
    await expect(
      createIncidentFromOpen311(client(), { service_code: "potholes", address_string: "Ленина 1" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(createIncidentFromOpen311(client(), { service_code: "roads" })).rejects.toBeInstanceOf(
      OtklikError,
    );
    await expect(
      createIncidentFromOpen311(client(), { service_code: "roads", lat: "53.7", address_string: "" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("lists with the filters and defaults, and maps closed statuses", async () => {
    const first = await createIncidentFromOpen311(client(), {
      service_code: "roads",
      address_string: "улица Ленина, 70",
      description: "Яма на дороге",
    });
    const all = await listOpen311Requests(world.system, {});
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(
      (await listOpen311Requests(world.system, { service_code: "roads" })).map((r) => r.service_request_id),
    ).toEqual([first.service_request_id]);
    const [row] = await db.query<{ id: string }>("SELECT id FROM incidents WHERE number = $1", [
      first.service_request_id,
    ]);
    await applyLifecycleCommand(world.system, row?.id ?? "", {
      type: "reject",
      reason: "not-a-problem",
      comment: "Не в ведении города",
    });
    expect(
      (await listOpen311Requests(world.system, { status: "closed" })).map((r) => r.service_request_id),
    ).toEqual([first.service_request_id]);
    expect((await listOpen311Requests(world.system, { status: "open" })).map((r) => r.status)).not.toContain(
      "closed",
    );
    expect(
      await listOpen311Requests(world.system, {
        service_request_id: `${first.service_request_id},2026-999999`,
      }),
    ).toHaveLength(1);
    // Out of the default window: 90 days ahead nothing is listed.
    world.clock.set(new Date(world.clock.now().getTime() + 91 * 86_400_000));
    expect(await listOpen311Requests(world.system, {})).toEqual([]);
    expect(await listOpen311Requests(world.system, { start_date: "2026-11-01T00:00:00+07:00" })).not.toEqual(
      [],
    );
    await expect(listOpen311Requests(world.system, { status: "pending" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(getOpen311Request(world.system, "2026-999999")).rejects.toMatchObject({ code: "not_found" });
  });

  it("stores a site report with its consent in one transaction, or nothing", async () => {
    const text = await publishLegalText(
      { db, clock: world.clock, actor: systemActor("test") },
      "incident-report",
      { title: "Согласие", body: "Я согласен на обработку персональных данных" },
    );
    const citizen = world.as(anonymousActor("10.0.0.2"));
    const received = await receiveSiteReport(citizen, {
      category: "waste",
      description: "Не вывозят мусор во дворе",
      contacts: { name: "Олег", email: "oleg@mail.example" },
      consentTextId: text.id,
    });
    expect(received.registrationNumber).toMatch(/^\d{4}-\d{6}$/);
    const count = async () =>
      (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM incidents"))[0]?.n;
    const before = await count();
    await expect(
      receiveSiteReport(citizen, {
        category: "waste",
        description: "Не вывозят мусор во дворе",
        contacts: { name: "Олег" },
        consentTextId: text.id,
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    expect(await count()).toBe(before);
  });
});
