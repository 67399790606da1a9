// The newsroom over HTTP: write, review, publish, read on the site, search, feeds, hearings and scheduled publishing.

import { createPublisher, HEARING_CONSENT_PURPOSE, startContentWorkers } from "@otklik/content";
import { type Clock, systemClock } from "@otklik/core";
import { createJobs, type Jobs } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { publishLegalText, systemActor } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

describe.each(testBackends())("content over HTTP on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let jobs: Jobs;
  let editor: Browser;
  let publisherId: string;
  let consentTextId: string;

  beforeAll(async () => {
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    jobs = createJobs(db, { pollingIntervalSeconds: 0.5 });
    await jobs.start();
    api = await createTestApi({ db, content: { siteUrl: "https://abakan.example", jobs } });
    await startContentWorkers({
      db,
      clock: systemClock,
      jobs,
      publisher: async () => ({
        state: "sent",
        item: { platformId: "1", platformIds: {}, url: "https://vk.com/wall-1_1" },
        attempts: 1,
      }),
    });
    const { browsers } = await demoStaff(api.app, { db, clock: systemClock as Clock });
    editor = browsers.editor;
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
  });
  afterAll(async () => {
    await jobs?.stop({ graceful: true });
    await api?.db.close();
  });

  const post = async (path: string, body?: unknown) => {
    const response = await call(api.app, "POST", path, {
      as: editor,
      ...(body !== undefined ? { body } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const publish = async (input: Record<string, unknown>) => {
    const created = await post("/api/v1/publications", { publisherId, ...input });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    for (const verb of ["submit", "approve", "publish"])
      expect((await post(`/api/v1/publications/${id}/${verb}`)).status).toBe(200);
    return created.body as { id: string; slug: string };
  };

  it("writes, reviews and publishes; the site reads safe HTML by the slug", async () => {
    const { slug } = await publish({
      type: "news",
      title: "Ямы на дорогах Абакана",
      body: "Подрядчик заделывает ямы на дорогах.\n\n[ссылка](javascript:alert(1)) <script>alert(1)</script>",
    });
    expect(slug).toBe("yamy-na-dorogah-abakana");
    const response = await call(api.app, "GET", `/api/v1/public/publications/${slug}`);
    const body = (await response.json()) as { bodyHtml: string; publisher: { name: string } };
    expect(body.bodyHtml).toContain("<p>Подрядчик заделывает ямы на дорогах.</p>");
    expect(body.bodyHtml).not.toContain("<script>");
    expect(body.bodyHtml).not.toContain('href="javascript');
    expect(body.publisher.name).toBe("Администрация города Абакана");
  });

  it("answers a bad body with 422 and a wrong state with 409", async () => {
    const invalid = await post("/api/v1/publications", { type: "hearing", title: "Без полей", publisherId });
    expect(invalid.status).toBe(422);
    const created = await post("/api/v1/publications", { type: "news", title: "Черновик", publisherId });
    expect((await post(`/api/v1/publications/${created.body.id}/publish`)).status).toBe(409);
  });

  it("searches in Russian: «яма дорога» finds «ямы на дорогах»", async () => {
    const response = await call(api.app, "GET", `/api/v1/search?q=${encodeURIComponent("яма дорога")}`);
    const { items } = (await response.json()) as { items: { title: string; snippet: string }[] };
    expect(items[0]?.title).toBe("Ямы на дорогах Абакана");
    expect(items[0]?.snippet).toContain("<mark>");
  });

  it("corrects a misspelt word, says so, and refuses an empty query with 422", async () => {
    const response = await call(api.app, "GET", `/api/v1/search?q=${encodeURIComponent("ямы на дарогах")}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { title: string }[]; correctedQuery: string | null };
    expect(body.correctedQuery).toBe("ямы на дорогах");
    expect(body.items.map((item) => item.title)).toContain("Ямы на дорогах Абакана");
    const empty = await call(api.app, "GET", "/api/v1/search?q=");
    expect(empty.status).toBe(422);
    expect(await empty.json()).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("serves RSS, Atom, the sitemap and the hearings calendar", async () => {
    const rss = await call(api.app, "GET", "/api/v1/feeds/rss.xml");
    expect(rss.headers.get("content-type")).toContain("application/rss+xml");
    expect(await rss.text()).toContain("<title><![CDATA[Ямы на дорогах Абакана]]></title>");
    const atom = await call(api.app, "GET", "/api/v1/feeds/atom.xml?type=news");
    expect(await atom.text()).toContain("<feed");
    const sitemap = await (await call(api.app, "GET", "/api/v1/feeds/sitemap.xml")).text();
    expect(sitemap).toContain("<loc>https://abakan.example/publications/yamy-na-dorogah-abakana</loc>");
    const calendar = await call(api.app, "GET", "/api/v1/feeds/hearings.ics");
    expect(calendar.headers.get("content-type")).toContain("text/calendar");
    expect(await calendar.text()).toContain("BEGIN:VCALENDAR");
    expect((await call(api.app, "GET", "/api/v1/feeds/rss.xml?type=nonsense")).status).toBe(422);
  });

  it("takes a citizen's comment with consent, moderates it and gives the protocol as DOCX", async () => {
    const now = Date.now();
    const hearing = await publish({
      type: "hearing",
      title: "Обсуждение правил благоустройства",
      fields: {
        draftParagraphs: ["Пункт первый"],
        responsibleDepartmentId: "dep_housing",
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 86_400_000).toISOString(),
        howToTakePart: "На сайте",
      },
    });
    const path = `/api/v1/public/publications/${hearing.slug}/comments`;
    const author = { name: "Петров Иван", email: "ivan@mail.example" };
    const withoutConsent = await call(api.app, "POST", path, { body: { text: "Замечание", author } });
    expect(withoutConsent.status).toBe(422);
    const sent = await call(api.app, "POST", path, {
      body: { paragraph: 0, text: "Уточнить ширину", author, consentTextId },
    });
    expect(sent.status).toBe(201);
    const comment = (await sent.json()) as { id: string };
    expect(((await (await call(api.app, "GET", path)).json()) as { items: unknown[] }).items).toEqual([]);
    expect(
      (await post(`/api/v1/hearing-comments/${comment.id}/moderate`, { verdict: "approve" })).status,
    ).toBe(200);
    expect(
      (
        await post(`/api/v1/hearing-comments/${comment.id}/answer`, {
          decision: "accepted",
          answer: "Учтено",
        })
      ).status,
    ).toBe(200);
    expect(((await (await call(api.app, "GET", path)).json()) as { items: unknown[] }).items).toHaveLength(1);
    const docx = await call(api.app, "GET", `/api/v1/publications/${hearing.id}/protocol?format=docx`, {
      as: editor,
    });
    expect(docx.headers.get("content-type")).toContain("wordprocessingml");
    const bytes = new Uint8Array(await docx.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK");
    const protocol = (await (
      await call(api.app, "GET", `/api/v1/publications/${hearing.id}/protocol`, { as: editor })
    ).json()) as {
      counts: { received: number; accepted: number };
    };
    expect(protocol.counts).toMatchObject({ received: 1, accepted: 1 });
  });

  it("publishes a scheduled publication by its job, and cross-posts an official statement", async () => {
    const created = await post("/api/v1/publications", {
      type: "official_statement",
      title: "Заявление о паводке",
      publisherId,
    });
    const id = created.body.id as string;
    await post(`/api/v1/publications/${id}/submit`);
    await post(`/api/v1/publications/${id}/approve`);
    const scheduled = await post(`/api/v1/publications/${id}/schedule`, {
      publishAt: new Date(Date.now() + 1000).toISOString(),
    });
    expect(scheduled.body.state).toBe("scheduled");
    const deadline = Date.now() + 15_000;
    let variants: { platform: string; state: string }[] = [];
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const response = await call(api.app, "GET", `/api/v1/publications/${id}/variants`, { as: editor });
      variants = ((await response.json()) as { items: typeof variants }).items;
      if (variants.length === 4 && variants.every((variant) => variant.state === "published")) break;
    }
    const publication = await call(api.app, "GET", `/api/v1/publications/${id}`, { as: editor });
    expect(((await publication.json()) as { state: string }).state).toBe("published");
    expect(variants.map((variant) => `${variant.platform}:${variant.state}`)).toEqual([
      "max:published",
      "ok:published",
      "telegram:published",
      "vk:published",
    ]);
  }, 30_000);
});
