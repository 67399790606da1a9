import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_CHAT_ID } from "../../test/payloads/max-updates.js";
import { photo } from "../../test/payloads/photos.js";
import { type MaxServer, startMaxServer } from "../../test/servers/max-server.js";
import { isDeliveryError } from "../connector/delivery-error.js";
import { createMaxConnector } from "./connector.js";

const BOT_TOKEN = "max-SECRET-bot-token-a1b2c3";
let server: MaxServer;
beforeEach(async () => {
  server = await startMaxServer({ botToken: BOT_TOKEN, chatId: MAX_CHAT_ID });
});
afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.close();
});

const connector = (options: { token?: string; timeoutMilliseconds?: number } = {}) =>
  createMaxConnector({
    settings: { chatId: MAX_CHAT_ID, baseUrl: server.url },
    secrets: { botToken: options.token ?? BOT_TOKEN, webhookSecret: "secret-123" },
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
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

describe("MAX connector", () => {
  it("posts text with uploaded images to the channel, token in the Authorization header", async () => {
    const item = await connector().publishPost!(
      { text: "Новости", photos: [photo("a.jpg"), photo("b.jpg")] },
      { idempotencyKey: "k" },
    );
    expect(item.platformId).toBe("mid.0000000000000001");
    expect(server.messages[0]).toMatchObject({
      chatId: MAX_CHAT_ID,
      text: "Новости",
      images: ["img-token-1", "img-token-2"],
    });
  });

  it("refuses more than 12 attachments or 4,000 characters before calling MAX", async () => {
    const thirteen = Array.from({ length: 13 }, (_, index) => photo(`${index}.jpg`));
    expect(
      await failure(connector().publishPost!({ text: "x", photos: thirteen }, { idempotencyKey: "k" })),
    ).toMatchObject({ kind: "invalid_request" });
    expect(
      await failure(connector().publishPost!({ text: "я".repeat(4001) }, { idempotencyKey: "k" })),
    ).toMatchObject({ kind: "invalid_request" });
    expect(server.requests).toHaveLength(0);
  });

  it("edits, deletes and replies quoting the citizen's message", async () => {
    const max = connector();
    const item = await max.publishPost!({ text: "Было" }, { idempotencyKey: "k" });
    await max.editPost!(item.platformId, { text: "Стало" }, { idempotencyKey: "k2" });
    await max.sendReply!(
      { text: "Спасибо, передали", conversationId: String(MAX_CHAT_ID), replyToId: "mid.00000000000000f1" },
      { idempotencyKey: "r" },
    );
    await max.deletePost!(item.platformId);
    expect(server.messages).toMatchObject([
      { text: "Стало", deleted: true },
      { text: "Спасибо, передали", replyTo: "mid.00000000000000f1" },
    ]);
  });

  it.each([
    ["rate_limit", "too.many.requests", "rate_limited"],
    ["token", "verify.token", "token_invalid"],
    ["denied", "chat.denied", "denied"],
    ["server_error", "service.unavailable", "temporary"],
  ] as const)("%s → %s → %s", async (fault, code, kind) => {
    server.faults.push({ operation: "POST /messages", fault });
    expect(await failure(connector().publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind,
      code,
    });
  });

  it("a timeout after POST /messages is unknown; the message is then found among the chat's latest", async () => {
    server.faults.push({ operation: "POST /messages", fault: "timeout" });
    const max = connector({ timeoutMilliseconds: 200 });
    const sentAfter = new Date();
    expect(await failure(max.publishPost!({ text: "Потерянное" }, { idempotencyKey: "k" }))).toMatchObject({
      kind: "unknown_outcome",
    });
    expect(
      (
        await max.findLostDelivery!({
          operation: "publish",
          text: "Потерянное",
          idempotencyKey: "k",
          sentAfter,
        })
      )?.platformId,
    ).toBe("mid.0000000000000001");
  });

  it("tests with GET /me and reads the chat's participants", async () => {
    expect(await connector().testConnection()).toEqual({ healthy: true, description: "@abakan_otklik_bot" });
    expect(await connector().readAudience!()).toEqual([{ metric: "members", value: 3_210 }]);
    const broken = await connector({ token: "wrong" }).testConnection();
    expect(broken).toMatchObject({ healthy: false });
    expect(broken.error).not.toContain("wrong");
  });
});
