import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { getIncident } from "../desk/read-incidents.js";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import {
  type EvidenceContext,
  type EvidenceView,
  listEvidence,
  readEvidenceFile,
  readTrackedProofFile,
  trackedProof,
  uploadEvidence,
} from "./evidence.js";
import { dataFolderStore, type EvidenceStore } from "./evidence-store.js";
import { type FakeS3, startFakeS3 } from "./fake-s3-server.js";
import { EVIDENCE_SIZE_LIMITS } from "./media-types.js";
import { s3Store } from "./s3-store.js";
import {
  acceptanceActPdf,
  GPS_MARK,
  heicHeader,
  jpegLookalike,
  mp4Video,
  phonePhoto,
  quickTimeVideo,
  screenshotPng,
  webmVideo,
} from "./sample-files.js";

let counter = 0;

const contains = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes).includes(Buffer.from(text, "latin1"));

describe.each(testBackends())("evidence media on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  let folder: string;
  let store: EvidenceStore;
  let s3: FakeS3;
  const credentials = { accessKeyId: "otklik", secretAccessKey: "evidence-secret" };

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
    folder = await mkdtemp(path.join(os.tmpdir(), "otklik-evidence-"));
    store = dataFolderStore(folder);
    s3 = await startFakeS3({ bucket: "evidence", credentials, region: "ru-central1" });
  });
  afterAll(async () => {
    await db.close();
    await s3.close();
  });

  const as = (context: DeskWorld["operator"], on: EvidenceStore = store): EvidenceContext => ({
    ...context,
    store: on,
  });

  async function newIncident(): Promise<string> {
    counter += 1;
    const { incidentId } = await receivePlatformIncident(world.system, {
      type: "incident",
      id: `evidence-${backend}-${counter}`,
      createdAt: world.clock.now().toISOString(),
      text: "Во дворе дома на Щетинкина, 12 яма на дороге",
      source: { network: "vk", authorName: `Житель ${counter}` },
    });
    return incidentId;
  }

  async function assignedToHousing(): Promise<string> {
    const id = await newIncident();
    await applyLifecycleCommand(world.operator, id, {
      type: "assign",
      departmentKey: world.departments.housing,
    });
    return id;
  }

  async function filesUnder(root: string): Promise<string[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  }

  it("publishes a photo without EXIF or GPS, upright, with a 320 px WebP thumbnail, and keeps the original inside", async () => {
    const id = await assignedToHousing();
    const original = await phonePhoto({ width: 1200, height: 900 });
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(6);
    expect(contains(before.exif ?? new Uint8Array(), GPS_MARK)).toBe(true);

    const { media, duplicate } = await uploadEvidence(as(world.executor), id, { bytes: original });
    expect(duplicate).toBe(false);
    expect(media).toMatchObject({
      kind: "photo",
      mimeType: "image/jpeg",
      sizeBytes: original.byteLength,
      width: 900,
      height: 1200,
      publishable: true,
      attachment: { kind: "photo", url: `media:${media.id}` },
    });

    const published = await readEvidenceFile(as(world.analyst), id, media.id, "published");
    expect(published.mimeType).toBe("image/jpeg");
    const after = await sharp(published.bytes).metadata();
    expect(after).toMatchObject({ format: "jpeg", width: 900, height: 1200 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(contains(published.bytes, GPS_MARK)).toBe(false);
    expect(contains(published.bytes, "PhoneMaker")).toBe(false);

    const thumbnail = await readEvidenceFile(as(world.analyst), id, media.id, "thumbnail");
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({
      format: "webp",
      width: 240,
      height: 320,
    });

    const kept = await readEvidenceFile(as(world.executor), id, media.id, "original");
    expect(Buffer.from(kept.bytes).equals(Buffer.from(original))).toBe(true);
    await expect(readEvidenceFile(as(world.analyst), id, media.id, "original")).rejects.toMatchObject({
      code: "forbidden",
    });

    const detail = await getIncident(world.operator, id);
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: "media",
      media: [{ kind: "photo", url: `media:${media.id}` }],
    });
  });

  it("sniffs the type from the content, whatever the file was called or declared to be", async () => {
    const id = await assignedToHousing();
    // A PNG renamed to «акт.pdf» is still a PNG photo; its published copy is a JPEG on white.
    const { media } = await uploadEvidence(as(world.operator), id, { bytes: await screenshotPng() });
    expect(media).toMatchObject({ kind: "photo", mimeType: "image/png", width: 40, height: 30 });
    const published = await readEvidenceFile(as(world.operator), id, media.id, "published");
    expect((await sharp(published.bytes).metadata()).format).toBe("jpeg");

    await expect(
      uploadEvidence(as(world.operator), id, {
        bytes: new Uint8Array(Buffer.from("MZ\x90\x00 это exe, а не фото")),
      }),
    ).rejects.toMatchObject({
      code: "unsupported_media_type",
      message: expect.stringMatching(/принимаются.*accepted/s),
    });
    await expect(
      uploadEvidence(as(world.operator), id, {
        bytes: new Uint8Array(
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ),
      }),
    ).rejects.toMatchObject({ code: "unsupported_media_type" });
    await expect(uploadEvidence(as(world.operator), id, { bytes: new Uint8Array() })).rejects.toMatchObject({
      code: "validation_failed",
    });
    // Looks like a JPEG by its first bytes, but is not an image at all.
    await expect(
      uploadEvidence(as(world.operator), id, { bytes: jpegLookalike(4096) }),
    ).rejects.toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("не читается"),
    });
    // HEIC (HEVC) cannot be decoded by the prebuilt libvips: refused with advice, not stored half-made.
    await expect(uploadEvidence(as(world.operator), id, { bytes: heicHeader() })).rejects.toMatchObject({
      code: "unsupported_media_type",
      message: expect.stringContaining("HEIC"),
    });
    expect(await listEvidence(world.operator, id)).toHaveLength(1);
  });

  it("keeps videos and PDFs as originals only: no published copy, no thumbnail", async () => {
    const id = await assignedToHousing();
    const video = await uploadEvidence(as(world.executor), id, { bytes: mp4Video() });
    expect(video.media).toMatchObject({
      kind: "video",
      mimeType: "video/mp4",
      publishable: false,
      width: null,
    });
    expect((await uploadEvidence(as(world.executor), id, { bytes: quickTimeVideo() })).media.mimeType).toBe(
      "video/quicktime",
    );
    expect((await uploadEvidence(as(world.executor), id, { bytes: webmVideo() })).media.mimeType).toBe(
      "video/webm",
    );
    const act = await uploadEvidence(
      as(world.executor),
      id,
      { bytes: acceptanceActPdf() },
      { kind: "acceptance-act" },
    );
    expect(act.media).toMatchObject({
      kind: "acceptance-act",
      mimeType: "application/pdf",
      publishable: false,
    });
    const document = await uploadEvidence(as(world.executor), id, {
      bytes: new Uint8Array(Buffer.from("%PDF-1.7\n% справка\n%%EOF\n")),
    });
    expect(document.media.kind).toBe("document");

    await expect(readEvidenceFile(as(world.head), id, video.media.id, "published")).rejects.toMatchObject({
      code: "not_found",
    });
    const original = await readEvidenceFile(as(world.head), id, act.media.id, "original");
    expect(original).toMatchObject({ mimeType: "application/pdf", fileName: `${act.media.id}.pdf` });
    // A truncated PDF (no %%EOF) is refused; `kind` applies to PDFs only.
    await expect(
      uploadEvidence(as(world.executor), id, { bytes: new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj <<")) }),
    ).rejects.toMatchObject({ code: "validation_failed", message: expect.stringContaining("%%EOF") });
    await expect(
      uploadEvidence(as(world.executor), id, { bytes: mp4Video(16) }, { kind: "acceptance-act" }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      uploadEvidence(as(world.executor), id, { bytes: acceptanceActPdf() }, { kind: "selfie" as "document" }),
    ).rejects.toMatchObject({ code: "validation_failed", details: [{ path: ["kind"] }] });
    expect((await listEvidence(world.analyst, id)).map((item) => item.kind)).toEqual([
      "video",
      "video",
      "video",
      "acceptance-act",
      "document",
    ]);
  });

  it("refuses each kind over its size limit with 413, before storing anything", async () => {
    const id = await assignedToHousing();
    const photo = jpegLookalike(EVIDENCE_SIZE_LIMITS.photo + 1);
    await expect(uploadEvidence(as(world.operator), id, { bytes: photo })).rejects.toMatchObject({
      code: "payload_too_large",
      message: expect.stringMatching(/Фотография больше 20 МБ.*A photo may not exceed 20 MB/),
    });
    const pdf = new Uint8Array(EVIDENCE_SIZE_LIMITS.document + 1);
    pdf.set(Buffer.from("%PDF-1.4\n"));
    await expect(uploadEvidence(as(world.operator), id, { bytes: pdf })).rejects.toMatchObject({
      code: "payload_too_large",
      message: expect.stringContaining("PDF"),
    });
    const video = new Uint8Array(EVIDENCE_SIZE_LIMITS.video + 1);
    video.set(mp4Video(0));
    await expect(uploadEvidence(as(world.operator), id, { bytes: video })).rejects.toMatchObject({
      code: "payload_too_large",
      message: expect.stringContaining("200 MB"),
    });
    // Exactly at the limit is accepted.
    const atLimit = new Uint8Array(EVIDENCE_SIZE_LIMITS.document);
    atLimit.set(Buffer.from("%PDF-1.4\n"));
    atLimit.set(Buffer.from("\n%%EOF\n"), atLimit.length - 7);
    expect((await uploadEvidence(as(world.operator), id, { bytes: atLimit })).media.sizeBytes).toBe(
      EVIDENCE_SIZE_LIMITS.document,
    );
    expect(await listEvidence(world.operator, id)).toHaveLength(1);
  });

  it("checks permissions and departments like the other desk verbs", async () => {
    const id = await assignedToHousing();
    const photo = await phonePhoto();
    await expect(uploadEvidence(as(world.analyst), id, { bytes: photo })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(uploadEvidence(as(world.otherExecutor), id, { bytes: photo })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(listEvidence(world.otherExecutor, id)).rejects.toMatchObject({ code: "not_found" });
    const { media } = await uploadEvidence(as(world.head), id, { bytes: photo });
    await expect(readEvidenceFile(as(world.otherExecutor), id, media.id, "published")).rejects.toMatchObject({
      code: "not_found",
    });
    // The id of a file of another incident is «not found» through this one.
    const other = await assignedToHousing();
    await expect(readEvidenceFile(as(world.operator), other, media.id, "published")).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(uploadEvidence(as(world.operator), "inc_missing", { bytes: photo })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("keeps one file for the same content sent twice, also when the uploads race", async () => {
    const id = await assignedToHousing();
    const photo = await phonePhoto({ color: "#208040" });
    const first = await uploadEvidence(as(world.operator), id, { bytes: photo });
    const again = await uploadEvidence(as(world.executor), id, { bytes: photo });
    expect(again).toEqual({ media: first.media, duplicate: true });

    const other = await phonePhoto({ color: "#804020" });
    const raced = await Promise.all([
      uploadEvidence(as(world.operator), id, { bytes: other }),
      uploadEvidence(as(world.executor), id, { bytes: other }),
      uploadEvidence(as(world.head), id, { bytes: other }),
    ]);
    expect(new Set(raced.map((outcome) => outcome.media.id)).size).toBe(1);
    expect(raced.filter((outcome) => !outcome.duplicate)).toHaveLength(1);
    expect(await listEvidence(world.operator, id)).toHaveLength(2);
    // The losers' files were removed: one folder per stored file.
    const stored = (await filesUnder(path.join(folder, "incidents", id)))
      .map((file) => path.basename(file))
      .sort();
    expect(stored).toEqual([
      "original.jpg",
      "original.jpg",
      "published.jpg",
      "published.jpg",
      "thumbnail.webp",
      "thumbnail.webp",
    ]);
  });

  it("stores in S3-compatible storage, and leaves nothing behind when the storage fails", async () => {
    const bucket = s3Store({
      endpoint: s3.endpoint,
      bucket: "evidence",
      region: "ru-central1",
      ...credentials,
    });
    const id = await assignedToHousing();
    const photo = await phonePhoto({ color: "#a0a020" });
    const objectsBefore = s3.objects.size;
    // The published copy's PUT fails after the original's succeeded: the original is deleted again.
    const outage = s3Store({
      endpoint: s3.endpoint,
      bucket: "evidence",
      region: "ru-central1",
      ...credentials,
    });
    let puts = 0;
    const flaky: EvidenceStore = {
      kind: "s3",
      put: async (key, bytes, type) => {
        puts += 1;
        if (puts === 2) s3.failNextPuts(1);
        return outage.put(key, bytes, type);
      },
      get: (key) => outage.get(key),
      delete: (key) => outage.delete(key),
    };
    await expect(uploadEvidence(as(world.executor, flaky), id, { bytes: photo })).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("не сохранён"),
    });
    expect(s3.objects.size).toBe(objectsBefore);
    expect(await listEvidence(world.executor, id)).toEqual([]);

    const { media } = await uploadEvidence(as(world.executor, bucket), id, { bytes: photo });
    expect(s3.objects.size).toBe(objectsBefore + 3);
    const published = await readEvidenceFile(as(world.operator, bucket), id, media.id, "published");
    expect((await sharp(published.bytes).metadata()).exif).toBeUndefined();
  });

  it("leaves no file and no row when the transaction fails after the files were written", async () => {
    const id = await assignedToHousing();
    const local = await mkdtemp(path.join(os.tmpdir(), "otklik-evidence-"));
    // The database goes away between the insert and the commit: the transaction rolls back.
    const lostAtCommit = new Proxy(db, {
      get(target, property) {
        if (property === "transaction") {
          return (work: (tx: unknown) => Promise<unknown>) =>
            target.transaction(async (tx) => {
              await work(tx);
              throw new Error("connection lost before commit");
            });
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const context: EvidenceContext = { ...world.executor, db: lostAtCommit, store: dataFolderStore(local) };
    await expect(
      uploadEvidence(context, id, { bytes: await phonePhoto({ color: "#102030" }) }),
    ).rejects.toThrow("connection lost before commit");
    expect(await listEvidence(world.executor, id)).toEqual([]);
    expect(await filesUnder(local)).toEqual([]);
    const timeline = (await getIncident(world.operator, id)).timeline.map((entry) => entry.kind);
    expect(timeline).not.toContain("media");
  });

  it("connects uploads to the fixed resolution's proof, and the tracking page shows those photos' published copies only", async () => {
    const id = await assignedToHousing();
    await applyLifecycleCommand(world.executor, id, { type: "start" });
    const photo = await uploadEvidence(as(world.executor), id, {
      bytes: await phonePhoto({ color: "#405060" }),
    });
    const unrelated = await uploadEvidence(as(world.executor), id, {
      bytes: await phonePhoto({ color: "#605040" }),
    });
    const act = await uploadEvidence(
      as(world.executor),
      id,
      { bytes: acceptanceActPdf() },
      { kind: "acceptance-act" },
    );
    const elsewhere = await assignedToHousing();
    const foreign = await uploadEvidence(as(world.executor), elsewhere, {
      bytes: await phonePhoto({ color: "#111111" }),
    });

    // The service itself holds a fix to real proof: references must name this incident's files, with
    // their kinds — whoever calls it, not only the API.
    const fixedWith = (media: EvidenceView["attachment"][]) =>
      applyLifecycleCommand(world.executor, id, {
        type: "resolve",
        resolution: "fixed",
        comment: "Готово",
        media,
      });
    await expect(fixedWith([{ kind: "photo", url: `media:${foreign.media.id}` }])).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: ["media", 0, "url"] }],
    });
    await expect(fixedWith([{ kind: "photo", url: `media:${act.media.id}` }])).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: ["media", 0, "kind"] }],
    });
    await expect(
      fixedWith([photo.media.attachment, { kind: "video", url: "media:med_nothing" }]),
    ).rejects.toMatchObject({ code: "validation_failed", details: [{ path: ["media", 1, "url"] }] });
    // Someone who cannot see the incident learns nothing about its files: «not found» first.
    await expect(
      applyLifecycleCommand(world.otherExecutor, id, {
        type: "resolve",
        resolution: "fixed",
        media: [{ kind: "photo", url: "media:med_x" }],
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    const refused = await getIncident(world.operator, id);
    expect(refused.status).toBe("in_progress");
    expect(refused.timeline.filter((entry) => entry.data.command === "resolve")).toEqual([]);

    const { trackingToken } = await getIncident(world.operator, id);
    expect(await trackedProof(world.system, trackingToken)).toEqual([]);
    await applyLifecycleCommand(world.executor, id, {
      type: "resolve",
      resolution: "fixed",
      comment: "Яму заделали",
      media: [photo.media.attachment, act.media.attachment],
    });
    const proof = await trackedProof(world.system, trackingToken);
    expect(proof).toEqual([
      { mediaId: photo.media.id, width: 48, height: 64, at: world.clock.now().toISOString() },
    ]);
    const shown = await readTrackedProofFile({ db, store }, trackingToken, photo.media.id, "published");
    expect((await sharp(shown.bytes).metadata()).exif).toBeUndefined();
    expect(contains(shown.bytes, GPS_MARK)).toBe(false);
    await expect(
      readTrackedProofFile({ db, store }, trackingToken, unrelated.media.id, "published"),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      readTrackedProofFile({ db, store }, trackingToken, act.media.id, "published"),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(trackedProof(world.system, "no-such-token-000000000")).rejects.toMatchObject({
      code: "not_found",
    });

    // Reopened (say, returned for rework): the old proof is no longer shown.
    await applyLifecycleCommand(world.operator, id, {
      type: "reopen",
      source: "platform-rework",
      comment: "Возврат",
    });
    expect(await trackedProof(world.system, trackingToken)).toEqual([]);
  });
});
