// Settings for administrators of the incident desk: categories and routing, the address register's import
// and lookup, and the channel connections with their test call against local servers speaking VK's and
// Telegram's protocols (packages/channels/test/servers).
import { randomBytes } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Clock, manualClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { listAudit, systemActor } from "@otklik/identity";
import { createIncidentInTransaction, incidentsDemoSeed } from "@otklik/incidents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff, OWN_ORIGIN } from "./support/staff-client.js";

interface LocalServer {
  url: string;
  violations: string[];
  close(): Promise<void>;
}

/** A local protocol server of @otklik/channels' tests, loaded at run time like the fake platform. */
async function startLocal(file: string, exported: string, options: unknown): Promise<LocalServer> {
  const path = fileURLToPath(new URL(`../../../packages/channels/test/servers/${file}`, import.meta.url));
  const module = (await import(pathToFileURL(path).href)) as Record<
    string,
    (options: unknown) => Promise<LocalServer>
  >;
  return module[exported]!(options);
}

const GROUP_ID = 215_000_001;
const COMMUNITY_TOKEN = "vk1.a.COMMUNITY-abakan-SECRET";
const BOT_TOKEN = "123456:TELEGRAM-SECRET-token";

interface RoutingTable {
  categories: {
    code: string;
    name: { ru: string; en: string };
    routingKey: string;
    kind: string;
    department: { id: string; shortName: string } | null;
  }[];
  keys: { key: string; categories: string[]; dutyDispatch: boolean; department: { id: string } | null }[];
  unroutedKeys: string[];
}

interface ConnectionView {
  id: string;
  platform: string;
  name: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
  health: string;
  lastError: string | null;
  lastCheckedAt: string | null;
}

