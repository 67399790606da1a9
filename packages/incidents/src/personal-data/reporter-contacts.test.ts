// Site reporters' contacts: the reporter row links to the consent in identity's ledger, the desk reads
// the e-mail from there while the consent is in force, and erasure or retention cut the link.
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import {
  anonymousActor,
  consentPersonalData,
  createPersonalDataRegistry,
  erasePersonalData,
  exportPersonalData,
  publishLegalText,
  runPersonalDataRetention,
  systemActor,
  withdrawConsent,
} from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { mergeIncidents } from "../desk/merge-incidents.js";
import { getIncident } from "../desk/read-incidents.js";
import { decideInboxItem, receiveSocialEvent } from "../intake/inbox.js";
import { receiveSiteReport, type SiteReport } from "../intake/receive-site-report.js";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import { incidentAuthorsPersonalData } from "./incident-authors.js";
import { contactKeys, reporterContacts } from "./reporter-contacts.js";

describe("contact lookup keys", () => {
  it("are the same for an address however it is cased and a phone however it is written", () => {
    expect(contactKeys({ email: " Anna@Mail.Example " })).toEqual(
      contactKeys({ email: "anna@mail.example" }),
    );
    expect(contactKeys({ phone: "8 (913) 555-12-34" })).toEqual(contactKeys({ phone: "+79135551234" }));
    expect(contactKeys({ email: "anna@mail.example" })[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(contactKeys({ email: "anna@mail.example" })[0]).not.toContain("anna");
    expect(contactKeys({})).toEqual([]);
  });
});

describe.each(testBackends())("site reporters' contacts on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  let consentTextId: string;
  // Identity's ledger first, as the API registers them: the desk finds its reporters all the same.
  const registry = createPersonalDataRegistry();
  registry.register(consentPersonalData);
  registry.register(incidentAuthorsPersonalData);

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
    const text = await publishLegalText(
      { db, clock: world.clock, actor: systemActor("test") },
      "incident-report",
      { title: "Согласие", body: "Я согласен на обработку персональных данных" },
    );
    consentTextId = text.id;
  });
  afterAll(() => db?.close());

  let counter = 0;
  async function siteReport(contacts: SiteReport["contacts"]) {
    counter += 1;
    return receiveSiteReport(world.as(anonymousActor(`10.0.1.${counter}`)), {
      category: "roads",
      description: `Яма на дороге во дворе дома ${counter} по улице Ленина`,
      contacts,
      consentTextId,
    });
  }

  it("keeps the consent's id on the reporter and reads the e-mail from the ledger, never storing it", async () => {
    const report = await siteReport({ name: "Анна Смирнова", email: "Anna.Smirnova@Mail.Example" });
    const detail = await getIncident(world.operator, report.incidentId);
    expect(detail.reporters).toEqual([
      expect.objectContaining({ channel: "site", authorName: "Анна Смирнова", consentId: report.consentId }),
    ]);
    const [stored] = await db.query<Record<string, unknown>>(
      "SELECT row_to_json(r)::text AS json FROM incident_reporters r WHERE incident_id = $1",
      [report.incidentId],
    );
    expect(String(stored?.json).toLowerCase()).not.toContain("anna.smirnova@mail.example");
    expect(await reporterContacts(world.system, report.incidentId)).toEqual([
      {
        reporterId: detail.reporters[0]?.id,
        channel: "site",
        email: "anna.smirnova@mail.example",
        locale: "ru",
      },
    ]);
    // The contacts are the ledger's: staff who may read the incident but not consents get none.
    await expect(reporterContacts(world.operator, report.incidentId)).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("lists every reporter of a merged incident, with an e-mail only for those who gave one", async () => {
    const received = await receiveSocialEvent(world.system, {
      kind: "comment",
      action: "created",
      platform: "vk",
      externalId: `-1_${backend}-contacts`,
      conversationId: "-1_1",
      text: "Яма на дороге во дворе на Ленина",
      author: { id: "42", name: "Пётр" },
      attachments: [],
      occurredAt: world.clock.now().toISOString(),
    });
    const decided = await decideInboxItem(world.operator, received.inboxItemId ?? "", {
      decision: "incident",
    });
    const kept = decided.incidentId ?? "";
    const report = await siteReport({ name: "Олег", email: "oleg@mail.example" });
    const phoneOnly = await siteReport({ name: "Ирина", phone: "+79135550000" });
    await mergeIncidents(world.operator, kept, { duplicateIds: [report.incidentId, phoneOnly.incidentId] });
    const contacts = await reporterContacts(world.system, kept);
    expect(contacts.map(({ channel, email }) => ({ channel, email }))).toEqual([
      { channel: "vk", email: null },
      { channel: "site", email: "oleg@mail.example" },
      { channel: "site", email: null },
    ]);
  });

  it("gives no e-mail once the consent is withdrawn", async () => {
    const report = await siteReport({ email: "withdrawn@mail.example" });
    expect((await reporterContacts(world.system, report.incidentId))[0]?.email).toBe(
      "withdrawn@mail.example",
    );
    await withdrawConsent({ db, clock: world.clock, actor: systemActor("test") }, report.consentId);
    expect((await reporterContacts(world.system, report.incidentId))[0]?.email).toBeNull();
  });

  it("erasure by e-mail or phone finds the reporter through the lookup keys and cuts the link", async () => {
    const admin = { db, clock: world.clock, actor: systemActor("test") };
    const byMail = await siteReport({ name: "Мария Петрова", email: "maria@mail.example" });
    const byPhone = await siteReport({ name: "Сергей", phone: "8 913 555-77-88" });

    const exported = await exportPersonalData(admin, registry, { email: "maria@mail.example" });
    const part = exported.parts.find((item) => item.name === "incidents.authors");
    expect(part?.records).toEqual([
      expect.objectContaining({ kind: "reporter", channel: "site", authorName: "Мария Петрова" }),
    ]);

    const erased = await erasePersonalData(admin, registry, { email: "maria@mail.example" });
    expect(erased.parts.find((item) => item.name === "incidents.authors")?.records).toBe(1);
    const detail = await getIncident(world.operator, byMail.incidentId);
    expect(detail.reporters[0]).toMatchObject({ authorName: null, consentId: null });
    expect(detail.author.name).toBeNull();
    expect(await reporterContacts(world.system, byMail.incidentId)).toEqual([
      expect.objectContaining({ channel: "site", email: null }),
    ]);
    const [keys] = await db.query<{ n: number }>(
      "SELECT cardinality(contact_keys) AS n FROM incident_reporters WHERE incident_id = $1",
      [byMail.incidentId],
    );
    expect(keys?.n).toBe(0);
    // Erasing again changes nothing; the other reporter is untouched until asked for by phone.
    expect(
      (await erasePersonalData(admin, registry, { email: "maria@mail.example" })).parts.find(
        (item) => item.name === "incidents.authors",
      )?.records,
    ).toBe(0);
    expect((await getIncident(world.operator, byPhone.incidentId)).reporters[0]?.authorName).toBe("Сергей");
    await erasePersonalData(admin, registry, { phone: "+79135557788" });
    expect((await getIncident(world.operator, byPhone.incidentId)).reporters[0]).toMatchObject({
      authorName: null,
      consentId: null,
    });
  });

  it("retention cuts the link of finished incidents' reporters and leaves open work alone", async () => {
    const finished = await siteReport({ email: "old@mail.example" });
    const open = await siteReport({ email: "open@mail.example" });
    await applyLifecycleCommand(world.operator, finished.incidentId, {
      type: "reject",
      reason: "not-a-problem",
      comment: "Не проблема города",
    });
    world.clock.advance(400 * 24 * 3600 * 1000);
    await runPersonalDataRetention({ db, clock: world.clock, registry, retentionDays: 365 });
    expect((await getIncident(world.operator, finished.incidentId)).reporters[0]?.consentId).toBeNull();
    expect((await getIncident(world.operator, open.incidentId)).reporters[0]?.consentId).toBe(open.consentId);
  });
});
