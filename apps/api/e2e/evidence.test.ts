// Evidence media over HTTP: multipart upload, sniffing, limits, metadata-free copies, permissions,
// proof of a fix connected to the lifecycle and shown on the public tracking page.
import { createRequire } from "node:module";
import { signPlatformBody } from "@otklik/channels";
import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { createUser, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, type Caller, call, demoStaff, signInOverHttp } from "./support/staff-client.js";

// sharp is a dependency of @otklik/incidents, not of the API: borrow it from there to make real photos.
interface SharpInstance {
  jpeg(options?: object): SharpInstance;
  withMetadata(options: object): SharpInstance;
  withExif(exif: object): SharpInstance;
  toBuffer(): Promise<Buffer>;
  metadata(): Promise<{ format?: string; width?: number; height?: number; exif?: Buffer }>;
}
const sharp = createRequire(import.meta.resolve("@otklik/incidents"))("sharp") as (
  input?: Uint8Array | { create: object },
) => SharpInstance;

const GPS_MARK = "WGS-84";
const SECRET = "platform-demo-secret";

async function phonePhoto(color: string): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 80, height: 60, channels: 3, background: color } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: "PhoneMaker", Artist: "Житель Абакана" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "53/1 43/1 0/1", GPSMapDatum: GPS_MARK },
      })
      .toBuffer(),
  );
}

function pdf(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(`%PDF-1.4\n% ${text}\ntrailer << >>\n%%EOF\n`, "utf8"));
}

function mp4(): Uint8Array {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write("ftypisom", 4, "latin1");
  ftyp.write("isomavc1", 16, "latin1");
  const mdat = Buffer.alloc(64);
  mdat.writeUInt32BE(64, 0);
  mdat.write("mdat", 4, "latin1");
  return new Uint8Array(Buffer.concat([ftyp, mdat]));
}

const has = (bytes: ArrayBuffer | Uint8Array, text: string) =>
  Buffer.from(bytes as ArrayBuffer).includes(Buffer.from(text, "latin1"));

/** A multipart form with the file under `file`, named and typed as the client likes (both ignored). */
function form(
  bytes: Uint8Array,
  name = "photo.jpg",
  type = "image/jpeg",
  fields: Record<string, string> = {},
) {
  const body = new FormData();
  body.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return body;
}

interface MediaBody {
  media: {
    id: string;
    kind: string;
    mimeType: string;
    publishable: boolean;
    width: number | null;
    height: number | null;
    attachment: { kind: string; url: string };
    links: { published: string | null; thumbnail: string | null; original: string };
  };
  duplicate: boolean;
}

