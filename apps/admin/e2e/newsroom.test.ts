// The database helper of @otklik/db (a fresh PostgreSQL database per run), read from its build.
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from "@otklik/db/testing";
import { accessibilityViolations, type ChildServer, launchChromium } from "@otklik/e2e-testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformIncident } from "../testing/desk-seed.js";
import {
  apiCaller,
  DEMO_PASSWORD,
  heading,
  signIn,
  startAdmin,
  startDemoApi,
} from "../testing/desk-servers.js";

const APPROVER = { email: "approver@demo.otklik.ru", password: "Vypuskayushchiy-2026!" };
const CITY = "Asia/Krasnoyarsk";
const TITLE = "Заявление о подготовке к паводку";
// Four incidents asking one thing: the desk's frequent question the newsroom answers once.
const HEATING = [
  "Когда включат отопление? В квартирах холодно",
  "Отопление когда дадут, дома +15",
  "Почему до сих пор не включили отопление на Ленина",
  "Отопление включите пожалуйста, дети мёрзнут",
];

/** A `datetime-local` value on the city's clock, `seconds` from now. */
function cityInputIn(seconds: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: CITY,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(Date.now() + seconds * 1000));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${get("second")}`;
}

describe(`the newsroom in Chromium on ${testDatabaseUrl() ? "PostgreSQL" : "PGlite"}: write, review, schedule, deliver`, {
  timeout: 180_000,
}, () => {
  let api: ChildServer;
  let admin: ChildServer;
  let browser: Browser;
  let database: TestDatabase | undefined;
  let publicationPath = "";

  beforeAll(async () => {
    database = testDatabaseUrl() ? await createTestDatabase({ backend: "postgres" }) : undefined;
    // The hearing comments and the intake come from one address, faster than citizens would (no rate limits).
    const [startedApi, startedBrowser] = await Promise.all([startDemoApi(database), launchChromium()]);
    api = startedApi;
    browser = startedBrowser;
    admin = await startAdmin(api.url);
    // The office's second editor, who reviews and releases; also an MMC operator, so they read the desk's questions.
    const asAdmin = await apiCaller(api.url, "admin@demo.otklik.ru");
    const created = await asAdmin("POST", "/api/v1/users", {
      email: APPROVER.email,
      fullName: "Анна Выпускающая",
      roles: ["editor", "operator"],
      password: APPROVER.password,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const [index, text] of HEATING.entries())
      await platformIncident(api.url, { id: `e2e-heating-${index}`, text });
    // Two citizens' comments on the demo hearing, waiting for premoderation.
    const consent = (await (await fetch(`${api.url}/api/v1/consent-texts/hearing-comment`)).json()) as {
      id: string;
    };
    const hearings = (await (await fetch(`${api.url}/api/v1/public/publications?type=hearing`)).json()) as {
      items: { slug: string }[];
    };
    for (const text of ["Предлагаю убирать тротуары до 7:00", "Реклама моего магазина"]) {
      const response = await fetch(
        `${api.url}/api/v1/public/publications/${hearings.items[0]?.slug}/comments`,
        {
          method: "POST",
          headers: { "content-type": "application/json", origin: api.url },
          body: JSON.stringify({
            paragraph: 2,
            text,
            author: { name: "Иванова Мария", email: "maria@mail.example" },
            consentTextId: consent.id,
          }),
        },
      );
      expect(response.status).toBe(201);
    }
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await api?.stop();
    await database?.close();
  });

  const signedIn = (email: string, password: string, at: string): Promise<Page> =>
    signIn(browser, admin.url, email, at, { password });

  const status = (page: Page, text: string | RegExp) => page.getByRole("status").getByText(text).waitFor();

  it("takes an editor's statement from writing to review: preview, alt text, counters, history", async () => {
    const page = await signedIn("editor@demo.otklik.ru", DEMO_PASSWORD, "/");
    await page
      .getByRole("navigation", { name: "Разделы" })
      .getByRole("link", { name: "Новости и публикации" })
      .click();
    await heading(page).getByText("Публикации").waitFor();
    await page.getByTestId("publication-list").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Filters live in the address: the demo's hearing alone by its type.
    await page.getByLabel("Тип").selectOption({ label: "Публичные слушания" });
    await page.getByRole("button", { name: "Показать" }).click();
    await expect.poll(() => page.getByTestId("publication-list").locator("tbody tr").count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("type")).toBe("hearing");

    await page.getByRole("link", { name: "Новая публикация" }).click();
    await heading(page).getByText("Новая публикация").waitFor();
    const form = page.getByRole("form", { name: "Текст публикации" });
    await form.getByLabel("Тип", { exact: true }).selectOption({ label: "Официальное заявление" });
    await form.getByLabel("Кто публикует").selectOption({ label: "Администрация города Абакана" });
    await form.getByLabel("Заголовок", { exact: true }).fill(TITLE);
    await form
      .getByLabel("Краткое содержание")
      .fill("Уровень воды в реке Абакан растёт: что делать жителям.");
    await form
      .getByLabel("Текст (Markdown)")
      .fill("**Внимание**: уровень воды растёт.\n\n- Следите за сообщениями\n- [Карта](javascript:alert(1))");
    // The preview is the API's own safe rendering: bold is bold, a javascript: link is no link.
    await form.getByRole("button", { name: "Предпросмотр" }).click();
    const preview = page.getByTestId("markdown-preview");
    await preview.locator("strong", { hasText: "Внимание" }).waitFor();
    expect(await preview.locator('a[href^="javascript"]').count()).toBe(0);
    // A cover without a description is refused before anything is sent.
    await form.getByLabel("Адрес картинки").fill("https://abakan.example/media/flood.jpg");
    await form.getByRole("button", { name: "Сохранить" }).click();
    await form.getByText("Опишите картинку: без описания обложку не сохранить").waitFor();
    expect(await form.getByLabel("Описание картинки (alt)").getAttribute("aria-invalid")).toBe("true");
    expect(await accessibilityViolations(page)).toEqual([]);
    await form
      .getByLabel("Описание картинки (alt)")
      .fill("Река Абакан у моста, вода подступает к набережной");
    await form.getByRole("button", { name: "Сохранить" }).click();
    await heading(page).getByText(`Публикация «${TITLE}»`).waitFor();
    await status(page, "Создано");
    publicationPath = new URL(page.url()).pathname;

    // An official statement comes with a post for each page; Telegram's counter is the photo caption's 1,024.
    const telegram = page.getByTestId("channel-telegram");
    await telegram.getByText("Не отправлен").waitFor();
    await telegram.getByLabel("Текст поста: Telegram").fill("Паводок. ".repeat(125));
    const counter = page.getByTestId("counter-telegram");
    await counter.getByText("Превышен лимит на 101 зн. (лимит подписи к фото 1024)").waitFor();
    expect(await counter.getAttribute("class")).toContain("over");
    expect(await telegram.getByRole("button", { name: /Сохранить пост/ }).isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await telegram
      .getByLabel("Текст поста: Telegram")
      .fill("Паводок: уровень воды растёт. Подробнее на сайте.");
    await counter.getByText("Осталось 975 зн. (лимит подписи к фото 1024)").waitFor();
    await telegram.getByRole("button", { name: /Сохранить пост/ }).click();
    await status(page, "Telegram: Пост сохранён");

    // A second revision, its difference, and the first restored as the newest.
    const editor = page.getByRole("form", { name: "Текст публикации" });
    await editor.getByLabel("Краткое содержание").fill("Уровень воды растёт: как подготовиться.");
    await editor.getByLabel("Что изменено (для истории)").fill("Короче краткое содержание");
    await editor.getByRole("button", { name: "Сохранить" }).click();
    await status(page, "Сохранено");
    const revisions = page.getByTestId("revisions");
    await expect.poll(() => revisions.locator("tbody tr").count()).toBe(2);
    await page.getByRole("button", { name: "Показать разницу" }).click();
    const diff = page.getByTestId("revision-diff");
    await diff.getByText("Разница: редакция 1 → 2").waitFor();
    await diff.locator("ins", { hasText: "как подготовиться" }).waitFor();
    await diff.locator("del", { hasText: "что делать жителям" }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Восстановить редакцию 1" }).click();
    await status(page, "Редакция 1 восстановлена как новая");
    await expect.poll(() => revisions.locator("tbody tr").count()).toBe(3);
    expect(await page.getByLabel("Краткое содержание").inputValue()).toBe(
      "Уровень воды в реке Абакан растёт: что делать жителям.",
    );

    // Only what the API allows: a draft is sent for review (or archived), nothing else.
    const buttons = page.getByTestId("workflow-buttons");
    await buttons.getByRole("button", { name: "Отправить на проверку" }).waitFor();
    expect(await buttons.getByRole("button").allTextContents()).toEqual(["Отправить на проверку", "В архив"]);
    await buttons.getByRole("button", { name: "Отправить на проверку" }).click();
    await status(page, "Отправлено на проверку");
    await page.getByTestId("publication-state").getByText("На проверке").waitFor();
    await page.context().close();
  });

  it("lets the reviewer approve and schedule it to the site and four pages, shows it in the calendar, then the delivery states", async () => {
    expect(publicationPath).toMatch(/^\/newsroom\/publications\/pub_/);
    const page = await signedIn(APPROVER.email, APPROVER.password, "/newsroom?state=in_review");
    await page.getByTestId("publication-list").getByRole("link", { name: TITLE }).click();
    await heading(page).getByText(`Публикация «${TITLE}»`).waitFor();
    const buttons = page.getByTestId("workflow-buttons");
    await buttons.getByRole("button", { name: "Одобрить" }).waitFor();
    expect(await buttons.getByRole("button").allTextContents()).toEqual(["Одобрить", "Вернуть в черновик"]);
    await buttons.getByRole("button", { name: "Одобрить" }).click();
    await status(page, "Одобрено");

    // Scheduled 25 seconds ahead on the city's clock: the site and every page go out then.
    const schedule = page.getByRole("form", { name: "Запланировать" });
    await schedule.getByLabel("Опубликовать в").fill(cityInputIn(25));
    await schedule.getByRole("button", { name: "Запланировать выпуск" }).click();
    await status(page, "Запланировано");
    await page.getByTestId("channel-site").getByText("Запланировано").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The week: one row per channel, the statement in each.
    await page
      .getByRole("navigation", { name: "Разделы редакции" })
      .getByRole("link", { name: "Календарь" })
      .click();
    await heading(page).getByText("Календарь выпусков").waitFor();
    for (const channel of ["site", "vk", "telegram", "ok", "max"])
      await page.getByTestId(`calendar-row-${channel}`).getByRole("link", { name: TITLE }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // By keyboard: the focused day moves with the arrows, the week with Page Down.
    const period = await page.getByTestId("calendar-period").textContent();
    await page.locator('[data-day][tabindex="0"]').focus();
    const today = await page.locator('[data-day][tabindex="0"]').getAttribute("data-day");
    await page.keyboard.press("PageDown");
    await expect.poll(() => page.getByTestId("calendar-period").textContent()).not.toBe(period);
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.day))
      .not.toBe(today);
    await page.keyboard.press("PageUp");
    await expect.poll(() => page.getByTestId("calendar-period").textContent()).toBe(period);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => new URL(page.url()).searchParams.get("day")).not.toBe(today);
    await page.getByRole("button", { name: "Месяц" }).click();
    await page.getByTestId("calendar").locator("[data-testid='entry-site']", { hasText: TITLE }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Published by its job; the pages have no connection here, so each post fails, says why, and can be sent again.
    await page.goto(`${admin.url}${publicationPath}`);
    const site = page.getByTestId("channel-site");
    await expect
      .poll(() => site.textContent(), { timeout: 60_000, interval: 1000 })
      .toContain("Опубликовано");
    for (const platform of ["vk", "telegram", "ok", "max"]) {
      await expect
        .poll(() => page.getByTestId(`channel-${platform}`).textContent(), {
          timeout: 30_000,
          interval: 1000,
        })
        .toContain("Ошибка");
    }
    await page.getByTestId("failure-vk").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const vk = page.getByTestId("channel-vk");
    await vk.getByRole("button", { name: /^Отправить снова/ }).click();
    await status(page, "ВКонтакте: Поставлено в очередь снова");
    await expect.poll(() => vk.textContent(), { timeout: 30_000, interval: 1000 }).toContain("попытка 2");
    await page.context().close();
  });

  it("moderates hearing comments, lists stale handbook articles and requests an explanatory material", async () => {
    const page = await signedIn(APPROVER.email, APPROVER.password, "/newsroom/hearings");
    await heading(page).getByText("Замечания к обсуждениям").waitFor();
    const pending = page.getByTestId("pending-comment");
    await expect.poll(() => pending.count()).toBe(2);
    expect(await accessibilityViolations(page)).toEqual([]);
    await pending.filter({ hasText: "убирать тротуары" }).getByRole("button", { name: "Одобрить" }).click();
    await status(page, "Замечание одобрено");
    const advert = pending.filter({ hasText: "Реклама" });
    await advert.getByRole("button", { name: "Отклонить" }).click();
    await advert.getByRole("button", { name: "Отклонить с этой причиной" }).click();
    await advert.getByText("Укажите причину").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await advert.getByLabel("Причина отклонения").fill("Реклама, не относится к проекту");
    await advert.getByRole("button", { name: "Отклонить с этой причиной" }).click();
    await page.getByTestId("no-pending").waitFor();

    await page
      .getByRole("navigation", { name: "Разделы редакции" })
      .getByRole("link", { name: "Справочник" })
      .click();
    await heading(page).getByText("Справочник: пора проверить").waitFor();
    await page.getByTestId("no-stale").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page
      .getByRole("navigation", { name: "Разделы редакции" })
      .getByRole("link", { name: "Частые вопросы" })
      .click();
    await heading(page).getByText("Частые вопросы").waitFor();
    const group = page.getByTestId("question-group").filter({ hasText: "отоплен" });
    await group.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await group.getByLabel("Заголовок разъяснения").fill("Когда включат отопление");
    await group.getByRole("button", { name: "Создать разъяснение" }).click();
    await status(page, /Запрошено/);
    // The desk's event reaches content, which starts the draft: the group then links it.
    await expect
      .poll(
        async () => {
          await page.reload();
          await heading(page).getByText("Частые вопросы").waitFor();
          return page.getByTestId("question-group").filter({ hasText: "отоплен" }).textContent();
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toContain("Разъяснение уже есть");
    await page.getByTestId("materials").getByRole("link").first().waitFor();
    await page.context().close();

    // An editor without report access reads why the groups are not shown, and the materials.
    const editor = await signedIn("editor@demo.otklik.ru", DEMO_PASSWORD, "/newsroom/questions");
    await editor.getByTestId("questions-forbidden").waitFor();
    await editor.getByTestId("materials").getByRole("link").first().waitFor();
    expect(await accessibilityViolations(editor)).toEqual([]);
    await editor.context().close();
  });
});
