// The desk's settings in Chromium as an administrator: categories and routing, the address register, and a
// channel connection whose test call reaches a local server speaking VK's API (packages/channels/test/servers).
import { randomBytes } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import { accessibilityViolations, type ChildServer, launchChromium } from "@otklik/e2e-testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { heading, signIn, startAdmin, startDemoApi } from "../testing/desk-servers.js";

const GROUP_ID = 215_000_001;
const COMMUNITY_TOKEN = "vk1.a.COMMUNITY-e2e-token";

interface LocalVk {
  url: string;
  violations: string[];
  close(): Promise<void>;
}

/** The local VK API of @otklik/channels' tests, loaded at run time so the type check stays in this app. */
async function startLocalVk(): Promise<LocalVk> {
  const file = fileURLToPath(
    new URL("../../../packages/channels/test/servers/vk-server.ts", import.meta.url),
  );
  const module = (await import(pathToFileURL(file).href)) as {
    startVkServer(options: unknown): Promise<LocalVk>;
  };
  return module.startVkServer({
    groupId: GROUP_ID,
    userToken: "vk1.a.USER-e2e",
    communityToken: COMMUNITY_TOKEN,
  });
}

describe(`the desk's settings in Chromium on ${testDatabaseUrl() ? "PostgreSQL" : "PGlite"}: routing, address register, connections`, {
  timeout: 120_000,
}, () => {
  let api: ChildServer;
  let admin: ChildServer;
  let browser: Browser;
  let vk: LocalVk;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = testDatabaseUrl() ? await createTestDatabase({ backend: "postgres" }) : undefined;
    const [startedApi, startedBrowser, startedVk] = await Promise.all([
      // With a channels key: the connection's secrets are sealed with it.
      startDemoApi(database, { OTKLIK_CHANNELS_KEY: randomBytes(32).toString("base64") }),
      launchChromium(),
      startLocalVk(),
    ]);
    api = startedApi;
    browser = startedBrowser;
    vk = startedVk;
    admin = await startAdmin(api.url);
  }, 240_000);
  afterAll(async () => {
    expect(vk?.violations ?? []).toEqual([]);
    await browser?.close();
    await admin?.stop();
    await api?.stop();
    await vk?.close();
    await database?.close();
  });

  const signedIn = (at: string): Promise<Page> => signIn(browser, admin.url, "admin@demo.otklik.ru", at);

  const settingsNav = (page: Page) => page.getByRole("navigation", { name: "Разделы настроек" });

  it("routes trade to a department, which clears the warning of a key without one", async () => {
    const page = await signedIn("/settings");
    await settingsNav(page).getByRole("link", { name: "Категории и маршрутизация" }).click();
    await heading(page).getByText("Категории и маршрутизация").waitFor();
    // The demo has no consumer-market department: trade's incidents would stay unassigned.
    await page
      .getByTestId("unrouted-keys")
      .getByText(/«consumer-market»: обращения категорий «Торговля»/)
      .waitFor();
    await page.getByTestId("route-roads-department").getByText("Управление ЖКХ").waitFor();
    await page.getByTestId("route-roads").getByText("Roads", { exact: true }).waitFor();
    await page
      .getByTestId("route-healthcare-department")
      .getByText(/другое ведомство/)
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const trade = page.getByRole("form", { name: "Маршрут категории «Торговля»" });
    await trade
      .getByLabel("Управление для категории «Торговля»")
      .selectOption({ label: "Управление транспорта" });
    await trade.getByRole("button", { name: "Сохранить" }).click();
    await page
      .getByRole("status")
      .getByText("Сохранено: ключ «consumer-market» → Управление транспорта")
      .waitFor();
    await page.getByTestId("route-trade-department").getByText("Управление транспорта").waitFor();
    await expect.poll(() => page.getByTestId("unrouted-keys").count()).toBe(0);
    // It stays after a reload: the API keeps it.
    await page.reload();
    await page.getByTestId("route-trade-department").getByText("Управление транспорта").waitFor();
    await page.context().close();
  });

  it("imports a small CSV with one bad line, shows the counts and the line, and looks an address up", async () => {
    const page = await signedIn("/settings/address-register");
    await heading(page).getByText("Адресный реестр").waitFor();
    await page.getByTestId("register-size").getByText("Адресов в реестре: 0").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel("Файл CSV").setInputFiles({
      name: "abakan.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "улица;дом;широта;долгота\nЩетинкина;12;53,7203;91,4426\nпр-т Ленина;70;53,7188;91,4291\nКрылова;;53,70;91,39\n",
      ),
    });
    await page.getByRole("button", { name: "Импортировать" }).click();
    await page.getByTestId("import-status").getByText("Импорт завершён: обработано адресов 2").waitFor();
    expect(await page.getByTestId("import-imported").textContent()).toBe("2");
    expect(await page.getByTestId("import-updated").textContent()).toBe("0");
    expect(await page.getByTestId("import-rejected").textContent()).toBe("1");
    const rejected = page.getByTestId("rejected-lines").getByRole("row", { name: /^4 / });
    await rejected.getByText("Нет улицы или дома").waitFor();
    await page.getByTestId("register-size").getByText("Адресов в реестре: 2").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel("Адрес", { exact: true }).fill("ул. Щетинкина, 12");
    await page.getByRole("button", { name: "Найти" }).click();
    await page.getByTestId("lookup-result").getByText("Найдено: Щетинкина, 12 — 53.7203, 91.4426").waitFor();
    await page.getByLabel("Адрес", { exact: true }).fill("ул. Щетинкина, 99");
    await page.getByRole("button", { name: "Найти" }).click();
    await page
      .getByTestId("lookup-result")
      .getByText(/^Не найдено в реестре/)
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("adds a VK connection with write-only secrets and runs its test call against the local VK API", async () => {
    const page = await signedIn("/settings/connections");
    await heading(page).getByText("Подключения каналов").waitFor();
    await page.getByText("Подключений пока нет.").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const form = page.getByRole("form", { name: "Новое подключение" });
    await form.getByLabel("Площадка").selectOption({ label: "ВКонтакте" });
    await form.getByLabel("Название").fill("Абакан официальный — ВКонтакте");
    await form.getByLabel("ID сообщества или группы").fill(String(GROUP_ID));
    await form.getByLabel(/^Адрес API/).fill(vk.url);
    await form.getByLabel("Ключ сообщества", { exact: true }).fill(COMMUNITY_TOKEN);
    await form.getByLabel("Секрет Callback API").fill("callback-e2e-secret");
    await form.getByLabel("Строка подтверждения Callback API").fill("e2e-confirm");
    await form.getByRole("button", { name: "Добавить подключение" }).click();
    await page
      .getByRole("status")
      .getByText("Сохранено: «Абакан официальный — ВКонтакте». Проверьте подключение.")
      .waitFor();

    const row = page.getByTestId("connection-Абакан официальный — ВКонтакте");
    await row.getByTestId("connection-health").getByText("Не проверено").waitFor();
    // The secrets are masked; their values never reach the page.
    await row.getByText("Ключ сообщества: ********").waitFor();
    expect(await page.content()).not.toContain(COMMUNITY_TOKEN);
    expect(await accessibilityViolations(page)).toEqual([]);

    await row.getByRole("button", { name: "Проверить подключение «Абакан официальный — ВКонтакте»" }).click();
    await page
      .getByRole("status")
      .getByText("Проверка «Абакан официальный — ВКонтакте»: исправно (Абакан официальный)")
      .waitFor();
    await row.getByTestId("connection-health").getByText("Исправно").waitFor();
    // The check time in the city's time zone (Asia/Krasnoyarsk), as «дд.мм.гггг, чч:мм:сс».
    const checked = (await row.getByTestId("connection-checked").textContent()) ?? "";
    const cityDate = new Intl.DateTimeFormat("ru-RU", {
      timeZone: "Asia/Krasnoyarsk",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
    }).format(new Date());
    expect(checked.startsWith(cityDate)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);

    // An edit keeps the stored secrets when their fields stay empty: the test call still succeeds.
    await row.getByRole("button", { name: "Изменить подключение «Абакан официальный — ВКонтакте»" }).click();
    const edit = page.getByRole("form", { name: "Изменение подключения «Абакан официальный — ВКонтакте»" });
    expect(await edit.getByLabel("Ключ сообщества", { exact: true }).inputValue()).toBe("");
    await edit.getByLabel("Название").fill("ВКонтакте");
    await edit.getByRole("button", { name: "Сохранить" }).click();
    const renamed = page.getByTestId("connection-ВКонтакте");
    await renamed.getByTestId("connection-health").getByText("Не проверено").waitFor();
    await renamed.getByRole("button", { name: "Проверить подключение «ВКонтакте»" }).click();
    await renamed.getByTestId("connection-health").getByText("Исправно").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
