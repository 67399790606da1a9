// The staff bot and the webhook as real HTTP: channels' local Bot API (sendMessage as Telegram
// documents it, with its 429 `retry_after` and 403 faults) and a local webhook receiver.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { manualClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations } from "@otklik/identity";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { notificationsMigrations } from "../migrations.js";
import { updateMyPreferences } from "../preferences/preference-store.js";
import { seedOrganisation } from "../testing/organisation.js";
import { deliverNotification } from "./deliver.js";
import { notify } from "./notify.js";
import { signWebhookBody } from "./senders.js";
import { telegramBotChannel } from "./telegram-bot.js";
import { webhookChannel } from "./webhook.js";

/** What this test uses of channels' local Bot API (`packages/channels/test/servers/telegram-server.ts`). */
interface TelegramServer {
  url: string;
  messages: { chatId: string; text?: string }[];
  faults: { operation: string; fault: "rate_limit" | "denied" | "server_error" | "timeout" | "token" }[];
  violations: string[];
  close(): Promise<void>;
}
// Channels' test servers live outside this package's sources, so they are loaded at run time
// rather than compiled with this package (its `rootDir`).
const TELEGRAM_FAKE = new URL("../../../channels/test/servers/telegram-server.ts", import.meta.url).pathname;
const startTelegramServer = async (options: { botToken: string }): Promise<TelegramServer> =>
  (
    (await import(/* @vite-ignore */ TELEGRAM_FAKE)) as {
      startTelegramServer(options: { botToken: string }): Promise<TelegramServer>;
    }
  ).startTelegramServer(options);

const BOT_TOKEN = "7000000002:AAH-staff-bot-token-for-tests";
// A chat the local Bot API knows (the staff's group with the bot).
const STAFF_CHAT = "-1001987654321";
const SECRET = "webhook-secret-for-tests-0123456789";

interface Received {
  body: string;
  signature: string | undefined;
  idempotencyKey: string | undefined;
}

