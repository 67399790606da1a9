import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations, publishLegalText, type Role, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentContext } from "../context.js";
import {
  HEARING_CONSENT_PURPOSE,
  moderateHearingComment,
  submitHearingComment,
} from "../hearings/comments.js";
import { contentMigrations } from "../migrations.js";
import { createPublication } from "../publication/create-publication.js";
import type { NewPublication } from "../publication/publication-types.js";
import { createPublisher } from "../publication/publishers.js";
import { saveVariant } from "../variants/variants.js";
import {
  approvePublication,
  publishPublication,
  schedulePublication,
  submitPublication,
} from "../workflow/transition.js";
import {
  allowedVerbs,
  hearingModerationQueue,
  publicationActions,
  publishingCalendar,
  variantLimits,
} from "./newsroom.js";

const actor = (roles: Role[]) => ({
  kind: "user" as const,
  userId: `usr_${roles.join("_") || "none"}`,
  roles,
  departmentId: null,
  sessionId: null,
  address: null,
});
const editor = actor(["editor"]);
const HOUR = 3_600_000;

describe("allowed verbs (pure)", () => {
  it("offers what the state and the permissions both allow", () => {
    expect(allowedVerbs(editor, "draft")).toEqual(["submit", "archive"]);
    expect(allowedVerbs(editor, "in_review")).toEqual(["approve", "return"]);
    expect(allowedVerbs(editor, "approved")).toEqual(["return", "schedule", "publish", "archive"]);
    expect(allowedVerbs(editor, "archived")).toEqual([]);
    expect(allowedVerbs(actor(["operator"]), "in_review")).toEqual([]);
  });

  it("gives the four pages' limits from channels, Telegram's caption shorter", () => {
    const telegram = variantLimits().find((limits) => limits.platform === "telegram");
    expect(variantLimits().map((limits) => limits.platform)).toEqual(["vk", "telegram", "ok", "max"]);
    expect(telegram).toMatchObject({ textLength: 4096, captionLength: 1024, photoCount: 10 });
  });
});

describe.each(testBackends())("the newsroom's reads on %s", (backend) => {
  let db: TestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let context: ContentContext;
  let publisherId: string;

  const create = (overrides: Record<string, unknown>) =>
    createPublication(
      context,
      { type: "news", title: "Новость", body: "Текст", publisherId, ...overrides } as NewPublication,
      { siteUrl: "https://abakan.example" },
    );
  const approved = async (overrides: Record<string, unknown>) => {
    const publication = await create(overrides);
    await submitPublication(context, publication.id);
    await approvePublication(context, publication.id);
    return publication;
  };

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, contentMigrations] });
    clock = manualClock("2026-11-27T02:00:00Z");
    context = { db, clock: clock as Clock, actor: editor };
    publisherId = (
      await createPublisher(
        { ...context, actor: systemActor("test") },
        { kind: "administration", name: "Администрация города Абакана", shortName: "Администрация" },
      )
    ).id;
  });
  afterAll(() => db?.close());

  it("answers the verbs of one publication as its state moves", async () => {
    const publication = await create({ title: "Проверка кнопок" });
    expect(await publicationActions(context, publication.id)).toEqual({
      state: "draft",
      verbs: ["submit", "archive"],
    });
    await submitPublication(context, publication.id);
    expect((await publicationActions(context, publication.id)).verbs).toEqual(["approve", "return"]);
    await expect(
      publicationActions({ ...context, actor: actor(["operator"]) }, publication.id),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(publicationActions(context, "pub_missing")).rejects.toMatchObject({ code: "not_found" });
  });

  it("lays out the site and the four pages in the period, a post at its own time, nothing outside", async () => {
    const now = clock.now().getTime();
    // An official statement gets its four posts at creation; one of them goes out two hours later.
    const statement = await approved({ type: "official_statement", title: "Заявление о паводке" });
    await saveVariant(context, statement.id, "vk", {
      text: "Заявление о паводке — подробности на сайте",
      postAt: new Date(now + 3 * HOUR).toISOString(),
    });
    await schedulePublication(context, statement.id, { publishAt: new Date(now + HOUR).toISOString() });
    const news = await approved({ title: "Открыт каток" });
    await publishPublication(context, news.id);
    const later = await approved({ title: "Через месяц" });
    await schedulePublication(context, later.id, { publishAt: new Date(now + 40 * 24 * HOUR).toISOString() });
    await create({ title: "Черновик не в календаре" });

    const entries = await publishingCalendar(context, {
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now + 7 * 24 * HOUR).toISOString(),
    });
    const mine = entries.filter((entry) => entry.publicationId === statement.id);
    expect(mine.map((entry) => [entry.channel, entry.state, entry.at])).toEqual([
      ["site", "scheduled", new Date(now + HOUR).toISOString()],
      ["telegram", "draft", new Date(now + HOUR).toISOString()],
      ["ok", "draft", new Date(now + HOUR).toISOString()],
      ["max", "draft", new Date(now + HOUR).toISOString()],
      ["vk", "draft", new Date(now + 3 * HOUR).toISOString()],
    ]);
    expect(entries.find((entry) => entry.publicationId === news.id)).toMatchObject({
      channel: "site",
      state: "published",
      at: clock.now().toISOString(),
    });
    expect(entries.some((entry) => entry.publicationId === later.id)).toBe(false);
    expect(entries.some((entry) => entry.title === "Черновик не в календаре")).toBe(false);
    await expect(
      publishingCalendar(context, {
        from: new Date(now).toISOString(),
        to: new Date(now + 60 * 24 * HOUR).toISOString(),
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      publishingCalendar(context, {
        from: new Date(now).toISOString(),
        to: new Date(now - HOUR).toISOString(),
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("queues pending hearing comments across hearings, oldest first, and drops the moderated ones", async () => {
    const system = { ...context, actor: systemActor("test") };
    const consentTextId = (
      await publishLegalText(system, HEARING_CONSENT_PURPOSE, { title: "Согласие", body: "Текст согласия" })
    ).id;
    const now = clock.now().getTime();
    const hearing = (title: string) =>
      approved({
        type: "hearing",
        title,
        fields: {
          draftParagraphs: ["Пункт первый"],
          responsibleDepartmentId: "dep_1",
          opensAt: new Date(now - HOUR).toISOString(),
          closesAt: new Date(now + 100 * HOUR).toISOString(),
          howToTakePart: "На сайте",
        },
      }).then((publication) => publishPublication(context, publication.id));
    const first = await hearing("Обсуждение сквера");
    const second = await hearing("Обсуждение парковки");
    const citizen = { ...context, actor: { kind: "anonymous" as const, address: "203.0.113.5" } };
    const author = { name: "Иванова Мария", email: "maria@mail.example" };
    const a = await submitHearingComment(citizen, second.id, { text: "Первое", author, consentTextId });
    clock.advance(60_000);
    const b = await submitHearingComment(citizen, first.id, { text: "Второе", author, consentTextId });
    clock.advance(60_000);
    const c = await submitHearingComment(citizen, first.id, { text: "Третье", author, consentTextId });
    await moderateHearingComment(context, b.id, { verdict: "reject", reason: "Не по теме" });
    const queue = await hearingModerationQueue(context);
    expect(queue.map((item) => [item.comment.id, item.hearing.title])).toEqual([
      [a.id, "Обсуждение парковки"],
      [c.id, "Обсуждение сквера"],
    ]);
    expect(await hearingModerationQueue(context, { limit: 1 })).toHaveLength(1);
    await expect(hearingModerationQueue({ ...context, actor: actor(["analyst"]) })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
