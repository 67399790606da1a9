import { type Clock, isOtklikError, manualClock } from "@otklik/core";
import { createJobs, type Jobs } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations, publishLegalText, type Role, systemActor } from "@otklik/identity";
import { XMLParser } from "fast-xml-parser";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentContext } from "./context.js";
import { atomFeed, hearingsCalendar, rssFeed, sitemapXml } from "./feeds/feeds.js";
import { createHandbookSection, listStaleHandbookArticles } from "./handbook/handbook.js";
import {
  answerHearingComment,
  HEARING_CONSENT_PURPOSE,
  listHearingComments,
  listPublishedHearingComments,
  moderateHearingComment,
  submitHearingComment,
} from "./hearings/comments.js";
import { hearingProtocol, protocolDocx, protocolHtml } from "./hearings/protocol.js";
import { contentMigrations } from "./migrations.js";
import { createPublication } from "./publication/create-publication.js";
import {
  getPublicPublication,
  listPublications,
  listPublicPublications,
} from "./publication/list-publications.js";
import type { NewPublication } from "./publication/publication-types.js";
import { createPublisher } from "./publication/publishers.js";
import { updatePublication } from "./publication/update-publication.js";
import { diffRevisions, listRevisions, restoreRevision } from "./revisions/revisions.js";
import { postVariant, startContentWorkers, type VariantPublisher } from "./scheduling/workers.js";
import { searchPublications } from "./search/search.js";
import { explanatoryDraft } from "./test-fixtures.js";
import { listVariants, retryVariant, saveVariant } from "./variants/variants.js";
import {
  approvePublication,
  archivePublication,
  publishPublication,
  publishScheduled,
  schedulePublication,
  submitPublication,
  unpublishPublication,
  unpublishScheduled,
} from "./workflow/transition.js";

const editor = {
  kind: "user" as const,
  userId: "usr_editor",
  roles: ["editor"] as Role[],
  departmentId: null,
  sessionId: null,
  address: null,
};
const DAY = 86_400_000;

