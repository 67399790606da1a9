import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { photo } from "../../test/payloads/photos.js";
import { VK_GROUP_ID } from "../../test/payloads/vk-callback.js";
import { closedPort } from "../../test/servers/closed-port.js";
import { startVkServer, type VkServer } from "../../test/servers/vk-server.js";
import { isDeliveryError } from "../connector/delivery-error.js";
import { createVkConnector } from "./connector.js";

const USER_TOKEN = "vk1.a.user-token-SECRET-7d3f";
const COMMUNITY_TOKEN = "vk1.a.community-token-SECRET-91ab";

let server: VkServer;
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

function connector(
  overrides: { userToken?: string; communityToken?: string; timeoutMilliseconds?: number } = {},
) {
  return createVkConnector({
    settings: { groupId: VK_GROUP_ID, baseUrl: server.url },
    secrets: {
      userToken: overrides.userToken ?? USER_TOKEN,
      communityToken: overrides.communityToken ?? COMMUNITY_TOKEN,
      callbackSecret: "s",
      confirmationCode: "c",
    },
    ...(overrides.timeoutMilliseconds ? { timeoutMilliseconds: overrides.timeoutMilliseconds } : {}),
  });
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDeliveryError(error)) return { kind: error.kind, code: error.platformCode, message: error.message };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("VK connector: posting", () => {
  it("publishes a text post on behalf of the community with the idempotency key as guid", async () => {
    const item = await connector().publishPost!(
      { text: "Сегодня в Абакане субботник" },
      { idempotencyKey: "pub_1:vk" },
    );
    expect(item).toMatchObject({
      platformId: `-${VK_GROUP_ID}_1`,
      url: `https://vk.com/wall-${VK_GROUP_ID}_1`,
    });
    expect(server.posts).toMatchObject([{ text: "Сегодня в Абакане субботник", guid: "pub_1:vk" }]);
  });

  it("uploads photos through the wall upload server and attaches them, with the link last", async () => {
    await connector().publishPost!(
      {
        text: "Фото с субботника",
        photos: [photo("1.jpg"), photo("2.jpg")],
        link: "https://abakan.ru/news/1",
      },
      { idempotencyKey: "pub_2:vk" },
    );
    expect(server.posts[0]!.attachments).toEqual([
      `photo-${VK_GROUP_ID}_457239000`,
      `photo-${VK_GROUP_ID}_457239001`,
      "https://abakan.ru/news/1",
    ]);
    expect(server.calls().map((call) => call.method)).toEqual([
      "photos.getWallUploadServer",
      "photos.saveWallPhoto",
      "photos.saveWallPhoto",
      "wall.post",
    ]);
  });

  it("lets VK drop a second copy sent with the same guid", async () => {
    const first = await connector().publishPost!({ text: "Один раз" }, { idempotencyKey: "pub_3:vk" });
    const second = await connector().publishPost!({ text: "Один раз" }, { idempotencyKey: "pub_3:vk" });
    expect(second.platformId).toBe(first.platformId);
    expect(server.posts).toHaveLength(1);
  });

  it("edits and deletes a post", async () => {
    const vk = connector();
    const item = await vk.publishPost!({ text: "Черновик" }, { idempotencyKey: "pub_4:vk" });
    await vk.editPost!(item.platformId, { text: "Исправлено" }, { idempotencyKey: "pub_4:vk:edit" });
    expect(server.posts[0]!.text).toBe("Исправлено");
    await vk.deletePost!(item.platformId);
    expect(server.posts[0]!.deleted).toBe(true);
  });

  it("refuses a post over VK's limits before calling VK", async () => {
    const tooMany = Array.from({ length: 11 }, (_, index) => photo(`${index}.jpg`));
    expect(
      await failure(connector().publishPost!({ text: "x", photos: tooMany }, { idempotencyKey: "k" })),
    ).toMatchObject({
      kind: "invalid_request",
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe("VK connector: replies", () => {
  it("answers a wall comment from the community with wall.createComment and the community token", async () => {
    const item = await connector().sendReply!(
      {
        text: "Заявка передана в управление ЖКХ",
        conversationId: `-${VK_GROUP_ID}_2209`,
        replyToId: `-${VK_GROUP_ID}_3115`,
      },
      { idempotencyKey: "inc_1:reply" },
    );
    expect(server.comments).toEqual([
      { id: 1000, postId: 2209, text: "Заявка передана в управление ЖКХ", replyTo: 3115 },
    ]);
    expect(item.platformId).toBe(`-${VK_GROUP_ID}_1000`);
    expect(server.calls()[0]!.token).toBe("community");
  });

  it("answers a private message with messages.send and a random_id stable per idempotency key", async () => {
    await connector().sendReply!(
      { text: "Ответ", conversationId: "540112987" },
      { idempotencyKey: "inc_2:reply" },
    );
    await connector().sendReply!(
      { text: "Ответ", conversationId: "540112987" },
      { idempotencyKey: "inc_2:reply" },
    );
    expect(server.messages[0]!.randomId).toBe(server.messages[1]!.randomId);
  });
});

describe("VK connector: errors as VK reports them (HTTP 200 with an error object)", () => {
  it.each([
    ["rate_limit", "6", "rate_limited"],
    ["captcha", "14", "needs_person"],
    ["token", "5", "token_invalid"],
    ["denied", "214", "denied"],
  ] as const)("%s → VK error %s → %s", async (fault, code, kind) => {
    server.faults.push({ operation: "wall.post", fault });
    expect(await failure(connector().publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind,
      code,
    });
  });

  it("a 5xx from VK's front is temporary", async () => {
    server.faults.push({ operation: "wall.post", fault: "server_error" });
    expect(await failure(connector().publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind: "temporary",
    });
  });

  it("a community token where a user token is needed is reported as VK 27, not retried", async () => {
    expect(
      await failure(
        connector({ userToken: COMMUNITY_TOKEN }).publishPost!({ text: "x" }, { idempotencyKey: "k" }),
      ),
    ).toMatchObject({
      kind: "token_invalid",
      code: "27",
    });
  });

  it("a timeout after wall.post was sent is an unknown outcome, and the post is then found on the wall", async () => {
    server.faults.push({ operation: "wall.post", fault: "timeout" });
    const startedAt = new Date(Date.now() - 1000);
    const vk = connector({ timeoutMilliseconds: 300 });
    expect(
      await failure(vk.publishPost!({ text: "Потерянный пост" }, { idempotencyKey: "pub_9:vk" })),
    ).toMatchObject({
      kind: "unknown_outcome",
    });
    // The lookup is a new call with the normal timeout (the local server compiles VK's wall schema on first use).
    const found = await connector().findLostDelivery!({
      operation: "publish",
      text: "Потерянный пост",
      idempotencyKey: "pub_9:vk",
      sentAfter: startedAt,
    });
    expect(found?.platformId).toBe(`-${VK_GROUP_ID}_1`);
    expect(
      await connector().findLostDelivery!({
        operation: "publish",
        text: "Другой",
        idempotencyKey: "x",
        sentAfter: startedAt,
      }),
    ).toBeUndefined();
  });

  it("finds a lost post 250 posts down the wall, paging back, and stops at posts older than the attempt", async () => {
    const now = Math.floor(Date.now() / 1000);
    const wallPost = (text: string, date: number) =>
      server.posts.push({ id: server.posts.length + 1, text, attachments: [], date });
    // A busy wall: older posts, the lost one, then 250 more while the killed worker's job waited for its lease.
    for (let n = 0; n < 150; n++) wallPost(`Старый пост ${n}`, now - 3_600);
    wallPost("Пост, потерянный при сбое", now - 300);
    for (let n = 0; n < 250; n++) wallPost(`Новый пост ${n}`, now - 200 + n);
    const wallGets = () => server.calls().filter((call) => call.method === "wall.get").length;

    const found = await connector().findLostDelivery!({
      operation: "publish",
      text: "Пост, потерянный при сбое",
      idempotencyKey: "pub_lost:vk",
      sentAfter: new Date((now - 301) * 1000),
    });
    expect(found).toEqual({
      platformId: `-${VK_GROUP_ID}_151`,
      platformIds: { postId: "151" },
      url: `https://vk.com/wall-${VK_GROUP_ID}_151`,
    });
    expect(wallGets()).toBe(3);

    // Not on the wall: the search ends at the first page holding posts older than the attempt.
    const before = wallGets();
    expect(
      await connector().findLostDelivery!({
        operation: "publish",
        text: "Такого поста нет",
        idempotencyKey: "pub_none:vk",
        sentAfter: new Date((now - 301) * 1000),
      }),
    ).toBeUndefined();
    expect(wallGets() - before).toBe(3);
  });

  it("a refused connection is temporary: nothing was sent", async () => {
    const closed = createVkConnector({
      settings: { groupId: VK_GROUP_ID, baseUrl: `http://127.0.0.1:${await closedPort()}` },
      secrets: {
        userToken: USER_TOKEN,
        communityToken: COMMUNITY_TOKEN,
        callbackSecret: "s",
        confirmationCode: "c",
      },
    });
    expect(await failure(closed.publishPost!({ text: "x" }, { idempotencyKey: "k" }))).toMatchObject({
      kind: "temporary",
    });
  });

  it("never puts a token in an error message", async () => {
    server.faults.push({ operation: "wall.post", fault: "token" });
    const error = await failure(connector().publishPost!({ text: "x" }, { idempotencyKey: "k" }));
    expect(error.message).not.toContain(USER_TOKEN);
    expect(error.message).not.toContain(COMMUNITY_TOKEN);
  });
});

describe("VK connector: health and audience", () => {
  it("tests the connection with groups.getById and reads members_count", async () => {
    expect(await connector().testConnection()).toEqual({ healthy: true, description: "Абакан официальный" });
    expect(await connector().readAudience!()).toEqual([{ metric: "members", value: 48_213 }]);
  });

  it("reports a revoked community token as unhealthy", async () => {
    const report = await connector({ communityToken: "revoked" }).testConnection();
    expect(report).toMatchObject({ healthy: false });
    expect(report.error).toContain("VK 5");
  });
});
