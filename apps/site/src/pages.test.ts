import type { ChildServer } from "@otklik/e2e-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  publish,
  reportGeocodedProblem,
  resolveWithProofPhoto,
  signInEditor,
} from "../testing/api-fixtures.js";
import { SAMPLE_PHOTO_JPEG } from "../testing/sample-photo.js";
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

    it("says which words it searched when it corrected a misspelling, with a link to the words as typed", async () => {
      const html = await (await site.request(`/search?q=${encodeURIComponent("гарячей воде")}`)).text();
      expect(html).toContain('data-testid="corrected-query"');
      expect(html).toMatch(/Показаны результаты по запросу «[^»]+»/);
      expect(html).toContain(
        `href="/search?q=${encodeURIComponent("гарячей воде").replaceAll("%20", "+")}&amp;exact=1"`,
      );
      const exact = await (
        await site.request(`/search?q=${encodeURIComponent("гарячей воде")}&exact=1`)
      ).text();
      expect(exact).toContain('data-testid="exact-query"');
      expect(exact).not.toContain('data-testid="corrected-query"');
      expect(exact).toContain("ничего не найдено");
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

  describe("department contacts and the Gosuslugi widget", () => {
    it("lists the departments' published contacts, linked from the footer, the contacts page and the press centre", async () => {
      const response = await site.request("/departments");
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("<h1>Контакты подразделений</h1>");
      expect(html).toContain("Кириллов Олег Петрович, Начальник управления");
      expect(html).toContain('<a href="tel:+73902223301">+7 3902 22-33-01</a>');
      expect(html).toContain('<a href="mailto:gkh@abakan.example">gkh@abakan.example</a>');
      expect(html).toContain("пн–чт 8:00–17:00");
      expect(html).not.toContain("<script");
      expect(html).toContain('<a href="/departments">Контакты подразделений</a>');
      expect(await (await site.request("/contacts")).text()).toContain('href="/departments"');
      expect(await (await site.request("/press")).text()).toContain('href="/departments"');
      const english = await (
        await site.request("/departments", { headers: { cookie: "otklik_lang=en" } })
      ).text();
      expect(english).toContain("<h1>Department contacts</h1>");
      expect(english).toContain("Reception hours");
    });

    it("embeds the ПОС widget on the report and contacts pages only when configured, with a plain link without scripts", async () => {
      const withPos = createSiteApp({
        apiUrl: api.url,
        apiCacheMilliseconds: 0,
        posWidget: { widgetId: 12345, linkUrl: "https://pos.gosuslugi.ru/landing/" },
      });
      for (const path of ["/report", "/contacts", "/departments"]) {
        const response = await withPos.request(path);
        const html = await response.text();
        expect(html, path).toContain('data-widget-id="12345"');
        expect(html, path).toContain(
          '<script src="https://pos.gosuslugi.ru/bin/script.min.js" defer=""></script>',
        );
        expect(html, path).toMatch(/<script src="\/assets\/pos-widget-[0-9a-f]{12}\.js" defer=""><\/script>/);
        expect(html, path).toContain('<noscript><p><a href="https://pos.gosuslugi.ru/landing/"');
        expect(html, path).toContain("59-ФЗ");
        const policy = response.headers.get("content-security-policy")!;
        expect(policy, path).toContain("script-src 'self' https://pos.gosuslugi.ru");
        expect(policy, path).toContain("frame-src https://pos.gosuslugi.ru");
      }
      const home = await withPos.request("/");
      expect(await home.text()).not.toContain("pos.gosuslugi.ru");
      expect(home.headers.get("content-security-policy")).not.toContain("script-src");
      const script = /<script src="(\/assets\/pos-widget-[0-9a-f]{12}\.js)"/.exec(
        await (await withPos.request("/contacts")).text(),
      )?.[1];
      expect(await (await withPos.request(script!)).text()).toContain(
        'window.Widget("https://pos.gosuslugi.ru/form", id)',
      );
      // Not configured: no widget, no third party in the policy.
      const plain = await site.request("/contacts");
      expect(plain.headers.get("content-security-policy")).not.toContain("gosuslugi");
      expect(await plain.text()).not.toContain("js-show-iframe-wrapper");
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
    it("offers the desk's categories, photos in a multipart form, the separate consent and the 59-FZ notice", async () => {
      const response = await site.request("/report");
      const html = await response.text();
      expect(html).toContain('<option value="roads">Дороги</option>');
      expect(html).toContain('encType="multipart/form-data"');
      expect(html).toMatch(/<input type="file" multiple="" accept="image\/\*"[^>]* name="photos"\/>/);
      expect(html).toContain("Место съёмки и данные камеры из файлов удаляются");
      expect(html).toContain("Согласие на обработку персональных данных при сообщении о проблеме");
      expect(html).toContain("Это не официальное обращение");
      // The preview script is an enhancement of this page only; no ПОС widget unless configured.
      expect(html).toMatch(/<script src="\/assets\/photo-preview-[0-9a-f]{12}\.js" defer=""><\/script>/);
      expect(html).not.toContain("pos.gosuslugi.ru");
      const policy = response.headers.get("content-security-policy")!;
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("blob:");
      expect(policy).not.toContain("gosuslugi");
    });

    const photoForm = (fields: Record<string, string>, photos: { bytes: Uint8Array; name: string }[]) => {
      const body = new FormData();
      for (const [key, value] of Object.entries(fields)) body.append(key, value);
      for (const photo of photos)
        body.append(
          "photos",
          new Blob([photo.bytes as Uint8Array<ArrayBuffer>], { type: "image/jpeg" }),
          photo.name,
        );
      return { method: "POST", body } satisfies RequestInit;
    };
    const reportFields = async (description: string) => {
      const page = await (await site.request("/report")).text();
      return {
        category: "roads",
        description,
        address: "ул. Ленина, 70",
        email: "citizen@example.ru",
        consent: "yes",
        consentTextVersion: hidden(page, "consentTextVersion"),
        submission: hidden(page, "submission"),
      };
    };

    it("sends a report with photos to the API and follows it to the proof of the fix on the tracking page", async () => {
      const sent = await site.request(
        "/report",
        photoForm(await reportFields("Яма у дома Ленина, 70, фото прилагаю"), [
          { bytes: SAMPLE_PHOTO_JPEG, name: "яма.jpg" },
        ]),
      );
      expect(sent.status).toBe(303);
      const location = sent.headers.get("location")!;
      const token = /^\/track\/([A-Za-z0-9_-]+)\?new=1$/.exec(location)?.[1];
      expect(token).toBeDefined();
      // The citizen's own photo is the desk's, not the public's: no photos on the tracking page yet.
      const before = await (await site.request(location)).text();
      expect(before).not.toContain('data-testid="track-proof"');

      const mediaId = await resolveWithProofPhoto(api.url, token!, SAMPLE_PHOTO_JPEG);
      const after = await (await site.request(`/track/${token}`)).text();
      expect(after).toContain('data-testid="track-proof"');
      expect(after).toContain(`href="/api/v1/track/${token}/media/${mediaId}/published"`);
      expect(after).toMatch(
        new RegExp(
          `<img src="/api/v1/track/${token}/media/${mediaId}/thumbnail" alt="Фото устранения 1 из 1, обращение № \\d{4}-\\d{6}, [^"]+" loading="lazy" width="48" height="32"/>`,
        ),
      );
      expect(after).toContain('data-testid="track-status">Решено<');
      const thumbnail = await site.request(`/api/v1/track/${token}/media/${mediaId}/thumbnail`);
      expect(thumbnail.status).toBe(200);
      expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    });

    it("re-shows the form with the API's bilingual refusal of a bad photo, keeping the other answers", async () => {
      const fields = await reportFields("Яма у дома Ленина, 70, но фото не то");
      const refused = await site.request(
        "/report",
        photoForm(fields, [
          { bytes: SAMPLE_PHOTO_JPEG, name: "good.jpg" },
          { bytes: new Uint8Array(Buffer.from("это текст, а не фото")), name: "note.jpg" },
        ]),
      );
      expect(refused.status).toBe(415);
      const html = await refused.text();
      expect(html).toContain('id="report-photos-error">Фото 2 («note.jpg»): это не фотография');
      expect(html).toContain('<a href="#report-photos">');
      expect(html).toContain("Яма у дома Ленина, 70, но фото не то</textarea>");
      expect(html).toContain('value="ул. Ленина, 70"');
      expect(html).toContain('value="citizen@example.ru"');
      expect(html).toContain("Выбранные фото (2) не сохраняются при повторном показе формы");
      const english = await site.request("/report", {
        ...photoForm({ ...fields, submission: `${fields.submission}x` }, [
          { bytes: new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n")), name: "act.jpg" },
        ]),
        headers: { cookie: "otklik_lang=en" },
      });
      expect(english.status).toBe(415);
      expect(await english.text()).toContain(
        "Photo 1 (&quot;act.jpg&quot;): it is application/pdf; only photos are accepted",
      );

      const tooMany = await site.request(
        "/report",
        photoForm(
          fields,
          Array.from({ length: 6 }, (_, index) => ({ bytes: SAMPLE_PHOTO_JPEG, name: `p${index}.jpg` })),
        ),
      );
      expect(tooMany.status).toBe(422);
      expect(await tooMany.text()).toContain('id="report-photos-error">Можно приложить не больше 5 фото<');
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
