// Public replies delivered through the city's stored channel connections, against the local servers
// that speak VK's, Telegram's and the incident platform's protocols (packages/channels/test/servers).
import { randomBytes } from "node:crypto";
import { channelsMigrations, createSecretBox, type SecretBox, saveConnection } from "@otklik/channels";
import { createJobs } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { anonymousActor, identityMigrations, publishLegalText, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverReply,
  REPLY_DELIVERY_QUEUE,
  type ReplySender,
  retryReplyDelivery,
  summariseDeliveries,
  sweepReplyDeliveries,
} from "../desk/deliver-reply.js";
import { mergeIncidents } from "../desk/merge-incidents.js";
import { getIncident } from "../desk/read-incidents.js";
import { replyToIncident } from "../desk/reply-to-incident.js";
import { decideInboxItem, receiveSocialEvent } from "../intake/inbox.js";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import { receiveSiteReport } from "../intake/receive-site-report.js";
import { incidentsMigrations } from "../migrations.js";
import {
  type FakePlatform,
  type FakeTelegram,
  type FakeVk,
  startFakePlatform,
  startFakeTelegram,
  startFakeVk,
} from "../testing/channel-fakes.js";
import { type DeskWorld, deskWorld } from "../testing/world.js";
import { channelsReplySender, NO_CONNECTION_REASON, PUBLISHED_ON_TRACKING } from "./channels-reply-sender.js";

const VK_GROUP = 123456;
const VK_USER_TOKEN = "vk1.a.USER-SECRET-incidents";
const VK_COMMUNITY_TOKEN = "vk1.a.COMMUNITY-SECRET-incidents";
const BOT_TOKEN = "123456:BOT-SECRET-incidents";
const DISCUSSION = "-1001987654321";
const PLATFORM_TOKEN = "platform-api-token";
const PLATFORM_SIGNING = "platform-signing-secret";
const REPLY = "Здравствуйте! Мусор вывезут 28 ноября до 12:00, подрядчик предупреждён.";

describe("a reply's summary of its deliveries", () => {
  const at = new Date("2026-11-27T03:00:00Z");
  const later = new Date("2026-11-27T03:05:00Z");
  const delivery = (channel: string, state: string, extra: Record<string, unknown> = {}) => ({
    channel,
    state,
    error: null,
    attempts: 1,
    sentAt: null,
    claimedAt: null,
    platformReplyId: null,
    idempotencyKey: `key#${channel}`,
    ...extra,
  });
  it("is the least settled state, with who did not get it and why", () => {
    expect(
      summariseDeliveries(
        [
          delivery("vk", "sent", { sentAt: at, platformReplyId: "-1_5", idempotencyKey: "key" }),
          delivery("max", "failed", { error: "нет подключения", attempts: 2 }),
          delivery("site", "published", { sentAt: later }),
        ],
        "key",
      ),
    ).toEqual({
      state: "failed",
      error: "1 из 3 получателей / 1 of 3 reporters: max: нет подключения",
      attempts: 2,
      sentAt: null,
      claimedAt: null,
      platformReplyId: "-1_5",
    });
    expect(
      summariseDeliveries(
        [delivery("vk", "sent", { sentAt: at }), delivery("site", "published", { sentAt: later })],
        "key",
      ),
    ).toMatchObject({ state: "sent", error: null, sentAt: later });
    expect(
      summariseDeliveries(
        [delivery("vk", "unknown", { error: "?" }), delivery("tg", "sending", { claimedAt: at })],
        "key",
      ),
    ).toMatchObject({ state: "sending", claimedAt: at });
    // One delivery: its own reason, as the reply showed it before deliveries existed.
    expect(summariseDeliveries([delivery("vk", "queued", { error: "Повтор позже" })], "key")).toMatchObject({
      state: "queued",
      error: "Повтор позже",
    });
  });
});

