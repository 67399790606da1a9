// Content's events become the editors' notifications through the API's one event relay: a post that
// VK refused (a real connection to the local VK API of @otklik/channels' tests) and a citizen's
// hearing comment waiting for moderation, each in the editors' inbox and mail, once.
import { randomBytes } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createSecretBox, saveConnection } from "@otklik/channels";
import {
  channelsVariantPublisher,
  createPublisher,
  HEARING_CONSENT_PURPOSE,
  startContentWorkers,
} from "@otklik/content";
import { type Clock, systemClock } from "@otklik/core";
import { createJobs, type EventRelay, type Jobs } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { publishLegalText, systemActor } from "@otklik/identity";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../src/config/env.js";
import { contentSubscriptions } from "../src/routes/content/subscriptions.js";
import { notificationEnvironment, startNotificationSubsystem } from "../src/routes/notifications/workers.js";
import { startApiEventRelay } from "../src/server/event-relay.js";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

/** The local VK API (packages/channels/test/servers), loaded at run time like the fake platform. */
interface LocalVk {
  url: string;
  posts: { id: number; text: string }[];
  faults: { operation: string; fault: "denied" | "rate_limit" | "server_error" | "timeout" }[];
  violations: string[];
  close(): Promise<void>;
}
async function startLocalVk(options: { groupId: number; userToken: string; communityToken: string }) {
  const file = fileURLToPath(
    new URL("../../../packages/channels/test/servers/vk-server.ts", import.meta.url),
  );
  const module = (await import(pathToFileURL(file).href)) as {
    startVkServer(options: unknown): Promise<LocalVk>;
  };
  return module.startVkServer(options);
}

const GROUP_ID = 215_000_001;
const USER_TOKEN = "vk1.a.USER-abakan-editor";
const COMMUNITY_TOKEN = "vk1.a.COMMUNITY-abakan";

interface Inbox {
  items: { kind: string; subject: string; body: string; read: boolean; channel: string }[];
  unreadCount: number;
}

