// The desk's settings in Chromium as an administrator: categories and routing, the address register, and a
// channel connection whose test call reaches a local server speaking VK's API (packages/channels/test/servers).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import {
  API_ENTRY,
  accessibilityViolations,
  type ChildServer,
  freePort,
  launchChromium,
  startNodeServer,
} from "@otklik/e2e-testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ADMIN_ENTRY = path.resolve(import.meta.dirname, "../dist/server/main.js");
const DEMO_PASSWORD = "otklik-demo";
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

/** The real API with the demo data and a channels key, on PGlite in memory or a fresh PostgreSQL database. */
async function startApi(database: TestDatabase | undefined): Promise<ChildServer> {
  const port = await freePort();
  return startNodeServer({
    name: "API",
    entry: API_ENTRY,
    port,
    readyPath: "/api/ready",
    timeoutMs: 180_000,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      OTKLIK_DATA_DIR: "memory://",
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
      OTKLIK_DEMO: "1",
      OTKLIK_CHANNELS_KEY: randomBytes(32).toString("base64"),
      OTKLIK_RATE_LIMITS: "0",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
    },
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
    const [startedApi, port, startedBrowser, startedVk] = await Promise.all([
      startApi(database),
      freePort(),
      launchChromium(),
      startLocalVk(),
    ]);
    api = startedApi;
    browser = startedBrowser;
    vk = startedVk;
    admin = await startNodeServer({
      name: "admin",
      entry: ADMIN_ENTRY,
      port,
      readyPath: "/",
      timeoutMs: 120_000,
      env: { ADMIN_PORT: String(port), HOST: "127.0.0.1", OTKLIK_API_URL: api.url, NODE_ENV: "test" },
    });
  }, 240_000);
  afterAll(async () => {
    expect(vk?.violations ?? []).toEqual([]);
    await browser?.close();
    await admin?.stop();
    await api?.stop();
    await vk?.close();
    await database?.close();
  });

  async function signedIn(at: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${admin.url}${at}`);
    await page.getByLabel("Электронная почта").fill("admin@demo.otklik.ru");
    await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByTestId("account").waitFor();
    return page;
  }

  const heading = (page: Page) => page.getByRole("heading", { level: 1 });
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