describe.each(testBackends())("reply delivery through channel connections on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  let box: SecretBox;
  let vk: FakeVk;
  let telegram: FakeTelegram;
  let platform: FakePlatform;
  const waits: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({
      backend,
      migrations: [channelsMigrations, identityMigrations, incidentsMigrations],
    });
    world = await deskWorld(db);
    box = createSecretBox({ currentKeyId: "test", keys: { test: randomBytes(32).toString("base64") } });
    vk = await startFakeVk({
      groupId: VK_GROUP,
      userToken: VK_USER_TOKEN,
      communityToken: VK_COMMUNITY_TOKEN,
    });
    telegram = await startFakeTelegram({ botToken: BOT_TOKEN });
    platform = await startFakePlatform({ apiToken: PLATFORM_TOKEN, signingSecret: PLATFORM_SIGNING });
    const save = (input: Parameters<typeof saveConnection>[0]["input"]) =>
      saveConnection({ db, clock: world.clock, box, input });
    await save({
      id: "conn_vk",
      platform: "vk",
      name: "Абакан официальный — ВКонтакте",
      settings: { groupId: VK_GROUP, baseUrl: vk.url },
      secrets: {
        userToken: VK_USER_TOKEN,
        communityToken: VK_COMMUNITY_TOKEN,
        callbackSecret: "vk-callback",
        confirmationCode: "vk-confirm",
      },
    });
    await save({
      id: "conn_tg",
      platform: "telegram",
      name: "Абакан официальный — Telegram",
      settings: { channelChatId: "@abakan_official", discussionChatId: DISCUSSION, baseUrl: telegram.url },
      secrets: { botToken: BOT_TOKEN, webhookSecret: "tg-webhook-secret" },
    });
    await save({
      id: "conn_platform",
      platform: "platform",
      name: "Инцидент Менеджмент",
      settings: { baseUrl: platform.url },
      secrets: { apiToken: PLATFORM_TOKEN, intakeSecret: "intake", answerSigningSecret: PLATFORM_SIGNING },
    });
  });
  afterAll(async () => {
    await Promise.all([vk?.close(), telegram?.close(), platform?.close()]);
    await db?.close();
  });

  // A generous timeout on a loaded machine; the timeout case's server never answers at all.
  const sender = (timeoutMilliseconds = 15_000) =>
    channelsReplySender({
      db,
      clock: world.clock,
      box,
      timeoutMilliseconds,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });

  async function socialIncident(
    platformName: "vk" | "telegram" | "max",
    item: {
      externalId: string;
      conversationId: string;
      kind?: "comment" | "message";
      authorId?: string;
    },
  ): Promise<string> {
    const received = await receiveSocialEvent(world.system, {
      kind: item.kind ?? "comment",
      action: "created",
      platform: platformName,
      externalId: item.externalId,
      conversationId: item.conversationId,
      text: "Во дворе дома на Ленина не вывозят мусор уже неделю",
      author: { id: item.authorId ?? "42", name: "Пётр" },
      attachments: [],
      occurredAt: world.clock.now().toISOString(),
    });
    const decided = await decideInboxItem(world.operator, received.inboxItemId ?? "", {
      decision: "incident",
    });
    return decided.incidentId ?? "";
  }

  async function reply(incidentId: string, key: string): Promise<string> {
    const outcome = await replyToIncident(world.operator, incidentId, {
      text: REPLY,
      force: true,
      idempotencyKey: `${backend}-${key}`,
      attachments: [{ kind: "photo", url: "https://example.test/plan.jpg" }],
    });
    return outcome.reply?.id ?? "";
  }

  const stored = async (replyId: string) =>
    (
      await db.query<{
        delivery_state: string;
        delivery_error: string | null;
        platform_reply_id: string | null;
      }>("SELECT delivery_state, delivery_error, platform_reply_id FROM incident_replies WHERE id = $1", [
        replyId,
      ])
    )[0];

  it("answers a VK comment under the citizen's comment, once, even when the outcome is recorded again", async () => {
    const id = await socialIncident("vk", {
      externalId: `-${VK_GROUP}_501`,
      conversationId: `-${VK_GROUP}_77`,
    });
    const replyId = await reply(id, "vk");
    expect(await deliverReply(world.system, replyId, sender())).toBe("sent");
    expect(vk.comments).toEqual([
      expect.objectContaining({
        postId: 77,
        replyTo: 501,
        text: `${REPLY}\n\nhttps://example.test/plan.jpg`,
      }),
    ]);
    expect(await stored(replyId)).toMatchObject({ delivery_state: "sent", delivery_error: null });
    expect((await stored(replyId))?.platform_reply_id).toMatch(new RegExp(`^-${VK_GROUP}_\\d+$`));
    // The job runs again: nothing is sent.
    expect(await deliverReply(world.system, replyId, sender())).toBe("sent");
    // A crash after sending but before the state was written: the reply looks queued again, yet
    // channels' attempt record under the reply's key says it was sent, so VK gets nothing new.
    await db.query("UPDATE incident_reply_deliveries SET state = 'queued' WHERE reply_id = $1", [replyId]);
    await db.query("UPDATE incident_replies SET delivery_state = 'queued' WHERE id = $1", [replyId]);
    expect(await deliverReply(world.system, replyId, sender())).toBe("sent");
    expect(vk.comments).toHaveLength(1);
    expect(vk.violations).toEqual([]);
  });

  it("answers a Telegram comment in the discussion group quoting it", async () => {
    const id = await socialIncident("telegram", {
      externalId: `${DISCUSSION}:55`,
      conversationId: DISCUSSION,
    });
    const replyId = await reply(id, "tg");
    expect(await deliverReply(world.system, replyId, sender())).toBe("sent");
    expect(telegram.messages).toEqual([
      expect.objectContaining({
        chatId: DISCUSSION,
        replyTo: 55,
        text: `${REPLY}\n\nhttps://example.test/plan.jpg`,
      }),
    ]);
    expect(telegram.violations).toEqual([]);
  });

  it("answers the incident platform through its contract, retrying a rate limit", async () => {
    const { incidentId } = await receivePlatformIncident(world.system, {
      type: "incident",
      id: "PLT-1001",
      createdAt: world.clock.now().toISOString(),
      text: "Во дворе дома на Ленина не вывозят мусор",
      source: { network: "ok", authorName: "Ольга" },
    });
    platform.faults.push({ operation: "answer", fault: "rate_limit" });
    const replyId = await reply(incidentId, "platform");
    expect(await deliverReply(world.system, replyId, sender())).toBe("sent");
    expect(waits.length).toBeGreaterThan(0);
    expect(platform.answers).toHaveLength(1);
    expect(platform.answers[0]).toMatchObject({
      incidentId: "PLT-1001",
      answer: { text: REPLY, attachments: [{ type: "photo", url: "https://example.test/plan.jpg" }] },
    });
    expect(platform.violations).toEqual([]);
  });

  it("records why a delivery failed, retries it on the operator's word, refuses to retry an unknown outcome", async () => {
    const { incidentId } = await receivePlatformIncident(world.system, {
      type: "incident",
      id: "PLT-1002",
      createdAt: world.clock.now().toISOString(),
      text: "Яма на дороге во дворе",
      source: { network: "vk" },
    });
    platform.faults.push({ operation: "answer", fault: "token" });
    const replyId = await reply(incidentId, "platform-failed");
    expect(await deliverReply(world.system, replyId, sender())).toBe("failed");
    const failed = await getIncident(world.operator, incidentId);
    expect(failed.replies[0]).toMatchObject({ deliveryState: "failed", deliveryAttempts: 1 });
    expect(failed.replies[0]?.deliveryError).toMatch(/^Не доставлено \(token_invalid/);
    expect(platform.answers.filter((answer) => answer.incidentId === "PLT-1002")).toHaveLength(0);
    await expect(retryReplyDelivery(world.executor, incidentId, replyId)).rejects.toMatchObject({
      code: "forbidden",
    });
    await retryReplyDelivery(world.operator, incidentId, replyId);
    expect(await deliverReply(world.system, replyId, sender())).toBe("sent");
    expect(platform.answers.filter((answer) => answer.incidentId === "PLT-1002")).toHaveLength(1);
    const retried = await getIncident(world.operator, incidentId);
    expect(retried.replies[0]).toMatchObject({
      deliveryState: "sent",
      deliveryError: null,
      deliveryAttempts: 2,
    });
    expect(retried.timeline.map((entry) => entry.kind)).toContain("reply-retry");
    await expect(retryReplyDelivery(world.operator, incidentId, replyId)).rejects.toMatchObject({
      code: "conflict",
    });

    // A timeout after the request left: the comment may be on VK. Never re-sent, not retried blindly.
    const vkIncident = await socialIncident("vk", {
      externalId: `-${VK_GROUP}_601`,
      conversationId: `-${VK_GROUP}_78`,
    });
    vk.faults.push({ operation: "wall.createComment", fault: "timeout" });
    const unsure = await reply(vkIncident, "vk-timeout");
    expect(await deliverReply(world.system, unsure, sender(1_000))).toBe("unknown");
    expect((await stored(unsure))?.delivery_error).toMatch(/неизвестен/);
    await expect(retryReplyDelivery(world.operator, vkIncident, unsure)).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("fails honestly without a connection or a key, publishes site replies on the tracking page", async () => {
    const maxIncident = await socialIncident("max", { externalId: "mid.0001", conversationId: "-70000001" });
    const replyId = await reply(maxIncident, "max");
    expect(await deliverReply(world.system, replyId, sender())).toBe("failed");
    expect((await stored(replyId))?.delivery_error).toBe(NO_CONNECTION_REASON);

    const vkIncident = await socialIncident("vk", {
      externalId: `-${VK_GROUP}_701`,
      conversationId: `-${VK_GROUP}_79`,
    });
    const keyless = await reply(vkIncident, "no-key");
    expect(await deliverReply(world.system, keyless, channelsReplySender({ db, clock: world.clock }))).toBe(
      "failed",
    );
    expect((await stored(keyless))?.delivery_error).toContain("OTKLIK_CHANNELS_KEY");

    const site = await channelsReplySender({ db, clock: world.clock, box })({
      replyId: "rpl_x",
      deliveryId: "rdl_x",
      reporterId: null,
      incidentId: "inc_x",
      channel: "site",
      externalId: null,
      conversationId: null,
      itemKind: null,
      text: REPLY,
      attachments: [],
      idempotencyKey: "site-key",
      attempt: 1,
    });
    expect(site).toEqual({ state: "published", reason: PUBLISHED_ON_TRACKING });
  });

  it("answers every reporter of a merged incident in their own thread, each delivery with its own key and state", async () => {
    const kept = await socialIncident("vk", {
      externalId: `-${VK_GROUP}_901`,
      conversationId: `-${VK_GROUP}_90`,
      authorId: "4200",
    });
    // Other citizens, each in their own thread.
    const fromTelegram = await socialIncident("telegram", {
      externalId: `${DISCUSSION}:91`,
      conversationId: DISCUSSION,
      authorId: "4201",
    });
    // No MAX connection is configured: that reporter cannot be answered where they wrote.
    const fromMax = await socialIncident("max", {
      externalId: "mid.0901",
      conversationId: "-70000901",
      authorId: "4202",
    });
    const consentText = await publishLegalText(
      { db, clock: world.clock, actor: systemActor("test") },
      "incident-report",
      { title: "Согласие", body: "Я согласен на обработку персональных данных" },
    );
    const fromSite = await receiveSiteReport(world.as(anonymousActor("10.0.0.9")), {
      category: "waste",
      description: "Во дворе дома на Ленина не вывозят мусор уже неделю",
      contacts: { name: "Анна", email: "anna@mail.example" },
      consentTextId: consentText.id,
    });
    await mergeIncidents(world.operator, kept, {
      duplicateIds: [fromTelegram, fromMax, fromSite.incidentId],
    });

    const jobs = createJobs(db);
    await jobs.start();
    let replyId = "";
    try {
      await jobs.createQueue(REPLY_DELIVERY_QUEUE);
      const outcome = await replyToIncident({ ...world.operator, jobs }, kept, {
        text: REPLY,
        force: true,
        idempotencyKey: `${backend}-merged`,
      });
      replyId = outcome.reply?.id ?? "";
      // One durable job per delivery, each naming its delivery.
      const queued = await db.query<{ delivery_id: string }>(
        "SELECT data->>'deliveryId' AS delivery_id FROM pgboss.job WHERE name = $1 AND data->>'replyId' = $2",
        [REPLY_DELIVERY_QUEUE, replyId],
      );
      expect(queued).toHaveLength(4);
    } finally {
      await jobs.stop({ graceful: false });
    }
    const keys = await db.query<{ idempotency_key: string; channel: string }>(
      "SELECT idempotency_key, channel FROM incident_reply_deliveries WHERE reply_id = $1 ORDER BY channel",
      [replyId],
    );
    expect(new Set(keys.map((row) => row.idempotency_key)).size).toBe(4);
    // The incident's own reporter keeps the reply's key, as before merging existed.
    expect(keys.find((row) => row.channel === "vk")?.idempotency_key).toBe(`${backend}-merged`);

    const vkBefore = vk.comments.length;
    const telegramBefore = telegram.messages.length;
    expect(await deliverReply(world.system, replyId, sender())).toBe("failed");
    expect(vk.comments.slice(vkBefore)).toEqual([
      expect.objectContaining({ postId: 90, replyTo: 901, text: REPLY }),
    ]);
    expect(telegram.messages.slice(telegramBefore)).toEqual([
      expect.objectContaining({ chatId: DISCUSSION, replyTo: 91, text: REPLY }),
    ]);

    const detail = await getIncident(world.operator, kept);
    expect(detail.reporters).toHaveLength(4);
    const [reply] = detail.replies;
    const byChannel = Object.fromEntries((reply?.deliveries ?? []).map((item) => [item.channel, item]));
    expect(byChannel.vk).toMatchObject({ state: "sent", error: null, attempts: 1 });
    expect(byChannel.telegram).toMatchObject({ state: "sent", error: null, attempts: 1 });
    expect(byChannel.max).toMatchObject({ state: "failed", error: NO_CONNECTION_REASON, attempts: 1 });
    expect(byChannel.site).toMatchObject({ state: "published", error: null });
    const reporterIds = new Set(detail.reporters.map((reporter) => reporter.id));
    expect(reply?.deliveries.every((item) => item.reporterId && reporterIds.has(item.reporterId))).toBe(true);
    // The reply sums its deliveries up: not everyone got it, and who did not and why.
    expect(reply).toMatchObject({ deliveryState: "failed", deliveryAttempts: 1, sentAt: null });
    expect(reply?.deliveryError).toBe(`1 из 4 получателей / 1 of 4 reporters: max: ${NO_CONNECTION_REASON}`);

    // The job runs again: nobody gets it twice.
    await deliverReply(world.system, replyId, sender());
    expect(vk.comments.length).toBe(vkBefore + 1);
    expect(telegram.messages.length).toBe(telegramBefore + 1);
    // The operator retries: only the failed delivery runs again (and fails again, for the same reason).
    const retried = await retryReplyDelivery(world.operator, kept, replyId);
    expect(retried).toMatchObject({ deliveryState: "queued", retriedDeliveryIds: [byChannel.max?.id] });
    expect(await deliverReply(world.system, replyId, sender())).toBe("failed");
    expect(vk.comments.length).toBe(vkBefore + 1);
    expect(telegram.messages.length).toBe(telegramBefore + 1);
    const after = (await getIncident(world.operator, kept)).replies[0]?.deliveries ?? [];
    expect(after.find((item) => item.channel === "max")).toMatchObject({ state: "failed", attempts: 2 });
    expect(after.find((item) => item.channel === "vk")).toMatchObject({ state: "sent", attempts: 1 });
    expect(vk.violations).toEqual([]);
    expect(telegram.violations).toEqual([]);
  });

  it("keeps the reply's summary right when two workers finish its deliveries at once, and sends each once", async () => {
    const kept = await socialIncident("vk", {
      externalId: `-${VK_GROUP}_951`,
      conversationId: `-${VK_GROUP}_95`,
      authorId: "4300",
    });
    const other = await socialIncident("vk", {
      externalId: `-${VK_GROUP}_952`,
      conversationId: `-${VK_GROUP}_95`,
      authorId: "4301",
    });
    await mergeIncidents(world.operator, kept, { duplicateIds: [other] });
    const replyId = await reply(kept, "concurrent");
    const deliveries = (await getIncident(world.operator, kept)).replies[0]?.deliveries ?? [];
    expect(deliveries.map((item) => item.state)).toEqual(["queued", "queued"]);
    // Both sends are in flight together before either is recorded (a barrier), as on two workers.
    const calls: string[] = [];
    let arrived = 0;
    let release: () => void = () => {};
    const bothInFlight = new Promise<void>((resolve) => {
      release = resolve;
    });
    const throughVk = sender();
    const overlapping: ReplySender = async (item) => {
      calls.push(item.deliveryId);
      arrived += 1;
      if (arrived === 2) release();
      await bothInFlight;
      return throughVk(item);
    };
    const [first, second] = deliveries;
    await Promise.all([
      deliverReply(world.system, replyId, overlapping, { deliveryId: first?.id ?? "" }),
      deliverReply(world.system, replyId, overlapping, { deliveryId: second?.id ?? "" }),
      // The same delivery's job run twice at once: one claim wins, nothing is sent twice.
      deliverReply(world.system, replyId, overlapping, { deliveryId: first?.id ?? "" }),
    ]);
    expect(calls.sort()).toEqual([first?.id, second?.id].sort());
    const [summed] = (await getIncident(world.operator, kept)).replies;
    expect(summed).toMatchObject({ deliveryState: "sent", deliveryError: null, deliveryAttempts: 1 });
    expect(summed?.sentAt).not.toBeNull();
    expect(summed?.deliveries.map((item) => item.state)).toEqual(["sent", "sent"]);
    expect(
      vk.comments
        .filter((comment) => comment.postId === 95)
        .map((comment) => comment.replyTo)
        .sort(),
    ).toEqual([951, 952]);
  });

  it("turns a reply left sending by a dead process into unknown and queues what has no job", async () => {
    const vkIncident = await socialIncident("vk", {
      externalId: `-${VK_GROUP}_801`,
      conversationId: `-${VK_GROUP}_80`,
    });
    const crashed = await reply(vkIncident, "crashed");
    const waiting = await reply(vkIncident, "waiting");
    // A worker claimed the reply's delivery and its process died mid-send.
    await db.query(
      "UPDATE incident_reply_deliveries SET state = 'sending', claimed_at = $2, attempts = 1 WHERE reply_id = $1",
      [crashed, world.clock.now()],
    );
    world.clock.advance(21 * 60_000);
    const jobs = createJobs(db);
    await jobs.start();
    try {
      await jobs.createQueue(REPLY_DELIVERY_QUEUE);
      const swept = await sweepReplyDeliveries(world.system, jobs);
      expect(swept.interrupted).toBe(1);
      // Sweeping twice queues nothing twice: the job ids derive from the reply's key and run.
      await sweepReplyDeliveries(world.system, jobs);
      const queued = await db.query<{ reply_id: string }>(
        "SELECT data->>'replyId' AS reply_id FROM pgboss.job WHERE name = $1",
        [REPLY_DELIVERY_QUEUE],
      );
      expect(queued.filter((job) => job.reply_id === waiting)).toHaveLength(1);
      expect(queued.map((job) => job.reply_id)).not.toContain(crashed);
    } finally {
      await jobs.stop({ graceful: false });
    }
    expect(await stored(crashed)).toMatchObject({ delivery_state: "unknown" });
  });
});