describe.each(testBackends())("content on %s", (backend) => {
  let db: TestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let context: ContentContext;
  let publisherId: string;

  const draft = (overrides: Partial<NewPublication> & Record<string, unknown> = {}) =>
    createPublication(context, {
      type: "news",
      title: "Ремонт дорог",
      body: "Текст",
      publisherId,
      ...overrides,
    } as NewPublication);
  const live = async (overrides: Partial<NewPublication> & Record<string, unknown> = {}) => {
    const publication = await draft(overrides);
    await submitPublication(context, publication.id);
    await approvePublication(context, publication.id);
    return publishPublication(context, publication.id);
  };

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, contentMigrations] });
    clock = manualClock("2026-11-27T02:00:00Z");
    context = { db, clock: clock as Clock, actor: editor };
    publisherId = (
      await createPublisher(
        { ...context, actor: systemActor("test") },
        {
          kind: "administration",
          name: "Администрация города Абакана",
          shortName: "Администрация",
        },
      )
    ).id;
  });
  afterAll(() => db?.close());

  describe("workflow and revisions", () => {
    it("walks draft → review → approved → published → unpublished → archived", async () => {
      const publication = await draft({ title: "Об отключении воды" });
      expect(publication).toMatchObject({ state: "draft", slug: "ob-otklyuchenii-vody", revision: 1 });
      expect((await submitPublication(context, publication.id)).state).toBe("in_review");
      expect((await approvePublication(context, publication.id)).state).toBe("approved");
      const published = await publishPublication(context, publication.id);
      expect(published).toMatchObject({ state: "published", liveRevision: 1 });
      expect((await getPublicPublication(context, "ob-otklyuchenii-vody")).title).toBe("Об отключении воды");
      expect((await unpublishPublication(context, publication.id)).state).toBe("unpublished");
      await expect(getPublicPublication(context, "ob-otklyuchenii-vody")).rejects.toThrow(/not found/);
      expect((await archivePublication(context, publication.id)).state).toBe("archived");
      await expect(updatePublication(context, publication.id, { title: "Новое" })).rejects.toThrow(
        /read-only/,
      );
    });

    it("refuses transitions out of order (409) and to people without the right (403)", async () => {
      const publication = await draft();
      await expect(publishPublication(context, publication.id)).rejects.toMatchObject({ code: "conflict" });
      const operator = { ...editor, userId: "usr_op", roles: ["operator"] as Role[] };
      await expect(submitPublication({ ...context, actor: operator }, publication.id)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(
        createPublication({ ...context, actor: { kind: "anonymous", address: null } }, {} as NewPublication),
      ).rejects.toMatchObject({ code: "unauthorized" });
    });

    it("makes a slug unique", async () => {
      const first = await draft({ title: "Субботник" });
      const second = await draft({ title: "Субботник" });
      expect([first.slug, second.slug]).toEqual(["subbotnik", "subbotnik-2"]);
    });

    it("keeps every save as a revision, diffs any two and restores one; an edit of a live item goes back to review", async () => {
      const publication = await live({
        title: "Вывоз снега",
        body: "Снег вывозят ночью.\nС улиц Ленина и Пушкина.",
      });
      const edited = await updatePublication(context, publication.id, {
        body: "Снег вывозят ночью.\nС улиц Ленина, Пушкина и Щетинкина.",
        note: "Добавлена улица",
      });
      expect(edited).toMatchObject({ state: "in_review", revision: 2, liveRevision: 1 });
      // Readers still see the approved version.
      expect((await getPublicPublication(context, publication.slug)).bodyHtml).toContain("Ленина и Пушкина");
      await updatePublication(context, publication.id, { title: "Вывоз снега ночью" });
      const revisions = await listRevisions(context, publication.id);
      expect(revisions.map((revision) => revision.number)).toEqual([3, 2, 1]);
      const diff = await diffRevisions(context, publication.id, 1, 3);
      expect(diff.changes.map((change) => change.field).sort()).toEqual(["body", "title"]);
      expect(diff.changes.find((change) => change.field === "body")!.parts).toEqual([
        { kind: "equal", text: "Снег вывозят ночью." },
        { kind: "removed", text: "С улиц Ленина и Пушкина." },
        { kind: "added", text: "С улиц Ленина, Пушкина и Щетинкина." },
      ]);
      const restored = await restoreRevision(context, publication.id, 1);
      expect(restored).toMatchObject({ revision: 4, title: "Вывоз снега", body: publication.body });
      await approvePublication(context, publication.id);
      expect((await publishPublication(context, publication.id)).liveRevision).toBe(4);
    });

    it("takes the live version of an item under review off the site; the new text stays in review", async () => {
      const publication = await live({ title: "Расписание автобусов" });
      await updatePublication(context, publication.id, { body: "Новое расписание" });
      const down = await unpublishPublication(context, publication.id);
      expect(down).toMatchObject({ state: "in_review", liveRevision: null });
      await expect(getPublicPublication(context, publication.slug)).rejects.toThrow(/not found/);
    });

    it("takes a publication down at its end time, once, and ignores a job for another time", async () => {
      const end = new Date(clock.now().getTime() + DAY).toISOString();
      const publication = await draft({ title: "Временное объявление" });
      await submitPublication(context, publication.id);
      await approvePublication(context, publication.id);
      await publishPublication(context, publication.id, { unpublishAt: end });
      const system = { ...context, actor: systemActor("content.schedule") };
      expect(
        await unpublishScheduled(system, { publicationId: publication.id, at: clock.now().toISOString() }),
      ).toBe(false);
      expect(await unpublishScheduled(system, { publicationId: publication.id, at: end })).toBe(true);
      expect(await unpublishScheduled(system, { publicationId: publication.id, at: end })).toBe(false);
      await expect(getPublicPublication(context, publication.slug)).rejects.toThrow(/not found/);
    });

    it("lists with filters and a cursor", async () => {
      await draft({ type: "notice", title: "Объявление о приёме" });
      const first = await listPublications(context, { limit: 2 });
      expect(first.items).toHaveLength(2);
      const second = await listPublications(context, { limit: 2, cursor: first.nextCursor! });
      expect(second.items[0]!.id < first.items[1]!.id).toBe(true);
      const notices = await listPublications(context, { type: "notice" });
      expect(notices.items.every((item) => item.type === "notice")).toBe(true);
      const drafts = await listPublications(context, { state: "draft", limit: 100 });
      expect(drafts.items.every((item) => item.state === "draft")).toBe(true);
      const page = await listPublicPublications(context, { limit: 100 });
      expect(page.items.every((item) => item.bodyHtml.length >= 0)).toBe(true);
    });

    it("validates a type's fields on edit", async () => {
      const publication = await draft({
        type: "information_category",
        fields: { category: "budget", lastUpdatedOn: "2026-11-01" },
      });
      await expect(
        updatePublication(context, publication.id, { fields: { category: "budget" } }),
      ).rejects.toMatchObject({
        code: "validation_failed",
      });
    });
  });

  describe("cross-posting", () => {
    it("gives an official statement a post for each of the four pages, cut to each limit", async () => {
      const statement = await draft({
        type: "official_statement",
        title: "Заявление",
        body: "Очень длинно. ".repeat(500),
      });
      const posts = await listVariants(context, statement.id);
      expect(posts.map((post) => post.platform)).toEqual(["max", "ok", "telegram", "vk"]);
      for (const post of posts) expect(post.counter.fits, post.platform).toBe(true);
      expect(posts.find((post) => post.platform === "max")!.counter.length).toBeLessThanOrEqual(4000);
      await expect(
        saveVariant(context, statement.id, "telegram", {
          text: "x".repeat(1025),
          imageUrls: ["https://a.ru/1.jpg"],
        }),
      ).rejects.toMatchObject({
        code: "validation_failed",
      });
    });

    it("posts each page on publishing with its own state, and retries a failed one", async () => {
      const statement = await draft({ type: "official_statement", title: "Заявление о паводке" });
      await submitPublication(context, statement.id);
      await approvePublication(context, statement.id);
      await publishPublication(context, statement.id);
      const posts = await listVariants(context, statement.id);
      expect(posts.every((post) => post.state === "queued")).toBe(true);
      const calls: string[] = [];
      let failTelegram = true;
      const publisher: VariantPublisher = async (delivery) => {
        calls.push(`${delivery.platform}:${delivery.idempotencyKey}`);
        switch (delivery.platform) {
          case "vk":
            return {
              state: "sent",
              item: { platformId: "-1_2", platformIds: {}, url: "https://vk.com/wall-1_2" },
              attempts: 1,
            };
          case "telegram":
            return failTelegram
              ? {
                  state: "failed",
                  error: { kind: "denied", code: "403", message: "Бот не администратор канала" },
                  attempts: 1,
                }
              : {
                  state: "sent",
                  item: { platformId: "5", platformIds: {}, url: "https://t.me/abakan/5" },
                  attempts: 1,
                };
          case "ok":
            return { state: "unknown", attempts: 1 };
          default:
            return { state: "sent", item: { platformId: "m1", platformIds: {} }, attempts: 1 };
        }
      };
      for (const post of posts)
        await postVariant({ db, clock, publisher }, { variantId: post.id, attempt: post.attempt });
      // A second delivery of the same job changes nothing.
      for (const post of posts)
        await postVariant({ db, clock, publisher }, { variantId: post.id, attempt: post.attempt });
      expect(calls).toHaveLength(4);
      const after = Object.fromEntries(
        (await listVariants(context, statement.id)).map((post) => [post.platform, post]),
      );
      expect(after.vk).toMatchObject({ state: "published", url: "https://vk.com/wall-1_2" });
      expect(after.telegram).toMatchObject({ state: "failed", failureReason: "Бот не администратор канала" });
      expect(after.ok).toMatchObject({ state: "unknown" });
      await expect(retryVariant(context, after.ok!.id)).rejects.toMatchObject({ code: "conflict" });
      await expect(retryVariant(context, after.vk!.id)).rejects.toMatchObject({ code: "conflict" });
      const retried = await retryVariant(context, after.telegram!.id);
      expect(retried).toMatchObject({ state: "queued", attempt: 2 });
      failTelegram = false;
      await postVariant({ db, clock, publisher }, { variantId: retried.id, attempt: 2 });
      expect(calls.at(-1)).toBe(`telegram:content:${retried.id}:2`);
      const telegram = (await listVariants(context, statement.id)).find(
        (post) => post.platform === "telegram",
      );
      expect(telegram).toMatchObject({ state: "published", url: "https://t.me/abakan/5" });
    });
  });

  describe("scheduled publishing", () => {
    it("publishes once at the scheduled time, also when the runner restarted in between", async () => {
      // pg-boss waits in real time: schedule a moment ahead of the real clock.
      const realClock = { now: () => new Date() } as Clock;
      const scheduledContext: ContentContext = { ...context, clock: realClock };
      const publication = await draft({ title: "Отложенная новость" });
      await submitPublication(scheduledContext, publication.id);
      await approvePublication(scheduledContext, publication.id);
      const publishAt = new Date(Date.now() + 1500);
      let jobs: Jobs = createJobs(db, { pollingIntervalSeconds: 0.5 });
      await jobs.start();
      const publisher: VariantPublisher = async () => ({
        state: "failed",
        error: { kind: "denied", code: undefined, message: "нет" },
        attempts: 1,
      });
      await startContentWorkers({ db, clock: realClock, jobs, publisher });
      await schedulePublication({ ...scheduledContext, jobs }, publication.id, {
        publishAt: publishAt.toISOString(),
      });
      // The process stops before the time comes; a new one starts and finds the job in the database.
      await jobs.stop({ graceful: true });
      jobs = createJobs(db, { pollingIntervalSeconds: 0.5 });
      await jobs.start();
      const queued = await startContentWorkers({ db, clock: realClock, jobs, publisher });
      expect(queued).toBe(0); // already queued by the verb: nothing sent twice
      const deadline = Date.now() + 15_000;
      let state = "scheduled";
      while (state !== "published" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        state = (await listPublications(context, { state: "published", limit: 100 })).items.some(
          (item) => item.id === publication.id,
        )
          ? "published"
          : "scheduled";
      }
      expect(state).toBe("published");
      await new Promise((resolve) => setTimeout(resolve, 700));
      await jobs.stop({ graceful: true });
      const published = await db.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM identity_audit_log WHERE object_id = $1 AND action = 'publication.publish'",
        [publication.id],
      );
      expect(published[0]!.count).toBe(1);
    }, 30_000);

    it("fires once for its own time, and does not publish late after the whole window passed", async () => {
      const system = { ...context, actor: systemActor("content.schedule") };
      const first = await draft({ title: "По расписанию" });
      await submitPublication(context, first.id);
      await approvePublication(context, first.id);
      const at = new Date(clock.now().getTime() + 3_600_000).toISOString();
      await schedulePublication(context, first.id, { publishAt: at });
      expect(await publishScheduled(system, { publicationId: first.id, at: clock.now().toISOString() })).toBe(
        false,
      );
      expect(await publishScheduled(system, { publicationId: first.id, at })).toBe(true);
      expect(await publishScheduled(system, { publicationId: first.id, at })).toBe(false);

      const missed = await draft({ title: "Пропущенное окно" });
      await submitPublication(context, missed.id);
      await approvePublication(context, missed.id);
      const start = new Date(clock.now().getTime() + 3_600_000);
      await schedulePublication(context, missed.id, {
        publishAt: start.toISOString(),
        unpublishAt: new Date(start.getTime() + 3_600_000).toISOString(),
      });
      const late = {
        ...system,
        clock: manualClock(new Date(start.getTime() + 3 * 3_600_000).toISOString()) as Clock,
      };
      expect(await publishScheduled(late, { publicationId: missed.id, at: start.toISOString() })).toBe(false);
      expect(
        (await listPublications(context, { state: "approved", limit: 100 })).items.map((item) => item.id),
      ).toContain(missed.id);
    });

    it("refuses a time in the past", async () => {
      const publication = await draft();
      await submitPublication(context, publication.id);
      await approvePublication(context, publication.id);
      await expect(
        schedulePublication(context, publication.id, {
          publishAt: new Date(clock.now().getTime() - 1000).toISOString(),
        }),
      ).rejects.toMatchObject({ code: "validation_failed" });
    });
  });

  describe("hearings", () => {
    let hearingId: string;
    let consentTextId: string;
    const author = { name: "Иванова Мария", email: "maria@mail.example" };

    beforeAll(async () => {
      consentTextId = (
        await publishLegalText({ ...context, actor: systemActor("test") }, HEARING_CONSENT_PURPOSE, {
          title: "Согласие участника обсуждений",
          body: "Текст согласия",
        })
      ).id;
      const now = clock.now().getTime();
      const hearing = await live({
        type: "hearing",
        title: "Обсуждение правил благоустройства",
        fields: {
          draftParagraphs: ["Пункт первый", "Пункт второй"],
          responsibleDepartmentId: "dep_1",
          opensAt: new Date(now - DAY).toISOString(),
          closesAt: new Date(now + 10 * DAY).toISOString(),
          howToTakePart: "На сайте",
          protocolNumber: "7-ОО",
        },
      });
      hearingId = hearing.id;
    });

    it("takes comments in the period with consent, moderates and answers them, and draws up the protocol", async () => {
      const citizen = { ...context, actor: { kind: "anonymous" as const, address: "203.0.113.5" } };
      const whole = await submitHearingComment(citizen, hearingId, {
        text: "Согласен с проектом",
        author,
        consentTextId,
      });
      const onParagraph = await submitHearingComment(citizen, hearingId, {
        paragraph: 1,
        text: "Уточнить ширину",
        author,
        consentTextId,
      });
      const rude = await submitHearingComment(citizen, hearingId, {
        text: "Оскорбление",
        author,
        consentTextId,
      });
      expect(whole.moderation).toBe("pending");
      await expect(
        submitHearingComment(citizen, hearingId, { text: "Без согласия", author } as never),
      ).rejects.toMatchObject({ code: "validation_failed" });
      await expect(
        submitHearingComment(citizen, hearingId, { paragraph: 5, text: "Нет пункта", author, consentTextId }),
      ).rejects.toMatchObject({ code: "validation_failed" });
      await moderateHearingComment(context, whole.id, { verdict: "approve" });
      await moderateHearingComment(context, onParagraph.id, { verdict: "approve" });
      await moderateHearingComment(context, rude.id, { verdict: "reject", reason: "Нецензурная лексика" });
      await expect(moderateHearingComment(context, rude.id, { verdict: "approve" })).rejects.toMatchObject({
        code: "conflict",
      });
      await answerHearingComment(context, onParagraph.id, {
        decision: "accepted",
        answer: "Учтено: ширина 5 м",
      });
      await expect(
        answerHearingComment(context, rude.id, { decision: "accepted", answer: "x" }),
      ).rejects.toMatchObject({ code: "conflict" });
      expect((await listPublishedHearingComments(context, hearingId)).map((comment) => comment.text)).toEqual(
        ["Согласен с проектом", "Уточнить ширину"],
      );
      expect(await listHearingComments(context, hearingId)).toHaveLength(3);

      const protocol = await hearingProtocol(context, hearingId, { timeZone: "Asia/Krasnoyarsk" });
      expect(protocol).toMatchObject({ number: "7-ОО", counts: { received: 3, accepted: 2, rejected: 1 } });
      const html = protocolHtml(protocol);
      expect(html).toContain('<span data-count="received">3</span>');
      const zip = await JSZip.loadAsync(await protocolDocx(protocol));
      const xml = await zip.file("word/document.xml")!.async("string");
      const text = xml.replace(/<[^>]+>/g, "");
      expect(text).toContain("Поступило замечаний: 3");
      expect(text).toContain("Принято к рассмотрению: 2");
      expect(text).toContain("Отклонено: 1");
      expect(text).toContain("Нецензурная лексика");
      expect(text).toContain("Учтено: ширина 5 м");
    });

    it("refuses comments outside the period", async () => {
      const citizen = {
        ...context,
        clock: manualClock(new Date(clock.now().getTime() + 11 * DAY).toISOString()) as Clock,
        actor: { kind: "anonymous" as const, address: null },
      };
      await expect(
        submitHearingComment(citizen, hearingId, { text: "Поздно", author, consentTextId }),
      ).rejects.toMatchObject({ code: "conflict" });
      const early = {
        ...citizen,
        clock: manualClock(new Date(clock.now().getTime() - 2 * DAY).toISOString()) as Clock,
      };
      await expect(
        submitHearingComment(early, hearingId, { text: "Рано", author, consentTextId }),
      ).rejects.toMatchObject({ code: "conflict" });
    });

    it("lists hearings in the iCalendar", async () => {
      const calendar = await hearingsCalendar(db, {
        url: "https://abakan.example",
        title: "Абакан",
        timeZone: "Asia/Krasnoyarsk",
      });
      expect(calendar).toMatch(/^BEGIN:VCALENDAR/);
      expect(calendar).toContain("BEGIN:VEVENT");
      expect(calendar.replace(/\r\n /g, "")).toContain("Обсуждение правил благоустройства");
      expect(calendar).toContain("END:VCALENDAR");
    });
  });

  describe("search and feeds", () => {
    beforeAll(async () => {
      await live({
        title: "Ямы на дорогах Абакана",
        body: "Подрядчик заделывает ямы на дорогах по улицам Пушкина и Щетинкина.",
        tags: ["дороги"],
      });
      await live({ type: "announcement", title: "Концерт в парке", body: "Выступит городской оркестр." });
    });

    it("finds «ямы на дорогах» for «яма дорога», ranked and highlighted", async () => {
      const { items: hits } = await searchPublications(context, { q: "яма дорога" });
      expect(hits[0]!.title).toBe("Ямы на дорогах Абакана");
      expect(hits[0]!.snippet).toMatch(/<mark>ямы<\/mark>/i);
      expect((await searchPublications(context, { q: "яма дорога", type: "announcement" })).items).toEqual(
        [],
      );
      expect((await searchPublications(context, { q: "яма дорога", from: "2030-01-01" })).items).toEqual([]);
    });

    it("forgives a typo in a title", async () => {
      const { items: hits } = await searchPublications(context, { q: "Концэрт в парке" });
      expect(hits.map((hit) => hit.title)).toContain("Концерт в парке");
    });

    it("escapes what it does not mark", async () => {
      await live({ title: "Тег <script> в тексте", body: 'Слово <b>жирное</b> про фонтан & сквер "Победы"' });
      const [hit] = (await searchPublications(context, { q: "фонтан" })).items;
      expect(hit!.snippet.replace(/<\/?mark>/g, "")).not.toMatch(/[<>"]/);
      expect(hit!.snippet).toContain("&#38;");
    });

    it("gives valid RSS, Atom and sitemap, overall and per type", async () => {
      const site = {
        url: "https://abakan.example",
        title: "Администрация Абакана",
        timeZone: "Asia/Krasnoyarsk",
      };
      const parser = new XMLParser({ ignoreAttributes: false });
      const rss = parser.parse(await rssFeed(db, site));
      const items = [rss.rss.channel.item].flat();
      expect(items.map((item: { title: string }) => item.title)).toContain("Ямы на дорогах Абакана");
      const announcements = [parser.parse(await rssFeed(db, site, "announcement")).rss.channel.item].flat();
      expect(announcements.map((item: { title: string }) => item.title)).toEqual(["Концерт в парке"]);
      const atom = parser.parse(await atomFeed(db, site));
      expect([atom.feed.entry].flat().length).toBeGreaterThan(2);
      const sitemap = parser.parse(await sitemapXml(db, site));
      const locations = [sitemap.urlset.url].flat().map((url: { loc: string }) => url.loc);
      expect(locations).toContain("https://abakan.example/publications/yamy-na-dorogah-abakana");
    });
  });

  describe("handbook and explanatory materials", () => {
    it("lists articles past their review date per owner", async () => {
      const section = await createHandbookSection(context, {
        title: "Транспорт",
        ownerDepartmentId: "dep_transport",
      });
      await draft({
        type: "handbook_article",
        title: "Проездной",
        fields: { sectionId: section.id, ownerDepartmentId: "dep_transport", reviewBy: "2026-11-01" },
      });
      await draft({
        type: "handbook_article",
        title: "Парковки",
        fields: { sectionId: section.id, ownerDepartmentId: "dep_transport", reviewBy: "2027-06-01" },
      });
      const stale = await listStaleHandbookArticles(context, { ownerDepartmentId: "dep_transport" });
      expect(stale.map((article) => article.title)).toEqual(["Проездной"]);
    });

    it("starts an explanatory draft from incident questions", async () => {
      const publication = await explanatoryDraft(context, publisherId);
      expect(publication).toMatchObject({ type: "explanatory", state: "draft" });
      expect(publication.body).toContain("## Когда вывезут снег");
    });
  });

  it("answers validation problems as validation_failed", async () => {
    const error = await createPublication(context, {
      type: "news",
      title: "",
      publisherId,
    } as NewPublication).catch((caught) => caught);
    expect(isOtklikError(error) && error.code).toBe("validation_failed");
  });
});
