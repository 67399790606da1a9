// The site's «report a problem» form over HTTP: consent first, then an incident the desk sees and the citizen tracks.
import { mkdtempSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { type Clock, manualClock } from "@otklik/core";
import { createJobs } from "@otklik/db";
import { dataFolderStore } from "@otklik/incidents";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIncidentWorkers } from "../src/server/incident-workers.js";
import { personalDataRegistry } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

// sharp is a dependency of @otklik/incidents, not of the API: borrow it from there to make real photos.
interface SharpInstance {
  jpeg(): SharpInstance;
  withExif(exif: object): SharpInstance;
  toBuffer(): Promise<Buffer>;
}
const sharp = createRequire(import.meta.resolve("@otklik/incidents"))("sharp") as (input: {
  create: object;
}) => SharpInstance;
const GPS_MARK = "WGS-84";
const phonePhoto = async (color: string) =>
  new Uint8Array(
    await sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "53/1 43/1 0/1", GPSMapDatum: GPS_MARK } })
      .toBuffer(),
  );
const blob = (bytes: Uint8Array, type = "image/jpeg") =>
  new Blob([bytes as Uint8Array<ArrayBuffer>], { type });

describe("site reports", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let operator: Browser;
  let admin: Browser;
  let consentTextId: string;
  let workerClock: Clock;
  const evidenceFolder = mkdtempSync(path.join(os.tmpdir(), "otklik-reports-evidence-"));

  beforeAll(async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    // The API's own registry of personal data, as the server composes it: erasure reaches the desk's records.
    api = await createTestApi({
      clock: clock as Clock,
      personalData: personalDataRegistry(),
      incidents: { evidenceStore: dataFolderStore(evidenceFolder) },
    });
    workerClock = clock as Clock;
    const { demo, browsers } = await demoStaff(api.app, { db: api.db, clock });
    operator = browsers.operator;
    admin = browsers.admin;
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

  it("takes photos as multipart: kept for the desk without EXIF/GPS, never shown by the tracking link", async () => {
    const form = new FormData();
    form.append("report", JSON.stringify(report()));
    form.append("photos", blob(await phonePhoto("#884422")), "яма.jpg");
    form.append("photos", blob(await phonePhoto("#224488")), "двор.jpg");
    // A browser's file input left empty sends a part with no name and no bytes: not a photo.
    form.append("photos", new Blob([], { type: "application/octet-stream" }), "");
    const response = await call(api.app, "POST", "/api/v1/reports", { body: form });
    expect(response.status, await response.clone().text()).toBe(201);
    const answer = (await response.json()) as { trackingToken: string; photos: number };
    expect(answer.photos).toBe(2);

    const [incident] = await api.db.query<{ id: string }>(
      "SELECT id FROM incidents WHERE tracking_token = $1",
      [answer.trackingToken],
    );
    const media = await call(api.app, "GET", `/api/v1/incidents/${incident?.id}/media`, { as: operator });
    const { items } = (await media.json()) as {
      items: { uploadedBy: string; kind: string; links: { published: string } }[];
    };
    expect(items.map((item) => [item.kind, item.uploadedBy])).toEqual([
      ["photo", "citizen"],
      ["photo", "citizen"],
    ]);
    const published = await call(api.app, "GET", items[0]!.links.published, { as: operator });
    expect(published.status).toBe(200);
    expect(Buffer.from(await published.arrayBuffer()).includes(Buffer.from(GPS_MARK))).toBe(false);

    const tracked = (await (await call(api.app, "GET", `/api/v1/track/${answer.trackingToken}`)).json()) as {
      proof: unknown[];
    };
    expect(tracked.proof).toEqual([]);
  });

  it("erases the photos with the citizen's personal data: the desk no longer lists or serves them", async () => {
    const form = new FormData();
    form.append(
      "report",
      JSON.stringify(report({ contacts: { name: "Олег Фото", email: "photo.sender@mail.example" } })),
    );
    form.append("photos", blob(await phonePhoto("#446688")), "подъезд.jpg");
    const answer = (await (await call(api.app, "POST", "/api/v1/reports", { body: form })).json()) as {
      trackingToken: string;
    };
    const [incident] = await api.db.query<{ id: string }>(
      "SELECT id FROM incidents WHERE tracking_token = $1",
      [answer.trackingToken],
    );
    const mediaPath = `/api/v1/incidents/${incident?.id}/media`;
    const listed = async () =>
      (
        (await (await call(api.app, "GET", mediaPath, { as: operator })).json()) as {
          items: { links: { thumbnail: string } }[];
        }
      ).items;
    const [photo] = await listed();
    expect((await call(api.app, "GET", photo!.links.thumbnail, { as: operator })).status).toBe(200);

    const erased = await call(api.app, "POST", "/api/v1/personal-data/erase", {
      as: admin,
      body: { email: "photo.sender@mail.example" },
    });
    expect(erased.status).toBe(200);
    const { parts } = (await erased.json()) as { parts: { name: string; records: number }[] };
    // The reporter's link and the photo.
    expect(parts.find((part) => part.name === "incidents.authors")?.records).toBe(2);
    expect(await listed()).toEqual([]);
    expect((await call(api.app, "GET", photo!.links.thumbnail, { as: operator })).status).toBe(404);
    // Its files wait for the worker's removal, after the erasure's transaction: a starting worker removes them.
    const folder = path.join(evidenceFolder, "incidents", incident?.id ?? "");
    expect(
      readdirSync(folder, { recursive: true }).filter((name) => String(name).includes(".")),
    ).toHaveLength(3);
    const jobs = createJobs(api.db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    try {
      await startIncidentWorkers({
        db: api.db,
        clock: workerClock,
        jobs,
        logger: pino({ level: "silent" }),
        store: dataFolderStore(evidenceFolder),
      });
    } finally {
      await jobs.stop({ graceful: false });
    }
    expect(readdirSync(folder, { recursive: true }).filter((name) => String(name).includes("."))).toEqual([]);
    const [queued] = await api.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incident_media_removals",
    );
    expect(queued?.n).toBe(0);
  });

  it("refuses the whole report for a bad photo, naming it, with 415/422/413, and stores nothing", async () => {
    const before = await counts();
    const send = async (photo: Blob, name: string) => {
      const form = new FormData();
      form.append("report", JSON.stringify(report()));
      form.append("photos", blob(await phonePhoto("#008800")), "good.jpg");
      form.append("photos", photo, name);
      const response = await call(api.app, "POST", "/api/v1/reports", { body: form });
      const { error } = (await response.json()) as {
        error: { message: string; details?: { path: (string | number)[] }[] };
      };
      return { status: response.status, error };
    };
    const pdf = await send(blob(new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n")), "image/jpeg"), "act.jpg");
    expect(pdf.status).toBe(415);
    expect(pdf.error.message).toMatch(/^Фото 2 \(«act\.jpg»\)/u);
    expect(pdf.error.details?.[0]?.path).toEqual(["photos", 1]);
    const broken = await send(blob(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3])), "broken.jpg");
    expect(broken.status).toBe(422);

    const many = new FormData();
    many.append("report", JSON.stringify(report()));
    const photo = await phonePhoto("#000088");
    for (let index = 0; index < 6; index += 1) many.append("photos", blob(photo), `p${index}.jpg`);
    expect((await call(api.app, "POST", "/api/v1/reports", { body: many })).status).toBe(422);

    const huge = new FormData();
    huge.append("report", JSON.stringify(report()));
    huge.append("photos", blob(new Uint8Array(52 * 1024 * 1024)), "huge.jpg");
    const tooLarge = await call(api.app, "POST", "/api/v1/reports", { body: huge });
    expect(tooLarge.status).toBe(413);

    const badJson = new FormData();
    badJson.append("report", "{not json");
    expect((await call(api.app, "POST", "/api/v1/reports", { body: badJson })).status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it("documents both bodies in the OpenAPI document", async () => {
    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }>;
    };
    expect(Object.keys(document.paths["/api/v1/reports"]?.post?.requestBody?.content ?? {})).toEqual([
      "application/json",
      "multipart/form-data",
    ]);
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
