import path from "node:path";
import { type ChildServer, freePort, launchChromium, startNodeServer } from "@otklik/e2e-testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START_TIMEOUT_MS, startDemoApi } from "../testing/start-api.js";

// Browser-side expressions are passed as strings: the site's types are Node's, it ships no DOM code.
const SITE_ENTRY = path.resolve(import.meta.dirname, "../dist/main.js");

describe("the site in Chromium, served by the built site and API", () => {
  let api: ChildServer;
  let site: ChildServer;
  let browser: Browser;

  beforeAll(async () => {
    const [startedApi, port, startedBrowser] = await Promise.all([
      startDemoApi(),
      freePort(),
      launchChromium(),
    ]);
    api = startedApi;
    browser = startedBrowser;
    site = await startNodeServer({
      name: "site",
      entry: SITE_ENTRY,
      port,
      readyPath: "/",
      timeoutMs: 120_000,
      env: { SITE_PORT: String(port), HOST: "127.0.0.1", OTKLIK_API_URL: api.url, NODE_ENV: "test" },
    });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await api?.stop();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`shows the administration's name as the heading with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const response = await page.goto(site.url);
      expect(response?.status()).toBe(200);
      expect(await page.locator("h1").textContent()).toBe("Администрация города Абакана");
      expect(await page.title()).toBe("Абакан — Официальный сайт");
      await context.close();
    });
  }

  it("switches to the version for the visually impaired by a link, without JavaScript, and remembers it", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.url);
    const rootFontSize = (): Promise<string> =>
      page.evaluate<string>("getComputedStyle(document.documentElement).fontSize");
    expect(await rootFontSize()).toBe("16px");

    await page.getByRole("link", { name: "Версия для слабовидящих" }).click();
    await page.waitForURL(`${site.url}/`);
    expect(await page.locator("html").getAttribute("data-vision")).toBe("black-on-white");
    expect(await rootFontSize()).toBe("24px");
    expect(await page.getByRole("link", { name: "Обычная версия сайта" }).count()).toBe(1);

    await page.getByRole("link", { name: "Белым по чёрному" }).click();
    await page.waitForURL(`${site.url}/`);
    const background = await page.evaluate<string>("getComputedStyle(document.body).backgroundColor");
    expect(background).toBe("rgb(0, 0, 0)");

    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === "otklik_vision")?.value).toBe("white-on-black");
    await page.reload();
    expect(await page.locator("html").getAttribute("data-vision")).toBe("white-on-black");
    await context.close();
  });

  it("switches the language to English by a link", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.url);
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(`${site.url}/`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("h1").textContent()).toBe("Abakan City Administration");
    await context.close();
  });

  it("offers the skip link as the first stop of the keyboard", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement.textContent")).toBe(
      "Перейти к основному содержанию",
    );
    await page.keyboard.press("Enter");
    expect(await page.evaluate<string>("document.activeElement.id")).toBe("main");
    await context.close();
  });

  it("answers a missing page with the 404 page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${site.url}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Страница не найдена / Page not found");
    await context.close();
  });

  it("exits with 0 on SIGTERM after finishing its work", async () => {
    expect(await site.stop()).toBe(0);
  });
});