describe.each(testBackends())("content's events as the editors' notifications on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let jobs: Jobs;
  let relay: EventRelay;
  let vk: LocalVk;
  let editor: Browser;
  let publisherId: string;
  let consentTextId: string;

  beforeAll(async () => {
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    const key = randomBytes(32).toString("base64");
    const keyring = { currentKeyId: "current", keys: { current: key } };
    vk = await startLocalVk({ groupId: GROUP_ID, userToken: USER_TOKEN, communityToken: COMMUNITY_TOKEN });
    await saveConnection({
      db,
      clock: systemClock,
      box: createSecretBox(keyring),
      input: {
        id: "conn_vk",
        platform: "vk",
        name: "Абакан официальный",
        settings: { groupId: GROUP_ID, baseUrl: vk.url },
        secrets: {
          userToken: USER_TOKEN,
          communityToken: COMMUNITY_TOKEN,
          callbackSecret: "callback-secret",
          confirmationCode: "confirm",
        },
      },
    });
    jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    api = await createTestApi({ db, content: { siteUrl: "https://abakan.example", jobs } });
    // As the API starts them: content's workers posting through the stored connection, then the
    // notification subsystem (delivery, e-mail through the app's mail sender), then one relay.
    await startContentWorkers({
      db,
      clock: systemClock,
      jobs,
      publisher: channelsVariantPublisher({ db, clock: systemClock, keyring }),
    });
    const notifications = await startNotificationSubsystem({
      db,
      clock: systemClock,
      jobs,
      logger: pino({ level: "silent" }),
      sendMail: api.identity.sendMail,
      environment: notificationEnvironment(parseEnv({})),
    });
    relay = await startApiEventRelay(
      db,
      jobs,
      [notifications.subscriptions, contentSubscriptions({ db, clock: systemClock })],
      { intervalMs: 200 },
    );
    ({ editor } = (await demoStaff(api.app, { db, clock: systemClock as Clock })).browsers);
    const system = { db, clock: systemClock, actor: systemActor("test") };
    publisherId = (
      await createPublisher(system, {
        kind: "administration",
        name: "Администрация города Абакана",
        shortName: "Администрация",
      })
    ).id;
    consentTextId = (
      await publishLegalText(system, HEARING_CONSENT_PURPOSE, { title: "Согласие", body: "Текст" })
    ).id;
  }, 180_000);
  afterAll(async () => {
    await jobs?.stop({ graceful: false });
    await vk?.close();
    await api?.db.close();
  });

  const send = async (method: string, path: string, body?: unknown) => {
    const response = await call(api.app, method, path, {
      as: editor,
      ...(body !== undefined ? { body } : {}),
    });
    const json = (await response.json()) as Record<string, unknown>;
    expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  };
  const inbox = async (): Promise<Inbox> => {
    const response = await call(api.app, "GET", "/api/v1/notifications?limit=100", { as: editor });
    expect(response.status).toBe(200);
    return (await response.json()) as Inbox;
  };
  const inboxOf = async (kind: string, title: string) =>
    (await inbox()).items.filter((item) => item.kind === kind && item.subject.includes(title));
  const mailTo = (subject: string) =>
    api.mail.filter((message) => message.to === "editor@demo.otklik.ru" && message.subject === subject);

  it("tells the editors in the inbox and by e-mail that VK refused a post, once; and that the retry went out", {
    timeout: 120_000,
  }, async () => {
    const title = "Перекрытие улицы Пушкина";
    const { id } = (await send("POST", "/api/v1/publications", {
      type: "news",
      title,
      body: "С 1 по 3 декабря улица Пушкина перекрыта.",
      publisherId,
    })) as { id: string };
    await send("PUT", `/api/v1/publications/${id}/variants/vk`, { text: `${title}: с 1 по 3 декабря.` });
    // VK answers wall.post with error 214: the wall is closed to this token (not retryable).
    vk.faults.push({ operation: "wall.post", fault: "denied" });
    for (const verb of ["submit", "approve", "publish"])
      await send("POST", `/api/v1/publications/${id}/${verb}`);

    const variant = async () =>
      ((await send("GET", `/api/v1/publications/${id}/variants`)) as { items: { id: string }[] }).items;
    await vi.waitFor(
      async () => expect((await variant())[0]).toMatchObject({ platform: "vk", state: "failed" }),
      { timeout: 60_000, interval: 250 },
    );
    await relay.dispatchPending();
    await vi.waitFor(
      async () =>
        expect(await inboxOf("publication_failed", title)).toEqual([
          expect.objectContaining({
            channel: "in_app",
            read: false,
            subject: `Не опубликовано: ${title}`,
            body: expect.stringMatching(
              /^«Перекрытие улицы Пушкина» не удалось опубликовать \(ВКонтакте \/ VK\): .*Access to adding post denied/,
            ),
          }),
        ]),
      { timeout: 60_000, interval: 250 },
    );
    // The kind's default channels for the editor: the inbox and e-mail (the app's mail sender).
    await vi.waitFor(() => expect(mailTo(`Не опубликовано: ${title}`)).toHaveLength(1), {
      timeout: 60_000,
      interval: 250,
    });
    expect((await inbox()).unreadCount).toBeGreaterThanOrEqual(1);
    expect(vk.posts).toEqual([]);

    // The editor retries; VK takes it now: the success is announced, the failure is not repeated.
    const [failed] = await variant();
    await send("POST", `/api/v1/variants/${failed!.id}/retry`);
    await vi.waitFor(
      async () => expect((await variant())[0]).toMatchObject({ state: "published", attempt: 2 }),
      { timeout: 60_000, interval: 250 },
    );
    await relay.dispatchPending();
    await vi.waitFor(
      async () =>
        expect((await inboxOf("publication_published", title)).map((item) => item.body).sort()).toEqual([
          `«${title}» опубликовано: ВКонтакте / VK.`,
          `«${title}» опубликовано: сайт / site.`,
        ]),
      { timeout: 60_000, interval: 250 },
    );
    expect(vk.posts.map((post) => post.text)).toEqual([`${title}: с 1 по 3 декабря.`]);
    expect(await inboxOf("publication_failed", title)).toHaveLength(1);
    expect(mailTo(`Не опубликовано: ${title}`)).toHaveLength(1);
    expect(vk.violations).toEqual([]);
  });

  it("tells the moderators of each hearing comment to moderate, with how many wait", {
    timeout: 120_000,
  }, async () => {
    const title = "Обсуждение схемы парковок";
    const now = Date.now();
    const hearing = (await send("POST", "/api/v1/publications", {
      type: "hearing",
      title,
      publisherId,
      fields: {
        draftParagraphs: ["Пункт первый", "Пункт второй"],
        responsibleDepartmentId: "dep_housing",
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 86_400_000).toISOString(),
        howToTakePart: "На сайте",
      },
    })) as { id: string; slug: string };
    for (const verb of ["submit", "approve", "publish"])
      await send("POST", `/api/v1/publications/${hearing.id}/${verb}`);
    const path = `/api/v1/public/publications/${hearing.slug}/comments`;
    const author = { name: "Петров Иван", email: "ivan@mail.example" };
    // A citizen's comment without consent is refused and announces nothing.
    expect((await call(api.app, "POST", path, { body: { text: "Замечание", author } })).status).toBe(422);
    for (const text of ["Мало парковочных мест", "Уточнить разметку"]) {
      const sent = await call(api.app, "POST", path, { body: { paragraph: 1, text, author, consentTextId } });
      expect(sent.status).toBe(201);
    }
    await relay.dispatchPending();
    await vi.waitFor(
      async () =>
        expect((await inboxOf("hearing_comment_to_moderate", title)).map((item) => item.body).sort()).toEqual(
          [
            `К публичным слушаниям «${title}» поступило замечание. Ждут модерации: 1 замечание.`,
            `К публичным слушаниям «${title}» поступило замечание. Ждут модерации: 2 замечания.`,
          ],
        ),
      { timeout: 60_000, interval: 250 },
    );
    // No personal data of the citizen in the notices.
    expect(JSON.stringify(await inbox())).not.toMatch(/Петров|ivan@mail\.example/);
  });
});
