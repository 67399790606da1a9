import path from "node:path";
import {
  accessibilityViolations,
  type ChildServer,
  freePort,
  launchChromium,
  startNodeServer,
} from "@otklik/e2e-testing";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportGeocodedProblem, resolveWithProofPhoto } from "../testing/api-fixtures.js";
import { SAMPLE_PHOTO_JPEG } from "../testing/sample-photo.js";
import { START_TIMEOUT_MS, startDemoApi } from "../testing/start-api.js";

const SITE_ENTRY = path.resolve(import.meta.dirname, "../dist/main.js");
const STATEMENT_TITLE = "[Демо] Об отключении горячей воды в микрорайоне Интернациональный";
const HEARING = "/publications/demo-obshestvennye-obsuzhdeniya-proekta-pravil-blagoustrojstva";
const STATEMENT = "/publications/demo-ob-otklyuchenii-goryachej-vody-v-mikrorajone-internacionalnyj";

// Many pages in a real browser on a shared 2-core machine: each test may take a while.
describe("citizens' tasks in Chromium, with JavaScript on and off", { timeout: 240_000 }, () => {
  let api: ChildServer;
  let site: ChildServer;
  let browser: Browser;
  let trackingPath = "";

  beforeAll(async () => {
    const [startedApi, port, startedBrowser] = await Promise.all([
      startDemoApi(),
      freePort(),
      launchChromium(),
    ]);
    api = startedApi;
    browser = startedBrowser;
    await reportGeocodedProblem(api.url, "Не горит фонарь у остановки");
    site = await startNodeServer({
      name: "site",
      entry: SITE_ENTRY,
      port,
      readyPath: "/",
      timeoutMs: 120_000,
      env: {
        SITE_PORT: String(port),
        HOST: "127.0.0.1",
        OTKLIK_API_URL: api.url,
        OTKLIK_SITE_API_CACHE_SECONDS: "0",
        // A tile server that does not answer: the map page must stay usable without tiles.
        OTKLIK_MAP_TILE_URL: `http://127.0.0.1:${await freePort()}/{z}/{x}/{y}.png`,
        NODE_ENV: "test",
      },
    });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await api?.stop();
  });

  const open = async (javaScriptEnabled: boolean, options: { width?: number; bypassCSP?: boolean } = {}) => {
    const context: BrowserContext = await browser.newContext({
      javaScriptEnabled,
      // axe-core is injected as a script, which the site's policy (rightly) forbids.
      ...(options.bypassCSP ? { bypassCSP: true } : {}),
      ...(options.width ? { viewport: { width: options.width, height: 900 } } : {}),
    });
    return { context, page: await context.newPage() };
  };

  for (const javaScriptEnabled of [true, false]) {
    const mode = `JavaScript ${javaScriptEnabled ? "on" : "off"}`;

    it(`reads an official statement from the home page (${mode})`, async () => {
      const { context, page } = await open(javaScriptEnabled);
      await page.goto(site.url);
      await page.getByRole("link", { name: STATEMENT_TITLE }).first().click();
      await page.waitForURL(`${site.url}${STATEMENT}`);
      expect(await page.locator("h1").textContent()).toBe(STATEMENT_TITLE);
      expect(await page.getByText("горячая вода будет отключена", { exact: false }).count()).toBe(1);
      await context.close();
    });

    it(`searches and sees the matches highlighted (${mode})`, async () => {
      const { context, page } = await open(javaScriptEnabled);
      await page.goto(site.url);
      await page.getByLabel("Поиск по сайту").fill("горячая вода");
      await page.getByRole("button", { name: "Найти" }).click();
      await page.waitForURL(/\/search\?q=/);
      const marks = await page.locator(".search-results mark").allTextContents();
      expect(marks.map((mark) => mark.toLowerCase())).toEqual(expect.arrayContaining(["горячая", "вода"]));
      expect(await page.locator(".search-results h2 a").first().textContent()).toBe(STATEMENT_TITLE);
      await context.close();
    });

    it(`reports a problem with a photo, follows it by the tracking link and sees the proof of the fix (${mode})`, async () => {
      const { context, page } = await open(javaScriptEnabled);
      await page.goto(`${site.url}/report`);
      await page.getByRole("button", { name: "Отправить сообщение" }).click();
      expect(await page.locator("#error-summary").isVisible()).toBe(true);
      expect(await page.locator("#report-category-error").textContent()).toBe("Выберите, что случилось");

      await page.getByLabel("Что случилось").selectOption("roads");
      await page.getByLabel("Описание").fill("Глубокая яма на перекрёстке Ленина и Щетинкина");
      await page.getByLabel("Адрес или ориентир").fill("ул. Ленина, 70");
      await page.getByLabel("Электронная почта").fill("citizen@example.ru");
      await page.getByLabel("Я даю согласие", { exact: false }).check();
      await page
        .getByLabel("Фотографии (необязательно)")
        .setInputFiles({ name: "yama.jpg", mimeType: "image/jpeg", buffer: SAMPLE_PHOTO_JPEG });
      if (javaScriptEnabled) {
        // The enhancement previews the chosen photo; without JavaScript the form is the same.
        await page.locator("#report-photos-preview img").waitFor();
        expect(await page.locator("#report-photos-preview img").getAttribute("alt")).toBe(
          "Выбранное фото: yama.jpg",
        );
      } else {
        expect(await page.locator("#report-photos-preview li").count()).toBe(0);
      }
      await page.getByRole("button", { name: "Отправить сообщение" }).click();
      await page.waitForURL(/\/track\/[A-Za-z0-9_-]+\?new=1$/);
      const registered = await page.getByTestId("report-sent").textContent();
      expect(registered).toMatch(/зарегистрировано под номером \d{4}-\d{6}/);
      trackingPath = new URL(page.url()).pathname;
      await context.close();

      const later = await open(javaScriptEnabled);
      await later.page.goto(`${site.url}${trackingPath}`);
      expect(await later.page.getByTestId("track-status").textContent()).toBe("Зарегистрировано");
      expect(await later.page.getByTestId("report-sent").count()).toBe(0);
      // The citizen's photo is the desk's: nothing public until staff resolve with a proof photo.
      expect(await later.page.getByTestId("track-proof").count()).toBe(0);
      const token = trackingPath.split("/").pop()!;
      await resolveWithProofPhoto(api.url, token, SAMPLE_PHOTO_JPEG);
      await later.page.reload();
      expect(await later.page.getByTestId("track-status").textContent()).toBe("Решено");
      const proof = later.page.getByRole("img", { name: /^Фото устранения 1 из 1, обращение № \d{4}-\d{6}/ });
      expect(await proof.isVisible()).toBe(true);
      // Loaded through the site's /api forwarding (lazily with JavaScript on: wait for it).
      await expect
        .poll(() => proof.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);
      await later.context.close();
    });

    it(`comments on an open hearing, with a separate consent (${mode})`, async () => {
      const { context, page } = await open(javaScriptEnabled);
      await page.goto(`${site.url}${HEARING}`);
      expect(await page.getByTestId("hearing-phase").textContent()).toBe("Идёт приём замечаний");
      await page.getByLabel("К чему замечание").selectOption("1");
      await page.getByLabel("Замечание или предложение").fill("Согласовывать вывески за 10 рабочих дней");
      await page.getByLabel("Фамилия и имя").fill("Пётр Сидоров");
      await page.getByLabel("Электронная почта").fill("petr@example.ru");
      await page.getByLabel("Я даю согласие", { exact: false }).check();
      await page.getByRole("button", { name: "Отправить замечание" }).click();
      await page.waitForURL(/\?comment=sent/);
      expect(await page.getByTestId("comment-sent").textContent()).toContain("Замечание получено");
      await context.close();
    });

    it(`switches to the version for the visually impaired and back (${mode})`, async () => {
      const { context, page } = await open(javaScriptEnabled);
      await page.goto(`${site.url}${STATEMENT}`);
      await page.getByRole("link", { name: "Версия для слабовидящих" }).click();
      await page.waitForURL(`${site.url}${STATEMENT}`);
      expect(await page.locator("html").getAttribute("data-vision")).toBe("black-on-white");
      expect(await page.evaluate<string>("getComputedStyle(document.documentElement).fontSize")).toBe("24px");
      await page.getByRole("link", { name: "Обычная версия сайта" }).click();
      await page.waitForURL(`${site.url}${STATEMENT}`);
      expect(await page.locator("html").getAttribute("data-vision")).toBeNull();
      await context.close();
    });
  }

  it("keeps the citizen's answers and names the photo when the API refuses it (JavaScript off)", async () => {
    const { context, page } = await open(false);
    await page.goto(`${site.url}/report`);
    await page.getByLabel("Что случилось").selectOption("roads");
    await page.getByLabel("Описание").fill("Яма у школы, но приложен не тот файл");
    await page.getByLabel("Электронная почта").fill("citizen@example.ru");
    await page.getByLabel("Я даю согласие", { exact: false }).check();
    await page
      .getByLabel("Фотографии (необязательно)")
      .setInputFiles({ name: "akt.jpg", mimeType: "image/jpeg", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await page.getByRole("button", { name: "Отправить сообщение" }).click();
    await page.locator("#error-summary").waitFor();
    expect(await page.locator("#report-photos-error").textContent()).toContain(
      "Фото 1 («akt.jpg»): это application/pdf",
    );
    expect(await page.getByLabel("Описание").inputValue()).toBe("Яма у школы, но приложен не тот файл");
    expect(await page.getByLabel("Электронная почта").inputValue()).toBe("citizen@example.ru");
    await context.close();
  });

  it("draws geocoded problems on the map with JavaScript, even without tiles, and keeps the list", async () => {
    const { context, page } = await open(true);
    await page.goto(`${site.url}/map`);
    await page.locator(".leaflet-container").waitFor();
    expect(await page.locator(".leaflet-interactive").count()).toBeGreaterThan(0);
    expect(await page.getByText("Не горит фонарь у остановки").isVisible()).toBe(true);
    await context.close();

    const plain = await open(false);
    await plain.page.goto(`${site.url}/map`);
    expect(await plain.page.locator("#problem-map").isVisible()).toBe(false);
    expect(await plain.page.getByText("Не горит фонарь у остановки").isVisible()).toBe(true);
    await plain.context.close();
  });

  it("has no WCAG 2.1 AA violations on any page type", async () => {
    const { context, page } = await open(true, { bypassCSP: true });
    const pages = [
      "/",
      "/news",
      "/statements",
      STATEMENT,
      HEARING,
      "/search?q=%D0%B2%D0%BE%D0%B4%D0%B0",
      "/handbook",
      "/info",
      "/press",
      "/contacts",
      "/departments",
      "/appeals",
      "/report",
      trackingPath,
      "/fixed",
      "/map",
      "/no-such-page",
    ];
    const found: string[] = [];
    for (const address of pages) {
      await page.goto(`${site.url}${address}`);
      for (const violation of await accessibilityViolations(page)) found.push(`${address}: ${violation}`);
    }
    // A form with errors shown, and the version for the visually impaired.
    await page.goto(`${site.url}/report`);
    await page.getByRole("button", { name: "Отправить сообщение" }).click();
    await page.locator("#error-summary").waitFor();
    for (const violation of await accessibilityViolations(page)) found.push(`/report (errors): ${violation}`);
    for (const scheme of ["black-on-white", "white-on-black", "blue-on-lightblue"]) {
      await page.goto(`${site.url}/settings/vision?value=${scheme}&back=%2F`);
      for (const violation of await accessibilityViolations(page)) found.push(`/ (${scheme}): ${violation}`);
    }
    expect(found).toEqual([]);
    await context.close();
  });

  it("reflows at 200% zoom (640 CSS pixels wide) without horizontal scrolling", async () => {
    const { context, page } = await open(false, { width: 640 });
    for (const address of [
      "/",
      STATEMENT,
      HEARING,
      "/report",
      "/departments",
      trackingPath,
      "/search?q=%D0%B2%D0%BE%D0%B4%D0%B0",
      "/map",
    ]) {
      await page.goto(`${site.url}${address}`);
      const overflow = await page.evaluate<number>(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
      );
      expect(overflow, address).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  it("with the API stopped, still shows pages read before, with a notice, and the form says it cannot be sent", async () => {
    await api.stop();
    const { context, page } = await open(false);
    const response = await page.goto(`${site.url}${STATEMENT}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe(STATEMENT_TITLE);
    expect(await page.getByTestId("stale-notice").textContent()).toContain(
      "Информация может быть устаревшей",
    );
    await page.goto(`${site.url}/report`);
    expect(await page.getByTestId("form-unavailable").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Отправить сообщение" }).isDisabled()).toBe(true);
    await context.close();
  });
});
