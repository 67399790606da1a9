import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../testing/browser.js";
import { type ChildServer, freePort, startApi, startNodeServer } from "../testing/processes.js";

const ADMIN_ENTRY = path.resolve(import.meta.dirname, "../dist/server/main.js");

describe("the admin in Chromium, served by the built admin server and API", () => {
  let api: ChildServer;
  let admin: ChildServer;
  let browser: Browser;

  beforeAll(async () => {
    const [startedApi, port, startedBrowser] = await Promise.all([startApi(), freePort(), launchChromium()]);
    api = startedApi;
    browser = startedBrowser;
    admin = await startNodeServer({
      name: "admin",
      entry: ADMIN_ENTRY,
      port,
      readyPath: "/",
      env: { ADMIN_PORT: String(port), HOST: "127.0.0.1", OTKLIK_API_URL: api.url, NODE_ENV: "test" },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await api?.stop();
  });

  it("shows the API's health, version and database, in Russian first", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(admin.url);
    await page.getByTestId("api-health").getByText("Работает").waitFor();
    expect(await page.getByTestId("api-version").textContent()).toBe("0.1.0");
    expect(await page.getByTestId("api-database").textContent()).toBe("Готова (PGlite)");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Состояние системы");
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    await context.close();
  });

  it("switches to English and remembers the choice", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(admin.url);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByTestId("api-health").getByText("Working").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.reload();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("System status");
    await context.close();
  });

  it("serves the SPA on its own routes after a reload", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${admin.url}/incidents`);
    expect(response?.status()).toBe(200);
    await page.getByTestId("api-version").getByText("0.1.0").waitFor();
    await context.close();
  });

  it("exits with 0 on SIGTERM after finishing its work", async () => {
    expect(await admin.stop()).toBe(0);
  });
});
