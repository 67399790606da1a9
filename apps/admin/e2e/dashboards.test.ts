import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import { accessibilityViolations, type ChildServer, launchChromium } from "@otklik/e2e-testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformIncident } from "../testing/desk-seed.js";
import { signIn, startAdmin, startDemoApi } from "../testing/desk-servers.js";

describe(`dashboards and the report in Chromium on ${testDatabaseUrl() ? "PostgreSQL" : "PGlite"}`, {
  timeout: 150_000,
}, () => {
  let api: ChildServer;
  let admin: ChildServer;
  let browser: Browser;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = testDatabaseUrl() ? await createTestDatabase({ backend: "postgres" }) : undefined;
    const [startedApi, startedBrowser] = await Promise.all([startDemoApi(database), launchChromium()]);
    api = startedApi;
    browser = startedBrowser;
    admin = await startAdmin(api.url);
    // Three incidents today, so the charts and tables have something to show.
    await platformIncident(api.url, {
      id: "dash-1",
      text: "Яма на дороге по улице Пушкина 15",
      minutesAgo: 90,
    });
    await platformIncident(api.url, {
      id: "dash-2",
      text: "Не горят фонари во дворе дома Ленина 40",
      minutesAgo: 30,
    });
    await platformIncident(api.url, {
      id: "dash-3",
      text: "Не вывозят мусор у дома Советская 20",
      minutesAgo: 5,
    });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await api?.stop();
    await database?.close();
  });

  const signedIn = (email: string, at: string): Promise<Page> =>
    signIn(browser, admin.url, email, at, { context: { acceptDownloads: true } });

  it("shows every chart with its data table and CSV link, filtered by period, without WCAG violations", async () => {
    const page = await signedIn("analyst@demo.otklik.ru", "/dashboards");
    await page.getByRole("heading", { level: 1, name: "Дашборды" }).waitFor();
    for (const id of ["per-day", "deadlines", "reply-times", "load", "publications", "heat"]) {
      await page.getByTestId(`dashboard-${id}`).waitFor();
    }
    // uPlot drew its canvases; each is named for screen readers and backed by a table.
    await expect.poll(() => page.locator(".chart canvas").count()).toBeGreaterThanOrEqual(5);
    const perDay = page.getByTestId("dashboard-per-day");
    await perDay.getByText("Таблица данных").click();
    const totals = await perDay.locator("tbody tr td:last-child").allTextContents();
    expect(totals.map(Number).reduce((sum, value) => sum + value, 0)).toBe(3);
    const csv = await perDay.getByRole("link", { name: /Скачать CSV/ }).getAttribute("href");
    expect(csv).toBe("/api/v1/dashboards/incidents-per-day?format=csv");
    const download = await page.evaluate(async (href) => {
      const response = await fetch(href ?? "");
      return { type: response.headers.get("content-type"), text: await response.text() };
    }, csv);
    expect(download.type).toMatch(/^text\/csv/);
    expect(download.text).toContain("Дата / Date");
    // The heat map is a table whose cells say their numbers.
    const heat = page.getByTestId("dashboard-heat");
    await heat.getByRole("table").waitFor();
    const cells = await heat.locator("tbody td").allTextContents();
    expect(cells).toHaveLength(7 * 24);
    expect(cells.map(Number).reduce((sum, value) => sum + value, 0)).toBe(3);
    expect(await accessibilityViolations(page)).toEqual([]);

    // A period in the address: the figures and the CSV follow it.
    await page.getByLabel("С", { exact: true }).fill("2020-01-01");
    await page.getByLabel("По", { exact: true }).fill("2020-01-31");
    await page.getByRole("button", { name: "Показать" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("from")).toBe("2020-01-01");
    await expect
      .poll(() => perDay.getByRole("link", { name: /Скачать CSV/ }).getAttribute("href"))
      .toBe("/api/v1/dashboards/incidents-per-day?from=2020-01-01&to=2020-01-31&format=csv");
    await expect.poll(() => page.getByTestId("median").textContent()).toBe("—");
    await page.close();
  });

  it("makes the monthly report, shows its progress and offers DOCX, XLSX and CSV", async () => {
    const page = await signedIn("analyst@demo.otklik.ru", "/report");
    await page.getByRole("heading", { level: 1, name: "Отчёт" }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel("Месячный").check();
    await page.getByRole("button", { name: "Сформировать" }).click();
    const run = page.getByTestId("report-run");
    await run.waitFor();
    await expect
      .poll(() => run.getByTestId("report-status").textContent(), { timeout: 60_000 })
      .toBe("Готов");
    expect(await run.locator("progress").getAttribute("value")).toBe("11");
    await run.getByText("Выполнено шагов: 11 из 11").waitFor();
    const links = await run
      .getByRole("link")
      .evaluateAll((anchors) =>
        anchors.map((anchor) =>
          (anchor as unknown as { getAttribute(name: string): string }).getAttribute("href"),
        ),
      );
    expect(links.map((href) => href.split("/").at(-1))).toEqual(["docx", "xlsx", "csv"]);
    const docx = await page.evaluate(async (href) => {
      const response = await fetch(href);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, zip: String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0) };
    }, links[0] ?? "");
    expect(docx).toEqual({ status: 200, zip: "PK" });
    // The list of recent reports shows it too.
    await page.getByRole("heading", { name: "Последние отчёты" }).waitFor();
    await expect.poll(() => page.locator(".report table tbody tr").count()).toBeGreaterThanOrEqual(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