/** A webhook receiver answering the statuses queued in `answers` (then 200), recording what came. */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  answers: number[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: request.headers["x-otklik-signature"] as string | undefined,
        idempotencyKey: request.headers["idempotency-key"] as string | undefined,
      });
      const status = answers.shift() ?? 200;
      response.writeHead(status, status === 429 ? { "retry-after": "120" } : {});
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/otklik`,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const stateOf = async (db: TestDatabase, id: string) => {
  const [row] = await db.query<{
    state: string;
    reason: string | null;
    attempts: number;
    next_attempt_at: Date;
  }>("SELECT state, reason, attempts, next_attempt_at FROM notifications WHERE id = $1", [id]);
  return row!;
};

describe.each(testBackends())("staff bot and webhook channels on %s", (backend) => {
  let db: TestDatabase;
  let telegram: TelegramServer;
  let key = 0;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, notificationsMigrations] });
  }, 60_000);
  afterAll(() => db?.close());
  beforeEach(async () => {
    telegram = await startTelegramServer({ botToken: BOT_TOKEN });
  });
  afterEach(async () => {
    expect(telegram.violations).toEqual([]);
    await telegram.close();
  });

  const toChat = async (clock: ReturnType<typeof manualClock>, chatId = STAFF_CHAT) => {
    const [written] = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "sla_warning",
        key: `bot-${++key}`,
        variables: { number: "2026-000042", metric: "первый ответ", dueAt: "27.11.2026 11:00", minutes: 21 },
        recipients: [{ telegramChatId: chatId }],
      }),
    );
    return written!.id;
  };

  it("sends the staff bot's message with sendMessage to the person's chat", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    const org = await seedOrganisation(db, clock);
    await updateMyPreferences(
      {
        db,
        clock,
        actor: {
          kind: "user",
          userId: org.executorId,
          roles: ["executor"],
          departmentId: org.departmentId,
          sessionId: null,
          address: null,
        },
      },
      { channels: ["in_app", "telegram"], telegramChatId: STAFF_CHAT },
    );
    const written = await withTransaction(db, (tx) =>
      notify(tx, clock, {
        kind: "incident_assigned",
        key: `bot-${++key}`,
        variables: { number: "2026-000042", department: "ЖКХ", dueAt: "27.11.2026 17:00" },
        recipients: [{ userId: org.executorId }],
      }),
    );
    const push = written.find((item) => item.channel === "telegram")!;
    const senders = { telegram: telegramBotChannel({ botToken: BOT_TOKEN, baseUrl: telegram.url }) };
    expect(await deliverNotification({ db, clock, senders }, push.id)).toMatchObject({
      outcome: "delivered",
    });
    expect(telegram.messages).toEqual([
      expect.objectContaining({
        chatId: STAFF_CHAT,
        text: "Новое обращение 2026-000042 для «ЖКХ»\n\nОбращение 2026-000042 передано в «ЖКХ». Ответ нужен до 27.11.2026 17:00.",
      }),
    ]);
    expect((await stateOf(db, push.id)).state).toBe("delivered");
  });

  it("waits at least Telegram's retry_after after a 429, then delivers", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    const id = await toChat(clock);
    telegram.faults.push({ operation: "sendMessage", fault: "rate_limit" });
    const senders = { telegram: telegramBotChannel({ botToken: BOT_TOKEN, baseUrl: telegram.url }) };
    // A backoff shorter than Telegram's 3 s: its retry_after must win.
    const retry = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 60_000, jitter: 0 };
    const first = await deliverNotification({ db, clock, senders, retry }, id);
    expect(first).toMatchObject({ outcome: "retry", attempt: 1 });
    const row = await stateOf(db, id);
    expect(row.state).toBe("queued");
    expect(row.reason).toContain("telegram 429");
    expect(row.next_attempt_at.getTime() - clock.now().getTime()).toBe(3_000);
    clock.advance(2_000);
    expect(await deliverNotification({ db, clock, senders, retry }, id)).toEqual({ outcome: "skipped" });
    clock.advance(1_000);
    expect(await deliverNotification({ db, clock, senders, retry }, id)).toMatchObject({
      outcome: "delivered",
      attempt: 2,
    });
    expect(telegram.messages).toHaveLength(1);
  });

  it("fails at once, with the reason, when the person blocked the bot (403) or the chat is unknown (400)", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    const senders = { telegram: telegramBotChannel({ botToken: BOT_TOKEN, baseUrl: telegram.url }) };
    const blocked = await toChat(clock);
    telegram.faults.push({ operation: "sendMessage", fault: "denied" });
    expect(await deliverNotification({ db, clock, senders }, blocked)).toMatchObject({
      outcome: "failed",
      attempt: 1,
    });
    expect(await stateOf(db, blocked)).toMatchObject({
      state: "failed",
      reason: expect.stringContaining("telegram 403: бот заблокирован"),
    });
    const unknown = await toChat(clock, "424242");
    expect(await deliverNotification({ db, clock, senders }, unknown)).toMatchObject({ outcome: "failed" });
    expect((await stateOf(db, unknown)).reason).toContain("chat not found");
    // A wrong token never shows in a reason.
    const wrong = await toChat(clock);
    const badBot = {
      telegram: telegramBotChannel({ botToken: "1:wrong-token-xxxxxxxxxxxxxxxx", baseUrl: telegram.url }),
    };
    await deliverNotification({ db, clock, senders: badBot }, wrong);
    const reason = (await stateOf(db, wrong)).reason!;
    expect(reason).toContain("telegram 401");
    expect(reason).not.toContain("wrong-token");
  });

  it("posts signed webhooks with the idempotency key; retries 5xx then fails with the reason after 8 tries", async () => {
    const receiver = await startReceiver();
    try {
      const clock = manualClock("2026-11-27T03:00:00Z");
      const senders = { webhook: webhookChannel({ secret: SECRET, timeoutMs: 5_000 }) };
      const [ok] = await withTransaction(db, (tx) =>
        notify(tx, clock, {
          kind: "publication_failed",
          key: `hook-${++key}`,
          variables: { title: "Ремонт улицы Щетинкина", channel: "ВКонтакте", reason: "нет доступа" },
          recipients: [{ webhookUrl: receiver.url }],
        }),
      );
      receiver.answers.push(429);
      expect(await deliverNotification({ db, clock, senders }, ok!.id)).toMatchObject({ outcome: "retry" });
      // The receiver's Retry-After (120 s) outweighs the first backoff (15 s ± 20 %).
      expect((await stateOf(db, ok!.id)).next_attempt_at.getTime() - clock.now().getTime()).toBe(120_000);
      clock.advance(120_000);
      expect(await deliverNotification({ db, clock, senders }, ok!.id)).toMatchObject({
        outcome: "delivered",
        attempt: 2,
      });
      const [first, second] = receiver.received;
      expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
      expect(second!.signature).toBe(signWebhookBody(second!.body, SECRET));
      expect(JSON.parse(second!.body)).toMatchObject({
        kind: "publication_failed",
        subject: "Не опубликовано: Ремонт улицы Щетинкина",
        attempt: 2,
      });

      const [down] = await withTransaction(db, (tx) =>
        notify(tx, clock, {
          kind: "publication_failed",
          key: `hook-${++key}`,
          variables: { title: "Объявление", channel: "сайт", reason: "—" },
          recipients: [{ webhookUrl: receiver.url }],
        }),
      );
      receiver.answers.push(...Array.from({ length: 8 }, () => 503));
      const before = receiver.received.length;
      const started = clock.now().getTime();
      for (let attempt = 1; attempt <= 8; attempt++) {
        const outcome = await deliverNotification({ db, clock, senders, random: () => 0.5 }, down!.id);
        expect(outcome.outcome).toBe(attempt < 8 ? "retry" : "failed");
        const row = await stateOf(db, down!.id);
        if (row.state === "queued") clock.set(row.next_attempt_at);
      }
      expect(receiver.received.length - before).toBe(8);
      expect(await stateOf(db, down!.id)).toMatchObject({
        state: "failed",
        attempts: 8,
        reason: "webhook: HTTP 503 (после 8 попыток / after 8 attempts)",
      });
      // 15 s + 30 s + 1 + 2 + 4 + 8 + 16 min: about half an hour from the first try to the last.
      expect((clock.now().getTime() - started) / 60_000).toBeCloseTo(31.75, 1);
    } finally {
      await receiver.close();
    }
  });
});
