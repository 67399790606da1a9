import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
// The database helper of @otklik/db (a fresh PostgreSQL database per run), read from its build.
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import { accessibilityViolations, type ChildServer, freePort, launchChromium } from "@otklik/e2e-testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformIncident } from "../testing/desk-seed.js";
import { apiSetUp, heading, signIn, startAdmin, startDemoApi } from "../testing/desk-servers.js";

const CITY_TIME_ZONE = "Asia/Krasnoyarsk";
// The smallest PNG there is (1×1): what the test's tile server answers for every tile.
const TILE_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** A tile server on this machine: the tiny PNG for any `/tiles/{z}/{x}/{y}.png`, counting what it served. */
async function startTileServer(): Promise<{ server: Server; url: string; served: () => number }> {
  let served = 0;
  const server = createServer((request, response) => {
    if (!request.url?.startsWith("/tiles/")) {
      response.writeHead(404).end();
      return;
    }
    served += 1;
    response.writeHead(200, { "content-type": "image/png", "cache-control": "no-store" }).end(TILE_PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png`, served: () => served };
}

const cityDay = (instant: number) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: CITY_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);

/** Minutes from `instant` to the next midnight on the city's calendar. */
function minutesToCityMidnight(instant: number): number {
  let minutes = 1;
  while (cityDay(instant + minutes * 60_000) === cityDay(instant)) minutes += 1;
  return minutes - 1;
}

interface MapAnswer {
  items: { id: string; number: string; lat: number | null; dueAt: string | null }[];
  notOnMap: number;
}

describe(`the map and the department view in Chromium on ${testDatabaseUrl() ? "PostgreSQL" : "PGlite"}`, {
  timeout: 120_000,
}, () => {
  let api: ChildServer;
  let admin: ChildServer;
  let adminWithoutTiles: ChildServer;
  let tiles: Awaited<ReturnType<typeof startTileServer>>;
  let browser: Browser;
  let database: TestDatabase | undefined;
  let transportId = "";
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    database = testDatabaseUrl() ? await createTestDatabase({ backend: "postgres" }) : undefined;
    const [startedApi, startedTiles, unreachablePort, startedBrowser] = await Promise.all([
      startDemoApi(database),
      startTileServer(),
      freePort(),
      launchChromium(),
    ]);
    api = startedApi;
    tiles = startedTiles;
    browser = startedBrowser;
    const tilesAt = (tileUrl: string) => ({
      OTKLIK_MAP_TILE_URL: tileUrl,
      OTKLIK_MAP_ATTRIBUTION: "© Тестовая подложка",
    });
    [admin, adminWithoutTiles] = await Promise.all([
      startAdmin(api.url, tilesAt(tiles.url)),
      // Nothing listens on this port: every tile fails.
      startAdmin(api.url, tilesAt(`http://127.0.0.1:${unreachablePort}/tiles/{z}/{x}/{y}.png`)),
    ]);

    const operator = await apiSetUp(api.url, "operator@demo.otklik.ru");
    const departments = await operator<{ items: { id: string; shortName: string }[] }>(
      "GET",
      "/api/v1/departments?limit=100",
    );
    const idOf = (shortName: string) => {
      const found = departments.items.find((department) => department.shortName === shortName);
      if (!found) throw new Error(`no ${shortName} in the demo data`);
      return found.id;
    };
    transportId = idOf("Управление транспорта");
    const housingId = idOf("Управление ЖКХ");
    // For the map (transport): three at one crossroads in the centre, one with no point given.
    const seeds: {
      name: string;
      text: string;
      department: string;
      minutesAgo?: number;
      location?: { lat: number; lon: number };
    }[] = [
      {
        name: "stopA",
        text: "Остановка на Ленина 60 разбита, нет стекла, пассажиры мокнут",
        department: transportId,
        location: { lat: 53.7213, lon: 91.4424 },
      },
      {
        name: "stopB",
        text: "Автобус номер 9 не ходит по расписанию, ждём по сорок минут",
        department: transportId,
        location: { lat: 53.7217, lon: 91.4431 },
      },
      {
        name: "stopC",
        text: "Светофор на перекрёстке Ленина и Щетинкина не работает",
        department: transportId,
        location: { lat: 53.7209, lon: 91.4417 },
      },
      {
        name: "stopNowhere",
        text: "Маршрутки не останавливаются у рынка, где им положено",
        department: transportId,
      },
      // For the department view (housing): one long overdue, one urgent and due in about a quarter of an hour.
      {
        name: "overdue",
        text: "В подъезде дома Пушкина 12 третий день не убирают мусор",
        department: housingId,
        minutesAgo: 3 * 24 * 60,
      },
      {
        name: "dueToday",
        text: "Во дворе дома Советская 30 из трубы хлещет кипяток, рядом ходят дети",
        department: housingId,
        // Received so that its 2-hour deadline falls before the city's midnight, also late in the evening.
        minutesAgo: 120 - Math.min(15, minutesToCityMidnight(Date.now()) / 2),
      },
    ];
    for (const seed of seeds) {
      const id = await platformIncident(api.url, {
        id: `e2e-map-${seed.name}`,
        text: seed.text,
        ...(seed.minutesAgo ? { minutesAgo: seed.minutesAgo } : {}),
        ...(seed.location ? { location: seed.location } : {}),
      });
      await operator("POST", `/api/v1/incidents/${id}/transitions`, {
        type: "assign",
        departmentKey: seed.department,
      });
      numbers[seed.name] = (await operator<{ number: string }>("GET", `/api/v1/incidents/${id}`)).number;
    }
    // The test's premise, from the API itself: the urgent one is due later today on the city's calendar.
    const housing = await operator<MapAnswer>("GET", `/api/v1/incidents/map?departmentId=${housingId}`);
    const dueToday = housing.items.find((item) => item.number === numbers.dueToday);
    if (
      !dueToday?.dueAt ||
      Date.parse(dueToday.dueAt) < Date.now() ||
      cityDay(Date.parse(dueToday.dueAt)) !== cityDay(Date.now())
    )
      throw new Error(`the urgent incident is not due later today: ${JSON.stringify(dueToday)}`);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await adminWithoutTiles?.stop();
    await api?.stop();
    await database?.close();
    await new Promise((resolve) => tiles?.server.close(resolve));
  });

  const signedIn = (server: ChildServer, email: string, at: string): Promise<Page> =>
    signIn(browser, server.url, email, at, { context: { viewport: { width: 1400, height: 1000 } } });

  it("shows an operator the incidents on the map over the configured tiles, grouped, by keyboard, with the rest counted", async () => {
    const page = await signedIn(admin, "operator@demo.otklik.ru", "/");
    await page.getByRole("navigation", { name: "Разделы" }).getByRole("link", { name: "Карта" }).click();
    await heading(page).getByText("Карта обращений").waitFor();
    // Every incident the operator sees: the ones without coordinates counted, as the API counts them.
    const operator = await apiSetUp(api.url, "operator@demo.otklik.ru");
    const all = await operator<MapAnswer>("GET", "/api/v1/incidents/map");
    await page
      .getByTestId("not-on-map-count")
      .getByText(`Не на карте (нет координат): ${all.notOnMap}`)
      .waitFor();
    expect(all.notOnMap).toBeGreaterThanOrEqual(1);

    // One department: three at the crossroads make one group, the fourth is «не на карте».
    await page.getByLabel("Управление").selectOption({ label: "Управление транспорта" });
    await page.getByRole("button", { name: "Показать" }).click();
    await page.getByTestId("not-on-map-count").getByText("Не на карте (нет координат): 1").waitFor();
    await page.getByTestId("on-map-count").getByText("На карте: 3").waitFor();
    expect(new URL(page.url()).searchParams.get("departmentId")).toBe(transportId);
    const group = page.getByTestId("map-cluster");
    await group.waitFor();
    expect(await group.getAttribute("aria-label")).toMatch(/^Группа: 3 обращ\./);
    // The tiles come from the configured server (the security policy lets exactly it in).
    await expect.poll(() => page.locator(".leaflet-tile-loaded").count()).toBeGreaterThan(0);
    expect(tiles.served()).toBeGreaterThan(0);
    await page.getByText("© Тестовая подложка").waitFor();
    expect(await page.getByTestId("map-unavailable").count()).toBe(0);
    // The list holds the same four incidents, the one without a point said in words.
    const rows = page.getByTestId("map-list-row");
    await expect.poll(() => rows.count()).toBe(4);
    await rows
      .filter({ hasText: numbers.stopNowhere ?? "" })
      .getByText("не на карте")
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // By keyboard: the group is a button; Enter zooms in until the three stand apart.
    for (let round = 0; round < 6 && (await page.getByTestId("map-cluster").count()) > 0; round += 1) {
      await page.getByTestId("map-cluster").first().focus();
      await page.keyboard.press("Enter");
      await page.waitForTimeout(600);
    }
    const markers = page.getByTestId("map-incident");
    await expect.poll(() => markers.count()).toBe(3);
    const stopA = page.getByRole("button", { name: new RegExp(`Открыть обращение ${numbers.stopA}`) });
    await stopA.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe(
      "map-incident",
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press("Enter");
    await heading(page).getByText(`Обращение ${numbers.stopA}`).waitFor();
  });

  it("keeps the list fully usable and says the map is unavailable when the tiles cannot be loaded", async () => {
    const page = await signedIn(
      adminWithoutTiles,
      "operator@demo.otklik.ru",
      `/map?departmentId=${transportId}`,
    );
    await heading(page).getByText("Карта обращений").waitFor();
    await page
      .getByTestId("map-unavailable")
      .getByText(/Карта недоступна: не удалось загрузить подложку/)
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("map").count()).toBe(0);
    await page.getByTestId("not-on-map-count").getByText("Не на карте (нет координат): 1").waitFor();
    const rows = page.getByTestId("map-list-row");
    await expect.poll(() => rows.count()).toBe(4);
    expect(await accessibilityViolations(page)).toEqual([]);
    // The list's filter and links still work.
    await page.getByRole("link", { name: numbers.stopB ?? "" }).click();
    await heading(page).getByText(`Обращение ${numbers.stopB}`).waitFor();
  });

  it("shows an executor their department: overdue, due today and the figures", async () => {
    const page = await signedIn(admin, "executor@demo.otklik.ru", "/");
    const navigation = page.getByRole("navigation", { name: "Разделы" });
    expect(await navigation.getByRole("link").allTextContents()).toEqual([
      "Обращения",
      "Карта",
      "Управление",
    ]);
    await navigation.getByRole("link", { name: "Управление" }).click();
    await heading(page).getByText("Управление: Управление ЖКХ").waitFor();
    const overdue = page.getByTestId("department-overdue");
    const today = page.getByTestId("department-due-today");
    await overdue.getByRole("link", { name: numbers.overdue ?? "" }).waitFor();
    await today.getByRole("link", { name: numbers.dueToday ?? "" }).waitFor();
    expect(await today.getByRole("link", { name: numbers.overdue ?? "" }).count()).toBe(0);
    expect(await overdue.getByRole("link", { name: numbers.dueToday ?? "" }).count()).toBe(0);
    // The transport incidents are not this department's.
    expect(await page.getByRole("link", { name: numbers.stopA ?? "" }).count()).toBe(0);
    expect(Number(await page.getByTestId("figure-overdue").textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId("figure-due-today").textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId("figure-open").textContent())).toBeGreaterThanOrEqual(2);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("lets an operator pick a department and shows the head's figures from the dashboards", async () => {
    const page = await signedIn(admin, "operator@demo.otklik.ru", "/department");
    await page.getByLabel("Управление", { exact: true }).selectOption({ label: "Управление ЖКХ" });
    await heading(page).getByText("Управление: Управление ЖКХ").waitFor();
    await page
      .getByTestId("department-overdue")
      .getByRole("link", { name: numbers.overdue ?? "" })
      .waitFor();
    await expect.poll(() => page.getByTestId("figure-median").textContent()).toMatch(/мин|нет данных/);
    await expect.poll(() => page.getByTestId("figure-deadline").textContent()).toMatch(/%|нет данных/);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
