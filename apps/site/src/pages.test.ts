import type { ChildServer } from "@otklik/e2e-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publish, reportGeocodedProblem, signInEditor } from "../testing/api-fixtures.js";
import { START_TIMEOUT_MS, startDemoApi } from "../testing/start-api.js";
import { createSiteApp } from "./app.js";

const HEARING = "/publications/demo-obshestvennye-obsuzhdeniya-proekta-pravil-blagoustrojstva";
const STATEMENT = "/publications/demo-ob-otklyuchenii-goryachej-vody-v-mikrorajone-internacionalnyj";

function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

function hidden(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
}

describe("the site's pages on the real content and incident API", () => {
  let api: ChildServer;
  let site: ReturnType<typeof createSiteApp>;
  let problemNumber: string;

  beforeAll(async () => {
    api = await startDemoApi();
    site = createSiteApp({ apiUrl: api.url, apiCacheMilliseconds: 0, siteUrl: "https://www.abakan.example" });
    const editor = await signInEditor(api.url);
    for (let index = 1; index <= 13; index += 1)
      await publish(api.url, editor, {
        type: "news",
        title: `Новость номер ${index} о парке Победы`,
        summary: `Краткое содержание ${index}`,
        tags: index === 7 ? ["парки"] : [],
      });
    problemNumber = await reportGeocodedProblem(api.url, "Не горит фонарь у остановки");
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await api?.stop();
  });

  describe("lists", () => {
    it("shows a type's publications newest first, twelve to a page, with a link to the next page", async () => {
      const first = await (await site.request("/news")).text();
      expect(first).toContain("<h1>Новости</h1>");
      expect(first).toContain("Новость номер 13 о парке Победы");
      expect(first).not.toContain("Новость номер 1 о парке Победы<");
      expect(first).toContain('href="/rss.xml?type=news"');
      const next = /href="(\/news\?cursor=[^"]+)" rel="next"/.exec(first)?.[1];
      expect(next).toBeDefined();
      const second = await (await site.request(next!.replaceAll("&amp;", "&"))).text();
      expect(second).toContain("Новость номер 1 о парке Победы<");
      expect(second).toContain("В Абакане начался ямочный ремонт дорог");
      expect(second).toContain("К началу списка");
      expect(second).not.toContain('rel="next"');
    });

    it("filters by topic with a plain GET form", async () => {
      const html = await (await site.request(`/news?publisher=&tag=${encodeURIComponent("парки")}`)).text();
      expect(html).toContain("Новость номер 7 о парке Победы");
      expect(html).not.toContain("Новость номер 8 о парке Победы");
      expect(html).toContain("Сбросить фильтры");
    });

    it("answers a damaged page marker with 400 and says what to do", async () => {
      const response = await site.request("/news?cursor=%3Cscript%3E");
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Откройте список без условий");
    });
  });

  describe("a publication", () => {
    it("has its title, canonical address, Open Graph and NewsArticle markup", async () => {
      const response = await site.request(STATEMENT);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("<h1>[Демо] Об отключении горячей воды в микрорайоне Интернациональный</h1>");
      expect(html).toContain(`<link rel="canonical" href="https://www.abakan.example${STATEMENT}"/>`);
      expect(html).toContain('<meta property="og:type" content="article"/>');
      expect(html).toContain('"@type":"NewsArticle"');
      expect(html).toContain('<a href="/statements">Официальные заявления</a>');
    });

    it("shows the frame in English and says the text is in Russian", async () => {
      const html = await (await site.request(STATEMENT, { headers: { Cookie: "otklik_lang=en" } })).text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain("The text is published in Russian.");
      expect(html).toContain("Official statement");
    });

    it("answers an unknown address with the 404 page", async () => {
      const response = await site.request("/publications/no-such-publication");
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("Страница не найдена");
    });
  });

  describe("search", () => {
    it("highlights the matching words, forgiving Russian word forms", async () => {
      const html = await (await site.request(`/search?q=${encodeURIComponent("горячей воде")}`)).text();
      expect(html).toMatch(/Найдено: \d+/);
      expect(html).toContain("<mark>вода</mark>");
      expect(html).toContain(`href="${STATEMENT}"`);
    });

    it("says plainly when nothing is found", async () => {
      const html = await (await site.request(`/search?q=${encodeURIComponent("квазар")}`)).text();
      expect(html).toContain("По запросу «квазар» ничего не найдено");
    });

    it("refuses a query over 200 characters with 400 and a message", async () => {
      const response = await site.request(`/search?q=${"я".repeat(201)}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("не длиннее 200 знаков");
    });
  });

  describe("sections", () => {
    it("the handbook by sections", async () => {
      const html = await (await site.request("/handbook")).text();
      expect(html).toContain('<h2 id="zhilyo-i-zhkh');
      expect(html).toContain("Куда сообщить об аварии в доме");
    });

    it("every 8-FZ category, even the empty ones", async () => {
      const html = await (await site.request("/info")).text();
      expect(html).toContain("Федеральный закон № 8-ФЗ");
      expect(html.match(/<section aria-labelledby="info-/g)).toHaveLength(8);
    });

    it("the press centre, the contacts and the 59-FZ notice with the reception's link", async () => {
      expect(await (await site.request("/press")).text()).toContain("Аккредитация журналистов");
      expect(await (await site.request("/contacts")).text()).toContain("Совет депутатов города Абакана");
      const appeals = await (await site.request("/appeals")).text();
      expect(appeals).toContain("59-ФЗ");
      expect(appeals).toContain('href="https://www.gosuslugi.ru/help/obratitsya_v_gosorgany"');
    });
  });

  describe("a public hearing", () => {
    it("shows the draft by paragraphs, the period as an Event and the form with its own consent", async () => {
      const html = await (await site.request(HEARING)).text();
      expect(html).toContain('<li id="paragraph-1">1. Собственники зданий');
      expect(html).toContain('"@type":"Event"');
      expect(html).toContain("Идёт приём замечаний");
      expect(html).toContain("Согласие на обработку персональных данных участника общественных обсуждений");
      expect(html).toMatch(
        /<input type="checkbox" id="comment-consent" aria-describedby="comment-consent-hint" name="consent"/,
      );
    });

    it("keeps what was typed and shows each problem next to its field", async () => {
      const response = await site.request(
        `${HEARING}/comments`,
        form({ text: "Моё замечание", name: "", email: "не почта" }),
      );
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('id="comment-name-error">Укажите фамилию и имя<');
      expect(html).toContain('id="comment-email-error">Проверьте адрес электронной почты');
      expect(html).toContain('id="comment-consent-error">Без согласия');
      expect(html).toContain(">Моё замечание</textarea>");
      expect(html).toContain('aria-invalid="true"');
    });

    it("takes a comment with consent and answers with a redirect to the page that says so", async () => {
      const page = await (await site.request(HEARING)).text();
      const response = await site.request(
        `${HEARING}/comments`,
        form({
          paragraph: "2",
          text: "Предлагаю убирать тротуары до 7:00",
          name: "Анна Иванова",
          email: "anna@example.ru",
          consent: "yes",
          consentTextId: hidden(page, "consentTextId"),
        }),
      );
      expect(response.status).toBe(303);
      const location = response.headers.get("location")!;
      expect(location).toBe(`${HEARING}?comment=sent#comment-form`);
      const after = await site.request(location.replace(/#.*/, ""));
      expect(after.headers.get("cache-control")).toBe("private, no-store");
      expect(await after.text()).toContain("Замечание получено");
    });
  });

  describe("reporting a problem", () => {
    it("offers the desk's categories, the separate consent and says photos are not taken yet", async () => {
      const html = await (await site.request("/report")).text();
      expect(html).toContain('<option value="roads">Дороги</option>');
      expect(html).toContain("Согласие на обработку персональных данных при сообщении о проблеме");
      expect(html).toContain("Фотографии через эту форму пока не принимаются");
      expect(html).toContain("Это не официальное обращение");
    });

    it("shows every problem next to its field and keeps the answers", async () => {
      const response = await site.request(
        "/report",
        form({ category: "roads", description: "Яма", address: "ул. Ленина, 70", consent: "yes" }),
      );
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('id="report-description-error">Опишите проблему: не меньше 5 знаков<');
      expect(html).toContain('id="report-email-error">Укажите электронную почту или телефон');
      expect(html).toContain('value="ул. Ленина, 70"');
      expect(html).toContain('<a href="#report-description">');
    });

    it("registers the report once however often the form is sent, and shows it by its tracking link", async () => {
      const page = await (await site.request("/report")).text();
      const fields = {
        category: "roads",
        description: "Глубокая яма у дома Ленина, 70",
        address: "ул. Ленина, 70",
        email: "citizen@example.ru",
        consent: "yes",
        consentTextVersion: hidden(page, "consentTextVersion"),
        submission: hidden(page, "submission"),
      };
      const [first, second] = await Promise.all([
        site.request("/report", form(fields)),
        site.request("/report", form(fields)),
      ]);
      expect(first.status).toBe(303);
      expect(second.headers.get("location")).toBe(first.headers.get("location"));
      const location = first.headers.get("location")!;
      expect(location).toMatch(/^\/track\/[A-Za-z0-9_-]+\?new=1$/);

      const tracked = await site.request(location);
      expect(tracked.headers.get("cache-control")).toBe("private, no-store");
      const html = await tracked.text();
      expect(html).toMatch(/Сообщение зарегистрировано под номером \d{4}-\d{6}/);
      expect(html).toContain('data-testid="track-status">Зарегистрировано<');
      expect(html).toContain("Дороги");
    });

    it("answers an unknown tracking link with 404", async () => {
      expect((await site.request("/track/unknown-token")).status).toBe(404);
    });
  });

  describe("problems in public", () => {
    it("lists geocoded problems for the map, with Leaflet allowed on that page only", async () => {
      const response = await site.request("/map");
      const policy = response.headers.get("content-security-policy")!;
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("https://tile.openstreetmap.org");
      const html = await response.text();
      expect(html).toContain(`id="problem-${problemNumber}" data-lat="53.7213" data-lon="91.4424"`);
      const leaflet = /<script src="(\/assets\/leaflet-[0-9a-f]+\.js)"/.exec(html)?.[1];
      const leafletResponse = await site.request(leaflet!);
      expect(leafletResponse.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(await leafletResponse.text()).toContain("Leaflet");
    });

    it("the fixed problems page answers even when nothing is closed yet", async () => {
      const html = await (await site.request("/fixed")).text();
      expect(html).toContain("<h1>Решённые проблемы</h1>");
    });
  });

  describe("feeds and the sitemap", () => {
    it("serves the API's RSS, one type or all", async () => {
      const response = await site.request("/rss.xml?type=news");
      expect(response.headers.get("content-type")).toMatch(/^application\/rss\+xml/);
      expect(await response.text()).toContain("Новость номер 13 о парке Победы");
      expect((await site.request("/rss.xml?type=gossip")).status).toBe(400);
    });

    it("adds the site's own pages to the API's sitemap", async () => {
      const xml = await (await site.request("/sitemap.xml")).text();
      expect(xml).toContain("<loc>https://www.abakan.example/report</loc>");
      expect(xml).toContain("/publications/demo-");
    });
  });
});
