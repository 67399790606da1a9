// The database helper of @otklik/db (a fresh PostgreSQL database per run), read from its build.
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import { accessibilityViolations, type ChildServer, launchChromium } from "@otklik/e2e-testing";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformIncident } from "../testing/desk-seed.js";
import { apiSetUp, heading, signIn, startAdmin, startDemoApi } from "../testing/desk-servers.js";

const HEAD = "head@demo.otklik.ru";

describe(`notifications in the admin on ${testDatabaseUrl() ? "PostgreSQL" : "PGlite"}: badge, list, preferences, templates`, {
  timeout: 120_000,
}, () => {
  let api: ChildServer;
  let admin: ChildServer;
  let browser: Browser;
  let database: TestDatabase | undefined;
  const assigned: { id: string; number: string }[] = [];

  beforeAll(async () => {
    database = testDatabaseUrl() ? await createTestDatabase({ backend: "postgres" }) : undefined;
    const [startedApi, startedBrowser] = await Promise.all([startDemoApi(database), launchChromium()]);
    api = startedApi;
    browser = startedBrowser;
    admin = await startAdmin(api.url);
    // The head of housing starts with nothing unread; then an operator routes three incidents to housing,
    // and the API's relay turns each assignment into the head's notification.
    const head = await apiSetUp(api.url, HEAD);
    await head("POST", "/api/v1/notifications/read-all");
    const operator = await apiSetUp(api.url, "operator@demo.otklik.ru");
    const departments = await operator<{ items: { id: string; shortName: string }[] }>(
      "GET",
      "/api/v1/departments?limit=100",
    );
    const housing = departments.items.find((department) => department.shortName === "Управление ЖКХ");
    if (!housing) throw new Error("no housing department in the demo data");
    const texts = [
      "Прорвало трубу во дворе дома Советская 20, вода заливает подвал",
      "Не вывозят мусор с площадки у дома Щетинкина 12 уже неделю",
      "Во дворе дома Пушкина 7 не горят фонари, вечером темно",
    ];
    for (const [index, text] of texts.entries()) {
      const id = await platformIncident(api.url, { id: `e2e-notify-${index}`, text });
      await operator("POST", `/api/v1/incidents/${id}/transitions`, {
        type: "assign",
        departmentKey: housing.id,
      });
      const { number } = await operator<{ number: string }>("GET", `/api/v1/incidents/${id}`);
      assigned.push({ id, number });
    }
    // expect.poll works in tests only: wait here by hand.
    const deadline = Date.now() + 60_000;
    let unread = 0;
    while (Date.now() < deadline) {
      unread = (await head<{ unreadCount: number }>("GET", "/api/v1/notifications/unread-count")).unreadCount;
      if (unread >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (unread !== 3) throw new Error(`the head has ${unread} unread notifications, not 3`);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await api?.stop();
    await database?.close();
  });

  const signedIn = (email: string, at: string): Promise<Page> => signIn(browser, admin.url, email, at);

  const badge = (page: Page) => page.getByTestId("notification-badge");
  /** The subject link of a listed notification («Новое обращение <number> для …»), in its heading. */
  const subjectLink = (item: Locator) => item.getByRole("heading").getByRole("link");
  /**
   * The incident a listed notification is about, by the number in its subject. (When the relay handles
   * the assignment before the incident's creation, the subject names the incident's id instead.)
   */
  const incidentOf = async (item: Locator) => {
    const named = /Новое обращение (\S+) для/.exec((await subjectLink(item).textContent()) ?? "")?.[1];
    return assigned.find((incident) => incident.number === named || incident.id === named);
  };

  it("shows a head the unread count, lists the notifications, marks them read and the count drops", async () => {
    const page = await signedIn(HEAD, "/");
    // The badge's name says the count with the Russian plural form; the count itself is only a picture.
    await page.getByRole("link", { name: "Уведомления: 3 непрочитанных", exact: true }).waitFor();
    expect(await badge(page).locator(".notification-count").textContent()).toBe("3");
    expect(await badge(page).locator("xpath=..").getAttribute("aria-live")).toBe("polite");
    expect(await accessibilityViolations(page)).toEqual([]);

    await badge(page).click();
    await heading(page).getByText("Уведомления").waitFor();
    const items = page.getByTestId("notification");
    await expect.poll(() => items.count()).toBe(3);
    await page.getByTestId("unread-count").getByText("Непрочитанных: 3.").waitFor();
    // One for each assignment, newest first; unread is said in words, not by colour only.
    const listed = await Promise.all([0, 1, 2].map((index) => incidentOf(items.nth(index))));
    expect(new Set(listed)).toEqual(new Set(assigned));
    const received = await items.evaluateAll((elements) =>
      elements.map((element) => element.querySelector("time")?.getAttribute("datetime") ?? ""),
    );
    expect(received).toEqual(received.toSorted().reverse());
    const first = items.first();
    expect(await first.getAttribute("data-read")).toBe("false");
    await first.getByText("Новое", { exact: true }).waitFor();
    // The time is on the city's clock.
    const time = first.locator("time").first();
    const instant = new Date((await time.getAttribute("datetime")) ?? "");
    const krasnoyarsk = new Date(instant.getTime() + 7 * 3600_000);
    const hoursMinutes = `${String(krasnoyarsk.getUTCHours()).padStart(2, "0")}:${String(krasnoyarsk.getUTCMinutes()).padStart(2, "0")}`;
    expect(await time.textContent()).toContain(hoursMinutes);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Mark one read: it says «Прочитано», the list and the header both count two.
    await first
      .getByRole("button", { name: `Отметить прочитанным: ${await subjectLink(first).textContent()}` })
      .click();
    await page.getByRole("status").getByText("Отмечено прочитанным").waitFor();
    await expect.poll(() => first.getAttribute("data-read")).toBe("true");
    await page.getByTestId("unread-count").getByText("Непрочитанных: 2.").waitFor();
    await page.getByRole("link", { name: "Уведомления: 2 непрочитанных", exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Only the unread ones.
    await page.getByLabel("Только непрочитанные").check();
    await expect.poll(() => items.count()).toBe(2);
    await page.getByLabel("Только непрочитанные").uncheck();
    await expect.poll(() => items.count()).toBe(3);

    // Open one: its deliveries per channel, and the link to its incident.
    const opened = await incidentOf(items.nth(1));
    const openedSubject = (await subjectLink(items.nth(1)).textContent()) ?? "";
    await subjectLink(items.nth(1)).click();
    await heading(page).getByText(openedSubject).waitFor();
    const deliveries = page.getByTestId("deliveries");
    await deliveries.locator('tr[data-channel="in_app"]').getByText("Доставлено").waitFor();
    await deliveries.locator('tr[data-channel="email"]').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Отметить прочитанным" }).click();
    await page.getByRole("link", { name: "Уведомления: 1 непрочитанное", exact: true }).waitFor();
    await page.getByRole("link", { name: /^Открыть обращение/ }).click();
    await heading(page).getByText(`Обращение ${opened?.number}`).waitFor();

    // Mark all read from the list: nothing unread, the badge says so.
    await badge(page).click();
    await page.getByRole("button", { name: "Отметить все прочитанными" }).click();
    await page.getByRole("status").getByText("Отмечено прочитанными: 1").waitFor();
    await page.getByRole("link", { name: "Уведомления: непрочитанных нет", exact: true }).waitFor();
    expect(await badge(page).locator(".notification-count").count()).toBe(0);
    await page.context().close();
  });

  it("keeps a head's preferences: digest, channels and quiet hours on the city's clock survive a reload", async () => {
    const page = await signedIn(HEAD, "/notifications/preferences");
    await heading(page).getByText("Настройки уведомлений").waitFor();
    await page.getByText("Asia/Krasnoyarsk, GMT+7").first().waitFor();
    // A critical kind is locked, with the reason.
    const breach = page.getByRole("group", { name: "Срок нарушен" });
    await breach.getByText("Критичное: нельзя отключить").waitFor();
    expect(await breach.getByLabel("Эл. почта").isDisabled()).toBe(true);
    expect(await breach.getByLabel("Эл. почта").isChecked()).toBe(true);
    expect(await breach.getByLabel(/ежедневную сводку/).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel("Не присылать в тихие часы (кроме критичных)").check();
    await page.locator("#pref-quiet-from").fill("21:30");
    await page.locator("#pref-quiet-to").fill("07:45");
    const assignedKind = page.getByRole("group", { name: "Обращение передано управлению" });
    await assignedKind.getByLabel("Собирать в ежедневную сводку вместо мгновенных").check();
    await assignedKind.getByLabel("Telegram").check();
    // The same time twice is refused by the API, on its field.
    const warning = page.getByRole("group", { name: "Срок скоро истекает" });
    await warning.getByLabel("Тихие часы").selectOption("own");
    await page.locator("#pref-sla_warning-quiet-times-from").fill("23:00");
    await page.locator("#pref-sla_warning-quiet-times-to").fill("23:00");
    await page.getByRole("button", { name: "Сохранить настройки" }).click();
    await page.getByRole("alert").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator("#pref-sla_warning-quiet-times-to").fill("06:00");
    await page.getByRole("button", { name: "Сохранить настройки" }).click();
    await page.getByRole("status").getByText("Настройки сохранены").waitFor();

    await page.reload();
    await heading(page).getByText("Настройки уведомлений").waitFor();
    await page.locator("#pref-quiet-from").waitFor();
    expect(await page.locator("#pref-quiet-from").inputValue()).toBe("21:30");
    expect(await page.locator("#pref-quiet-to").inputValue()).toBe("07:45");
    const reloaded = page.getByRole("group", { name: "Обращение передано управлению" });
    expect(await reloaded.getByLabel("Собирать в ежедневную сводку вместо мгновенных").isChecked()).toBe(
      true,
    );
    expect(await reloaded.getByLabel("Telegram").isChecked()).toBe(true);
    expect(await page.locator("#pref-sla_warning-quiet").inputValue()).toBe("own");
    expect(await page.locator("#pref-sla_warning-quiet-times-to").inputValue()).toBe("06:00");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("lets an administrator preview a template edit, save it as a version, and read the delivery log", async () => {
    const page = await signedIn("admin@demo.otklik.ru", "/settings");
    await page.getByRole("link", { name: "Шаблоны уведомлений" }).click();
    await heading(page).getByText("Шаблоны уведомлений").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Изменить: Обращение передано управлению, Русский" }).click();
    const editor = page.getByRole("region", { name: "Шаблон: Обращение передано управлению, Русский" });
    await editor.getByText("{number}, {department}, {dueAt}", { exact: false }).waitFor();
    const subject = editor.getByLabel("Тема");
    await subject.fill("Срочно: обращение {number} для «{department}»");
    // The preview follows the draft, with the kind's sample data.
    await expect
      .poll(() => editor.getByTestId("preview-subject").textContent())
      .toBe("Срочно: обращение А-2026-0042 для «Управление ЖКХ»");
    expect(await accessibilityViolations(page)).toEqual([]);
    // A variable the kind does not have: the preview says so, and saving is refused.
    await subject.fill("Срочно: {nonsense}");
    await editor.getByTestId("preview-error").getByText("неизвестную переменную «nonsense»").waitFor();
    await editor.getByRole("button", { name: "Сохранить новую версию" }).click();
    await editor
      .getByRole("alert")
      .getByText(/Неизвестные переменные: nonsense/)
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await subject.fill("Срочно: обращение {number} для «{department}»");
    await editor.getByRole("button", { name: "Сохранить новую версию" }).click();
    await editor.getByRole("status").getByText("Сохранена версия 2").waitFor();
    const versions = editor.getByTestId("template-versions");
    await expect.poll(() => versions.getByRole("listitem").count()).toBe(2);
    await versions.getByText("Версия 1").waitFor();
    await page.getByTestId("templates").getByText("(Версия 2)").waitFor();
    // The built-in text can be taken back as the start of the next version.
    await versions.getByRole("button", { name: "Взять за основу: Версия 1" }).click();
    expect(await subject.inputValue()).toBe("Новое обращение {number} для «{department}»");
    expect(await accessibilityViolations(page)).toEqual([]);

    // A plural in the preview: 5 замечаний.
    await page
      .getByRole("button", { name: "Изменить: Замечание к обсуждению на модерацию, Русский" })
      .click();
    const hearing = page.getByRole("region", {
      name: "Шаблон: Замечание к обсуждению на модерацию, Русский",
    });
    await hearing
      .getByLabel("Текст")
      .fill(
        "Ждут: {count, plural, one {# замечание} few {# замечания} many {# замечаний} other {# замечания}}.",
      );
    await expect.poll(() => hearing.getByTestId("preview-body").textContent()).toBe("Ждут: 5 замечаний.");

    // The delivery log: the head's three assignments, in-app delivered; filtered by state.
    await page.getByRole("link", { name: "Доставка уведомлений" }).click();
    await heading(page).getByText("Журнал доставки уведомлений").waitFor();
    const log = page.getByTestId("delivery-log");
    await log.locator("tbody tr").first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel("Состояние").selectOption({ label: "Доставлено" });
    await page.getByLabel("Канал").selectOption({ label: "В приложении" });
    await page.getByLabel("Вид").selectOption({ label: "Обращение передано управлению" });
    await page.getByRole("button", { name: "Показать" }).click();
    await expect.poll(() => log.locator("tbody tr").count()).toBe(3);
    expect(
      new Set(
        await log
          .locator("tbody tr")
          .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-state"))),
      ),
    ).toEqual(new Set(["delivered"]));
    await log.getByText("Руководитель ЖКХ Демо").first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
