import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { photo } from "../../test/payloads/photos.js";
import { type OkServer, startOkServer } from "../../test/servers/ok-server.js";
import { isDeliveryError } from "../connector/delivery-error.js";
import { createOkConnector } from "./connector.js";
import { okSignature } from "./signature.js";

const APP = {
  applicationKey: "CBAFJIICABABABABA",
  applicationSecretKey: "SECRET-app-key-0f1e",
  accessToken: "tkn1-SECRET-access-token",
  groupId: "70000001234567",
};
let server: OkServer;
beforeEach(async () => {
  server = await startOkServer(APP);
});
afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.close();
});

const connector = (overrides: { applicationSecretKey?: string; timeoutMilliseconds?: number } = {}) =>
  createOkConnector({
    settings: { groupId: APP.groupId, applicationKey: APP.applicationKey, baseUrl: server.url },
    secrets: {
      accessToken: APP.accessToken,
      applicationSecretKey: overrides.applicationSecretKey ?? APP.applicationSecretKey,
    },
    ...(overrides.timeoutMilliseconds ? { timeoutMilliseconds: overrides.timeoutMilliseconds } : {}),
  });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDeliveryError(error)) return { kind: error.kind, code: error.platformCode, message: error.message };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("OK request signature", () => {
  it("is md5 of the sorted parameters and md5(access_token + application secret key)", () => {
    // Known answers computed independently: md5("application_key=Aformat=jsonmethod=group.getInfo" + md5("tokensecret")).
    expect(
      okSignature({ method: "group.getInfo", format: "json", application_key: "A" }, "token", "secret"),
    ).toBe("084df8cba8f674d76cf6282e52685bc7");
    // UTF-8 text, and access_token left out of the signed part.
    expect(
      okSignature(
        {
          text: "Абакан",
          method: "mediatopic.post",
          gid: "1",
          format: "json",
          application_key: "A",
          access_token: "token",
        },
        "token",
        "secret",
      ),
    ).toBe("82ae5e7e281b2e4f39ed55472b7fd776");
  });
});

describe("OK connector", () => {
  it("publishes a group topic with text, uploaded photos and a link", async () => {
    const item = await connector().publishPost!(
      {
        text: "Абакан: итоги недели",
        photos: [photo("a.jpg"), photo("b.jpg")],
        link: "https://abakan.ru/news/2",
      },
      { idempotencyKey: "k" },
    );
    expect(item.url).toBe(`https://ok.ru/group/${APP.groupId}/topic/${item.platformId}`);
    expect(server.topics).toMatchObject([
      {
        text: "Абакан: итоги недели",
        photoTokens: ["upload-token-photo-id-1", "upload-token-photo-id-2"],
        link: "https://abakan.ru/news/2",
      },
    ]);
  });

  it("edits and deletes a topic", async () => {
    const ok = connector();
    const item = await ok.publishPost!({ text: "Было" }, { idempotencyKey: "k" });
    await ok.editPost!(item.platformId, { text: "Стало" }, { idempotencyKey: "k2" });
    await ok.deletePost!(item.platformId);
    expect(server.topics[0]).toMatchObject({ text: "Стало", deleted: true });
  });

  it("a wrong application secret key fails the signature check (104): not retried", async () => {
    expect(
      await failure(
        connector({ applicationSecretKey: "wrong" }).publishPost!({ text: "x" }, { idempotencyKey: "k" }),
      ),
    ).toMatchObject({
      kind: "token_invalid",
      code: "104",
    });
  });

  it.each([
    ["rate_limit", "8", "rate_limited"],
    ["token", "102", "token_invalid"],
    ["denied", "10", "denied"],
  ] as const)("%s → OK error %s → %s", async (fault, code, kind) => {
    server.faults.push({ operation: "mediatopic.post", fault });
    expect(await failure(connector().publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind,
      code,
    });
  });

  it("a timeout after mediatopic.post is unknown, and the topic is then found by its text", async () => {
    server.faults.push({ operation: "mediatopic.post", fault: "timeout" });
    const ok = connector({ timeoutMilliseconds: 200 });
    const sentAfter = new Date();
    expect(
      await failure(ok.publishPost!({ text: "Потерянная тема" }, { idempotencyKey: "k" })),
    ).toMatchObject({ kind: "unknown_outcome" });
    const found = await ok.findLostDelivery!({
      operation: "publish",
      text: "Потерянная тема",
      idempotencyKey: "k",
      sentAfter,
    });
    expect(found?.platformId).toBe(server.topics[0]!.id);
  });

  it("tests with group.getInfo and reads members with group.getCounters", async () => {
    expect(await connector().testConnection()).toEqual({ healthy: true, description: "Абакан официальный" });
    expect(await connector().readAudience!()).toEqual([{ metric: "members", value: 9_876 }]);
  });
});
