import { manualClock } from "@otklik/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type ChannelsTestDatabase, createChannelsTestDatabase } from "../../test/database.js";
import { MAX_CHAT_ID } from "../../test/payloads/max-updates.js";
import { VK_GROUP_ID } from "../../test/payloads/vk-callback.js";
import { startMaxServer } from "../../test/servers/max-server.js";
import { startOkServer } from "../../test/servers/ok-server.js";
import { startPlatformServer } from "../../test/servers/platform-server.js";
import { busiestWindow } from "../../test/servers/protocol-server.js";
import { startTelegramServer } from "../../test/servers/telegram-server.js";
import { startVkServer } from "../../test/servers/vk-server.js";
import { PLATFORM_RATES } from "../connector/rate-limits.js";
import { createMaxConnector } from "../max/connector.js";
import { createOkConnector } from "../ok/connector.js";
import { createPlatformConnector } from "../platform/connector.js";
import { createTelegramConnector } from "../telegram/connector.js";
import { createVkConnector } from "../vk/connector.js";
import { createDatabaseThrottle } from "./database-throttle.js";

/**
 * A burst of 100 posts to each platform, through the database-backed throttle, with time on a
 * manual clock that the throttle's waits move forward: the local servers stamp arrivals with the
 * same clock, and no window may hold more calls than the platform allows.
 */
describe.each(backends())("platform rate limits under a burst of 100 sends (%s)", (backend) => {
  let database: ChannelsTestDatabase;
  beforeAll(async () => {
    database = await createChannelsTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
  });

  function timeline() {
    const clock = manualClock("2024-11-27T02:00:00Z");
    const throttle = createDatabaseThrottle({
      db: database.db,
      clock,
      sleep: async (milliseconds) => {
        clock.advance(milliseconds);
      },
    });
    return { clock, throttle, now: () => clock.now().getTime() };
  }

  it("VK: at most 3 calls a second with the community administrator's user token", async () => {
    const { throttle, now } = timeline();
    const server = await startVkServer({
      groupId: VK_GROUP_ID,
      userToken: `${backend}-user`,
      communityToken: `${backend}-community`,
      now,
    });
    const vk = createVkConnector({
      settings: { groupId: VK_GROUP_ID, baseUrl: server.url },
      secrets: {
        userToken: `${backend}-user`,
        communityToken: `${backend}-community`,
        callbackSecret: "s",
        confirmationCode: "c",
      },
      throttle,
    });
    for (let index = 0; index < 100; index++)
      await vk.publishPost!({ text: `Пост ${index}` }, { idempotencyKey: `vk-${index}` });
    const calls = server.calls().filter((call) => call.token === "user");
    expect(calls).toHaveLength(100);
    expect(
      busiestWindow(
        calls.map((call) => call.at),
        1_000,
      ),
    ).toBe(PLATFORM_RATES.vkUserToken.limit);
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("Telegram: at most 20 posts a minute to the channel", async () => {
    const { throttle, now } = timeline();
    const server = await startTelegramServer({ botToken: `1:${backend}`, now });
    const telegram = createTelegramConnector({
      settings: { channelChatId: "@abakan_official", baseUrl: server.url },
      secrets: { botToken: `1:${backend}`, webhookSecret: "secret" },
      throttle,
    });
    for (let index = 0; index < 100; index++)
      await telegram.publishPost!({ text: `Пост ${index}` }, { idempotencyKey: `tg-${index}` });
    expect(server.sends()).toHaveLength(100);
    expect(
      busiestWindow(
        server.sends().map((send) => send.at),
        60_000,
      ),
    ).toBe(PLATFORM_RATES.telegramChat.limit);
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("MAX: at most 2 messages a second to the chat", async () => {
    const { throttle, now } = timeline();
    const server = await startMaxServer({ botToken: `max-${backend}`, chatId: MAX_CHAT_ID, now });
    const max = createMaxConnector({
      settings: { chatId: MAX_CHAT_ID, baseUrl: server.url },
      secrets: { botToken: `max-${backend}`, webhookSecret: "secret" },
      throttle,
    });
    for (let index = 0; index < 100; index++)
      await max.publishPost!({ text: `Пост ${index}` }, { idempotencyKey: `max-${index}` });
    expect(
      busiestWindow(
        server.sends().map((send) => send.at),
        1_000,
      ),
    ).toBe(PLATFORM_RATES.maxChat.limit);
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("OK: at most 5 calls a second with one token", async () => {
    const { throttle, now } = timeline();
    const app = {
      applicationKey: "APP",
      applicationSecretKey: "app-secret",
      accessToken: `ok-${backend}`,
      groupId: "70000001234567",
    };
    const server = await startOkServer({ ...app, now });
    const ok = createOkConnector({
      settings: { groupId: app.groupId, applicationKey: app.applicationKey, baseUrl: server.url },
      secrets: { accessToken: app.accessToken, applicationSecretKey: app.applicationSecretKey },
      throttle,
    });
    for (let index = 0; index < 100; index++)
      await ok.publishPost!({ text: `Пост ${index}` }, { idempotencyKey: `ok-${index}` });
    expect(server.topics).toHaveLength(100);
    expect(
      busiestWindow(
        server.calls().map((call) => call.at),
        1_000,
      ),
    ).toBe(PLATFORM_RATES.okToken.limit);
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("the incident platform: at most 10 answers a second to one endpoint", async () => {
    const { throttle, now, clock } = timeline();
    const server = await startPlatformServer({ apiToken: "plt", signingSecret: "sign", now });
    const platform = createPlatformConnector({
      settings: { baseUrl: server.url },
      secrets: { apiToken: "plt", intakeSecret: "in", answerSigningSecret: "sign" },
      clock,
      throttle,
    });
    for (let index = 0; index < 100; index++) {
      await platform.sendReply!(
        { text: `Ответ ${index}`, conversationId: "PLT-1001" },
        { idempotencyKey: `${backend}-ans-${index}` },
      );
    }
    expect(server.answers).toHaveLength(100);
    expect(
      busiestWindow(
        server.requests.map((request) => request.at),
        1_000,
      ),
    ).toBe(PLATFORM_RATES.platformEndpoint.limit);
    await server.close();
  });
});
