import path from "node:path";
// The database helper of @otklik/db (a fresh PostgreSQL database per run), read from its build.
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import { accessibilityViolations, type ChildServer, launchChromium } from "@otklik/e2e-testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startAdmin, startDemoApi } from "../testing/desk-servers.js";

/** data.gov.ru's production calendar for 2026, the fixture of @otklik/incidents' parser tests. */
const PRODUCTION_CALENDAR = path.resolve(
  import.meta.dirname,
  "../../../packages/incidents/src/sla-settings/fixtures/production-calendar-2026.csv",
);

describe(`SLA policy and calendars in the admin on ${testDatabaseUrl() ? "PostgreSQL" : "PGlite"}`, {
  timeout: 120_000,
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
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await api?.stop();
    await database?.close();
  });

  const signedIn = (at: string): Promise<Page> => signIn(browser, admin.url, "admin@demo.otklik.ru", at);

  /** The platform's answer deadline the preview shows, on the city's clock (`YYYY-MM-DD HH:mm`). */
  const answerDue = (page: Page, local: string) =>
    page.locator(`[data-metric="platform-answer"] td[data-due-local="${local}"]`).waitFor();

  it("imports the production calendar, adds a regional day, sees the deadline move and saves a policy version", async () => {
    const page = await signedIn("/settings/sla-policy");
    await page.getByRole("heading", { level: 1, name: "Политика SLA" }).waitFor();
    await page.getByTestId("current-version").getByText("Действует версия 1").waitFor();
    // Thursday 2 July 2026, 10:00 in Abakan: 9 working hours run out on Friday 3 July at 11:00.
    await page.getByLabel("Обращение получено (время города)").fill("2026-07-02T10:00");
    await answerDue(page, "2026-07-03 11:00");
    expect(await page.locator('[data-metric="platform-answer"] td').last().textContent()).toBe(
      "03.07.2026 11:00",
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    // The calendars: import data.gov.ru's file into the working calendar.
    await page
      .getByRole("navigation", { name: "Разделы настроек" })
      .getByRole("link", { name: "Календари" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Календари" }).waitFor();
    await page.getByLabel("Файл CSV").setInputFiles(PRODUCTION_CALENDAR);
    await page.getByRole("button", { name: "Импортировать" }).click();
    await page
      .getByRole("status")
      .getByText(/Импортировано: 2026 — 18 дн\. \(рабочих дней в году: 247\)/)
      .waitFor();

    // Khakassia's Day of the Republic, 3 July, by hand: the month view jumps to July and marks the day.
    await page.getByLabel("Дата", { exact: true }).fill("2026-07-03");
    await page.getByLabel("Название или основание").fill("День Республики Хакасия");
    await page.getByRole("button", { name: "Добавить день" }).click();
    await page.getByRole("status").getByText("День 03.07.2026 сохранён.").waitFor();
    await page.getByRole("heading", { name: /Месяц: июль 2026/ }).waitFor();
    const july3 = page.locator('td[data-date="2026-07-03"]');
    await expect.poll(() => july3.getAttribute("data-kind")).toBe("non-working");
    expect(await july3.getAttribute("class")).toContain("day-stored");
    expect(await july3.textContent()).toContain("вых");
    const stored = page.getByTestId("stored-days").locator('tr[data-date="2026-07-03"]');
    expect(await stored.textContent()).toContain("региональный");
    // The file's holidays are there too: 12 June in the month before.
    await page.getByRole("button", { name: "Предыдущий месяц" }).click();
    await page.getByRole("heading", { name: /Месяц: июнь 2026/ }).waitFor();
    await expect
      .poll(() => page.locator('td[data-date="2026-06-12"]').getAttribute("data-kind"))
      .toBe("non-working");
    await expect
      .poll(() => page.locator('td[data-date="2026-06-11"]').getAttribute("data-kind"))
      .toBe("shortened");
    expect(await accessibilityViolations(page)).toEqual([]);

    // Back to the policy: the same incident is now due on Monday 6 July, the holiday and the weekend skipped.
    await page
      .getByRole("navigation", { name: "Разделы настроек" })
      .getByRole("link", { name: "Политика SLA" })
      .click();
    await page.getByLabel("Обращение получено (время города)").fill("2026-07-02T10:00");
    await answerDue(page, "2026-07-06 11:00");

    // A broken draft names the problem by its path; the preview waits for a valid one.
    const editor = page.getByLabel("Политика (JSON)");
    const original = await editor.inputValue();
    await editor.fill(original.replace('"name": "default"', '"name": ""'));
    await page.getByTestId("policy-problems").getByText("policy.rules.3.name").waitFor();
    expect(await editor.getAttribute("aria-invalid")).toBe("true");
    await editor.fill("{ not json");
    await page
      .getByTestId("policy-problems")
      .getByText(/Это не JSON/)
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Ten working hours instead of nine: the preview says Monday 12:00; saving makes version 2.
    expect(original.match(/"amount": 540/g)).toHaveLength(1);
    await editor.fill(original.replace('"amount": 540', '"amount": 600'));
    await answerDue(page, "2026-07-06 12:00");
    await page.getByLabel("Комментарий к версии").fill("Ответ на платформе — 10 рабочих часов");
    await page.getByRole("button", { name: "Сохранить новую версию" }).click();
    await page.getByTestId("current-version").getByText("Действует версия 2").waitFor();
    const versions = page.getByTestId("policy-versions").locator("li");
    await expect.poll(() => versions.count()).toBe(2);
    expect(await versions.first().textContent()).toContain("Ответ на платформе — 10 рабочих часов");
    await answerDue(page, "2026-07-06 12:00");
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
