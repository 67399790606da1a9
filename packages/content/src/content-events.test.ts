// What content tells the other packages through the outbox: a post that went out or failed on a
// social page, and a hearing comment that waits for moderation — each once per change.
import { type Clock, manualClock } from "@otklik/core";
import { createJobs, type Jobs } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations, publishLegalText, type Role, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ContentContext } from "./context.js";
import {
  HEARING_CONSENT_PURPOSE,
  moderateHearingComment,
  submitHearingComment,
} from "./hearings/comments.js";
import { contentMigrations } from "./migrations.js";
import { createPublication } from "./publication/create-publication.js";
import type { NewPublication } from "./publication/publication-types.js";
import { createPublisher } from "./publication/publishers.js";
import { postVariant, startContentWorkers, type VariantPublisher } from "./scheduling/workers.js";
import { listVariants, retryVariant, saveVariant } from "./variants/variants.js";
import { approvePublication, publishPublication, submitPublication } from "./workflow/transition.js";

const editor = {
  kind: "user" as const,
  userId: "usr_editor",
  roles: ["editor"] as Role[],
  departmentId: null,
  sessionId: null,
  address: null,
};
const DAY = 86_400_000;

interface OutboxRow {
  event: string;
  payload: Record<string, unknown>;
}

describe.each(testBackends())("content's events on %s", (backend) => {
  let db: TestDatabase;
  const clock = manualClock("2026-11-27T02:00:00Z");
  let context: ContentContext;
  let publisherId: string;

  const outbox = (event: string, publicationId: string) =>
    db.query<OutboxRow>(
      "SELECT event, payload FROM event_outbox WHERE event = $1 AND payload->>'publicationId' = $2 ORDER BY id",
      [event, publicationId],
    );
  const live = async (input: Partial<NewPublication> & Record<string, unknown>, ctx = context) => {
    const publication = await createPublication(ctx, {
      type: "news",
      body: "Текст",
      publisherId,
      ...input,
    } as NewPublication);
    await submitPublication(ctx, publication.id);
    await approvePublication(ctx, publication.id);
    return publishPublication(ctx, publication.id);
  };

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, contentMigrations] });
    context = { db, clock: clock as Clock, actor: editor };
    publisherId = (
      await createPublisher(
        { ...context, actor: systemActor("test") },
        { kind: "administration", name: "Администрация города Абакана", shortName: "Администрация" },
      )
    ).id;
  });
  afterAll(() => db?.close());

  it("announces each page's outcome once, however often its job runs", async () => {
    const statement = await live({ type: "official_statement", title: "Заявление о паводке" });
    const posts = await listVariants(context, statement.id);
    const publisher: VariantPublisher = async (delivery) => {
      switch (delivery.platform) {
        case "vk":
          return {
            state: "sent",
            item: { platformId: "-1_9", platformIds: {}, url: "https://vk.com/wall-1_9" },
            attempts: 1,
          };
        case "telegram":
          return {
            state: "failed",
            error: { kind: "denied", code: "403", message: "Бот не администратор канала" },
            attempts: 1,
          };
        case "ok":
          return { state: "unknown", attempts: 1 };
        default:
          return {
            state: "retry_later",
            retryAt: new Date(clock.now().getTime() + 3_600_000),
            error: { kind: "rate_limited", code: "429", message: "Подождите" },
            attempts: 1,
          };
      }
    };
    // The same job delivered twice at once and once more later (pg-boss is at least once).
    for (const post of posts) {
      const job = { variantId: post.id, attempt: post.attempt };
      await Promise.all([
        postVariant({ db, clock, publisher }, job),
        postVariant({ db, clock, publisher }, job),
      ]);
      await postVariant({ db, clock, publisher }, job);
    }
    const byPlatform = Object.fromEntries(posts.map((post) => [post.platform, post.id]));
    expect(await outbox("content.publication_posted", statement.id)).toEqual([
      {
        event: "content.publication_posted",
        payload: {
          publicationId: statement.id,
          variantId: byPlatform.vk,
          title: "Заявление о паводке",
          platform: "vk",
          attempt: 1,
          url: "https://vk.com/wall-1_9",
          postedAt: "2026-11-27T02:00:00.000Z",
        },
      },
    ]);
    const failures = await outbox("content.publication_delivery_failed", statement.id);
    expect(
      failures.map((row) => row.payload).sort((a, b) => String(a.platform).localeCompare(String(b.platform))),
    ).toEqual([
      {
        publicationId: statement.id,
        variantId: byPlatform.ok,
        title: "Заявление о паводке",
        platform: "ok",
        attempt: 1,
        state: "unknown",
        error: expect.stringMatching(/^Неизвестно, вышел ли пост.* \/ Unknown whether the post went out/),
        failedAt: "2026-11-27T02:00:00.000Z",
      },
      {
        publicationId: statement.id,
        variantId: byPlatform.telegram,
        title: "Заявление о паводке",
        platform: "telegram",
        attempt: 1,
        state: "failed",
        error: "Бот не администратор канала",
        failedAt: "2026-11-27T02:00:00.000Z",
      },
    ]);
    // MAX was asked to wait: still queued, nothing announced for it.
    expect(failures.some((row) => row.payload.platform === "max")).toBe(false);

    // An editor's retry is a new attempt, with its own announcement.
    await retryVariant(context, byPlatform.telegram!);
    await postVariant({ db, clock, publisher }, { variantId: byPlatform.telegram!, attempt: 2 });
    expect(
      (await outbox("content.publication_delivery_failed", statement.id))
        .filter((row) => row.payload.platform === "telegram")
        .map((row) => row.payload.attempt),
    ).toEqual([1, 2]);
  });

  it("fails a post whose sender keeps throwing after the job's last retry, and announces it once", {
    timeout: 60_000,
  }, async () => {
    const realClock = { now: () => new Date() } as Clock;
    const jobs: Jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    const tries: string[] = [];
    const publisher: VariantPublisher = async (delivery) => {
      tries.push(delivery.variantId);
      throw new Error("Сеть недоступна");
    };
    try {
      await startContentWorkers({
        db,
        clock: realClock,
        jobs,
        publisher,
        postRetry: { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: false },
      });
      const ctx: ContentContext = { ...context, clock: realClock, jobs };
      const news = await createPublication(ctx, {
        type: "news",
        title: "Ремонт моста",
        body: "Текст",
        publisherId,
      });
      await saveVariant(ctx, news.id, "vk", { text: "Ремонт моста через Абакан" });
      await submitPublication(ctx, news.id);
      await approvePublication(ctx, news.id);
      await publishPublication(ctx, news.id);

      await vi.waitFor(
        async () => expect((await listVariants(ctx, news.id))[0]).toMatchObject({ state: "failed" }),
        { timeout: 30_000, interval: 200 },
      );
      const [post] = await listVariants(ctx, news.id);
      // The first try and two retries; the post did not stay queued.
      expect(tries.filter((id) => id === post!.id)).toHaveLength(3);
      expect(post!.failureReason).toBe(
        "Отправка не удалась после 3 попыток: Сеть недоступна / Sending failed after 3 tries: Сеть недоступна",
      );
      const failures = await outbox("content.publication_delivery_failed", news.id);
      expect(failures).toEqual([
        {
          event: "content.publication_delivery_failed",
          payload: expect.objectContaining({
            variantId: post!.id,
            title: "Ремонт моста",
            platform: "vk",
            attempt: 1,
            state: "failed",
            error: post!.failureReason,
          }),
        },
      ]);
      // Its job completed (it did not fail into pg-boss's archive to be retried again).
      const [job] = await db.query<{ state: string }>(
        "SELECT state FROM pgboss.job WHERE name = 'content.post-variant' AND data->>'variantId' = $1",
        [post!.id],
      );
      expect(job?.state).toBe("completed");
    } finally {
      await jobs.stop({ graceful: true });
    }
  });

  it("announces a hearing comment stored for moderation with how many wait, and nothing for a refused one", async () => {
    const consentTextId = (
      await publishLegalText({ ...context, actor: systemActor("test") }, HEARING_CONSENT_PURPOSE, {
        title: "Согласие участника обсуждений",
        body: "Текст согласия",
      })
    ).id;
    const now = clock.now().getTime();
    const hearing = await live({
      type: "hearing",
      title: "Обсуждение схемы парковок",
      fields: {
        draftParagraphs: ["Пункт первый", "Пункт второй"],
        responsibleDepartmentId: "dep_1",
        opensAt: new Date(now - DAY).toISOString(),
        closesAt: new Date(now + DAY).toISOString(),
        howToTakePart: "На сайте",
      },
    });
    const citizen = { ...context, actor: { kind: "anonymous" as const, address: "203.0.113.7" } };
    const author = { name: "Сидорова Анна", email: "anna@mail.example" };
    const first = await submitHearingComment(citizen, hearing.slug, {
      text: "Мало мест",
      author,
      consentTextId,
    });
    await expect(
      submitHearingComment(citizen, hearing.id, { paragraph: 9, text: "Нет пункта", author, consentTextId }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      submitHearingComment(citizen, hearing.id, { text: "Без согласия", author } as never),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const second = await submitHearingComment(citizen, hearing.id, {
      paragraph: 1,
      text: "Уточнить разметку",
      author,
      consentTextId,
    });
    await moderateHearingComment(context, first.id, { verdict: "approve" });
    const third = await submitHearingComment(citizen, hearing.id, {
      text: "Согласна",
      author,
      consentTextId,
    });

    const events = await outbox("content.hearing_comment_submitted", hearing.id);
    expect(events.map((row) => row.payload)).toEqual([
      {
        publicationId: hearing.id,
        commentId: first.id,
        title: "Обсуждение схемы парковок",
        paragraph: null,
        awaitingModeration: 1,
        receivedAt: "2026-11-27T02:00:00.000Z",
      },
      expect.objectContaining({ commentId: second.id, paragraph: 1, awaitingModeration: 2 }),
      // The first was approved meanwhile: two wait.
      expect.objectContaining({ commentId: third.id, paragraph: null, awaitingModeration: 2 }),
    ]);
    // No personal data travels in the outbox.
    expect(JSON.stringify(events)).not.toMatch(/anna@mail\.example|Сидорова|Мало мест/);
  });
});
