import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex, signatureV4 } from "./aws-signature-v4.js";
import { dataFolderStore } from "./evidence-store.js";
import { type FakeS3, startFakeS3 } from "./fake-s3-server.js";
import { S3StoreError, s3Store } from "./s3-store.js";

describe("AWS Signature Version 4", () => {
  // The examples of AWS's documentation, with their published signatures.
  const example = {
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  };
  const at = new Date("2013-05-24T00:00:00Z");

  it("signs S3's GET Object example as AWS documents it", () => {
    const empty = sha256Hex("");
    const { signature, signedHeaders } = signatureV4(
      {
        method: "GET",
        url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
        headers: {
          host: "examplebucket.s3.amazonaws.com",
          range: "bytes=0-9",
          "x-amz-content-sha256": empty,
          "x-amz-date": "20130524T000000Z",
        },
        payloadHash: empty,
      },
      { credentials: example, region: "us-east-1", service: "s3", now: at },
    );
    expect(signedHeaders).toBe("host;range;x-amz-content-sha256;x-amz-date");
    expect(signature).toBe("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  });

  it("signs S3's PUT Object example (encoded key, signed payload) as AWS documents it", () => {
    const body = "Welcome to Amazon S3.";
    const { signature } = signatureV4(
      {
        method: "PUT",
        url: new URL("https://examplebucket.s3.amazonaws.com/test%24file.text"),
        headers: {
          host: "examplebucket.s3.amazonaws.com",
          date: "Fri, 24 May 2013 00:00:00 GMT",
          "x-amz-storage-class": "REDUCED_REDUNDANCY",
          "x-amz-content-sha256": sha256Hex(body),
          "x-amz-date": "20130524T000000Z",
        },
        payloadHash: sha256Hex(body),
      },
      { credentials: example, region: "us-east-1", service: "s3", now: at },
    );
    expect(signature).toBe("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  });

  it("signs the get-vanilla case of AWS's Signature Version 4 test suite", () => {
    const { signature } = signatureV4(
      {
        method: "GET",
        url: new URL("https://example.amazonaws.com/"),
        headers: { host: "example.amazonaws.com", "x-amz-date": "20150830T123600Z" },
        payloadHash: sha256Hex(""),
      },
      {
        credentials: {
          accessKeyId: "AKIDEXAMPLE",
          secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        },
        region: "us-east-1",
        service: "service",
        now: new Date("2015-08-30T12:36:00Z"),
      },
    );
    expect(signature).toBe("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  });
});

describe("the S3-compatible store against a local S3 server", () => {
  const credentials = { accessKeyId: "otklik-test", secretAccessKey: "s3cr3t/with+symbols" };
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3({ bucket: "city-evidence", credentials, region: "ru-central1" });
  });
  afterAll(() => s3.close());

  const store = () =>
    s3Store({
      endpoint: s3.endpoint,
      bucket: "city-evidence",
      region: "ru-central1",
      prefix: "otklik/",
      ...credentials,
    });

  it("puts, gets and deletes objects under its prefix with signed requests", async () => {
    const bytes = new Uint8Array(Buffer.from("фото двора после уборки"));
    await store().put("incidents/inc_1/abc/med_1/original.jpg", bytes, "image/jpeg");
    expect(s3.objects.get("otklik/incidents/inc_1/abc/med_1/original.jpg")?.contentType).toBe("image/jpeg");
    expect(Buffer.from((await store().get("incidents/inc_1/abc/med_1/original.jpg")) ?? []).toString()).toBe(
      "фото двора после уборки",
    );
    expect(await store().get("incidents/inc_1/abc/med_1/missing.jpg")).toBeNull();
    await store().delete("incidents/inc_1/abc/med_1/original.jpg");
    expect(s3.objects.size).toBe(0);
    await store().delete("incidents/inc_1/abc/med_1/original.jpg");
    expect(s3.requests.every((request) => request.error === undefined || request.error === "NoSuchKey")).toBe(
      true,
    );
  });

  it("is refused by the server with a wrong secret, and says so", async () => {
    const wrong = s3Store({
      endpoint: s3.endpoint,
      bucket: "city-evidence",
      region: "ru-central1",
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: "not-the-secret",
    });
    const failure = await wrong
      .put("incidents/x/original.jpg", new Uint8Array([1, 2, 3]), "image/jpeg")
      .catch((e) => e);
    expect(failure).toBeInstanceOf(S3StoreError);
    expect(failure).toMatchObject({ status: 403, s3Code: "SignatureDoesNotMatch" });
    expect(s3.objects.has("incidents/x/original.jpg")).toBe(false);
  });

  it("refuses keys that could escape the prefix", async () => {
    await expect(store().put("../other-bucket/x", new Uint8Array([1]), "image/jpeg")).rejects.toThrow(
      /invalid/,
    );
    await expect(store().get("incidents/../../x")).rejects.toThrow(/invalid/);
  });
});

describe("the data-folder store", () => {
  it("writes whole files only and reads back null for a missing key", async () => {
    const { mkdtemp, readdir } = await import("node:fs/promises");
    const os = await import("node:os");
    const path = await import("node:path");
    const folder = await mkdtemp(path.join(os.tmpdir(), "otklik-evidence-"));
    const store = dataFolderStore(folder);
    await store.put(
      "incidents/inc_1/h/med_1/original.pdf",
      new Uint8Array([37, 80, 68, 70]),
      "application/pdf",
    );
    expect(await readdir(path.join(folder, "incidents/inc_1/h/med_1"))).toEqual(["original.pdf"]);
    expect(Array.from((await store.get("incidents/inc_1/h/med_1/original.pdf")) ?? [])).toEqual([
      37, 80, 68, 70,
    ]);
    expect(await store.get("incidents/inc_1/h/med_1/none.pdf")).toBeNull();
    await expect(store.put("/etc/passwd", new Uint8Array([1]), "text/plain")).rejects.toThrow(/invalid/);
  });
});
