import { gunzipSync } from "node:zlib";
import { type ChildServer, freePort } from "@otklik/e2e-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START_TIMEOUT_MS, startDemoApi } from "../testing/start-api.js";
import { createSiteApp } from "./app.js";
import { STYLESHEET_PATH } from "./layout/styles.js";

const fixedNow = (): Date => new Date("2026-11-27T10:05:00Z");

describe("the site with the real API", () => {
  let api: ChildServer;
  let site: ReturnType<typeof createSiteApp>;

  beforeAll(async () => {
    api = await startDemoApi();
    site = createSiteApp({
      apiUrl: api.url,
      now: fixedNow,
      cityCacheMilliseconds: 0,
      apiCacheMilliseconds: 0,
      siteUrl: "https://www.abakan.example",
    });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await api?.stop();
  });

  describe("home page", () => {
    it("shows the city and its administration from the API, in Russian by default", async () => {
      const response = await site.request("/");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
      expect(html).toContain('<html lang="ru">');
      expect(html).toContain("<title>Абакан — Официальный сайт</title>");
      expect(html).toMatch(/<h1>Администрация города Абакана<\/h1>/);
      expect(html).toContain('href="tel:+7');
    });

    it("has a skip link, the landmarks and the stylesheet, and no script that runs", async () => {
      const html = await (await site.request("/")).text();
      expect(html).toMatch(/<a class="skip-link" href="#main">Перейти к основному содержанию<\/a>/);
      for (const landmark of ["<header", "<nav", '<main id="main"', "<footer"])
        expect(html).toContain(landmark);
      expect(html).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}"/>`);
      const scripts = html.match(/<script[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toBe('<script type="application/ld+json">');
    });

    it("shows the time in the city's zone", async () => {
      const html = await (await site.request("/")).text();
      expect(html).toMatch(
        /Время в городе: <time dateTime="2026-11-27T10:05:00.000Z">27 ноября 2026 г\.[^<]*17:05 GMT\+7<\/time>/,
      );
    });

    it("forbids scripts and lets the page be cached briefly, by cookie, with an ETag", async () => {
      const response = await site.request("/");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(response.headers.get("content-security-policy")).not.toContain("script-src");
      expect(response.headers.get("cache-control")).toBe(
        "public, max-age=30, stale-while-revalidate=300, stale-if-error=86400",
      );
      expect(response.headers.get("vary")).toMatch(/^Cookie/);
      const tag = response.headers.get("etag");
      expect(tag).toMatch(/^W\/"[0-9a-f]+"$/);
      const again = await site.request("/", { headers: { "If-None-Match": tag! } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
    });

    it("compresses pages for browsers that accept gzip", async () => {
      const response = await site.request("/", { headers: { "Accept-Encoding": "gzip" } });
      expect(response.headers.get("content-encoding")).toBe("gzip");
      const html = new TextDecoder().decode(gunzipSync(new Uint8Array(await response.arrayBuffer())));
      expect(html).toContain("Администрация города Абакана");
    });

    it("shows the latest statements and news, the open hearing and the handbook's sections", async () => {
      const html = await (await site.request("/")).text();
      expect(html).toContain("Об отключении горячей воды в микрорайоне Интернациональный");
      expect(html).toContain("В Абакане начался ямочный ремонт дорог");
      expect(html).toContain("Общественные обсуждения проекта правил благоустройства");
      expect(html).toContain("Замечания принимаются до ");
      expect(html).toContain("Жильё и ЖКХ");
      expect(html).toContain('"@type":"GovernmentOrganization"');
      expect(html).toContain('<link rel="canonical" href="https://www.abakan.example/"/>');
    });
  });

  describe("language switch", () => {
    it("remembers English in a cookie and returns to the page", async () => {
      const response = await site.request("/settings/language?value=en&back=%2F");
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/");
      expect(response.headers.get("set-cookie")).toMatch(
        /^otklik_lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax/,
      );
    });

    it("renders the page in English with the cookie, with a link back to Russian", async () => {
      const html = await (await site.request("/", { headers: { Cookie: "otklik_lang=en" } })).text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain("<h1>Abakan City Administration</h1>");
      expect(html).toContain("Skip to main content");
      expect(html).toMatch(
        /<a href="\/settings\/language\?value=ru&amp;back=%2F" lang="ru" hrefLang="ru">Русский<\/a>/,
      );
    });

    it("refuses to redirect to another site", async () => {
      const response = await site.request("/settings/language?value=en&back=%2F%2Fevil.example%2F");
      expect(response.headers.get("location")).toBe("/");
    });

    it("answers 404 for a language the site does not have", async () => {
      expect((await site.request("/settings/language?value=de")).status).toBe(404);
    });
  });

  describe("version for the visually impaired", () => {
    it("is switched on by a link that sets a cookie", async () => {
      const plain = await (await site.request("/")).text();
      expect(plain).not.toContain("data-vision");
      expect(plain).toContain('href="/settings/vision?value=black-on-white&amp;back=%2F"');

      const response = await site.request("/settings/vision?value=black-on-white&back=%2F");
      expect(response.status).toBe(303);
      expect(response.headers.get("set-cookie")).toMatch(/^otklik_vision=black-on-white;/);
    });

    it("changes the page: high-contrast scheme, the choice of schemes and a way back", async () => {
      const html = await (
        await site.request("/", { headers: { Cookie: "otklik_vision=white-on-black" } })
      ).text();
      expect(html).toContain('<html lang="ru" data-vision="white-on-black">');
      expect(html).toContain("Цветовая схема");
      expect(html).toContain('<strong aria-current="true">Белым по чёрному</strong>');
      expect(html).toContain('href="/settings/vision?value=off&amp;back=%2F"');
    });

    it("ignores a cookie it does not understand", async () => {
      const html = await (await site.request("/", { headers: { Cookie: "otklik_vision=neon" } })).text();
      expect(html).not.toContain("data-vision");
    });
  });

  describe("404 page", () => {
    it("answers 404 with a notice in both languages and the site's frame", async () => {
      const response = await site.request("/no-such-page");
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toContain("Страница не найдена");
      expect(html).toContain("Page not found");
      expect(html).toContain('<span class="brand-name">Абакан</span>');
    });
  });

  describe("forwarding /api", () => {
    it("returns the API's own health answer", async () => {
      const response = await site.request("/api/health");
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "ok", service: "otklik-api" });
    });

    it("returns the API's errors untouched", async () => {
      const response = await site.request("/api/v1/no-such-resource");
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe("not_found");
      expect(body.error.requestId).toBeTruthy();
    });
  });

  it("serves its stylesheet with a year-long cache", async () => {
    const response = await site.request(STYLESHEET_PATH);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});

describe("the site when the API is down", () => {
  let site: ReturnType<typeof createSiteApp>;

  beforeAll(async () => {
    // A port nobody listens on: the connection is refused at once.
    site = createSiteApp({ apiUrl: `http://127.0.0.1:${await freePort()}`, now: fixedNow });
  });

  it("shows a notice in both languages with 503 instead of crashing", async () => {
    const response = await site.request("/");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    const html = await response.text();
    expect(html).toContain("Сайт временно недоступен");
    expect(html).toContain("The site is temporarily unavailable");
    expect(html).toContain('role="alert"');
  });

  it("still answers a missing page with 404", async () => {
    expect((await site.request("/no-such-page")).status).toBe(404);
  });

  it("answers /api requests with 503 in the API's error shape", async () => {
    const response = await site.request("/api/health");
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unavailable");
  });
});
