// The S3 store never waits forever: a storage that accepts the connection and then says nothing.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3StoreError, s3Store } from "./s3-store.js";

describe("S3 store timeouts", () => {
  let endpoint: string;
  const requests: string[] = [];
  const stalled: ServerResponse[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    // Read what is sent, answer nothing, or (for `stall-body`) send headers and half a body, then nothing.
    request.resume();
    if (request.url?.includes("stall-body")) {
      response.writeHead(200, { "content-type": "image/jpeg", "content-length": "1000" });
      response.write(Buffer.alloc(10));
    }
    stalled.push(response);
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const response of stalled) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const store = () =>
    s3Store(
      { endpoint, bucket: "otklik-evidence", accessKeyId: "key", secretAccessKey: "secret" },
      { timeoutMs: 1_000, bodyTimeoutMs: 500, minUploadBytesPerSecond: 1024 * 1024 },
    );

  it("gives up a PUT the storage never answers, with an error the upload reports as unavailable", async () => {
    const failure = await store()
      .put("incidents/inc_1/a.jpg", new Uint8Array(1024), "image/jpeg")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(S3StoreError);
    expect(failure).toMatchObject({ status: 0, s3Code: "Timeout" });
    expect((failure as Error).message).toMatch(/^S3 PUT incidents\/inc_1\/a\.jpg: no answer within 1001 ms$/);
    expect(requests).toContain("PUT /otklik-evidence/incidents/inc_1/a.jpg");
  });

  it("gives up a GET whose body stops half-way", async () => {
    const failure = await store()
      .get("incidents/inc_1/stall-body.jpg")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(S3StoreError);
    expect((failure as Error).message).toMatch(/answer not read within 500 ms/);
  });

  it("gives up a DELETE too", async () => {
    await expect(store().delete("incidents/inc_1/b.jpg")).rejects.toMatchObject({ s3Code: "Timeout" });
  });
});
