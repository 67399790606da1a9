import { manualClock } from "@otklik/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type ChannelsTestDatabase, createChannelsTestDatabase } from "../../test/database.js";
import { VK_GROUP_ID } from "../../test/payloads/vk-callback.js";
import { startVkServer, type VkServer } from "../../test/servers/vk-server.js";
import { DeliveryError } from "../connector/delivery-error.js";
import { createVkConnector } from "../vk/connector.js";
import { listAttempts } from "./attempts.js";
import { deliver } from "./deliver.js";
import type { ChannelsLogger } from "./logger.js";
import { releaseUnknownDelivery, resolveUnknownDelivery } from "./resolve-unknown.js";

const USER_TOKEN = "vk1.a.USER-SECRET-0d9e8f";
const COMMUNITY_TOKEN = "vk1.a.COMMUNITY-SECRET-77aa";
const SECRETS = [USER_TOKEN, COMMUNITY_TOKEN];

describe.each(backends())("delivery discipline (%s)", (backend) => {
  let database: ChannelsTestDatabase;
  let server: VkServer;
  const clock = manualClock("2024-11-27T02:00:00Z");
  const sleep = async (milliseconds: number): Promise<void> => {
    clock.advance(milliseconds);
  };
  const log: string[] = [];
  const logger: ChannelsLogger = {
    info: (fields, message) => log.push(JSON.stringify({ ...fields, message })),
    warn: (fields, message) => log.push(JSON.stringify({ ...fields, message })),
  };

  beforeAll(async () => {
    database = await createChannelsTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    server = await startVkServer({
      groupId: VK_GROUP_ID,
      userToken: USER_TOKEN,
      communityToken: COMMUNITY_TOKEN,
    });
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  const vk = (timeoutMilliseconds?: number) =>
    createVkConnector({
      settings: { groupId: VK_GROUP_ID, baseUrl: server.url },
      secrets: {
        userToken: USER_TOKEN,
        communityToken: COMMUNITY_TOKEN,
        callbackSecret: "s",
        confirmationCode: "c",
      },
      ...(timeoutMilliseconds ? { timeoutMilliseconds } : {}),
    });
  const publish = (key: string, text: string, timeoutMilliseconds?: number) => {
    const connector = vk(timeoutMilliseconds);
    return deliver({
      db: database.db,
      clock,
      sleep,
      logger,
      secrets: SECRETS,
      connectionId: "conn_vk",
      operation: "publish",
      idempotencyKey: key,
      random: () => 0.5,
      send: () => connector.publishPost!({ text }, { idempotencyKey: key }),
    });
  };
  const wallPosts = () => server.calls().filter((call) => call.method === "wall.post").length;

  it("retries a rate-limited call after a backoff and records both attempts", async () => {
    server.faults.push({ operation: "wall.post", fault: "rate_limit" });
    const before = clock.now().getTime();
    const report = await publish(`${backend}:retry`, "Повтор после ошибки 6");
    expect(report).toMatchObject({ state: "sent", attempts: 2 });
    // VK asks for a second after error 6; backoff for attempt 1 is 0.5–1 s: the platform's wait wins.
    expect(clock.now().getTime() - before).toBe(1_000);
    const attempts = await listAttempts(database.db, `${backend}:retry`);
    expect(
      attempts.map((attempt) => [
        attempt.attemptNumber,
        attempt.outcome,
        attempt.errorKind,
        attempt.errorCode,
      ]),
    ).toEqual([
      [1, "retry_scheduled", "rate_limited", "6"],
      [2, "sent", null, null],
    ]);
    expect(attempts[1]).toMatchObject({
      connectionId: "conn_vk",
      operation: "publish",
      platformId: `-${VK_GROUP_ID}_1`,
    });
    expect(attempts[0]!.retryAt?.getTime()).toBe(attempts[0]!.finishedAt!.getTime() + 1_000);
  });

  it("reports a captcha without retrying: a person has to act", async () => {
    server.faults.push({ operation: "wall.post", fault: "captcha" });
    const report = await publish(`${backend}:captcha`, "Капча");
    expect(report).toMatchObject({
      state: "failed",
      attempts: 1,
      error: { kind: "needs_person", code: "14" },
    });
    expect(wallPosts()).toBe(1);
  });

  it("gives up after the last attempt and hands long waits back to the job queue", async () => {
    for (let index = 0; index < 5; index++)
      server.faults.push({ operation: "wall.post", fault: "server_error" });
    expect(await publish(`${backend}:exhausted`, "5xx")).toMatchObject({
      state: "failed",
      attempts: 5,
      error: { kind: "temporary" },
    });
    server.faults.push({ operation: "wall.post", fault: "rate_limit" });
    const report = await deliver({
      db: database.db,
      clock,
      sleep,
      connectionId: "conn_vk",
      operation: "publish",
      idempotencyKey: `${backend}:later`,
      send: () => {
        throw new DeliveryError("vk", "rate_limited", "VK 29: Rate limit reached", {
          platformCode: 29,
          retryAfterMilliseconds: 3_600_000,
        });
      },
    });
    expect(report).toMatchObject({ state: "retry_later", attempts: 1 });
  });

  it("marks a timeout after sending as unknown, never sends it again, and settles it by looking on the wall", async () => {
    server.faults.push({ operation: "wall.post", fault: "timeout" });
    const key = `${backend}:timeout`;
    const startedAt = new Date(Date.now() - 1_000);
    expect(await publish(key, "Пост с потерянным ответом", 200)).toMatchObject({
      state: "unknown",
      attempts: 1,
    });
    expect(await publish(key, "Пост с потерянным ответом")).toMatchObject({ state: "unknown" });
    expect(wallPosts()).toBe(1);
    const resolution = await resolveUnknownDelivery({
      db: database.db,
      clock,
      connector: vk(),
      connectionId: "conn_vk",
      query: {
        operation: "publish",
        text: "Пост с потерянным ответом",
        idempotencyKey: key,
        sentAfter: startedAt,
      },
    });
    expect(resolution).toMatchObject({ state: "sent", item: { platformId: `-${VK_GROUP_ID}_1` } });
    expect(await publish(key, "Пост с потерянным ответом")).toMatchObject({
      state: "sent",
      item: { platformId: `-${VK_GROUP_ID}_1` },
    });
    expect(wallPosts()).toBe(1);
    expect((await listAttempts(database.db, key)).map((attempt) => attempt.outcome)).toEqual([
      "unknown",
      "found",
    ]);
  });

  it("leaves an unknown delivery that is not found for a person, who may release it", async () => {
    const key = `${backend}:lost`;
    const send = () => {
      throw new DeliveryError("vk", "unknown_outcome", "no answer within 200 ms");
    };
    await deliver({
      db: database.db,
      clock,
      connectionId: "conn_vk",
      operation: "publish",
      idempotencyKey: key,
      send,
    });
    const resolution = await resolveUnknownDelivery({
      db: database.db,
      clock,
      connector: vk(),
      connectionId: "conn_vk",
      query: {
        operation: "publish",
        text: "Никогда не дошедший пост",
        idempotencyKey: key,
        sentAfter: clock.now(),
      },
    });
    expect(resolution).toEqual({ state: "needs_person", reason: "not_found" });
    expect(await publish(key, "Никогда не дошедший пост")).toMatchObject({ state: "unknown" });
    await releaseUnknownDelivery({
      db: database.db,
      clock,
      connectionId: "conn_vk",
      idempotencyKey: key,
      releasedBy: "usr_editor",
    });
    expect(await publish(key, "Никогда не дошедший пост")).toMatchObject({ state: "sent" });
  });

  it("a delivery already sent is answered from the record without calling the platform", async () => {
    const key = `${backend}:once`;
    await publish(key, "Один раз");
    await publish(key, "Один раз");
    expect(wallPosts()).toBe(1);
  });

  it("never writes a token into attempts or logs, even when a platform echoes it", async () => {
    const key = `${backend}:leak`;
    await deliver({
      db: database.db,
      clock,
      logger,
      secrets: SECRETS,
      connectionId: "conn_vk",
      operation: "publish",
      idempotencyKey: key,
      send: () => {
        throw new DeliveryError(
          "vk",
          "token_invalid",
          `VK 5: invalid access_token ${USER_TOKEN} (${encodeURIComponent(COMMUNITY_TOKEN)})`,
          {
            platformCode: 5,
          },
        );
      },
    });
    server.faults.push({ operation: "wall.post", fault: "token" });
    await publish(`${backend}:leak2`, "Токен");
    const rows = await database.db.query("SELECT * FROM channel_delivery_attempts");
    const recorded = JSON.stringify(rows) + log.join("\n");
    expect(recorded).toContain("redacted");
    for (const secret of SECRETS) expect(recorded).not.toContain(secret);
  });
});
