import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import {
  createPersonalDataRegistry,
  erasePersonalData,
  exportPersonalData,
  runPersonalDataRetention,
  type UserActor,
} from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { getIncident } from "../desk/read-incidents.js";
import { decideInboxItem, receiveSocialEvent } from "../intake/inbox.js";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import {
  ERASED,
  eraseSubjectFromText,
  incidentAuthorsPersonalData,
  textNamesSubject,
} from "./incident-authors.js";

describe("finding a citizen's contacts in their text", () => {
  it("matches the e-mail and the phone however it is written, and erases only theirs", () => {
    const text = "Звоните 8 (913) 555-12-34 или пишите Petrov@Mail.ru, сосед — +7 913 000 11 22";
    expect(textNamesSubject(text, { phone: "+79135551234" })).toBe(true);
    expect(textNamesSubject(text, { email: "petrov@mail.ru" })).toBe(true);
    expect(textNamesSubject(text, { phone: "+79130001123" })).toBe(false);
    expect(eraseSubjectFromText(text, { phone: "+79135551234", email: "petrov@mail.ru" })).toBe(
      `Звоните ${ERASED} или пишите ${ERASED}, сосед — +7 913 000 11 22`,
    );
  });
});

describe.each(testBackends())("incident authors in the personal-data registry on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  const registry = createPersonalDataRegistry();
  registry.register(incidentAuthorsPersonalData);
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
  });
  afterAll(() => db.close());

  const admin = (): UserActor => ({
    kind: "user",
    userId: "usr_admin",
    roles: ["admin"],
    departmentId: null,
    sessionId: null,
    address: null,
  });

  it("exports and erases a citizen found by the phone in their comment, keeping the incident", async () => {
    const { incidentId } = await receivePlatformIncident(world.system, {
      type: "incident",
      id: "pd-1",
      createdAt: world.clock.now().toISOString(),
      text: "Нет света в подъезде на Ленина 5, мой телефон 8-913-555-12-34",
      source: { network: "vk", authorName: "Петров Иван", authorUrl: "https://vk.com/id777" },
    });
    const other = await receivePlatformIncident(world.system, {
      type: "incident",
      id: "pd-2",
      createdAt: world.clock.now().toISOString(),
      text: "Яма на дороге, звоните 8-913-000-11-22",
      source: { network: "vk", authorName: "Сидоров" },
    });
    const context = { db, clock: world.clock, actor: admin() };
    const exported = await exportPersonalData(context, registry, { phone: "+7 913 555 12 34" });
    const part = exported.parts.find((candidate) => candidate.name === "incidents.authors");
    // The incident, and the inbox item it was received as (when intake keeps one), and nothing else.
    const records = (part?.records ?? []) as { kind: string; text: string }[];
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: "incident",
        authorName: "Петров Иван",
        authorUrl: "https://vk.com/id777",
        text: "Нет света в подъезде на Ленина 5, мой телефон 8-913-555-12-34",
      }),
    );
    expect(records.every((record) => record.text.includes("8-913-555-12-34"))).toBe(true);

    const erased = await erasePersonalData(context, registry, { phone: "+79135551234" });
    expect(erased.parts).toEqual([{ name: "incidents.authors", records: records.length }]);
    const left = await exportPersonalData(context, registry, { phone: "+79135551234" });
    expect(left.parts[0]?.records).toEqual([]);
    const detail = await getIncident(world.operator, incidentId);
    expect(detail.author).toMatchObject({ name: null, url: null });
    expect(detail.text).toBe(`Нет света в подъезде на Ленина 5, мой телефон ${ERASED}`);
    expect(detail.reporters[0]).toMatchObject({ authorName: null, authorUrl: null });
    expect(detail.status).toBe("new");
    // Someone else's incident is untouched; erasing again changes nothing.
    expect((await getIncident(world.operator, other.incidentId)).author.name).toBe("Сидоров");
    expect((await erasePersonalData(context, registry, { phone: "+79135551234" })).parts[0]?.records).toBe(0);
  });

  it("ages out the authors of finished incidents and decided inbox items, leaving open work alone", async () => {
    const message = {
      kind: "comment" as const,
      platform: "vk" as const,
      action: "created" as const,
      conversationId: "-1_900",
      attachments: [],
      occurredAt: world.clock.now().toISOString(),
      author: { id: "4242", name: "Анна", url: "https://vk.com/id4242" },
    };
    const dismissed = await receiveSocialEvent(world.system, {
      ...message,
      externalId: "-1_901",
      text: "Спасибо! Пишите мне anna@example.ru",
    });
    await decideInboxItem(world.operator, dismissed.inboxItemId ?? "", {
      decision: "dismissed",
      reason: "gratitude",
    });
    const { incidentId: finished } = await receivePlatformIncident(world.system, {
      type: "incident",
      id: "pd-3",
      createdAt: world.clock.now().toISOString(),
      text: "Спам, не проблема",
      source: { network: "vk", authorName: "Бот", authorUrl: "https://vk.com/id1" },
    });
    await applyLifecycleCommand(world.operator, finished, {
      type: "reject",
      reason: "spam",
      comment: "Спам",
    });
    const { incidentId: open } = await receivePlatformIncident(world.system, {
      type: "incident",
      id: "pd-4",
      createdAt: world.clock.now().toISOString(),
      text: "Не вывозят мусор, мой номер +7 913 444 55 66",
      source: { network: "vk", authorName: "Открытое" },
    });
    world.clock.advance(400 * 24 * 60 * 60_000);
    const run = await runPersonalDataRetention({ db, clock: world.clock, registry, retentionDays: 365 });
    expect(run.parts[0]?.records).toBeGreaterThanOrEqual(3);
    expect((await getIncident(world.operator, finished)).author).toMatchObject({ name: null, url: null });
    expect((await getIncident(world.operator, open)).author.name).toBe("Открытое");
    const [item] = await db.query<{ author_name: string | null; text: string; raw: unknown }>(
      "SELECT author_name, text, raw FROM incident_inbox WHERE id = $1",
      [dismissed.inboxItemId],
    );
    expect(item).toEqual({
      author_name: null,
      text: `Спасибо! Пишите мне ${ERASED}`,
      raw: { anonymised: true },
    });
    const again = await runPersonalDataRetention({ db, clock: world.clock, registry, retentionDays: 365 });
    expect(again.parts[0]?.records).toBe(0);
  });
});
