// Every operation of the OpenAPI document × every role, anonymous and an integration, against one declared matrix.
import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import {
  createApiToken,
  createUser,
  DEMO_OPEN311_KEY,
  type Role,
  recordConsent,
  requestPasswordReset,
  systemActor,
  totpCode,
} from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, type Caller, call, demoStaff, signInOverHttp } from "./support/staff-client.js";

type Principal = "anonymous" | Role | "integration";
const ROLES: Role[] = ["admin", "editor", "operator", "executor", "head", "analyst"];
const PRINCIPALS: Principal[] = ["anonymous", ...ROLES, "integration"];
const PASSWORD = "тёплый вечер над Енисеем";

type Expected = Record<Principal, number>;

/** Everyone gets `status` (public operations). */
const everyone = (status: number): Expected =>
  Object.fromEntries(PRINCIPALS.map((principal) => [principal, status])) as Expected;

/** `allowed` roles get `status`, other roles 403, anonymous 401; the read-scope integration as given. */
const only = (status: number, allowed: readonly Role[], integration = 403): Expected => ({
  ...(Object.fromEntries(ROLES.map((role) => [role, allowed.includes(role) ? status : 403])) as Expected),
  anonymous: 401,
  integration,
});
const adminOnly = (status: number): Expected => only(status, ["admin"]);
const staff = (status: number, integration = 403): Expected => only(status, ROLES, integration);

interface Fixture {
  app: Awaited<ReturnType<typeof createTestApi>>["app"];
  api: Awaited<ReturnType<typeof createTestApi>>;
  clock: ReturnType<typeof manualClock>;
  demo: Awaited<ReturnType<typeof demoStaff>>["demo"];
  browsers: Record<Role, Browser>;
  integration: Caller;
  standing(principal: Principal): Caller;
  /** A new account with `role` (in the housing department) and its own browser. */
  fresh(role: Role): Promise<{ browser: Browser; email: string }>;
  unique(): number;
}

interface Case {
  expect: Expected;
  /** The request, valid in every way but who makes it, so a success is a real success. */
  request(principal: Principal, fixture: Fixture): Promise<{ path: string; body?: unknown; as?: Caller }>;
}

/** A fresh browser for a role, or the standing caller for anonymous and the integration. */
async function freshCaller(principal: Principal, fixture: Fixture): Promise<Caller> {
  return principal === "anonymous" || principal === "integration"
    ? fixture.standing(principal)
    : (await fixture.fresh(principal)).browser;
}

async function enrolled(principal: Principal, fixture: Fixture): Promise<{ as: Caller; secret: string }> {
  const as = await freshCaller(principal, fixture);
  if (as?.kind !== "browser") return { as, secret: "" };
  const response = await call(fixture.app, "POST", "/api/v1/auth/totp/enrol", { as });
  const { secret } = (await response.json()) as { secret: string };
  return { as, secret };
}

const simple =
  (path: string, body?: (fixture: Fixture) => unknown) => async (principal: Principal, fixture: Fixture) => ({
    path,
    ...(body ? { body: body(fixture) } : {}),
    as: fixture.standing(principal),
  });

