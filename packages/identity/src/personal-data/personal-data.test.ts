import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousActor } from "../access/actor.js";
import { listAudit } from "../audit/list-audit.js";
import { backends, freshDatabase } from "../testing/database.js";
import { dumpDatabase } from "../testing/dump.js";
import { errorCode, staff, type World, world } from "../testing/fixtures.js";
import { consentPersonalData } from "./consent-personal-data.js";
import { currentLegalText } from "./current-legal-text.js";
import { erasePersonalData } from "./erase-personal-data.js";
import { exportPersonalData } from "./export-personal-data.js";
import { PRIVACY_POLICY } from "./legal-text.js";
import { listConsents } from "./list-consents.js";
import { publishLegalText } from "./publish-legal-text.js";
import { recordConsent } from "./record-consent.js";
import { createPersonalDataRegistry, type PersonalDataPart, type PersonalDataRegistry } from "./registry.js";
import { runPersonalDataRetention } from "./run-retention.js";
import { withdrawConsent } from "./withdraw-consent.js";

let citizens = 0;
/** A new citizen with their own name, contacts and address, so tests sharing a database stay apart. */
function newCitizen() {
  citizens += 1;
  const digits = String(citizens).padStart(2, "0");
  return {
    name: `Чебодаева Анна ${digits}`,
    email: `anna.cheb${digits}@mail.example`,
    phone: `+7 913 555-44-${digits}`,
    e164: `+791355544${digits}`,
    address: `203.0.113.${citizens}`,
  };
}
type Citizen = ReturnType<typeof newCitizen>;

/** A later package's part, as the incidents package will register one: authors of complaints. */
function incidentAuthorsPart(): PersonalDataPart {
  return {
    name: "test.incident-authors",
    description: "Авторы обращений (тест) / Complaint authors (test)",
    async export(subject, { db }) {
      return db.query(
        "SELECT id, text, author_name, author_email FROM test_incident_authors WHERE author_email = $1",
        [subject.email ?? ""],
      );
    },
    async erase(subject, { db }) {
      const rows = await db.query(
        "UPDATE test_incident_authors SET author_name = NULL, author_email = NULL WHERE author_email = $1 RETURNING id",
        [subject.email ?? ""],
      );
      return rows.length;
    },
  };
}

