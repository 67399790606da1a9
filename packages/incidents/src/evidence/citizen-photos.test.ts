// A citizen's photos with a site report: the evidence rules, all or nothing with the report, and
// kept for the desk only (never public until staff name one in a fixed resolution).
import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { httpStatus, OtklikError } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import {
  anonymousActor,
  consentPersonalData,
  createPersonalDataRegistry,
  erasePersonalData,
  exportPersonalData,
  publishLegalText,
  systemActor,
} from "@otklik/identity";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveSiteReport } from "../intake/receive-site-report.js";
import { listOpen311Requests } from "../open311/open311-requests.js";
import { incidentAuthorsPersonalData } from "../personal-data/incident-authors.js";
import { PHOTOS_ERASED_NOTE } from "../personal-data/report-photos.js";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import { CITIZEN_PHOTOS_MAX, CITIZEN_UPLOADER } from "./citizen-photos.js";
import { listEvidence, readEvidenceFile, trackedProof, uploadEvidence } from "./evidence.js";
import { dataFolderStore, type EvidenceStore } from "./evidence-store.js";
import { removeQueuedMediaFiles } from "./media-removals.js";
import { acceptanceActPdf, GPS_MARK, jpegLookalike, phonePhoto } from "./sample-files.js";

const contains = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes).includes(Buffer.from(text, "latin1"));

