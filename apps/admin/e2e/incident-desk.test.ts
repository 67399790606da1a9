// The database helper of @otklik/db (a fresh PostgreSQL database per run), read from its build.
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import { accessibilityViolations, type ChildServer, launchChromium } from "@otklik/e2e-testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformIncident, vkComment } from "../testing/desk-seed.js";
import {
  type ApiCaller,
  apiCaller,
  heading,
  signIn,
  startAdmin,
  startDemoApi,
} from "../testing/desk-servers.js";

const SOURCE_URL = "https://vk.com/wall-1_100?reply=5";

describe(`the incident desk in Chromium on ${testDatabaseUrl() ? "PostgreSQL" : "PGlite"}: queue, incident page, inbox`, {
  timeout: 120_000,
}, () => {
  let api: ChildServer;
  let admin: ChildServer;
  let browser: Browser;
  let database: TestDatabase | undefined;
  const numbers: Record<string, string> = {};
  /** The operator, calling the API directly: changes made behind a page's back. */
  let asOperator: ApiCaller;

  beforeAll(async () => {
    database = testDatabaseUrl() ? await createTestDatabase({ backend: "postgres" }) : undefined;
    const [startedApi, startedBrowser] = await Promise.all([startDemoApi(database), launchChromium()]);
    api = startedApi;
    browser = startedBrowser;
    admin = await startAdmin(api.url);
    // What came in overnight: four incidents from the platform (one a duplicate) and three VK comments.
    const ids = {
      pothole: await platformIncident(api.url, {
        id: "e2e-pothole",
        text: "Огромная яма на дороге по улице Пушкина 15, машины объезжают по встречной",
        sourceUrl: SOURCE_URL,
        authorName: "Пётр Смирнов",
      }),
      lights: await platformIncident(api.url, {
        id: "e2e-lights",
        text: "Не горят фонари во дворе дома Ленина 40, вечером темно и страшно",
      }),
      rubbish: await platformIncident(api.url, {
        id: "e2e-rubbish",
        text: "На остановке у рынка не убран мусор третий день, контейнеры переполнены",
      }),
      duplicate: await platformIncident(api.url, {
        id: "e2e-pothole-again",
        text: "Яма на дороге по улице Пушкина до сих пор не заделана",
      }),
    };
    await vkComment(api.url, {
      id: 501,
      postId: 9001,
      fromId: 7001,
      text: "Во дворе дома Советская 20 прорвало трубу, вода заливает подвал",
    });
    await vkComment(api.url, {
      id: 502,
      postId: 9002,
      fromId: 7002,
      text: "Спасибо администрации за новый парк!",
    });
    await vkComment(api.url, {
      id: 503,
      postId: 9003,
      fromId: 7003,
      text: "Фонари у дома Ленина 40 так и не горят",
    });
    asOperator = await apiCaller(api.url, "operator@demo.otklik.ru");
    for (const [name, id] of Object.entries(ids))
      numbers[name] = String((await asOperator("GET", `/api/v1/incidents/${id}`)).body.number);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await api?.stop();
    await database?.close();
  });

  const signedIn = (email: string, at: string): Promise<Page> => signIn(browser, admin.url, email, at);
  const row = (page: Page, name: string) => page.getByTestId(`incident-${numbers[name]}`);

  it("takes an operator through the day: find, merge, route, reply with a template, see the SLA met, upload the fix photo, resolve", async () => {
    const page = await signedIn("operator@demo.otklik.ru", "/");
    await page.getByRole("navigation", { name: "Разделы" }).getByRole("link", { name: "Обращения" }).click();
    await heading(page).getByText("Обращения").waitFor();
    for (const name of ["pothole", "lights", "rubbish", "duplicate"]) await row(page, name).waitFor();
    // Every row counts down to its deadline.
    await expect
      .poll(() => row(page, "pothole").locator(".deadline").textContent())
      .toMatch(/^Идёт|^Меньше часа/);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The text filter goes to the API's Russian search: «яма» finds both pothole reports and nothing else.
    await page.getByLabel("Текст", { exact: true }).fill("яма");
    await page.getByRole("button", { name: "Показать" }).click();
    await expect.poll(() => page.getByTestId("queue-count").textContent()).toBe("Показано: 2");
    await row(page, "duplicate").waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("яма");

    await row(page, "pothole").getByRole("link", { name: numbers.pothole }).click();
    await heading(page).getByText(`Обращение ${numbers.pothole}`).waitFor();
    await page.getByTestId("incident-text").getByText("Огромная яма на дороге").waitFor();
    expect(await page.getByTestId("incident-source").getAttribute("href")).toBe(SOURCE_URL);
    await page.getByText("Пётр Смирнов").waitFor();
    const firstReply = page.getByTestId("sla-first-reply");
    await firstReply.getByText("Идёт").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The duplicate is offered and merged: this incident now answers both reporters.
    const duplicates = page.getByRole("form", { name: "Возможные дубликаты" });
    await duplicates.getByLabel(new RegExp(numbers.duplicate ?? "")).check();
    await duplicates.getByRole("button", { name: "Объединить выбранные с этим" }).click();
    await page.getByRole("status").getByText("Присоединено обращений: 1").waitFor();
    await page.getByRole("heading", { name: "Заявители" }).waitFor();

    // Route it to the housing department.
    const assignment = page.getByRole("form", { name: "Назначение" });
    await assignment.getByLabel("Управление").selectOption({ label: "Управление ЖКХ" });
    await assignment.getByRole("button", { name: "Назначить" }).click();
    await page.getByTestId("incident-status").getByText("Назначено").waitFor();
    await page.getByTestId("incident-department").getByText("Управление ЖКХ").waitFor();

    // A reply with no substance is held back, and the reply check says why, before anything is sent.
    const reply = page.getByRole("form", { name: "Ответ заявителю" });
    await reply.getByLabel("Текст ответа").fill("Спасибо за обращение!");
    await reply.getByRole("button", { name: "Проверить и отправить" }).click();
    await page
      .getByTestId("reply-warnings")
      .getByText(/Ответ без сути/)
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The template fills in the number, the department and the date; the check passes and it is queued.
    await reply.getByLabel("Шаблон").selectOption({ label: "Работы запланированы" });
    const drafted = await reply.getByLabel("Текст ответа").inputValue();
    expect(drafted).toContain(`№ ${numbers.pothole}`);
    expect(drafted).toContain("Управление жилищно-коммунального хозяйства");
    expect(drafted).toMatch(/до \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    await reply.getByRole("button", { name: "Проверить и отправить" }).click();
    await page.getByRole("status").getByText("Ответ принят и поставлен в отправку").waitFor();
    await page.getByTestId("incident-replies").getByText(`По обращению № ${numbers.pothole}`).waitFor();
    // The first public reply stops the 2-hour clock: the SLA panel shows it met.
    await firstReply.getByText("Выполнен").waitFor();

    const notes = page.getByRole("form", { name: "Внутренние заметки" });
    await notes.getByLabel("Заметка (видят только сотрудники)").fill("Бригада ЖКХ выедет завтра утром");
    await notes.getByRole("button", { name: "Добавить заметку" }).click();
    await page.getByTestId("incident-replies").getByText("Бригада ЖКХ выедет завтра утром").waitFor();

    // Resolving as fixed needs a comment and proof; both are asked for before anything is sent.
    const status = page.getByRole("form", { name: "Смена статуса" });
    await status.getByLabel("Действие").selectOption({ label: "Решено" });
    await status.getByLabel("Как решено").selectOption({ label: "Устранено (нужно подтверждение)" });
    await status.getByRole("button", { name: "Выполнить" }).click();
    await status.getByText("Комментарий обязателен для этого действия").waitFor();
    await status.getByText(/^Для «Устранено» нужно подтверждение/).waitFor();
    expect(await status.getByLabel("Комментарий").getAttribute("aria-invalid")).toBe("true");
    expect(await accessibilityViolations(page)).toEqual([]);

    // The fix photo: a real JPEG, drawn in the page, uploaded as multipart; its preview comes back.
    const jpeg = await page.evaluate(async () => {
      const canvas = document.createElement("canvas");
      canvas.width = 64;
      canvas.height = 48;
      const context = canvas.getContext("2d");
      if (!context) throw new Error("no canvas");
      context.fillStyle = "#305080";
      context.fillRect(0, 0, 64, 48);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
      return Array.from(new Uint8Array(await (blob ?? new Blob()).arrayBuffer()));
    });
    const evidence = page.getByRole("form", { name: "Фото и документы" });
    await evidence.getByLabel("Файл: фото, видео или PDF").setInputFiles({
      name: "fix-pushkina-15.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from(jpeg),
    });
    await evidence.getByRole("button", { name: "Загрузить" }).click();
    // Photos are re-encoded by the API (sharp): slow on a loaded machine, so wait longer, and say why if refused.
    await page
      .getByRole("status")
      .getByText("Файл загружен")
      .or(evidence.getByRole("alert"))
      .waitFor({ timeout: 90_000 });
    expect(await evidence.getByRole("alert").allTextContents()).toEqual([]);
    const preview = page.getByTestId("incident-evidence").getByRole("img", { name: /^Фото, загружено/ });
    await preview.waitFor();
    await expect
      .poll(() => preview.evaluate((image) => (image as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The uploaded photo is offered as the proof, already chosen.
    await status.getByLabel("Комментарий").fill("Яма заделана асфальтом");
    const proof = status.getByRole("group", { name: "Подтверждение из загруженных файлов" });
    expect(await proof.getByRole("checkbox").isChecked()).toBe(true);
    await status.getByRole("button", { name: "Выполнить" }).click();
    await page.getByTestId("incident-status").getByText("Решено").waitFor();
    const timeline = page.getByTestId("incident-timeline");
    await timeline.getByText("Яма заделана асфальтом").waitFor();
    // The photo's upload and the resolution that cites it both show its preview in the history.
    await expect.poll(() => timeline.getByRole("img", { name: `Фото: ${numbers.pothole}` }).count()).toBe(2);

    // Back in the queue, the merged duplicate is gone and the resolved incident says so.
    await page.getByRole("link", { name: "← К очереди" }).click();
    await heading(page).getByText("Обращения").waitFor();
    await row(page, "pothole").getByText("Решено").waitFor();
    expect(await row(page, "duplicate").count()).toBe(0);
    await page.context().close();
  });

  it("assigns in bulk, keeps saved views, and shows new incidents without a reload", async () => {
    const page = await signedIn("operator@demo.otklik.ru", "/incidents");
    await row(page, "lights").waitFor();
    await row(page, "lights").getByRole("checkbox").check();
    await row(page, "rubbish").getByRole("checkbox").check();
    const bulk = page.getByRole("form", { name: "Назначить выбранные" });
    await bulk.getByText("Выбрано: 2").waitFor();
    await bulk.getByLabel("Назначить в управление").selectOption({ label: "Управление транспорта" });
    await bulk.getByRole("button", { name: "Назначить выбранные" }).click();
    await page.getByRole("status").getByText("Назначено: 2").waitFor();
    await row(page, "lights").getByText("Управление транспорта").waitFor();
    await row(page, "rubbish").getByText("Управление транспорта").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Ready-made views are filters in the address bar.
    const views = page.getByRole("navigation", { name: "Готовые отборы" });
    await views.getByRole("button", { name: "Просрочены" }).click();
    await page.getByText("Обращений по этому отбору нет.").waitFor();
    expect(new URL(page.url()).searchParams.get("slaState")).toBe("breached");
    expect(await views.getByRole("button", { name: "Просрочены" }).getAttribute("aria-pressed")).toBe("true");

    // A view of one's own survives a reload.
    await views.getByRole("button", { name: "Все" }).click();
    await page.getByLabel("Статус").selectOption({ label: "Назначено" });
    await page.getByRole("button", { name: "Показать" }).click();
    await expect.poll(() => page.getByTestId("queue-count").textContent()).toBe("Показано: 2");
    await page.getByLabel("Название отбора").fill("Назначенные");
    await page.getByRole("button", { name: "Сохранить отбор" }).click();
    await page.reload();
    await views.getByRole("button", { name: "Все" }).click();
    await row(page, "pothole").waitFor();
    await views.getByRole("button", { name: "Назначенные", exact: true }).click();
    await expect.poll(() => page.getByTestId("queue-count").textContent()).toBe("Показано: 2");
    expect(await accessibilityViolations(page)).toEqual([]);

    // A new incident arrives while the queue is open: the API's event stream brings it into the table —
    // no reload, no new read of the queue, the selection kept — and the page says updates are live.
    await views.getByRole("button", { name: "Все" }).click();
    await row(page, "lights").waitFor();
    const live = page.getByTestId("live-status");
    await live.getByText("Обновляется автоматически").waitFor();
    expect(await live.getAttribute("role")).toBe("status");
    expect(await live.getAttribute("aria-live")).toBe("polite");
    await row(page, "lights").getByRole("checkbox").check();
    const queueReads: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname === "/api/v1/incidents" || request.resourceType() === "document")
        queueReads.push(url.href);
    });
    await platformIncident(api.url, { id: "e2e-live", text: "Сломана скамейка в сквере у школы номер 3" });
    await page.getByText("Сломана скамейка в сквере у школы номер 3").waitFor({ timeout: 10_000 });
    expect(queueReads).toEqual([]);
    expect(await row(page, "lights").getByRole("checkbox").isChecked()).toBe(true);
    await page.getByRole("form", { name: "Назначить выбранные" }).getByText("Выбрано: 1").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("sorts the inbox by keyboard: new incident, dismissal with a reason, continuation", async () => {
    const page = await signedIn("operator@demo.otklik.ru", "/inbox");
    await heading(page).getByText("Входящие").waitFor();
    const current = page.getByTestId("inbox-current");
    await current.getByText("прорвало трубу").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.keyboard.press("n");
    await page
      .getByRole("status")
      .getByText(/^Зарегистрировано обращение \d{4}-\d{6}/)
      .waitFor();
    await current.getByText("Спасибо администрации за новый парк!").waitFor();

    await page.keyboard.press("d");
    await current.getByRole("group", { name: "Причина отклонения" }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press("4");
    await page.getByRole("status").getByText("Отклонено").waitFor();
    await current.getByText("Фонари у дома Ленина 40 так и не горят").waitFor();

    await page.keyboard.press("c");
    const search = page.getByLabel("Найти обращение по словам");
    await expect.poll(() => search.evaluate((field) => field === document.activeElement)).toBe(true);
    const candidate = page.getByLabel(new RegExp(`^${numbers.lights}`));
    await candidate.check();
    await page.getByRole("button", { name: "Присоединить" }).click();
    await page.getByRole("status").getByText("Присоединено к обращению").waitFor();
    await page.getByTestId("inbox-empty").waitFor();

    // The comment joined the lights incident's timeline.
    await page.getByRole("status").getByRole("link").click();
    await heading(page).getByText(`Обращение ${numbers.lights}`).waitFor();
    await page.getByTestId("incident-timeline").getByText("Фонари у дома Ленина 40 так и не горят").waitFor();
    await page.context().close();
  });

  it("shows an executor their department's queue, with no bulk assignment; an incident routed elsewhere leaves it live", async () => {
    // An incident routed to the executor's department (housing) by the operator, through the API.
    const id = await platformIncident(api.url, {
      id: "e2e-elevator",
      text: "В доме Вяткина 7 третий день не работает лифт",
    });
    const me = await (await apiCaller(api.url, "executor@demo.otklik.ru"))("GET", "/api/v1/auth/me");
    const housing = (me.body as { user: { departmentId: string } }).user.departmentId;
    const departments = (await asOperator("GET", "/api/v1/departments?limit=100")).body as {
      items: { id: string }[];
    };
    const elsewhere = departments.items.find((department) => department.id !== housing)?.id;
    const routed = await asOperator("POST", `/api/v1/incidents/${id}/transitions`, {
      type: "assign",
      departmentKey: housing,
    });
    expect(routed.status).toBe(200);

    const page = await signedIn("executor@demo.otklik.ru", "/incidents");
    await heading(page).getByText("Обращения").waitFor();
    const elevator = page.getByTestId(`incident-${routed.body.number}`);
    await elevator.waitFor();
    expect(await page.getByRole("form", { name: "Назначить выбранные" }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Routed on to another department: the executor's queue drops it with no reload and no new read.
    await page.getByTestId("live-status").getByText("Обновляется автоматически").waitFor();
    const queueReads: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname === "/api/v1/incidents" || request.resourceType() === "document")
        queueReads.push(url.href);
    });
    const moved = await asOperator("POST", `/api/v1/incidents/${id}/transitions`, {
      type: "assign",
      departmentKey: elsewhere,
      expectedVersion: routed.body.version,
    });
    expect(moved.status).toBe(200);
    await elevator.waitFor({ state: "detached", timeout: 10_000 });
    expect(queueReads).toEqual([]);
    await page.context().close();
  });

  it("reads a long queue past its first page in a background worker and scrolls to its last row", async () => {
    // 70 more incidents: the queue's first page holds 50, the rest comes as a second page, read by a worker.
    for (let index = 0; index < 70; index += 1)
      await platformIncident(api.url, {
        id: `e2e-long-${index}`,
        text: `Не вывозят мусор во дворе дома Кирова ${index + 1}`,
      });
    const page = await signedIn("operator@demo.otklik.ru", "/");
    const cookie = (await page.context().cookies()).map((entry) => `${entry.name}=${entry.value}`).join("; ");
    const all = (await (
      await fetch(`${api.url}/api/v1/incidents?limit=1000`, { headers: { cookie } })
    ).json()) as { items: { number: string }[]; nextCursor: string | null };
    expect(all.nextCursor).toBeNull();
    expect(all.items.length).toBeGreaterThan(70);

    const worker = page.waitForEvent("worker");
    await page.getByRole("navigation", { name: "Разделы" }).getByRole("link", { name: "Обращения" }).click();
    expect((await worker).url()).toMatch(/queue-pages/);
    await expect
      .poll(() => page.getByTestId("queue-count").textContent())
      .toBe(`Показано: ${all.items.length}`);
    await page.getByText("Загружены все").waitFor();

    // Flung by more than a view at once: no rows for that frame, only where the view is (row and number of the
    // incident in its middle); the rows come back when the scroll stops.
    const flung = await page.locator(".queue-scroll").evaluate(
      (region) =>
        new Promise<{ rows: number; marker: string }>((resolve) => {
          // Runs after the table's own scroll listener (added first), which draws the frame at once.
          region.addEventListener(
            "scroll",
            () =>
              resolve({
                rows: region.querySelectorAll("tbody tr[data-testid^='incident-']").length,
                marker: region.querySelector("[data-testid='queue-flung']")?.textContent ?? "",
              }),
            { once: true },
          );
          region.scrollTop = 44 * 60;
        }),
    );
    expect(flung.rows).toBe(0);
    const middle = flung.marker.match(/^Строка (\d+) из (\d+) · № (\S+)$/);
    expect(middle?.[2]).toBe(String(all.items.length));
    expect(middle?.[3]).toBe(all.items[Number(middle?.[1]) - 1]?.number);
    await page.getByTestId(`incident-${all.items[Number(middle?.[1]) - 1]?.number}`).waitFor();
    expect(await page.getByTestId("queue-flung").count()).toBe(0);

    // The last row of the second page is there, in the API's order, once scrolled to.
    const last = all.items.at(-1)?.number ?? "";
    await page.locator(".queue-scroll").evaluate((region) => region.scrollTo({ top: region.scrollHeight }));
    const lastRow = page.getByTestId(`incident-${last}`);
    await lastRow.waitFor();
    expect(Number(await lastRow.getAttribute("aria-rowindex"))).toBe(all.items.length + 1);
    await page.context().close();
  });
});