describe.each(backends)("personal data on $name", (backend) => {
  let w: World;
  let org: Awaited<ReturnType<typeof staff>>;
  let registry: PersonalDataRegistry;
  let consentTextId: string;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
    org = await staff(w);
    registry = createPersonalDataRegistry();
    registry.register(consentPersonalData);
    registry.register(incidentAuthorsPart());
    await w.db.query(
      "CREATE TABLE test_incident_authors (id text PRIMARY KEY, text text NOT NULL, author_name text, author_email text)",
    );
    await publishLegalText(w.system, PRIVACY_POLICY, { title: "Политика", body: "Текст политики" });
    consentTextId = (
      await publishLegalText(w.system, "incident-report", { title: "Согласие", body: "Я даю согласие…" })
    ).id;
  });
  afterAll(() => w.db.close());

  const citizenContext = (citizen: Citizen) => w.as(anonymousActor(citizen.address));
  const giveConsent = (citizen: Citizen) =>
    recordConsent(citizenContext(citizen), {
      textId: consentTextId,
      subject: { name: citizen.name, email: citizen.email, phone: citizen.phone },
    });
  const reportProblem = (citizen: Citizen, text: string) =>
    w.db.query("INSERT INTO test_incident_authors VALUES ($1, $2, $3, $4)", [
      `inc_${citizens}_${text.length}`,
      text,
      citizen.name,
      citizen.email,
    ]);

  it("records a consent with the exact text version, purpose, time, address and channel", async () => {
    const citizen = newCitizen();
    const consent = await giveConsent(citizen);
    expect(consent).toMatchObject({
      textId: consentTextId,
      purpose: "incident-report",
      subject: { name: citizen.name, email: citizen.email, phone: citizen.e164 },
      address: citizen.address,
      channel: "site",
      givenAt: w.clock.now().toISOString(),
      withdrawnAt: null,
    });
    const newer = await publishLegalText(w.system, "incident-report", {
      title: "Согласие",
      body: "Новая редакция",
    });
    expect(newer.version).toBe(2);
    expect((await currentLegalText(w, "incident-report")).id).toBe(newer.id);
    expect((await listConsents(w.as(org.people.admin), { limit: 10 })).items[0]?.textId).toBe(consentTextId);
  });

  it("lets a citizen record only their own consent on the site, against a consent text", async () => {
    const citizen = newCitizen();
    const subject = { email: citizen.email };
    const asCitizen = citizenContext(citizen);
    expect(
      await errorCode(recordConsent(asCitizen, { textId: consentTextId, subject, channel: "phone" })),
    ).toBe("forbidden");
    const policy = await currentLegalText(w, PRIVACY_POLICY);
    expect(await errorCode(recordConsent(asCitizen, { textId: policy.id, subject }))).toBe(
      "validation_failed",
    );
    expect(await errorCode(recordConsent(asCitizen, { textId: consentTextId, subject: {} }))).toBe(
      "validation_failed",
    );
    const byPhone = await recordConsent(w.as(org.people.operator), {
      textId: consentTextId,
      subject,
      channel: "phone",
    });
    expect(byPhone.channel).toBe("phone");
  });

  it("withdraws a consent once", async () => {
    const consent = await giveConsent(newCitizen());
    w.clock.advance(60_000);
    const withdrawn = await withdrawConsent(w.as(org.people.admin), consent.id);
    expect(withdrawn.withdrawnAt).toBe(w.clock.now().toISOString());
    w.clock.advance(60_000);
    expect((await withdrawConsent(w.as(org.people.admin), consent.id)).withdrawnAt).toBe(
      withdrawn.withdrawnAt,
    );
  });

  it("exports a citizen's data from every registered part", async () => {
    const citizen = newCitizen();
    await giveConsent(citizen);
    await reportProblem(citizen, "Не горит фонарь");
    const exported = await exportPersonalData(w.as(org.people.admin), registry, { email: citizen.email });
    expect(exported.parts.map((part) => [part.name, part.records.length])).toEqual([
      ["identity.consents", 1],
      ["test.incident-authors", 1],
    ]);
    expect(
      await errorCode(exportPersonalData(w.as(org.people.operator), registry, { email: citizen.email })),
    ).toBe("forbidden");
  });

  it("erases a citizen everywhere, keeps the records and leaves the audit trail consistent", async () => {
    const citizen = newCitizen();
    const consent = await giveConsent(citizen);
    await reportProblem(citizen, "Яма на ул. Ленина");
    const auditBefore = await listAudit(w.system, { limit: 100 });

    const erasure = await erasePersonalData(w.as(org.people.admin), registry, {
      email: citizen.email,
      phone: citizen.phone,
    });
    expect(erasure.parts).toEqual([
      { name: "identity.consents", records: 1 },
      { name: "test.incident-authors", records: 1 },
    ]);

    const dump = await dumpDatabase(w.db);
    for (const personal of [citizen.name, citizen.email, citizen.e164, citizen.address]) {
      expect(dump).not.toContain(personal);
    }
    expect(dump).toContain("Яма на ул. Ленина");

    const kept = (await listConsents(w.as(org.people.admin), { limit: 100 })).items.find(
      (item) => item.id === consent.id,
    );
    expect(kept).toMatchObject({
      id: consent.id,
      textId: consentTextId,
      subject: { name: null, email: null, phone: null },
      address: null,
      anonymisedAt: w.clock.now().toISOString(),
      withdrawnAt: w.clock.now().toISOString(),
    });

    // Nothing in the log was changed (it cannot be); the erasure is one more entry, with counts only.
    const auditAfter = await listAudit(w.system, { limit: 100 });
    expect(auditAfter.items.slice(1)).toEqual(auditBefore.items);
    expect(auditAfter.items[0]).toMatchObject({
      action: "personal-data.erase",
      actor: { id: org.people.admin.userId },
      after: { records: { "identity.consents": 1, "test.incident-authors": 1 } },
    });
    const consentHistory = await listAudit(w.system, {
      limit: 10,
      objectType: "consent",
      objectId: consent.id,
    });
    expect(consentHistory.items.map((entry) => entry.action)).toEqual(["consent.create"]);
  });

  it("erases all or nothing: a failing part rolls the others back", async () => {
    const citizen = newCitizen();
    const consent = await giveConsent(citizen);
    const fragile = createPersonalDataRegistry();
    fragile.register(consentPersonalData);
    fragile.register({
      name: "test.broken",
      description: "Ломается / Breaks",
      export: async () => [],
      erase: async () => {
        throw new Error("disk full");
      },
    });
    await expect(
      erasePersonalData(w.as(org.people.admin), fragile, { email: citizen.email }),
    ).rejects.toThrow("disk full");
    const kept = (await listConsents(w.as(org.people.admin), { limit: 100 })).items.find(
      (item) => item.id === consent.id,
    );
    expect(kept?.subject.email).toBe(citizen.email);
  });

  it("anonymises consents older than the retention period", async () => {
    const oldCitizen = newCitizen();
    const old = await giveConsent(oldCitizen);
    w.clock.advance(3 * 365 * 24 * 60 * 60_000);
    const recentCitizen = newCitizen();
    const recent = await giveConsent(recentCitizen);
    const run = await runPersonalDataRetention({ db: w.db, clock: w.clock, registry, retentionDays: 365 });
    expect(run.parts[0]?.name).toBe("identity.consents");
    expect(run.parts[0]?.records).toBeGreaterThanOrEqual(1);
    const items = (await listConsents(w.as(org.people.admin), { limit: 100 })).items;
    expect(items.find((item) => item.id === old.id)?.subject.email).toBeNull();
    expect(items.find((item) => item.id === recent.id)?.subject.email).toBe(recentCitizen.email);
    const again = await runPersonalDataRetention({ db: w.db, clock: w.clock, registry, retentionDays: 365 });
    expect(again.parts).toEqual([{ name: "identity.consents", records: 0 }]);
  });
});