describe.each(testBackends())("evidence media over HTTP on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let clock: ReturnType<typeof manualClock>;
  let browsers: Awaited<ReturnType<typeof demoStaff>>["browsers"];
  let housing: string;
  let otherExecutor: Browser;
  let counter = 0;

  beforeAll(async () => {
    clock = manualClock("2026-11-27T03:00:00Z");
    api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock: clock as Clock,
    });
    const staff = await demoStaff(api.app, { db: api.db, clock });
    browsers = staff.browsers;
    housing = staff.demo.departmentIds.housing ?? "";
    const password = "тёплый вечер над Енисеем";
    await createUser(
      { db: api.db, clock, actor: systemActor("test") },
      {
        email: "transport-executor@evidence.otklik.ru",
        fullName: "Исполнитель транспорта",
        roles: ["executor"],
        departmentId: staff.demo.departmentIds.transport ?? "",
        password,
      },
      api.identity,
    );
    const signedIn = await signInOverHttp(api.app, "transport-executor@evidence.otklik.ru", password);
    if (!signedIn.browser) throw new Error("the transport executor could not sign in");
    otherExecutor = signedIn.browser;
  }, 120_000);
  afterAll(() => api?.db.close());

  /** A platform incident assigned to housing (where the demo executor and head work). */
  async function housingIncident(): Promise<{ id: string; token: string }> {
    counter += 1;
    const raw = JSON.stringify({
      id: `evidence-${counter}`,
      createdAt: clock.now().toISOString(),
      text: "На Щетинкина, 12 во дворе яма, машины бьют колёса",
      source: { network: "vk", authorName: "Смирнова Ольга" },
    });
    const response = await api.app.request("/api/v1/intake/platform", {
      method: "POST",
      headers: { "content-type": "application/json", "x-otklik-signature": signPlatformBody(raw, SECRET) },
      body: raw,
    });
    const { incidentId } = (await response.json()) as { incidentId: string };
    const assigned = await call(api.app, "POST", `/api/v1/incidents/${incidentId}/transitions`, {
      as: browsers.operator,
      body: { type: "assign", departmentKey: housing },
    });
    expect(assigned.status).toBe(200);
    const detail = (await (
      await call(api.app, "GET", `/api/v1/incidents/${incidentId}`, { as: browsers.operator })
    ).json()) as { trackingToken: string };
    return { id: incidentId, token: detail.trackingToken };
  }

  const upload = (id: string, body: FormData, as: Caller = browsers.operator) =>
    call(api.app, "POST", `/api/v1/incidents/${id}/media`, { as, body });
  const get = (path: string, as?: Caller) => call(api.app, "GET", path, as ? { as } : {});

  it("stores a photo sent under a false name and type as the JPEG it is, and publishes it without EXIF or GPS", async () => {
    const { id } = await housingIncident();
    const photo = await phonePhoto("#3060a0");
    expect(has(photo, GPS_MARK)).toBe(true);
    const response = await upload(id, form(photo, "акт-приёмки.pdf", "application/pdf"));
    expect(response.status).toBe(201);
    const { media, duplicate } = (await response.json()) as MediaBody;
    expect(duplicate).toBe(false);
    expect(media).toMatchObject({
      kind: "photo",
      mimeType: "image/jpeg",
      publishable: true,
      width: 60,
      height: 80,
      attachment: { kind: "photo", url: `media:${media.id}` },
    });

    const published = await get(media.links.published ?? "", browsers.analyst);
    expect(published.status).toBe(200);
    expect(published.headers.get("content-type")).toBe("image/jpeg");
    expect(published.headers.get("x-content-type-options")).toBe("nosniff");
    const publishedBytes = new Uint8Array(await published.arrayBuffer());
    expect(has(publishedBytes, GPS_MARK)).toBe(false);
    expect(has(publishedBytes, "Exif")).toBe(false);
    expect((await sharp(publishedBytes).metadata()).exif).toBeUndefined();

    const thumbnail = await get(media.links.thumbnail ?? "", browsers.head);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(new Uint8Array(await thumbnail.arrayBuffer())).metadata()).format).toBe("webp");

    // The original, with its GPS, stays inside: the department's staff may fetch it, an analyst may not.
    const original = await get(media.links.original, browsers.executor);
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(Buffer.from(photo))).toBe(true);
    expect((await get(media.links.original, browsers.analyst)).status).toBe(403);

    const again = await upload(id, form(photo), browsers.head);
    expect(again.status).toBe(200);
    expect(((await again.json()) as MediaBody).media.id).toBe(media.id);
    const list = (await (await get(`/api/v1/incidents/${id}/media`, browsers.analyst)).json()) as {
      items: MediaBody["media"][];
      nextCursor: null;
    };
    expect(list.items.map((item) => item.id)).toEqual([media.id]);
    expect(list.nextCursor).toBeNull();
  });

  it("takes a PDF act and a video as originals only", async () => {
    const { id } = await housingIncident();
    const act = await upload(
      id,
      form(pdf("Акт приёмки работ"), "act.pdf", "application/pdf", { kind: "acceptance-act" }),
    );
    expect(act.status).toBe(201);
    const actBody = (await act.json()) as MediaBody;
    expect(actBody.media).toMatchObject({
      kind: "acceptance-act",
      mimeType: "application/pdf",
      publishable: false,
    });
    expect(actBody.media.links).toMatchObject({ published: null, thumbnail: null });
    const video = await upload(id, form(mp4(), "clip.txt", "text/plain"), browsers.executor);
    expect(video.status).toBe(201);
    const videoBody = (await video.json()) as MediaBody;
    expect(videoBody.media).toMatchObject({ kind: "video", mimeType: "video/mp4", publishable: false });
    const noCopy = await get(
      `/api/v1/incidents/${id}/media/${videoBody.media.id}/published`,
      browsers.operator,
    );
    expect(noCopy.status).toBe(404);
    expect(((await noCopy.json()) as { error: { message: string } }).error.message).toMatch(
      /только для фото.*photos only/,
    );
    const original = await get(actBody.media.links.original, browsers.operator);
    expect(original.headers.get("content-type")).toBe("application/pdf");
  });

  it("answers 413, 415, 422 with bilingual messages for files it will not take", async () => {
    const { id } = await housingIncident();
    const message = async (response: Response) =>
      ((await response.json()) as { error: { code: string; message: string } }).error;

    const hugePhoto = new Uint8Array(20 * 1024 * 1024 + 1);
    hugePhoto.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
    const tooBigPhoto = await upload(id, form(hugePhoto));
    expect(tooBigPhoto.status).toBe(413);
    expect((await message(tooBigPhoto)).message).toMatch(
      /Фотография больше 20 МБ.*A photo may not exceed 20 MB/,
    );

    // Over the largest file of any kind: refused from Content-Length, before the body is read.
    const overall = await api.app.request(`/api/v1/incidents/${id}/media`, {
      method: "POST",
      headers: {
        cookie: browsers.operator.cookie,
        "x-csrf-token": browsers.operator.csrfToken,
        origin: "http://localhost",
        "sec-fetch-site": "same-origin",
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(202 * 1024 * 1024),
      },
      body: "--x--",
    });
    expect(overall.status).toBe(413);
    expect((await message(overall)).message).toMatch(/видео до 200 МБ.*videos up to 200 MB/);

    const exe = await upload(
      id,
      form(new Uint8Array(Buffer.from("MZ\x90\x00\x03 not a photo")), "photo.jpg"),
    );
    expect(exe.status).toBe(415);
    expect((await message(exe)).message).toMatch(/принимаются JPEG.*accepted: JPEG/);

    const asJson = await call(api.app, "POST", `/api/v1/incidents/${id}/media`, {
      as: browsers.operator,
      body: { file: "base64..." },
    });
    expect(asJson.status).toBe(415);
    expect((await message(asJson)).message).toContain("multipart/form-data");

    const noFile = new FormData();
    noFile.append("kind", "document");
    const missing = await upload(id, noFile);
    expect(missing.status).toBe(422);
    expect((await message(missing)).message).toMatch(/поле «file».*field «file»/);

    const badKind = await upload(id, form(pdf("справка"), "a.pdf", "application/pdf", { kind: "selfie" }));
    expect(badKind.status).toBe(422);
    const kindOnPhoto = await upload(
      id,
      form(await phonePhoto("#102030"), "a.jpg", "image/jpeg", { kind: "document" }),
    );
    expect(kindOnPhoto.status).toBe(422);
    const truncated = await upload(id, form(new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj <<")), "act.pdf"));
    expect(truncated.status).toBe(422);
    const broken = await upload(id, form(hugePhoto.subarray(0, 2048)));
    expect(broken.status).toBe(422);

    const list = (await (await get(`/api/v1/incidents/${id}/media`, browsers.operator)).json()) as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);
  });

  it("refuses those who may not upload or see the incident", async () => {
    const { id } = await housingIncident();
    const body = () => form(pdf(`справка ${counter}-${Math.random()}`), "a.pdf");
    const anonymous = await call(api.app, "POST", `/api/v1/incidents/${id}/media`, { body: body() });
    expect(anonymous.status).toBe(401);
    expect((await upload(id, body(), browsers.analyst)).status).toBe(403);
    expect((await upload(id, body(), browsers.editor)).status).toBe(403);
    expect((await upload(id, body(), otherExecutor)).status).toBe(404);
    expect((await get(`/api/v1/incidents/${id}/media`, otherExecutor)).status).toBe(404);
    expect((await get(`/api/v1/incidents/${id}/media`)).status).toBe(401);
    const stored = (await (await upload(id, body(), browsers.executor)).json()) as MediaBody;
    expect((await get(stored.media.links.original, otherExecutor)).status).toBe(404);
    expect((await get(stored.media.links.original)).status).toBe(401);
  });

  it("makes uploads the proof of a fix and shows only those photos' published copies on the tracking page", async () => {
    const { id, token } = await housingIncident();
    const proof = (await (
      await upload(id, form(await phonePhoto("#406080")), browsers.executor)
    ).json()) as MediaBody;
    const other = (await (
      await upload(id, form(await phonePhoto("#806040")), browsers.executor)
    ).json()) as MediaBody;
    const elsewhere = await housingIncident();
    const foreign = (await (
      await upload(elsewhere.id, form(await phonePhoto("#000000")), browsers.executor)
    ).json()) as MediaBody;
    await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: browsers.executor,
      body: { type: "start" },
    });

    const withForeign = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: browsers.executor,
      body: {
        type: "resolve",
        resolution: "fixed",
        comment: "Яму заделали",
        media: [foreign.media.attachment],
      },
    });
    expect(withForeign.status).toBe(422);
    const resolved = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
      as: browsers.executor,
      body: {
        type: "resolve",
        resolution: "fixed",
        comment: "Яму заделали",
        media: [proof.media.attachment],
      },
    });
    expect(resolved.status).toBe(200);
    expect(((await resolved.json()) as { status: string }).status).toBe("resolved");

    const tracked = (await (await get(`/api/v1/track/${token}`)).json()) as {
      status: string;
      proof: { mediaId: string; url: string; thumbnailUrl: string; width: number; height: number }[];
    };
    expect(tracked.status).toBe("resolved");
    expect(tracked.proof).toEqual([
      {
        mediaId: proof.media.id,
        url: `/api/v1/track/${token}/media/${proof.media.id}/published`,
        thumbnailUrl: `/api/v1/track/${token}/media/${proof.media.id}/thumbnail`,
        width: 60,
        height: 80,
        at: clock.now().toISOString(),
      },
    ]);
    expect(JSON.stringify(tracked)).not.toContain("original");
    const shown = await get(tracked.proof[0]?.url ?? "");
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toBe("image/jpeg");
    expect(has(await shown.arrayBuffer(), GPS_MARK)).toBe(false);
    expect((await get(tracked.proof[0]?.thumbnailUrl ?? "")).headers.get("content-type")).toBe("image/webp");
    // Not the photo that proves nothing, not the original, not with another incident's token.
    expect((await get(`/api/v1/track/${token}/media/${other.media.id}/published`)).status).toBe(404);
    expect((await get(`/api/v1/track/${token}/media/${proof.media.id}/original`)).status).toBe(422);
    expect((await get(`/api/v1/track/${elsewhere.token}/media/${proof.media.id}/published`)).status).toBe(
      404,
    );
  });

  it("answers 503 when no evidence storage is configured", async () => {
    const bare = await createTestApi({
      db: api.db,
      clock: clock as Clock,
      incidents: { evidenceStore: undefined },
    });
    const { id } = await housingIncident();
    const response = await call(bare.app, "POST", `/api/v1/incidents/${id}/media`, {
      as: browsers.operator,
      body: form(pdf("справка")),
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /не настроено.*not configured/,
    );
  });
});
