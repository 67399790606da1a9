import { randomBytes } from "node:crypto";
import { manualClock } from "@otklik/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type ChannelsTestDatabase, createChannelsTestDatabase } from "../../test/database.js";
import { MAX_CHAT_ID } from "../../test/payloads/max-updates.js";
import { VK_GROUP_ID } from "../../test/payloads/vk-callback.js";
import { startMaxServer } from "../../test/servers/max-server.js";
import { startVkServer } from "../../test/servers/vk-server.js";
import { listAudienceReadings, readAudience } from "../audience/read-audience.js";
import { insertAttempt, listAttempts } from "../delivery/attempts.js";
import type { ChannelsLogger } from "../delivery/logger.js";
import { checkConnection } from "./check-connection.js";
import { createConnector } from "./make-connector.js";
import { createSecretBox } from "./secret-box.js";
import { publishThroughConnection } from "./send-through-connection.js";
import { getConnection, listConnections, rotateConnectionKeys, saveConnection } from "./store.js";

const USER_TOKEN = "vk1.a.USER-SECRET-c0ffee";
const COMMUNITY_TOKEN = "vk1.a.COMMUNITY-SECRET-bead";
const MAX_TOKEN = "max-SECRET-token-77";
const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

describe.each(backends())("connections as data (%s)", (backend) => {
  let database: ChannelsTestDatabase;
  const clock = manualClock("2024-11-27T02:00:00Z");
  const box = createSecretBox({ currentKeyId: "a", keys: { a: keyA } });
  beforeAll(async () => {
    database = await createChannelsTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
  });

  it("stores a VK page with its tokens sealed, and gives them back only through the box", async () => {
    const saved = await saveConnection({
      db: database.db,
      clock,
      box,
      input: {
        id: "conn_vk",
        platform: "vk",
        name: "Абакан официальный — ВКонтакте",
        settings: { groupId: VK_GROUP_ID },
        secrets: {
          userToken: USER_TOKEN,
          communityToken: COMMUNITY_TOKEN,
          callbackSecret: "cb-secret-1",
          confirmationCode: "abc123",
        },
      },
    });
    expect(saved).toMatchObject({
      id: "conn_vk",
      platform: "vk",
      health: "unknown",
      secretKeyId: "a",
      settings: { groupId: VK_GROUP_ID, baseUrl: "https://api.vk.com" },
    });
    const raw = JSON.stringify(await database.db.query("SELECT * FROM channel_connections"));
    expect(raw).not.toContain(USER_TOKEN);
    expect(raw).not.toContain(COMMUNITY_TOKEN);
    expect(JSON.stringify(await listConnections({ db: database.db }))).not.toContain("SECRET");
    const opened = await getConnection({ db: database.db, box, id: "conn_vk" });
    expect(opened.secrets).toMatchObject({ userToken: USER_TOKEN, communityToken: COMMUNITY_TOKEN });
  });

  it("tests a connection and records health and the last error, without its token", async () => {
    const server = await startMaxServer({ botToken: MAX_TOKEN, chatId: MAX_CHAT_ID });
    const input = {
      id: "conn_max",
      platform: "max" as const,
      name: "Абакан официальный — MAX",
      settings: { chatId: MAX_CHAT_ID, baseUrl: server.url },
      secrets: { botToken: MAX_TOKEN, webhookSecret: "max-hook-secret" },
    };
    await saveConnection({ db: database.db, clock, box, input });
    expect(await checkConnection({ db: database.db, clock, box, id: "conn_max" })).toMatchObject({
      healthy: true,
    });
    await saveConnection({
      db: database.db,
      clock,
      box,
      input: { ...input, secrets: { ...input.secrets, botToken: "max-SECRET-revoked" } },
    });
    const report = await checkConnection({ db: database.db, clock, box, id: "conn_max" });
    expect(report).toMatchObject({ healthy: false });
    const [stored] = (await listConnections({ db: database.db })).filter(
      (connection) => connection.id === "conn_max",
    );
    expect(stored).toMatchObject({ health: "unhealthy", lastCheckedAt: clock.now() });
    expect(stored?.lastError).toContain("verify.token");
    expect(stored?.lastError).not.toContain("max-SECRET-revoked");
    await server.close();
  });

  it("publishes through a stored connection, and a revoked token makes it unhealthy; nothing logs a token", async () => {
    const server = await startVkServer({
      groupId: VK_GROUP_ID,
      userToken: USER_TOKEN,
      communityToken: COMMUNITY_TOKEN,
    });
    await saveConnection({
      db: database.db,
      clock,
      box,
      input: {
        id: "conn_vk2",
        platform: "vk",
        name: "ВК",
        settings: { groupId: VK_GROUP_ID, baseUrl: server.url },
        secrets: {
          userToken: USER_TOKEN,
          communityToken: COMMUNITY_TOKEN,
          callbackSecret: "cb-secret-1",
          confirmationCode: "abc123",
        },
      },
    });
    const connection = await getConnection({ db: database.db, box, id: "conn_vk2" });
    const log: string[] = [];
    const logger: ChannelsLogger = {
      info: (fields, message) => log.push(JSON.stringify({ fields, message })),
      warn: (fields, message) => log.push(JSON.stringify({ fields, message })),
    };
    const sleep = async (milliseconds: number) => {
      clock.advance(milliseconds);
    };
    const sent = await publishThroughConnection({
      db: database.db,
      clock,
      sleep,
      logger,
      connection,
      idempotencyKey: `${backend}:p1`,
      post: { text: "Привет" },
    });
    expect(sent).toMatchObject({ state: "sent" });
    server.faults.push({ operation: "wall.post", fault: "token" });
    const failed = await publishThroughConnection({
      db: database.db,
      clock,
      sleep,
      logger,
      connection,
      idempotencyKey: `${backend}:p2`,
      post: { text: "Ещё" },
    });
    expect(failed).toMatchObject({ state: "failed", error: { kind: "token_invalid", code: "5" } });
    const [stored] = (await listConnections({ db: database.db })).filter((item) => item.id === "conn_vk2");
    expect(stored).toMatchObject({ health: "unhealthy" });
    const everything = [
      JSON.stringify(await listAttempts(database.db, `${backend}:p2`)),
      JSON.stringify(stored),
      ...log,
    ].join("\n");
    for (const secret of [USER_TOKEN, COMMUNITY_TOKEN]) expect(everything).not.toContain(secret);
    expect(log.length).toBeGreaterThan(0);
    await server.close();
  });

  it("looks on the wall for a post a killed process left in flight: found, it is sent once; not found, it stays unknown and is not posted", async () => {
    const server = await startVkServer({
      groupId: VK_GROUP_ID,
      userToken: USER_TOKEN,
      communityToken: COMMUNITY_TOKEN,
      now: () => clock.now().getTime(),
    });
    await saveConnection({
      db: database.db,
      clock,
      box,
      input: {
        id: "conn_vk_lost",
        platform: "vk",
        name: "ВК",
        settings: { groupId: VK_GROUP_ID, baseUrl: server.url },
        secrets: {
          userToken: USER_TOKEN,
          communityToken: COMMUNITY_TOKEN,
          callbackSecret: "cb-secret-1",
          confirmationCode: "abc123",
        },
      },
    });
    const connection = await getConnection({ db: database.db, box, id: "conn_vk_lost" });
    const wallPosts = () => server.calls().filter((call) => call.method === "wall.post").length;
    const publish = (key: string, text: string) =>
      publishThroughConnection({ db: database.db, clock, connection, idempotencyKey: key, post: { text } });

    // What a worker killed by SIGKILL leaves: the attempt recorded in flight, the post on the wall, no answer kept.
    const lostKey = `${backend}:lost-1`;
    await insertAttempt(database.db, clock, {
      connectionId: connection.id,
      operation: "publish",
      idempotencyKey: lostKey,
      attemptNumber: 1,
      outcome: "in_flight",
    });
    clock.advance(1_000);
    const posted = await createConnector(connection, { clock }).publishPost!(
      { text: "Перекрытие улицы Пушкина с 1 декабря" },
      { idempotencyKey: lostKey },
    );
    clock.advance(120_000);
    // The job runs again after the worker's restart: the post is found, recorded as sent, not posted again.
    expect(await publish(lostKey, "Перекрытие улицы Пушкина с 1 декабря")).toMatchObject({
      state: "sent",
      item: { platformId: posted.platformId, url: posted.url },
    });
    expect(await publish(lostKey, "Перекрытие улицы Пушкина с 1 декабря")).toMatchObject({ state: "sent" });
    expect(server.posts.filter((post) => post.text === "Перекрытие улицы Пушкина с 1 декабря")).toHaveLength(
      1,
    );
    expect(wallPosts()).toBe(1);
    expect((await listAttempts(database.db, lostKey)).map((attempt) => attempt.outcome)).toEqual([
      "in_flight",
      "found",
    ]);

    // Killed before the call left: nothing on the wall, so the post stays unknown for a person to decide.
    const neverSentKey = `${backend}:lost-2`;
    await insertAttempt(database.db, clock, {
      connectionId: connection.id,
      operation: "publish",
      idempotencyKey: neverSentKey,
      attemptNumber: 1,
      outcome: "in_flight",
    });
    clock.advance(120_000);
    expect(await publish(neverSentKey, "Пост, который не ушёл")).toMatchObject({ state: "unknown" });
    expect(server.posts.map((post) => post.text)).not.toContain("Пост, который не ушёл");
    expect(wallPosts()).toBe(1);
    expect((await listAttempts(database.db, neverSentKey)).map((attempt) => attempt.outcome)).toEqual([
      "in_flight",
      "not_found",
    ]);

    // VK hangs after taking the post (a timeout, outcome unknown): it is found at once, not sent twice.
    server.faults.push({ operation: "wall.post", fault: "timeout" });
    const timedOut = await publishThroughConnection({
      db: database.db,
      clock,
      connection,
      idempotencyKey: `${backend}:lost-3`,
      post: { text: "Пост, ответ на который не дошёл" },
      timeoutMilliseconds: 300,
    });
    expect(timedOut).toMatchObject({ state: "sent" });
    expect(server.posts.filter((post) => post.text === "Пост, ответ на который не дошёл")).toHaveLength(1);
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("re-seals every connection with a new key, after which the old key can go", async () => {
    const rotating = createSecretBox({ currentKeyId: "b", keys: { a: keyA, b: keyB } });
    const count = await rotateConnectionKeys({ db: database.db, clock, box: rotating });
    expect(count).toBeGreaterThanOrEqual(3);
    const onlyNew = createSecretBox({ currentKeyId: "b", keys: { b: keyB } });
    expect((await getConnection({ db: database.db, box: onlyNew, id: "conn_vk" })).secrets).toMatchObject({
      userToken: USER_TOKEN,
    });
    expect(await rotateConnectionKeys({ db: database.db, clock, box: rotating })).toBe(0);
  });

  it("reads audience figures on a schedule and keeps them with the time of reading", async () => {
    const server = await startVkServer({
      groupId: VK_GROUP_ID,
      userToken: USER_TOKEN,
      communityToken: COMMUNITY_TOKEN,
    });
    const connector = createConnector({
      platform: "vk",
      name: "ВК",
      settings: { groupId: VK_GROUP_ID, baseUrl: server.url },
      secrets: {
        userToken: USER_TOKEN,
        communityToken: COMMUNITY_TOKEN,
        callbackSecret: "cb-secret-1",
        confirmationCode: "abc123",
      },
    });
    const first = await readAudience({ db: database.db, clock, connectionId: "conn_vk", connector });
    clock.advance(86_400_000);
    server.membersCount = 48_300;
    await readAudience({ db: database.db, clock, connectionId: "conn_vk", connector });
    expect(first).toMatchObject([{ metric: "members", value: 48_213, platform: "vk" }]);
    const readings = await listAudienceReadings({
      db: database.db,
      connectionId: "conn_vk",
      from: new Date("2024-11-01"),
      to: new Date("2024-12-01"),
    });
    expect(readings.map((reading) => [reading.readAt.toISOString(), reading.value])).toEqual([
      [first[0]!.readAt.toISOString(), 48_213],
      [clock.now().toISOString(), 48_300],
    ]);
    await server.close();
  });
});
