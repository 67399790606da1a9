import { accessibilityViolations, type ChildServer, launchChromium, startApi } from "@otklik/e2e-testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, heading, startAdmin } from "../testing/desk-servers.js";
import { totpCode } from "../testing/totp.js";

describe("the admin in Chromium, served by the built admin server and API", () => {
  let api: ChildServer;
  let admin: ChildServer;
  let browser: Browser;

  beforeAll(async () => {
    const [startedApi, startedBrowser] = await Promise.all([startApi(), launchChromium()]);
    api = startedApi;
    browser = startedBrowser;
    admin = await startAdmin(api.url);
  });
  afterAll(async () => {
    await browser?.close();
    await admin?.stop();
    await api?.stop();
  });

  async function openPage(at = "/"): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${admin.url}${at}`);
    return page;
  }

  async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
    await page.getByLabel("Электронная почта").fill(email);
    await page.getByLabel("Пароль", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Войти" }).click();
  }

  it("asks to sign in, in Russian first, and says plainly when the password is wrong", async () => {
    const page = await openPage("/incidents");
    await heading(page).getByText("Вход в рабочее место").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    expect(await accessibilityViolations(page)).toEqual([]);

    await signIn(page, "analyst@demo.otklik.ru", "not-the-password");
    await page.getByRole("alert").getByText("Неверный адрес электронной почты или пароль").waitFor();
    // The same answer for an address nobody has: whether an account exists stays hidden.
    await signIn(page, "nobody@demo.otklik.ru", "not-the-password");
    await page.getByRole("alert").getByText("Неверный адрес электронной почты или пароль").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Five failures lock the account for 15 minutes; the wait is said plainly.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await signIn(page, "head@demo.otklik.ru", `wrong-password-${attempt}`);
      await page.getByRole("button", { name: "Войти" }).and(page.locator(":enabled")).waitFor();
    }
    await signIn(page, "head@demo.otklik.ru");
    await page.getByRole("alert").getByText("Повторите через 15 мин.").waitFor();
    await page.context().close();
  });

  it("switches to English and remembers the choice", async () => {
    const page = await openPage();
    await page.getByRole("button", { name: "English" }).click();
    await heading(page).getByText("Sign in to the workspace").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.reload();
    await heading(page).getByText("Sign in to the workspace").waitFor();
    await page.context().close();
  });

  it("lets an administrator manage users and tokens and read both in the audit log", async () => {
    const page = await openPage();
    await signIn(page, "admin@demo.otklik.ru");
    const account = page.getByTestId("account");
    await account.getByText("Администратор · Пресс-служба").waitFor();
    await page.getByTestId("api-version").getByText("0.1.0").waitFor();
    const navigation = page.getByRole("navigation", { name: "Разделы" });
    // Identity's matrix gives administrators settings and people, not incidents or publications.
    expect(await navigation.getByRole("link").allTextContents()).toEqual(["Настройки"]);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The session survives a reload.
    await page.reload();
    await navigation.getByRole("link", { name: "Настройки" }).click();
    await heading(page).getByText("Пользователи").waitFor();
    await page.getByTestId("user-operator@demo.otklik.ru").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The API's field errors land on their fields.
    const newUser = page.getByRole("form", { name: "Новый пользователь" });
    await newUser.getByRole("button", { name: "Создать пользователя" }).click();
    const email = newUser.getByLabel("Электронная почта");
    await page.locator("#new-user-email-error").waitFor();
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    expect(await email.getAttribute("aria-describedby")).toBe("new-user-email-error");
    expect(await accessibilityViolations(page)).toEqual([]);

    await email.fill("press@demo.otklik.ru");
    await newUser.getByLabel("Полное имя").fill("Иванова Мария Петровна");
    await newUser.getByLabel("Редактор").check();
    await newUser.getByRole("button", { name: "Создать пользователя" }).click();
    await page.getByRole("status").getByText("Пользователь создан: Иванова Мария Петровна").waitFor();
    const pressRow = page.getByTestId("user-press@demo.otklik.ru");
    await pressRow.getByText("Редактор").waitFor();

    await pressRow.getByRole("button", { name: "Изменить: Иванова Мария Петровна" }).click();
    const editing = page.getByRole("form", { name: "Изменение: Иванова Мария Петровна" });
    await editing.getByLabel("Оператор ЦУР").check();
    await editing.getByLabel("Управление", { exact: true }).selectOption({ index: 1 });
    await editing.getByRole("button", { name: "Сохранить" }).click();
    await pressRow.getByText("Редактор, Оператор ЦУР").waitFor();
    await pressRow.getByRole("button", { name: "Отключить: Иванова Мария Петровна" }).click();
    await pressRow.getByText("Отключён").waitFor();

    await page.getByRole("link", { name: "Управления и кураторы" }).click();
    await heading(page).getByText("Управления и кураторы").waitFor();
    await page.getByRole("table", { name: "Управления" }).getByRole("row").nth(1).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "API-токены" }).click();
    await heading(page).getByText("API-токены").waitFor();
    const newToken = page.getByRole("form", { name: "Новый токен" });
    await newToken.getByLabel("Название").fill("Портал ЕДДС");
    await newToken.getByLabel("Чтение (организация, инциденты)").check();
    await newToken.getByRole("button", { name: "Выпустить токен" }).click();
    expect(await page.getByTestId("token-secret").textContent()).toMatch(/^otk_.{43}$/);
    const row = page.getByTestId("token-Портал ЕДДС");
    await row.getByText("никогда").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await row.getByRole("button", { name: "Отозвать: Портал ЕДДС" }).click();
    await page.getByRole("status").getByText("Токен отозван: Портал ЕДДС").waitFor();
    await row.getByText(/Отозван \d/).waitFor();

    await page.getByRole("link", { name: "Журнал аудита" }).click();
    await heading(page).getByText("Журнал аудита").waitFor();
    const entries = page.getByTestId("audit-entries");
    await entries.locator("tbody tr").first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // By person: what the administrator did in this test (the demo seed's own entries are the system's).
    await page.getByLabel("Сотрудник").selectOption({ label: "Администратор Демо" });
    await page.getByRole("button", { name: "Показать" }).click();
    await entries.getByText("token.revoke").waitFor();
    const actions = await entries.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(actions.filter((action) => action !== "session.create")).toEqual([
      "token.revoke",
      "token.create",
      "user.update",
      "user.update",
      "user.create",
    ]);
    expect(await entries.locator("tbody tr").first().locator("td").nth(1).textContent()).toBe(
      "Администратор Демо",
    );

    // By object: the token's two entries, times on the city's clock.
    await page.getByLabel("Тип объекта").selectOption("token");
    await page.getByRole("button", { name: "Показать" }).click();
    await expect
      .poll(() => entries.locator("tbody tr td:nth-child(3)").allTextContents())
      .toEqual(["token.revoke", "token.create"]);
    const time = entries.locator("time").first();
    const instant = new Date((await time.getAttribute("datetime")) ?? "");
    const krasnoyarsk = new Date(instant.getTime() + 7 * 3600_000);
    const hoursMinutes = `${String(krasnoyarsk.getUTCHours()).padStart(2, "0")}:${String(krasnoyarsk.getUTCMinutes()).padStart(2, "0")}`;
    expect(await time.textContent()).toContain(hoursMinutes);

    await account.getByRole("button", { name: "Выйти" }).click();
    await heading(page).getByText("Вход в рабочее место").waitFor();
    await page.reload();
    await heading(page).getByText("Вход в рабочее место").waitFor();
    await page.context().close();
  });

  it("opens a screen inside an area by its address without a loading panel in its place", async () => {
    // Records whether the workspace was ever drawn with a loading panel where the screen's heading belongs:
    // a screen whose chunk came after the workspace (a suspended `lazy`), which React reveals 300 ms later.
    const watch = () => {
      const seen = { suspended: false };
      (window as unknown as { otklikSuspended: typeof seen }).otklikSuspended = seen;
      new MutationObserver(() => {
        const main = document.getElementById("main");
        if (!document.querySelector('[data-testid="account"]') || !main) return;
        if (!main.querySelector("h1") && main.querySelector(".loading")) seen.suspended = true;
      }).observe(document, { childList: true, subtree: true });
    };
    const suspended = (page: Page) =>
      page.evaluate(() => (window as unknown as { otklikSuspended: { suspended: boolean } }).otklikSuspended);
    const opened = async (page: Page, at: string, title: string) => {
      await page.goto(`${admin.url}${at}`);
      await heading(page).getByText(title).waitFor();
      return (await suspended(page)).suspended;
    };

    const screens: [email: string, at: string, title: string][] = [
      ["admin@demo.otklik.ru", "/settings/audit", "Журнал аудита"],
      ["admin@demo.otklik.ru", "/notifications/preferences", "Настройки уведомлений"],
      ["editor@demo.otklik.ru", "/newsroom/calendar", "Календарь выпусков"],
      ["editor@demo.otklik.ru", "/newsroom/hearings", "Замечания к обсуждениям"],
    ];
    for (const email of new Set(screens.map(([who]) => who))) {
      const page = await openPage();
      await page.addInitScript(watch);
      await signIn(page, email);
      await page.getByTestId("account").waitFor();
      for (const [who, at, title] of screens)
        if (who === email)
          expect({ at, suspended: await opened(page, at, title) }).toEqual({ at, suspended: false });
      await page.context().close();
    }
  });

  it("shows an executor their sections only, and no access to settings", async () => {
    const page = await openPage("/settings/users");
    await signIn(page, "executor@demo.otklik.ru");
    await heading(page).getByText("Нет доступа").waitFor();
    const navigation = page.getByRole("navigation", { name: "Разделы" });
    expect(await navigation.getByRole("link").allTextContents()).toEqual([
      "Обращения",
      "Карта",
      "Управление",
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);

    await navigation.getByRole("link", { name: "Обращения" }).click();
    await heading(page).getByText("Обращения").waitFor();
    await page.getByTestId("queue-count").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("asks for the second factor when the account has one", async () => {
    // The operator turns TOTP on through the API, as the (future) profile screen will.
    const signedIn = await fetch(`${api.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "operator@demo.otklik.ru", password: DEMO_PASSWORD }),
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const session = {
      cookie: (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
      "x-csrf-token": csrfToken,
      "content-type": "application/json",
    };
    const enrolment = await fetch(`${api.url}/api/v1/auth/totp/enrol`, { method: "POST", headers: session });
    const { secret } = (await enrolment.json()) as { secret: string };
    const confirmed = await fetch(`${api.url}/api/v1/auth/totp/confirm`, {
      method: "POST",
      headers: session,
      body: JSON.stringify({ code: totpCode(secret, new Date()) }),
    });
    expect(confirmed.status).toBe(204);

    const page = await openPage();
    await signIn(page, "operator@demo.otklik.ru");
    const code = page.getByLabel("Код из приложения-аутентификатора");
    await code.waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await code.fill("000000");
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByRole("alert").getByText("Неверный код подтверждения").waitFor();
    // A code is accepted once: the next step's code (inside the ±1 window) signs in.
    await code.fill(totpCode(secret, new Date(), 1));
    await page.getByRole("button", { name: "Войти" }).click();
    await page.getByTestId("account").getByText("Оператор ЦУР · Пресс-служба").waitFor();
    expect(
      await page.getByRole("navigation", { name: "Разделы" }).getByRole("link").allTextContents(),
    ).toEqual(["Входящие", "Обращения", "Карта", "Управление", "Дашборды", "Отчёт"]);
    await page.context().close();
  });

  it("exits with 0 on SIGTERM after finishing its work", async () => {
    expect(await admin.stop()).toBe(0);
  });
});