describe.each(testBackends())("settings of the incident desk on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let browsers: Record<string, Browser>;
  let departments: Record<string, string>;
  let vk: LocalServer;
  let telegram: LocalServer;
  const clock = manualClock("2026-11-27T03:00:00Z");

  beforeAll(async () => {
    api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock: clock as Clock,
      settings: { channelsKey: randomBytes(32).toString("base64") },
    });
    const staff = await demoStaff(api.app, { db: api.db, clock });
    browsers = staff.browsers;
    departments = {
      "Управление транспорта": staff.demo.departmentIds.transport!,
      "Пресс-служба": staff.demo.departmentIds.press!,
    };
    await withTransaction(api.db, (tx) => incidentsDemoSeed.run({ db: tx, clock }));
    vk = await startLocal("vk-server.ts", "startVkServer", {
      groupId: GROUP_ID,
      userToken: "vk1.a.USER",
      communityToken: COMMUNITY_TOKEN,
    });
    telegram = await startLocal("telegram-server.ts", "startTelegramServer", { botToken: BOT_TOKEN });
  }, 120_000);
  afterAll(async () => {
    expect(vk.violations).toEqual([]);
    expect(telegram.violations).toEqual([]);
    await vk?.close();
    await telegram?.close();
    await api?.db.close();
  });

  async function auditOf(objectType: string) {
    return (await listAudit({ db: api.db, clock, actor: systemActor("test") }, { objectType, limit: 50 }))
      .items;
  }

  describe("categories and routing", () => {
    it("lists every category with its routing key and department, and warns of keys without one", async () => {
      const response = await call(api.app, "GET", "/api/v1/settings/routing", { as: browsers.admin });
      expect(response.status).toBe(200);
      const table = (await response.json()) as RoutingTable;
      expect(table.categories).toHaveLength(12);
      expect(table.categories.find((category) => category.code === "roads")).toMatchObject({
        name: { ru: "Дороги", en: "Roads" },
        routingKey: "housing",
        department: { shortName: "Управление ЖКХ" },
      });
      expect(table.categories.find((category) => category.code === "healthcare")).toMatchObject({
        kind: "external",
        department: null,
      });
      // The demo has no consumer-market department: trade's incidents would stay unassigned.
      expect(table.unroutedKeys).toEqual(["consumer-market"]);
      expect(table.keys.find((key) => key.key === "housing")?.categories).toEqual([
        "roads",
        "yards",
        "housing",
        "waste",
        "street-lighting",
        "snow",
        "animals",
      ]);
      expect(table.keys.find((key) => key.key === "edds")).toMatchObject({ dutyDispatch: true });
    });

    it("sends a key's categories to another department, records it in the audit log, and routes new incidents there", async () => {
      const transport = departments["Управление транспорта"]!;
      const response = await call(api.app, "PUT", "/api/v1/settings/routing/keys/consumer-market", {
        as: browsers.admin,
        body: { departmentId: transport },
      });
      expect(response.status).toBe(200);
      const table = (await response.json()) as RoutingTable;
      expect(table.unroutedKeys).toEqual([]);
      expect(table.categories.find((category) => category.code === "trade")?.department).toMatchObject({
        id: transport,
        shortName: "Управление транспорта",
      });
      const [entry] = await auditOf("routing-key");
      expect(entry).toMatchObject({
        action: "routing-key.update",
        object: { type: "routing-key", id: "consumer-market" },
        before: { departmentId: null },
        after: { departmentId: transport },
      });
      // A new incident in the trade category lands in the chosen department.
      const { incident } = await withTransaction(api.db, (tx) =>
        createIncidentInTransaction(
          tx,
          { db: tx, clock, actor: systemActor("test") },
          {
            channel: "site",
            text: "Торгуют просроченными продуктами в киоске у рынка",
            category: "trade",
            createdAt: clock.now(),
          },
        ),
      );
      expect(incident.departmentId).toBe(transport);
    });

    it("refuses other people, unknown keys, authorities and departments that do not exist, in both languages", async () => {
      const operator = await call(api.app, "PUT", "/api/v1/settings/routing/keys/housing", {
        as: browsers.operator,
        body: { departmentId: departments["Пресс-служба"] },
      });
      expect(operator.status).toBe(403);
      expect((await call(api.app, "GET", "/api/v1/settings/routing")).status).toBe(401);
      const unknown = await call(api.app, "PUT", "/api/v1/settings/routing/keys/nowhere", {
        as: browsers.admin,
        body: { departmentId: departments["Пресс-служба"] },
      });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
        'Нет ключа маршрутизации «nowhere» / No routing key "nowhere"',
      );
      const external = await call(api.app, "PUT", "/api/v1/settings/routing/keys/health-ministry", {
        as: browsers.admin,
        body: { departmentId: departments["Пресс-служба"] },
      });
      expect(external.status).toBe(409);
      const missing = await call(api.app, "PUT", "/api/v1/settings/routing/keys/housing", {
        as: browsers.admin,
        body: { departmentId: "dep_missing" },
      });
      expect(missing.status).toBe(422);
      expect(
        ((await missing.json()) as { error: { details: { path: string[] }[] } }).error.details[0]?.path,
      ).toEqual(["departmentId"]);
    });
  });

  describe("the address register", () => {
    it("imports a CSV file (multipart) with counts and numbered rejected lines, all in one audit entry", async () => {
      const form = new FormData();
      form.set(
        "file",
        new File(
          [
            "улица;дом;широта;долгота\nЩетинкина;12;53,7203;91,4426\nЛенина;70;53,7188;91,4291\nМира;;53,7;91,4\nПушкина;15;200;91\n",
          ],
          "register.csv",
          { type: "text/csv" },
        ),
      );
      const response = await call(api.app, "POST", "/api/v1/settings/address-register/import", {
        as: browsers.admin,
        body: form,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        imported: 2,
        updated: 0,
        rejectedCount: 2,
        rejected: [
          { line: 4, reason: "Нет улицы или дома / street or house missing" },
          { line: 5, reason: "Неверные координаты / invalid coordinates" },
        ],
        registerSize: 2,
      });
      const [entry] = await auditOf("address-register");
      expect(entry).toMatchObject({
        action: "address-register.import",
        after: { file: "register.csv", imported: 2, updated: 0, rejected: 2, registerSize: 2 },
      });
    });

    it("takes text/csv too, updates what is there, and answers the register's size", async () => {
      // JSON is not a register file.
      const response = await call(api.app, "POST", "/api/v1/settings/address-register/import", {
        as: browsers.admin,
        body: { street: "Щетинкина" },
      });
      expect(response.status).toBe(415);
      const text = await api.app.request("/api/v1/settings/address-register/import", {
        method: "POST",
        headers: {
          "content-type": "text/csv",
          cookie: browsers.admin!.cookie,
          "x-csrf-token": browsers.admin!.csrfToken,
          origin: OWN_ORIGIN,
          "sec-fetch-site": "same-origin",
        },
        body: "street,house,lat,lon\nЩетинкина,12,53.73,91.45\nКрасноярская,5,53.70,91.40\n",
      });
      expect(text.status, await text.clone().text()).toBe(200);
      expect(await text.json()).toMatchObject({ imported: 1, updated: 1, rejectedCount: 0, registerSize: 3 });
      const summary = await call(api.app, "GET", "/api/v1/settings/address-register", { as: browsers.admin });
      expect(await summary.json()).toEqual({ size: 3 });
    });

    it("looks an address up as the desk reads it, or says it is not found", async () => {
      const found = await call(
        api.app,
        "GET",
        `/api/v1/settings/address-register/lookup?q=${encodeURIComponent("ул. Щетинкина, 12")}`,
        { as: browsers.admin },
      );
      expect(await found.json()).toEqual({
        query: "ул. Щетинкина, 12",
        parsed: { street: "Щетинкина", house: "12" },
        found: true,
        point: { street: "Щетинкина", house: "12", lat: 53.73, lon: 91.45 },
      });
      const missing = await call(
        api.app,
        "GET",
        `/api/v1/settings/address-register/lookup?q=${encodeURIComponent("ул. Щетинкина, 99")}`,
        { as: browsers.admin },
      );
      expect(await missing.json()).toMatchObject({ found: false, point: null });
    });

    it("refuses files that are too large, not UTF-8, empty, or from someone who is not an administrator", async () => {
      const headers = {
        "content-type": "text/csv",
        cookie: browsers.admin!.cookie,
        "x-csrf-token": browsers.admin!.csrfToken,
        origin: OWN_ORIGIN,
        "sec-fetch-site": "same-origin",
      };
      const path = "/api/v1/settings/address-register/import";
      const large = await api.app.request(path, {
        method: "POST",
        headers,
        body: `street,house,lat,lon\n${"Щетинкина,1,53.7,91.4\n".repeat(400_000)}`,
      });
      expect(large.status).toBe(413);
      expect(((await large.json()) as { error: { message: string } }).error.message).toMatch(
        /^Файл реестра больше 8 МБ.* \/ The register file exceeds 8 MB/,
      );
      const cp1251 = await api.app.request(path, {
        method: "POST",
        headers,
        body: new Uint8Array([0x75, 0xeb, 0xe8, 0xf6, 0xe0, 0x0a]),
      });
      expect(cp1251.status).toBe(422);
      const empty = await api.app.request(path, { method: "POST", headers, body: "\n" });
      expect(empty.status).toBe(422);
      const operator = await api.app.request(path, {
        method: "POST",
        headers: {
          ...headers,
          cookie: browsers.operator!.cookie,
          "x-csrf-token": browsers.operator!.csrfToken,
        },
        body: "street,house,lat,lon\n",
      });
      expect(operator.status).toBe(403);
    });
  });

  describe("channel connections", () => {
    let vkId: string;

    it("adds a connection with write-only secrets and lists it masked, with the platforms' fields", async () => {
      const response = await call(api.app, "POST", "/api/v1/settings/connections", {
        as: browsers.admin,
        body: {
          platform: "vk",
          name: "Абакан официальный — ВКонтакте",
          settings: { groupId: GROUP_ID, baseUrl: vk.url },
          secrets: {
            communityToken: COMMUNITY_TOKEN,
            callbackSecret: "callback-SECRET",
            confirmationCode: "abc123",
            userToken: "",
          },
        },
      });
      expect(response.status).toBe(201);
      const created = (await response.json()) as ConnectionView;
      vkId = created.id;
      expect(created).toMatchObject({
        platform: "vk",
        health: "unknown",
        secrets: { communityToken: "********", callbackSecret: "********", confirmationCode: "********" },
      });
      const list = await call(api.app, "GET", "/api/v1/settings/connections", { as: browsers.admin });
      const raw = await list.text();
      expect(raw).not.toContain("SECRET");
      expect(raw).not.toContain("abc123");
      const body = JSON.parse(raw) as {
        items: ConnectionView[];
        keyConfigured: boolean;
        platforms: {
          platform: string;
          settings: { name: string; type: string; required: boolean }[];
          secrets: { name: string; required: boolean }[];
        }[];
      };
      expect(body.keyConfigured).toBe(true);
      expect(body.items.map((item) => item.name)).toEqual(["Абакан официальный — ВКонтакте"]);
      const vkFields = body.platforms.find((platform) => platform.platform === "vk");
      expect(vkFields?.settings).toContainEqual({ name: "groupId", type: "number", required: true });
      expect(vkFields?.secrets).toContainEqual({ name: "userToken", type: "string", required: false });
      const [entry] = await auditOf("channel-connection");
      expect(entry).toMatchObject({
        action: "channel-connection.create",
        after: { platform: "vk", secretsChanged: ["communityToken", "callbackSecret", "confirmationCode"] },
      });
      expect(JSON.stringify(entry)).not.toContain("SECRET");
    });

    it("runs the test call against the service and records its health with the check time", async () => {
      clock.set(new Date("2026-11-27T04:30:00Z"));
      const response = await call(api.app, "POST", `/api/v1/settings/connections/${vkId}/check`, {
        as: browsers.admin,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        healthy: true,
        description: "Абакан официальный",
        error: null,
        connection: { health: "healthy", lastCheckedAt: "2026-11-27T04:30:00.000Z" },
      });
    });

    it("keeps stored secrets on an edit that leaves them empty, and replaces the ones given", async () => {
      const kept = await call(api.app, "PUT", `/api/v1/settings/connections/${vkId}`, {
        as: browsers.admin,
        body: {
          name: "ВКонтакте",
          settings: { groupId: GROUP_ID, baseUrl: vk.url },
          secrets: { communityToken: "" },
        },
      });
      expect(kept.status).toBe(200);
      expect(await kept.json()).toMatchObject({ name: "ВКонтакте", health: "unknown" });
      const stillWorks = await call(api.app, "POST", `/api/v1/settings/connections/${vkId}/check`, {
        as: browsers.admin,
      });
      expect(await stillWorks.json()).toMatchObject({ healthy: true });

      await call(api.app, "PUT", `/api/v1/settings/connections/${vkId}`, {
        as: browsers.admin,
        body: {
          name: "ВКонтакте",
          settings: { groupId: GROUP_ID, baseUrl: vk.url },
          secrets: { communityToken: "vk1.a.REVOKED-SECRET" },
        },
      });
      const broken = await call(api.app, "POST", `/api/v1/settings/connections/${vkId}/check`, {
        as: browsers.admin,
      });
      const report = (await broken.json()) as { healthy: boolean; error: string; connection: ConnectionView };
      expect(report.healthy).toBe(false);
      expect(report.error).toMatch(/authorization failed/i);
      expect(report.error).not.toContain("REVOKED-SECRET");
      expect(report.connection).toMatchObject({ health: "unhealthy", lastError: report.error });
      const update = (await auditOf("channel-connection")).find(
        (entry) => entry.action === "channel-connection.update",
      );
      expect(update?.after).toMatchObject({ secretsChanged: ["communityToken"] });
    });

    it("tests a Telegram bot against the local Bot API", async () => {
      const response = await call(api.app, "POST", "/api/v1/settings/connections", {
        as: browsers.admin,
        body: {
          platform: "telegram",
          name: "Абакан официальный — Telegram",
          settings: { channelChatId: "@abakan_official", baseUrl: telegram.url },
          secrets: { botToken: BOT_TOKEN, webhookSecret: "hook_secret" },
        },
      });
      const created = (await response.json()) as ConnectionView;
      const check = await call(api.app, "POST", `/api/v1/settings/connections/${created.id}/check`, {
        as: browsers.admin,
      });
      expect(await check.json()).toMatchObject({ healthy: true, connection: { health: "healthy" } });
    });

    it("refuses invalid connections with every problem, unknown ids, and anyone but an administrator", async () => {
      const invalid = await call(api.app, "POST", "/api/v1/settings/connections", {
        as: browsers.admin,
        body: { platform: "telegram", name: "Бот", settings: {}, secrets: { botToken: "x" } },
      });
      expect(invalid.status).toBe(422);
      const paths = (
        (await invalid.json()) as { error: { details: { path: string[] }[] } }
      ).error.details.map((detail) => detail.path.join("."));
      expect(paths).toEqual(expect.arrayContaining(["settings.channelChatId", "secrets.webhookSecret"]));
      expect(
        (
          await call(api.app, "POST", "/api/v1/settings/connections/conn_missing/check", {
            as: browsers.admin,
          })
        ).status,
      ).toBe(404);
      expect(
        (await call(api.app, "GET", "/api/v1/settings/connections", { as: browsers.editor })).status,
      ).toBe(403);
      expect(
        (await call(api.app, "POST", `/api/v1/settings/connections/${vkId}/check`, { as: browsers.operator }))
          .status,
      ).toBe(403);
    });
  });

  it("documents every settings route in the OpenAPI document with its security", async () => {
    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<string, { security?: unknown[]; requestBody?: { content: Record<string, unknown> } }>
      >;
    };
    for (const [path, method] of [
      ["/api/v1/settings/routing", "get"],
      ["/api/v1/settings/routing/keys/{key}", "put"],
      ["/api/v1/settings/address-register", "get"],
      ["/api/v1/settings/address-register/import", "post"],
      ["/api/v1/settings/address-register/lookup", "get"],
      ["/api/v1/settings/connections", "get"],
      ["/api/v1/settings/connections", "post"],
      ["/api/v1/settings/connections/{id}", "put"],
      ["/api/v1/settings/connections/{id}/check", "post"],
    ] as const) {
      expect(document.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ session: [] }]);
    }
    expect(
      Object.keys(document.paths["/api/v1/settings/address-register/import"]!.post!.requestBody!.content),
    ).toEqual(["multipart/form-data", "text/csv"]);
  });
});

describe("channel connections without OTKLIK_CHANNELS_KEY", () => {
  it("lists connections but refuses to add one with 503", async () => {
    const api = await createTestApi({
      clock: manualClock("2026-11-27T03:00:00Z") as Clock,
      settings: { channelsKey: undefined },
    });
    const { browsers } = await demoStaff(api.app, { db: api.db, clock: manualClock("2026-11-27T03:00:00Z") });
    const list = await call(api.app, "GET", "/api/v1/settings/connections", { as: browsers.admin });
    expect(await list.json()).toMatchObject({ items: [], keyConfigured: false });
    const add = await call(api.app, "POST", "/api/v1/settings/connections", {
      as: browsers.admin,
      body: {
        platform: "max",
        name: "MAX",
        settings: { chatId: 1 },
        secrets: { botToken: "t", webhookSecret: "secret" },
      },
    });
    expect(add.status).toBe(503);
    expect(((await add.json()) as { error: { message: string } }).error.message).toMatch(
      /OTKLIK_CHANNELS_KEY/,
    );
    await api.db.close();
  });
});