/** The error a call was refused with; a call that succeeds fails the test. */
const refusal = (call: Promise<unknown>): Promise<OtklikError> =>
  call.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => {
      if (!(error instanceof OtklikError)) throw error;
      return error;
    },
  );

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe.each(testBackends())("a citizen's photos with a site report on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  let consentTextId: string;
  let folder: string;
  let store: EvidenceStore;
  let counter = 0;

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
    consentTextId = (
      await publishLegalText({ db, clock: world.clock, actor: systemActor("test") }, "incident-report", {
        title: "Согласие",
        body: "Я согласен на обработку персональных данных",
      })
    ).id;
    folder = await mkdtemp(path.join(os.tmpdir(), "otklik-citizen-photos-"));
    store = dataFolderStore(folder);
  });
  afterAll(() => db?.close());

  const report = (contacts: { email?: string } = { email: "citizen@mail.example" }) => {
    counter += 1;
    return {
      category: "roads" as const,
      description: `Яма на дороге у дома ${counter} по улице Ленина`,
      contacts,
      consentTextId,
    };
  };
  const citizen = () => world.as(anonymousActor(`10.0.2.${counter}`));
  const incidents = async () =>
    (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM incidents"))[0]?.n ?? 0;

  it("keeps the photos as the desk's files: metadata stripped, thumbnails made, uploaded by the citizen", async () => {
    const photo = await phonePhoto({ width: 900, height: 600 });
    expect(contains(photo, GPS_MARK)).toBe(true);
    const second = await phonePhoto({ width: 300, height: 200, color: "#224488" });
    const received = await receiveSiteReport(citizen(), report(), {
      photos: [
        { bytes: photo, name: "яма.jpg" },
        { bytes: second, name: "второе.jpg" },
        { bytes: photo, name: "яма-ещё-раз.jpg" }, // the same photo twice is kept once
      ],
      store,
    });
    expect(received.photos).toHaveLength(2);
    expect(received.photos[0]).toMatchObject({
      kind: "photo",
      mimeType: "image/jpeg",
      publishable: true,
      uploadedBy: CITIZEN_UPLOADER,
      width: 600, // turned upright by its EXIF orientation
      height: 900,
    });

    const listed = await listEvidence(world.operator, received.incidentId);
    expect(listed.map((item) => item.id)).toEqual(received.photos.map((item) => item.id));
    const published = await readEvidenceFile(
      { ...world.operator, store },
      received.incidentId,
      received.photos[0]!.id,
      "published",
    );
    expect(contains(published.bytes, GPS_MARK)).toBe(false);
    expect((await sharp(published.bytes).metadata()).exif).toBeUndefined();
    const thumbnail = await readEvidenceFile(
      { ...world.operator, store },
      received.incidentId,
      received.photos[0]!.id,
      "thumbnail",
    );
    expect(thumbnail.mimeType).toBe("image/webp");

    const [timeline] = await db.query<{ data: { origin: string; mediaIds: string[] } }>(
      "SELECT data FROM incident_timeline WHERE incident_id = $1 AND kind = 'media'",
      [received.incidentId],
    );
    expect(timeline?.data).toEqual({ origin: "citizen", mediaIds: received.photos.map((item) => item.id) });

    // Not public: no proof on the tracking link, nothing in Open311's media_url.
    const [row] = await db.query<{ tracking_token: string; number: string; attachments: unknown[] }>(
      "SELECT tracking_token, number, attachments FROM incidents WHERE id = $1",
      [received.incidentId],
    );
    expect(row?.attachments).toEqual([]);
    expect(await trackedProof(world, row!.tracking_token)).toEqual([]);
    const open311 = await listOpen311Requests(world.system, {});
    const mine = open311.find((request) => request.service_request_id === row?.number);
    expect(mine?.media_url ?? null).toBeNull();
  });

  it("refuses the whole report for one bad photo, naming it, and stores nothing", async () => {
    const before = await incidents();
    const filesBefore = (await filesUnder(folder)).length;
    const good = await phonePhoto({ width: 200, height: 100, color: "#00aa00" });
    const cases: [Uint8Array, string, number][] = [
      [acceptanceActPdf(), "act.pdf", 415], // not a photo
      [new Uint8Array(Buffer.from("просто текст, не фото")), "note.jpg", 415], // unknown content
      [jpegLookalike(2048), "broken.jpg", 422], // looks like a JPEG, does not decode
      [new Uint8Array(0), "empty.jpg", 422],
    ];
    for (const [bytes, name, status] of cases) {
      const error = await refusal(
        receiveSiteReport(citizen(), report(), {
          photos: [
            { bytes: good, name: "good.jpg" },
            { bytes, name },
          ],
          store,
        }),
      );
      expect(httpStatus(error.code), name).toBe(status);
      expect(error.message, name).toMatch(/^Фото 2 \(«/u);
      expect(error.message, name).toContain(" / Photo 2 (");
      expect(error.details?.[0]?.path, name).toEqual(["photos", 1]);
    }
    const tooMany = await refusal(
      receiveSiteReport(citizen(), report(), {
        photos: Array.from({ length: CITIZEN_PHOTOS_MAX + 1 }, () => ({ bytes: good })),
        store,
      }),
    );
    expect(httpStatus(tooMany.code)).toBe(422);
    expect(tooMany.details?.[0]?.path).toEqual(["photos"]);
    expect(await incidents()).toBe(before);
    expect((await filesUnder(folder)).length).toBe(filesBefore);
  });

  it("removes the photos' files when the report itself is refused (no contacts for the consent)", async () => {
    const before = await incidents();
    const filesBefore = (await filesUnder(folder)).length;
    const refused = await refusal(
      receiveSiteReport(citizen(), report({}), {
        photos: [{ bytes: await phonePhoto({ color: "#aa0000" }) }],
        store,
      }),
    );
    expect(httpStatus(refused.code)).toBe(422);
    expect(await incidents()).toBe(before);
    expect((await filesUnder(folder)).length).toBe(filesBefore);
  });

  it("erases a citizen's photos with their personal data: rows at once, files once removed, the timeline saying so", async () => {
    const registry = createPersonalDataRegistry();
    registry.register(consentPersonalData);
    registry.register(incidentAuthorsPersonalData);
    const admin = { db, clock: world.clock, actor: systemActor("test") };
    const received = await receiveSiteReport(citizen(), report({ email: "erase.me@mail.example" }), {
      photos: [
        { bytes: await phonePhoto({ color: "#336699" }) },
        { bytes: await phonePhoto({ color: "#993366" }) },
      ],
      store,
    });
    const other = await receiveSiteReport(citizen(), report({ email: "keep.me@mail.example" }), {
      photos: [{ bytes: await phonePhoto({ color: "#669933" }) }],
      store,
    });
    // Staff's own evidence on the same incident is not the citizen's.
    const staffPhoto = await uploadEvidence({ ...world.operator, store }, received.incidentId, {
      bytes: await phonePhoto({ color: "#111111" }),
    });
    const folderOf = (mediaId: string) => path.join(folder, "incidents", received.incidentId, mediaId);
    expect(await filesUnder(folderOf(received.photos[0]!.id))).toHaveLength(3);

    const exported = await exportPersonalData(admin, registry, { email: "erase.me@mail.example" });
    const records = exported.parts.find((part) => part.name === "incidents.authors")?.records ?? [];
    expect(records.filter((record) => (record as { kind: string }).kind === "photo")).toEqual([
      expect.objectContaining({ kind: "photo", mimeType: "image/jpeg" }),
      expect.objectContaining({ kind: "photo", mimeType: "image/jpeg" }),
    ]);

    const erased = await erasePersonalData(admin, registry, { email: "erase.me@mail.example" });
    // The reporter's link and the two photos.
    expect(erased.parts.find((part) => part.name === "incidents.authors")?.records).toBe(3);
    // At once: the desk no longer lists or serves them; staff's photo and the other citizen's stay.
    expect((await listEvidence(world.operator, received.incidentId)).map((item) => item.id)).toEqual([
      staffPhoto.media.id,
    ]);
    const gone = await refusal(
      readEvidenceFile(
        { ...world.operator, store },
        received.incidentId,
        received.photos[0]!.id,
        "thumbnail",
      ),
    );
    expect(httpStatus(gone.code)).toBe(404);
    expect(await listEvidence(world.operator, other.incidentId)).toHaveLength(1);
    const [entry] = await db.query<{ media: unknown[]; comment: string; data: Record<string, unknown> }>(
      "SELECT media, comment, data FROM incident_timeline WHERE incident_id = $1 AND kind = 'media'",
      [received.incidentId],
    );
    expect(entry).toMatchObject({ media: [], comment: PHOTOS_ERASED_NOTE, data: { origin: "citizen" } });
    expect(entry?.data.mediaIds).toBeUndefined();

    // The files go once the transaction has committed: the worker's removal takes them from the store.
    expect(await filesUnder(folderOf(received.photos[0]!.id))).toHaveLength(3);
    expect(await removeQueuedMediaFiles(db, store)).toBe(6);
    expect(await filesUnder(folderOf(received.photos[0]!.id))).toEqual([]);
    expect(await filesUnder(folderOf(received.photos[1]!.id))).toEqual([]);
    expect(await filesUnder(folderOf(staffPhoto.media.id))).toHaveLength(3);
    expect(await removeQueuedMediaFiles(db, store)).toBe(0);
    // Erasing again finds nothing more.
    const again = await erasePersonalData(admin, registry, { email: "erase.me@mail.example" });
    expect(again.parts.find((part) => part.name === "incidents.authors")?.records).toBe(0);
  });

  it("keeps a file queued for removal while the store refuses it, and removes it on the next run", async () => {
    await db.query("INSERT INTO incident_media_removals (key, queued_at) VALUES ($1, now())", [
      "incidents/inc_refused/med_refused/original.jpg",
    ]);
    const refusing: EvidenceStore = {
      ...store,
      delete: async () => {
        throw new Error("store unreachable");
      },
    };
    expect(await removeQueuedMediaFiles(db, refusing)).toBe(0);
    expect(await removeQueuedMediaFiles(db, store)).toBe(1);
    expect(await removeQueuedMediaFiles(db, store)).toBe(0);
  });

  it("answers 503 for photos when no store is configured, and takes a report without photos all the same", async () => {
    const refused = await refusal(
      receiveSiteReport(citizen(), report(), { photos: [{ bytes: await phonePhoto() }] }),
    );
    expect(httpStatus(refused.code)).toBe(503);
    const plain = await receiveSiteReport(citizen(), report());
    expect(plain.photos).toEqual([]);
  });
});
