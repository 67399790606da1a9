import { manualClock } from "@otklik/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PlatformServer, startPlatformServer } from "../../test/servers/platform-server.js";
import { isDeliveryError } from "../connector/delivery-error.js";
import { createPlatformConnector } from "./connector.js";

const API_TOKEN = "plt-SECRET-api-token";
const SIGNING = "plt-SECRET-signing";
let server: PlatformServer;
beforeEach(async () => {
  server = await startPlatformServer({ apiToken: API_TOKEN, signingSecret: SIGNING });
});
afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.close();
});

const connector = (options: { apiToken?: string; timeoutMilliseconds?: number } = {}) =>
  createPlatformConnector({
    settings: { baseUrl: server.url },
    secrets: {
      apiToken: options.apiToken ?? API_TOKEN,
      intakeSecret: "intake",
      answerSigningSecret: SIGNING,
    },
    clock: manualClock("2024-11-27T03:00:00Z"),
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDeliveryError(error))
      return { kind: error.kind, code: error.platformCode, retryAfter: error.retryAfterMilliseconds };
    throw error;
  }
  throw new Error("expected a failure");
}

const reply = {
  text: "Мусор вывезен 27.11 в 10:00. Фото прилагаем.",
  conversationId: "PLT-1001",
  links: [{ type: "photo" as const, url: "https://abakan.ru/media/fix-1.jpg", name: "после.jpg" }],
};

describe("incident platform: sending the city's answer", () => {
  it("posts the answer with attachments, signed, with the idempotency key", async () => {
    const item = await connector().sendReply!(reply, { idempotencyKey: "ans_01" });
    expect(item.platformId).toBe("ans-1");
    expect(server.answers).toEqual([
      {
        incidentId: "PLT-1001",
        answer: {
          answerId: "ans_01",
          text: reply.text,
          attachments: [{ type: "photo", url: "https://abakan.ru/media/fix-1.jpg", name: "после.jpg" }],
          answeredAt: "2024-11-27T03:00:00.000Z",
        },
      },
    ]);
  });

  it("takes the platform's 409 for an answer it already holds as success", async () => {
    await connector().sendReply!(reply, { idempotencyKey: "ans_01" });
    await connector().sendReply!(reply, { idempotencyKey: "ans_01" });
    expect(server.answers).toHaveLength(1);
  });

  it("classifies 429 with Retry-After, 5xx, a revoked token and an unknown incident", async () => {
    server.faults.push({ operation: "answer", fault: "rate_limit" });
    expect(await failure(connector().sendReply!(reply, { idempotencyKey: "a" }))).toEqual({
      kind: "rate_limited",
      code: "rate_limited",
      retryAfter: 2000,
    });
    server.faults.push({ operation: "answer", fault: "server_error" });
    expect(await failure(connector().sendReply!(reply, { idempotencyKey: "a" }))).toMatchObject({
      kind: "temporary",
    });
    expect(
      await failure(connector({ apiToken: "revoked" }).sendReply!(reply, { idempotencyKey: "a" })),
    ).toMatchObject({ kind: "token_invalid" });
    expect(
      await failure(connector().sendReply!({ ...reply, conversationId: "PLT-404" }, { idempotencyKey: "a" })),
    ).toMatchObject({
      kind: "invalid_request",
      code: "not_found",
    });
  });

  it("a timeout is unknown; the answer is then looked up by its idempotency key", async () => {
    server.faults.push({ operation: "answer", fault: "timeout" });
    const platform = connector({ timeoutMilliseconds: 200 });
    expect(await failure(platform.sendReply!(reply, { idempotencyKey: "ans_02" }))).toMatchObject({
      kind: "unknown_outcome",
    });
    const query = {
      operation: "reply" as const,
      text: reply.text,
      conversationId: "PLT-1001",
      sentAfter: new Date(),
    };
    expect(
      (await platform.findLostDelivery!({ ...query, idempotencyKey: "ans_02" }))?.platformIds.answerId,
    ).toBe("ans_02");
    expect(await platform.findLostDelivery!({ ...query, idempotencyKey: "ans_03" })).toBeUndefined();
  });

  it("tests the connection with GET /ping", async () => {
    expect(await connector().testConnection()).toMatchObject({ healthy: true });
    expect(await connector({ apiToken: "revoked" }).testConnection()).toMatchObject({ healthy: false });
  });
});
