import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { photo } from "../../test/payloads/photos.js";
import { closedPort } from "../../test/servers/closed-port.js";
import { startTelegramServer, type TelegramServer } from "../../test/servers/telegram-server.js";
import { isDeliveryError } from "../connector/delivery-error.js";
import { createTelegramConnector } from "./connector.js";

const BOT_TOKEN = "7000000001:AAH-SECRET-bot-token-xyz";
let server: TelegramServer;
beforeEach(async () => {
  server = await startTelegramServer({ botToken: BOT_TOKEN });
});
afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.close();
});

const connector = (options: { token?: string; baseUrl?: string; timeoutMilliseconds?: number } = {}) =>
  createTelegramConnector({
    settings: {
      channelChatId: "@abakan_official",
      discussionChatId: "-1001987654321",
      baseUrl: options.baseUrl ?? server.url,
    },
    secrets: { botToken: options.token ?? BOT_TOKEN, webhookSecret: "secret" },
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDeliveryError(error))
      return {
        kind: error.kind,
        code: error.platformCode,
        retryAfter: error.retryAfterMilliseconds,
        message: error.message,
      };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("Telegram connector: posting to the channel", () => {
  it("sends text with sendMessage", async () => {
    const item = await connector().publishPost!(
      { text: "Новости Абакана", link: "https://abakan.ru/n/1" },
      { idempotencyKey: "k" },
    );
    expect(item).toMatchObject({ platformId: "text:1", url: "https://t.me/abakan_official/1" });
    expect(server.messages[0]!.text).toBe("Новости Абакана\n\nhttps://abakan.ru/n/1");
  });

  it("sends one photo with sendPhoto and its caption, several with sendMediaGroup", async () => {
    expect(
      (
        await connector().publishPost!(
          { text: "Одно фото", photos: [photo("a.jpg")] },
          { idempotencyKey: "k1" },
        )
      ).platformId,
    ).toBe("photo:1");
    const album = await connector().publishPost!(
      { text: "Альбом", photos: [photo("a.jpg"), photo("b.jpg"), photo("c.jpg")] },
      { idempotencyKey: "k2" },
    );
    expect(album.platformId).toBe("album:2,3,4");
    expect(server.messages.slice(1).map((message) => message.caption)).toEqual([
      "Альбом",
      undefined,
      undefined,
    ]);
  });

  it("refuses a caption over 1,024 characters and a message over 4,096 before calling Telegram", async () => {
    expect(
      await failure(
        connector().publishPost!(
          { text: "я".repeat(1025), photos: [photo("a.jpg")] },
          { idempotencyKey: "k" },
        ),
      ),
    ).toMatchObject({
      kind: "invalid_request",
    });
    expect(
      await failure(connector().publishPost!({ text: "я".repeat(4097) }, { idempotencyKey: "k" })),
    ).toMatchObject({ kind: "invalid_request" });
    expect(server.requests).toHaveLength(0);
  });

  it("edits text and captions, treats an unchanged edit as done, and deletes whole albums", async () => {
    const telegram = connector();
    const text = await telegram.publishPost!({ text: "Было" }, { idempotencyKey: "k1" });
    await telegram.editPost!(text.platformId, { text: "Стало" }, { idempotencyKey: "k1e" });
    await telegram.editPost!(text.platformId, { text: "Стало" }, { idempotencyKey: "k1e" });
    expect(server.messages[0]!.text).toBe("Стало");
    const album = await telegram.publishPost!(
      { text: "Альбом", photos: [photo("a.jpg"), photo("b.jpg")] },
      { idempotencyKey: "k2" },
    );
    await telegram.editPost!(album.platformId, { text: "Новая подпись" }, { idempotencyKey: "k2e" });
    await telegram.deletePost!(album.platformId);
    expect(server.messages.slice(1).every((message) => message.deleted)).toBe(true);
    expect(server.messages[1]!.caption).toBe("Новая подпись");
  });
});

describe("Telegram connector: replies in the discussion group", () => {
  it("answers a comment quoting it", async () => {
    await connector().sendReply!(
      {
        text: "Передали в дорожную службу",
        conversationId: "-1001987654321",
        replyToId: "-1001987654321:881",
      },
      { idempotencyKey: "r" },
    );
    expect(server.messages[0]).toMatchObject({ chatId: "-1001987654321", replyTo: 881 });
  });
});

describe("Telegram connector: errors", () => {
  it("429 carries retry_after", async () => {
    server.faults.push({ operation: "sendMessage", fault: "rate_limit" });
    expect(await failure(connector().publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind: "rate_limited",
      code: "429",
      retryAfter: 3000,
    });
  });

  it("401 is a bad token, 403 a bot without rights, 5xx temporary", async () => {
    expect(
      await failure(connector({ token: "1:wrong" }).publishPost!({ text: "x" }, { idempotencyKey: "k" })),
    ).toMatchObject({ kind: "token_invalid" });
    server.faults.push({ operation: "sendMessage", fault: "denied" });
    expect(await failure(connector().publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind: "denied",
    });
    server.faults.push({ operation: "sendMessage", fault: "server_error" });
    expect(await failure(connector().publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind: "temporary",
    });
  });

  it("a timeout after sending is an unknown outcome that Telegram offers no way to check", async () => {
    server.faults.push({ operation: "sendMessage", fault: "timeout" });
    const telegram = connector({ timeoutMilliseconds: 200 });
    expect(await failure(telegram.publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind: "unknown_outcome",
    });
    expect(
      await telegram.findLostDelivery!({
        operation: "publish",
        text: "x",
        idempotencyKey: "k",
        sentAfter: new Date(),
      }),
    ).toBeNull();
  });

  it("a refused connection is temporary, and no error shows the token from the URL", async () => {
    const error = await failure(
      connector({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).publishPost!(
        { text: "x" },
        { idempotencyKey: "k" },
      ),
    );
    expect(error.kind).toBe("temporary");
    expect(error.message).not.toContain(BOT_TOKEN);
  });
});

describe("Telegram connector: health and audience", () => {
  it("tests with getMe and reads the channel's member count", async () => {
    expect(await connector().testConnection()).toEqual({ healthy: true, description: "@abakan_otklik_bot" });
    expect(await connector().readAudience!()).toEqual([{ metric: "subscribers", value: 12_480 }]);
    expect(await connector({ token: "1:wrong" }).testConnection()).toMatchObject({ healthy: false });
  });
});
