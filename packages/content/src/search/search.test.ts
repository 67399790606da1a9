import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations, type Role, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentContext } from "../context.js";
import { contentMigrations } from "../migrations.js";
import { createPublication } from "../publication/create-publication.js";
import type { NewPublication } from "../publication/publication-types.js";
import { createPublisher } from "../publication/publishers.js";
import { updatePublication } from "../publication/update-publication.js";
import {
  approvePublication,
  archivePublication,
  publishPublication,
  submitPublication,
  unpublishPublication,
} from "../workflow/transition.js";
import { RANKED_CANDIDATES, searchPublications } from "./search.js";
import { correctSearchQuery, rebuildSearchWords } from "./search-words.js";

const editor = {
  kind: "user" as const,
  userId: "usr_editor",
  roles: ["editor"] as Role[],
  departmentId: null,
  sessionId: null,
  address: null,
};
const DAY = 86_400_000;

describe.each(testBackends())("search on %s", (backend) => {
  let db: TestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let context: ContentContext;
  let publisherId: string;

  const publish = async (input: Partial<NewPublication> & Record<string, unknown>) => {
    const publication = await createPublication(context, {
      type: "news",
      body: "Текст",
      publisherId,
      ...input,
    } as NewPublication);
    await submitPublication(context, publication.id);
    await approvePublication(context, publication.id);
    return publishPublication(context, publication.id);
  };
  const dictionary = async () =>
    db.query<{ word: string; lexeme: string; documents: number }>(
      "SELECT word, lexeme, documents FROM content_search_words ORDER BY word",
    );
  const titles = async (q: string, more: Record<string, unknown> = {}) =>
    (await searchPublications(context, { q, ...more })).items.map((hit) => hit.title);

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

  describe("the site's dictionary", () => {
    it("follows publishing, edits going live, unpublishing and archiving", async () => {
      const fountain = await publish({
        title: "Фонтан на площади",
        body: "Фонтан включат в мае, сквер закроют. Ёлку уберут.",
      });
      const square = await publish({ title: "Сквер у фонтана", body: "Сквер благоустроят." });
      let words = await dictionary();
      expect(words.find((row) => row.word === "фонтан")).toEqual({
        word: "фонтан",
        lexeme: "фонта",
        documents: 1,
      });
      expect(words.find((row) => row.word === "фонтана")?.documents).toBe(1);
      expect(words.find((row) => row.word === "сквер")?.documents).toBe(2);
      expect(words.find((row) => row.word === "елку")).toBeDefined(); // «ё» is read as «е»
      expect(words.map((row) => row.word)).not.toContain("на"); // short words and stop words stay out

      // An edit goes live only when published again: then its words replace the old ones.
      await updatePublication(context, fountain.id, { body: "Фонтан откроют в июне." });
      expect((await dictionary()).find((row) => row.word === "включат")?.documents).toBe(1); // not live yet
      await approvePublication(context, fountain.id); // the edit went back to review
      await publishPublication(context, fountain.id);
      words = await dictionary();
      expect(words.find((row) => row.word === "включат")).toBeUndefined();
      expect(words.find((row) => row.word === "откроют")?.documents).toBe(1);
      expect(words.find((row) => row.word === "сквер")?.documents).toBe(1); // the new text has none

      await unpublishPublication(context, square.id);
      expect((await dictionary()).find((row) => row.word === "сквер")).toBeUndefined();
      expect((await dictionary()).find((row) => row.word === "фонтан")?.documents).toBe(1);
      await archivePublication(context, fountain.id);
      words = await dictionary();
      expect(words.find((row) => row.word === "сквер")).toBeUndefined();
      expect(words.find((row) => row.word === "фонтан")).toBeUndefined();
      expect(words.find((row) => row.word === "фонтана")).toBeUndefined();
    });

    it("is what a rebuild from the live publications makes", async () => {
      await publish({ title: "Ямы на дорогах Абакана", body: "Подрядчик заделывает ямы на улице Пушкина." });
      await publish({ title: "Концерт в парке", body: "Выступит городской оркестр.", type: "announcement" });
      const kept = await dictionary();
      expect(kept.length).toBeGreaterThan(5);
      expect(await rebuildSearchWords(db)).toBe(kept.length);
      expect(await dictionary()).toEqual(kept);
    });
  });

  describe("queries", () => {
    beforeAll(async () => {
      clock.advance(DAY);
      await publish({
        title: "Ямочный ремонт",
        body: "Ямы на дорогах заделают к маю, сообщает управление.",
        tags: ["дороги"],
      });
    });

    it("finds «ямы на дорогах» for «яма дорога», the title match first, highlighted", async () => {
      const { items, correctedQuery } = await searchPublications(context, { q: "яма дорога" });
      expect(correctedQuery).toBeNull(); // «яма» is a form of a word the site has: nothing to correct
      expect(items.map((hit) => hit.title)).toEqual(["Ямы на дорогах Абакана", "Ямочный ремонт"]);
      expect(items[0]!.rank).toBeGreaterThan(items[1]!.rank);
      expect(items[1]!.snippet).toContain("<mark>Ямы</mark> на <mark>дорогах</mark>");
    });

    it("corrects a misspelt word to the nearest word of the site and says so", async () => {
      const { items, correctedQuery } = await searchPublications(context, { q: "Концэрт в парке" });
      expect(correctedQuery).toBe("концерт в парке");
      expect(items.map((hit) => hit.title)).toEqual(["Концерт в парке"]);
      expect(await titles("ямы на дарогах")).toContain("Ямы на дорогах Абакана");
      // Quotes and exclusions survive the correction.
      expect(await correctSearchQuery(db, '"ямы на дарогах" -пушкена')).toBe('"ямы на дорогах" -пушкина');
      expect(await titles('"ямы на дарогах" -пушкена')).toEqual(["Ямочный ремонт"]);
    });

    it("does not correct to words that left the site, nor invent a match", async () => {
      expect(await correctSearchQuery(db, "фантан")).toBeNull(); // «фонтан» was archived
      expect(await searchPublications(context, { q: "фантан" })).toEqual({
        items: [],
        correctedQuery: null,
      });
      expect(await titles("трамвай")).toEqual([]);
    });

    it("filters by type and by dates", async () => {
      expect(await titles("ремонт яма", { type: "announcement" })).toEqual([]);
      expect(await titles("концерт", { type: "announcement" })).toEqual(["Концерт в парке"]);
      expect(await titles("яма", { from: "2026-11-28" })).toEqual(["Ямочный ремонт"]);
      expect(await titles("яма", { to: "2026-11-27" })).toEqual(["Ямы на дорогах Абакана"]);
      expect(await titles("яма", { from: "2030-01-01" })).toEqual([]);
    });
  });

  describe("a word on many pages", () => {
    it("ranks the newest matches, the same as ranking them all at once would", async () => {
      // 700 publications over three years, 450 of them about snow: more than are ranked.
      await db.query(
        `INSERT INTO content_publications (id, type, state, slug, title, summary, body, tags, attachments, fields,
           publisher_id, revision, live, live_revision, published_at, first_published_at, created_by, created_at,
           updated_at, search_title, search_text)
         SELECT 'pub_many_' || g, 'news', 'published', 'many-' || g, t.title, '', t.body, '[]', '[]', '{}', $1,
                1, '{}'::jsonb, 1, $2::timestamptz - g * interval '37 hours', $2, 'system:test', $2, $2, t.title, t.body
           FROM generate_series(1, 700) AS g,
           LATERAL (SELECT CASE WHEN g % 14 < 9 THEN 'Уборка снега, выпуск ' || g ELSE 'Новости ' || g END AS title,
                           CASE WHEN g % 3 = 0 THEN 'Снег вывозят со дворов. Снег, снег и снег.' ELSE 'Тротуары чистят.' END
                             || ' Выпуск ' || g AS body) AS t`,
        [publisherId, clock.now()],
      );
      await rebuildSearchWords(db);
      const { items } = await searchPublications(context, { q: "снег", limit: 50 });
      const expected = await db.query<{ id: string }>(
        `WITH newest AS (
           SELECT id, search_vector, published_at FROM content_publications
            WHERE live IS NOT NULL AND search_vector @@ websearch_to_tsquery('russian', 'снег')
            ORDER BY published_at DESC LIMIT $1)
         SELECT id FROM newest
          ORDER BY ts_rank_cd(search_vector, websearch_to_tsquery('russian', 'снег')) DESC, published_at DESC
          LIMIT 50`,
        [RANKED_CANDIDATES],
      );
      expect(items.map((hit) => hit.id)).toEqual(expected.map((row) => row.id));
      // Titles and repeated words rank first: the best hit names snow in its title and its text.
      expect(items[0]!.title).toMatch(/^Уборка снега/);
      expect(items[0]!.snippet).toContain("<mark>Снег</mark>");
    });

    /** What ranking the newest 300 matches (of the type and dates) at once answers: the reference. */
    const reference = async (q: string, filters: { type?: string; from?: string; to?: string } = {}) =>
      (
        await db.query<{ id: string }>(
          `WITH newest AS (
             SELECT id, search_vector, published_at FROM content_publications
              WHERE live IS NOT NULL AND search_vector @@ websearch_to_tsquery('russian', $1)
                AND ($3::text IS NULL OR type = $3)
                AND ($4::date IS NULL OR published_at >= $4::date)
                AND ($5::date IS NULL OR published_at < $5::date + 1)
              ORDER BY published_at DESC LIMIT $2)
           SELECT id FROM newest
            ORDER BY ts_rank_cd(search_vector, websearch_to_tsquery('russian', $1)) DESC, published_at DESC
            LIMIT 50`,
          [q, RANKED_CANDIDATES, filters.type ?? null, filters.from ?? null, filters.to ?? null],
        )
      ).map((row) => row.id);
    const found = async (q: string, filters: Record<string, string> = {}) => {
      const ids = (await searchPublications(context, { q, limit: 50, ...filters })).items.map(
        (hit) => hit.id,
      );
      expect(new Set(ids).size).toBe(ids.length); // a match is found once, whatever the windows
      return ids;
    };

    it("reads the windows of dates without overlap, whatever the density of matches", async () => {
      // Fireworks: 100 in the last 30 days, 50 in the 120 days before, 400 from 150 days back on —
      // the first window holds 100, the second (sized for the 200 missing) 50, the rest the 150.
      await db.query(
        `INSERT INTO content_publications (id, type, state, slug, title, summary, body, tags, attachments, fields,
           publisher_id, revision, live, live_revision, published_at, first_published_at, created_by, created_at,
           updated_at, search_title, search_text)
         SELECT 'pub_fire_' || g, CASE WHEN g % 4 = 0 THEN 'announcement' ELSE 'news' END, 'published',
                'fire-' || g, t.title, '', t.body, '[]', '[]', '{}', $1, 1, '{}'::jsonb, 1, t.at, t.at,
                'system:test', t.at, t.at, t.title, t.body
           FROM generate_series(1, 550) AS g,
           LATERAL (SELECT CASE WHEN g % 7 = 0 THEN 'Фейерверк над рекой, выпуск ' || g ELSE 'Праздник ' || g END AS title,
                           'Вечером ' || CASE WHEN g % 5 = 0 THEN 'фейерверк и салют. Фейерверк!' ELSE 'фейерверк.' END
                             || CASE WHEN g % 3 = 0 THEN ' Набережная.' ELSE '' END AS body,
                           $2::timestamptz - CASE WHEN g <= 100 THEN g * interval '7 hours'
                                                  WHEN g <= 150 THEN interval '31 days' + (g - 100) * interval '2 days'
                                                  ELSE interval '151 days' + (g - 150) * interval '1 day' END AS at) AS t`,
        [publisherId, clock.now()],
      );
      await rebuildSearchWords(db);
      for (const q of ["фейерверк", "фейерверк набережная", "праздник -салют", '"над рекой"'])
        expect(await found(q), q).toEqual(await reference(q));
      // With a type, and with dates: the windows end where the dates do.
      expect(await found("фейерверк", { type: "announcement" })).toEqual(
        await reference("фейерверк", { type: "announcement" }),
      );
      const day = (days: number) => new Date(clock.now().getTime() - days * DAY).toISOString().slice(0, 10);
      for (const [from, to] of [
        [day(400), day(20)],
        [day(45), day(40)],
        [day(200), day(160)],
      ] as const)
        expect(await found("фейерверк набережная", { from, to }), `${from}…${to}`).toEqual(
          await reference("фейерверк набережная", { from, to }),
        );
      expect(await found("фейерверк снег")).toEqual([]); // no publication has both
    });
  });
});