const MATRIX: Record<string, Case> = {
  "GET /api/health": { expect: everyone(200), request: simple("/api/health") },
  "GET /api/ready": { expect: everyone(200), request: simple("/api/ready") },
  "GET /api/v1/city": { expect: everyone(200), request: simple("/api/v1/city") },

  "POST /api/v1/auth/login": {
    expect: everyone(200),
    request: async (principal, fixture) => {
      const { email } = await fixture.fresh("analyst");
      return {
        path: "/api/v1/auth/login",
        body: { email, password: PASSWORD },
        as: await freshCaller(principal, fixture),
      };
    },
  },
  "POST /api/v1/auth/logout": {
    expect: staff(204),
    request: async (principal, fixture) => ({
      path: "/api/v1/auth/logout",
      as: await freshCaller(principal, fixture),
    }),
  },
  "GET /api/v1/auth/me": { expect: staff(200, 200), request: simple("/api/v1/auth/me") },
  "POST /api/v1/auth/totp/enrol": {
    expect: staff(200),
    request: async (principal, fixture) => ({
      path: "/api/v1/auth/totp/enrol",
      as: await freshCaller(principal, fixture),
    }),
  },
  "POST /api/v1/auth/totp/confirm": {
    expect: staff(204),
    request: async (principal, fixture) => {
      const { as, secret } = await enrolled(principal, fixture);
      const code = secret ? totpCode(secret, fixture.clock.now()) : "123456";
      return { path: "/api/v1/auth/totp/confirm", body: { code }, as };
    },
  },
  "POST /api/v1/auth/totp/disable": {
    expect: staff(204),
    request: async (principal, fixture) => {
      const { as, secret } = await enrolled(principal, fixture);
      if (!secret) return { path: "/api/v1/auth/totp/disable", body: { code: "123456" }, as };
      await call(fixture.app, "POST", "/api/v1/auth/totp/confirm", {
        as,
        body: { code: totpCode(secret, fixture.clock.now()) },
      });
      fixture.clock.advance(31_000);
      return { path: "/api/v1/auth/totp/disable", body: { code: totpCode(secret, fixture.clock.now()) }, as };
    },
  },
  "POST /api/v1/auth/password-reset": {
    expect: everyone(202),
    request: simple("/api/v1/auth/password-reset", () => ({ email: "editor@demo.otklik.ru" })),
  },
  "POST /api/v1/auth/password-reset/confirm": {
    expect: everyone(204),
    request: async (principal, fixture) => {
      const { email } = await fixture.fresh("editor");
      await requestPasswordReset(
        { db: fixture.api.db, clock: fixture.clock, actor: systemActor("test") },
        { email },
        fixture.api.identity,
      );
      const link = /https?:\/\/\S+/.exec(fixture.api.mail.at(-1)?.text ?? "")?.[0] ?? "";
      const token = new URL(link).searchParams.get("token");
      return {
        path: "/api/v1/auth/password-reset/confirm",
        body: { token, password: "сосны у Енисея шумят" },
        as: fixture.standing(principal),
      };
    },
  },

  "GET /api/v1/users": {
    expect: only(200, ["admin", "operator", "executor", "head"]),
    request: simple("/api/v1/users"),
  },
  "POST /api/v1/users": {
    expect: adminOnly(201),
    request: simple("/api/v1/users", (fixture) => ({
      email: `new-${fixture.unique()}@abakan.example`,
      fullName: "Новый Сотрудник",
      roles: ["executor"],
      departmentId: fixture.demo.departmentIds.transport,
    })),
  },
  "GET /api/v1/users/{id}": {
    expect: only(200, ["admin", "operator", "executor", "head"]),
    request: async (principal, fixture) => ({
      path: `/api/v1/users/${fixture.demo.userIds.head}`,
      as: fixture.standing(principal),
    }),
  },
  "PATCH /api/v1/users/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => {
      const { browser } = await fixture.fresh("editor");
      return {
        path: `/api/v1/users/${browser.userId}`,
        body: { fullName: "Переименован" },
        as: fixture.standing(principal),
      };
    },
  },

  "GET /api/v1/departments": { expect: staff(200, 200), request: simple("/api/v1/departments") },
  "POST /api/v1/departments": {
    expect: adminOnly(201),
    request: simple("/api/v1/departments", (fixture) => ({
      name: `Отдел ${fixture.unique()}`,
      shortName: "Отдел",
      parentId: fixture.demo.departmentIds.housing,
    })),
  },
  "GET /api/v1/departments/{id}": {
    expect: staff(200, 200),
    request: async (principal, fixture) => ({
      path: `/api/v1/departments/${fixture.demo.departmentIds.culture}`,
      as: fixture.standing(principal),
    }),
  },
  "PATCH /api/v1/departments/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/departments/${fixture.demo.departmentIds.culture}`,
      body: { contacts: { phone: `8 (3902) 22-${String(fixture.unique() % 100).padStart(2, "0")}-00` } },
      as: fixture.standing(principal),
    }),
  },
  "GET /api/v1/officials": { expect: staff(200, 200), request: simple("/api/v1/officials") },
  "POST /api/v1/officials": {
    expect: adminOnly(201),
    request: simple("/api/v1/officials", () => ({
      fullName: "Орлов Пётр Ильич",
      position: "Заместитель Главы",
    })),
  },
  "GET /api/v1/officials/{id}": {
    expect: staff(200, 200),
    request: async (principal, fixture) => ({
      path: `/api/v1/officials/${fixture.demo.officialIds.social}`,
      as: fixture.standing(principal),
    }),
  },
  "PATCH /api/v1/officials/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => ({
      path: `/api/v1/officials/${fixture.demo.officialIds.social}`,
      body: { position: `Заместитель Главы города Абакана по социальным вопросам (${fixture.unique()})` },
      as: fixture.standing(principal),
    }),
  },

  "GET /api/v1/tokens": { expect: adminOnly(200), request: simple("/api/v1/tokens") },
  "POST /api/v1/tokens": {
    expect: adminOnly(201),
    request: simple("/api/v1/tokens", () => ({ name: "Городская система", scopes: ["read"] })),
  },
  "DELETE /api/v1/tokens/{id}": {
    expect: adminOnly(200),
    request: async (principal, fixture) => {
      const issued = await createApiToken(
        { db: fixture.api.db, clock: fixture.clock, actor: systemActor("test") },
        { name: "На отзыв", scopes: ["read"] },
      );
      return { path: `/api/v1/tokens/${issued.token.id}`, as: fixture.standing(principal) };
    },
  },

  "GET /api/v1/audit": { expect: adminOnly(200), request: simple("/api/v1/audit") },

  "GET /api/v1/privacy-policy": { expect: everyone(200), request: simple("/api/v1/privacy-policy") },
  "POST /api/v1/privacy-policy": {
    expect: adminOnly(201),
    request: simple("/api/v1/privacy-policy", () => ({ title: "Политика", body: "Новая редакция политики" })),
  },
  "GET /api/v1/consent-texts/{purpose}": {
    expect: everyone(200),
    request: simple("/api/v1/consent-texts/incident-report"),
  },
  "POST /api/v1/consent-texts/{purpose}": {
    expect: adminOnly(201),
    request: simple("/api/v1/consent-texts/incident-report", () => ({
      title: "Согласие",
      body: "Новая редакция",
    })),
  },
  "POST /api/v1/consents": {
    expect: everyone(201),
    request: simple("/api/v1/consents", (fixture) => ({
      textId: fixture.demo.consentTextId,
      subject: { name: "Иванова Мария", email: `citizen-${fixture.unique()}@mail.example` },
    })),
  },
  "GET /api/v1/consents": { expect: adminOnly(200), request: simple("/api/v1/consents") },
  "POST /api/v1/consents/{id}/withdraw": {
    expect: adminOnly(200),
    request: async (principal, fixture) => {
      const consent = await recordConsent(
        { db: fixture.api.db, clock: fixture.clock, actor: systemActor("test") },
        { textId: fixture.demo.consentTextId, subject: { email: "withdraw@mail.example" } },
      );
      return { path: `/api/v1/consents/${consent.id}/withdraw`, as: fixture.standing(principal) };
    },
  },
  "POST /api/v1/personal-data/export": {
    expect: adminOnly(200),
    request: simple("/api/v1/personal-data/export", () => ({ email: "citizen-1@mail.example" })),
  },
  "POST /api/v1/personal-data/erase": {
    expect: adminOnly(200),
    request: simple("/api/v1/personal-data/erase", () => ({ email: "nobody-at-all@mail.example" })),
  },
};

