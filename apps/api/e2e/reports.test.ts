// The site's «report a problem» form over HTTP: consent first, then an incident the desk sees and the citizen tracks.
import { type Clock, manualClock } from "@otklik/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

describe("site reports", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let operator: Browser;
  let consentTextId: string;

  beforeAll(async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    api = await createTestApi({ clock: clock as Clock });
    const { demo, browsers } = await demoStaff(api.app, { db: api.db, clock });
    operator = browsers.operator;
    consentTextId = demo.consentTextId;
  }, 120_000);
  afterAll(() => api?.db.close());

  const report = (overrides: Record<string, unknown> = {}) => ({
    category: "street-lighting",
    description: "Во дворе дома по улице Щетинкина не горят фонари уже неделю",
    address: "ул. Щетинкина, 10",
    contacts: { name: "Мария Иванова", email: "maria@mail.example", phone: "+79131234567" },
    consent: { accepted: true, textVersion: 1 },
    ...overrides,
  });
  const counts = async () => {
    const [row] = await api.db.query<{ incidents: number; consents: number }>(
      "SELECT (SELECT count(*)::int FROM incidents) AS incidents, (SELECT count(*)::int FROM identity_consents) AS consents",
    );
    return row;
  };

  it("registers a report with consent: the desk sees it, the citizen tracks it, the ledger has the consent", async () => {
    const response = await call(api.app, "POST", "/api/v1/reports", { body: report() });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as {
      registrationNumber: string;
      trackingToken: string;
      trackingUrl: string;
    };
    expect(answer.registrationNumber).toMatch(/^2026-\d{6}$/);
    expect(answer.trackingToken).toHaveLength(22);
    expect(answer.trackingUrl).toBe(`/api/v1/track/${answer.trackingToken}`);

    const queue = await call(api.app, "GET", "/api/v1/incidents?channel=site", { as: operator });
    const { items } = (await queue.json()) as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      number: answer.registrationNumber,
      channel: "site",
      category: "street-lighting",
      status: "new",
      address: "Щетинкина, 10", // the street as the register names it
    });

    const tracked = await call(api.app, "GET", answer.trackingUrl);
    expect(tracked.status).toBe(200);
    expect(await tracked.json()).toMatchObject({ number: answer.registrationNumber, status: "new" });

    const [consent] = await api.db.query<Record<string, unknown>>(
      "SELECT text_id, purpose, channel, subject_email FROM identity_consents WHERE subject_email = 'maria@mail.example'",
    );
    expect(consent).toEqual({
      text_id: consentTextId,
      purpose: "incident-report",
      channel: "site",
      subject_email: "maria@mail.example",
    });
    // The incident keeps the name only; the contacts live in the consent ledger (export and erasure there).
    const dump = JSON.stringify(await api.db.query("SELECT * FROM incidents"));
    expect(dump).not.toContain("maria@mail.example");
  });

  it("takes the consent text's id as well as its version number", async () => {
    const response = await call(api.app, "POST", "/api/v1/reports", {
      body: report({ consent: { accepted: true, textVersion: consentTextId } }),
    });
    expect(response.status).toBe(201);
  });

  it("refuses a report without consent with 422, Russian first, and stores nothing", async () => {
    const before = await counts();
    for (const body of [
      report({ consent: undefined }),
      report({ consent: { accepted: false, textVersion: 1 } }),
      report({ consent: { accepted: true, textVersion: 99 } }),
      report({ contacts: { name: "Без контактов" } }),
      report({ consent: { accepted: true, textVersion: "lgl_nope" } }),
    ]) {
      const response = await call(api.app, "POST", "/api/v1/reports", { body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("validation_failed");
      expect(error.message).toMatch(/^[А-ЯЁ]/u);
    }
    const refused = await call(api.app, "POST", "/api/v1/reports", { body: report({ consent: undefined }) });
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("согласи");
    expect(await counts()).toEqual(before);
  });

  it("refuses an unknown category and a body that is not JSON", async () => {
    expect(
      (await call(api.app, "POST", "/api/v1/reports", { body: report({ category: "ufo" }) })).status,
    ).toBe(422);
    const form = await api.app.request("/api/v1/reports", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "category=roads",
    });
    expect(form.status).toBe(415);
  });
});
