import type { ChildServer } from "@otklik/e2e-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START_TIMEOUT_MS, startDemoApi } from "../testing/start-api.js";
import { createSiteApp } from "./app.js";

const STATEMENT = "/publications/demo-ob-otklyuchenii-goryachej-vody-v-mikrorajone-internacionalnyj";
const PAGES = ["/", "/news", STATEMENT, "/search?q=%D0%B2%D0%BE%D0%B4%D0%B0", "/handbook", "/report", "/map"];

describe("the site when the API stops after pages were served (stale-if-error)", () => {
  let api: ChildServer;
  let site: ReturnType<typeof createSiteApp>;

  beforeAll(async () => {
    api = await startDemoApi();
    // Every page asks the API afresh: only a failure makes the site fall back to its copy.
    site = createSiteApp({ apiUrl: api.url, apiCacheMilliseconds: 0, apiTimeoutMs: 2000 });
    for (const path of PAGES) {
      const response = await site.request(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).not.toContain('data-testid="stale-notice"');
    }
    await api.stop();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await api?.stop();
  });

  it.each(PAGES)(
    "still renders %s, saying the information may be out of date, and is not cached",
    async (path) => {
      const response = await site.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toMatch(/no-(cache|store)/);
      const html = await response.text();
      expect(html).toContain('data-testid="stale-notice"');
      expect(html).toContain("Информация может быть устаревшей");
    },
  );

  it("keeps the report form readable but says it cannot be sent now", async () => {
    const html = await (await site.request("/report")).text();
    expect(html).toContain('data-testid="form-unavailable"');
    expect(html).toMatch(/<button type="submit" disabled="">Отправить сообщение<\/button>/);
  });

  it("keeps a citizen's answers when the report cannot be sent", async () => {
    const response = await site.request("/report", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        category: "roads",
        description: "Яма у остановки «Школа»",
        email: "a@example.ru",
        consent: "yes",
      }).toString(),
    });
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain("Сейчас форму отправить нельзя");
    expect(html).toContain(">Яма у остановки «Школа»</textarea>");
  });

  it("answers a page never served before with the 503 notice", async () => {
    const response = await site.request("/auctions");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("Сайт временно недоступен");
  });
});