/** Routes outside the OpenAPI document that are public as well. */
const UNDOCUMENTED_PUBLIC = ["/api/openapi.json", "/api/docs"];

interface Operation {
  security?: unknown[];
  responses: Record<string, unknown>;
}

describe.each(testBackends())("authorisation matrix on %s", (backend) => {
  let fixture: Fixture;
  let operations: [string, Operation][];

  beforeAll(async () => {
    const clock = manualClock("2026-11-27T02:00:00Z");
    const api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock: clock as Clock,
    });
    const { demo, browsers } = await demoStaff(api.app, { db: api.db, clock });
    let counter = 0;
    fixture = {
      app: api.app,
      api,
      clock,
      demo,
      browsers,
      integration: undefined,
      standing: (principal) =>
        principal === "anonymous"
          ? undefined
          : principal === "integration"
            ? fixture.integration
            : fixture.browsers[principal],
      async fresh(role) {
        const email = `${role}-${++counter}@fresh.otklik.ru`;
        await createUser(
          { db: api.db, clock, actor: systemActor("test") },
          {
            email,
            fullName: "Временный Сотрудник",
            roles: [role],
            departmentId: demo.departmentIds.housing,
            password: PASSWORD,
          },
          api.identity,
        );
        const { browser } = await signInOverHttp(api.app, email, PASSWORD);
        if (!browser) throw new Error(`fresh ${role} could not sign in`);
        return { browser, email };
      },
      unique: () => ++counter,
    };
    const issued = await createApiToken(
      { db: api.db, clock, actor: systemActor("test") },
      { name: "Чтение", scopes: ["read"] },
    );
    fixture.integration = { kind: "integration", token: issued.secret };

    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation],
      ),
    );
  });
  afterAll(() => fixture?.api.db.close());

  it("declares every documented operation in the matrix, and nothing else", () => {
    const documented = operations.map(([key]) => key).sort();
    expect(
      documented.filter((key) => !(key in MATRIX)),
      "operations missing from the matrix",
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((key) => !documented.includes(key)),
      "matrix entries not in the document",
    ).toEqual([]);
  });

  it("declares a security requirement on every operation", () => {
    for (const [key, operation] of operations) expect(Array.isArray(operation.security), key).toBe(true);
  });

  it("answers every operation for every principal as the matrix says, with a documented status", async () => {
    const mismatches: string[] = [];
    for (const [key, operation] of operations) {
      const entry = MATRIX[key];
      if (!entry) continue;
      const method = key.split(" ")[0]!;
      for (const principal of PRINCIPALS) {
        const request = await entry.request(principal, fixture);
        const response = await call(fixture.app, method, request.path, {
          as: request.as,
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
        const expected = entry.expect[principal];
        if (response.status !== expected) {
          mismatches.push(
            `${key} as ${principal}: ${response.status} (expected ${expected}) ${await response.text()}`,
          );
        } else if (!(String(expected) in operation.responses)) {
          mismatches.push(`${key} as ${principal}: ${expected} is not documented`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("serves the document and the reference page to anyone", async () => {
    for (const path of UNDOCUMENTED_PUBLIC) expect((await fixture.app.request(path)).status, path).toBe(200);
  });

  it("still knows the demo Open311 key after all that", async () => {
    const response = await call(fixture.app, "GET", "/api/v1/auth/me", {
      as: { kind: "integration", token: DEMO_OPEN311_KEY },
    });
    expect(await response.json()).toMatchObject({ kind: "token", permissions: ["open311:submit"] });
  });
});
