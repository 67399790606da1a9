// Sign-in, sessions, tokens, CSRF, audit and erasure, as a browser and an integration see them over HTTP.
import { Writable } from "node:stream";
import { manualClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { DEMO_PASSWORD, totpCode } from "@otklik/identity";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { dumpDatabase } from "./support/dump.js";
import {
  type Browser,
  call,
  demoStaff,
  OWN_ORIGIN,
  sessionCookieOf,
  signInOverHttp,
} from "./support/staff-client.js";

describe.each(testBackends())("identity over HTTP on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let clock: ReturnType<typeof manualClock>;
  let staff: Awaited<ReturnType<typeof demoStaff>>;
  let logs: string[];

  // One database for the file: each test makes the people and records it needs, so they stay apart.
  beforeAll(async () => {
    clock = manualClock("2026-11-27T02:00:00Z");
    logs = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    api = await createTestApi({
      db: await createTestDatabase({ backend, migrations: migrationSets }),
      clock,
      logger: pino({ level: "debug" }, sink),
    });
    staff = await demoStaff(api.app, { db: api.db, clock });
  });
  afterAll(() => api.db.close());

  const auditCount = async (): Promise<number> => {
    const rows = await api.db.query<{ count: string | number }>(
      "SELECT count(*) AS count FROM identity_audit_log",
    );
    return Number(rows[0]?.count);
  };

  describe("sign-in", () => {
    it("sets an HttpOnly, SameSite=Lax session cookie, Secure only behind HTTPS", async () => {
      const plain = await signInOverHttp(api.app, "operator@demo.otklik.ru", DEMO_PASSWORD);
      const cookie = plain.response.headers
        .getSetCookie()
        .find((header) => header.startsWith("otklik_session="));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/);

      const secure = await api.app.request("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
        body: JSON.stringify({ email: "operator@demo.otklik.ru", password: DEMO_PASSWORD }),
      });
      expect(secure.headers.getSetCookie().find((header) => header.startsWith("otklik_session="))).toMatch(
        /Secure/,
      );
    });

    it("locks out after five failures with 429 and Retry-After, the same for unknown accounts", async () => {
      const answers: { status: number; message: string }[] = [];
      for (const email of ["analyst@demo.otklik.ru", "ghost@demo.otklik.ru"]) {
        for (let index = 0; index < 5; index++) {
          const { response } = await signInOverHttp(api.app, email, "wrong password", {
            address: `198.51.100.${index}`,
          });
          const body = (await response.json()) as { error: { message: string } };
          answers.push({ status: response.status, message: body.error.message });
        }
        const locked = await signInOverHttp(api.app, email, DEMO_PASSWORD);
        expect(locked.response.status).toBe(429);
        expect(Number(locked.response.headers.get("retry-after"))).toBe(900);
      }
      expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(
        new Set([JSON.stringify(answers[0])]),
      );
      expect(answers[0]?.status).toBe(401);

      clock.advance(15 * 60_000);
      expect((await signInOverHttp(api.app, "analyst@demo.otklik.ru", DEMO_PASSWORD)).response.status).toBe(
        200,
      );
    });

    it("rotates the session: the cookie changes and the old session no longer works", async () => {
      const before = staff.browsers.editor;
      const again = await signInOverHttp(api.app, "editor@demo.otklik.ru", DEMO_PASSWORD, {
        cookie: before.cookie,
      });
      expect(again.browser?.cookie).toBeDefined();
      expect(again.browser?.cookie).not.toBe(before.cookie);
      expect((await call(api.app, "GET", "/api/v1/auth/me", { as: before })).status).toBe(401);
      expect((await call(api.app, "GET", "/api/v1/auth/me", { as: again.browser })).status).toBe(200);
    });

    it("signs out: the cookie is cleared and stops working", async () => {
      const browser = (await signInOverHttp(api.app, "analyst@demo.otklik.ru", DEMO_PASSWORD)).browser!;
      const response = await call(api.app, "POST", "/api/v1/auth/logout", { as: browser });
      expect(response.status).toBe(204);
      expect(response.headers.getSetCookie().join()).toMatch(/otklik_session=;/);
      expect((await call(api.app, "GET", "/api/v1/auth/me", { as: browser })).status).toBe(401);
    });

    it("asks for the second factor once a person has turned it on", async () => {
      const browser = staff.browsers.head;
      const enrolment = (await (
        await call(api.app, "POST", "/api/v1/auth/totp/enrol", { as: browser })
      ).json()) as {
        secret: string;
        uri: string;
      };
      expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\//);
      const confirm = await call(api.app, "POST", "/api/v1/auth/totp/confirm", {
        as: browser,
        body: { code: totpCode(enrolment.secret, clock.now()) },
      });
      expect(confirm.status).toBe(204);
      clock.advance(60_000);
      const withoutCode = await signInOverHttp(api.app, "head@demo.otklik.ru", DEMO_PASSWORD);
      expect(withoutCode.response.status).toBe(401);
      expect(await withoutCode.response.json()).toMatchObject({ error: { details: [{ path: ["totp"] }] } });
      const withCode = await signInOverHttp(api.app, "head@demo.otklik.ru", DEMO_PASSWORD, {
        totp: totpCode(enrolment.secret, clock.now()),
      });
      expect(withCode.response.status).toBe(200);
    });
  });

  describe("sign-in first", () => {
    it("tells a stranger to sign in before saying what is wrong with a staff operation's input", async () => {
      const malformed = [
        { method: "GET", path: "/api/v1/incidents?limit=many&status=nonsense", body: undefined },
        { method: "POST", path: "/api/v1/incidents/inc_nothing/transitions", body: { type: 42 } },
        { method: "POST", path: "/api/v1/personal-data/erase", body: { email: "not an address" } },
      ] as const;
      for (const request of malformed) {
        const anonymous = await call(api.app, request.method, request.path, { body: request.body });
        expect(anonymous.status, `${request.method} ${request.path}`).toBe(401);
        const { error } = (await anonymous.json()) as { error: { message: string; details?: unknown } };
        expect(error.message).toBe("Требуется вход / Sign-in required");
        expect(error.details).toBeUndefined();
        // Signed in, the same request is told what is wrong with it.
        const signedIn = await call(api.app, request.method, request.path, {
          as: staff.browsers.admin,
          body: request.body,
        });
        expect(signedIn.status, `${request.method} ${request.path}`).toBe(422);
      }
      // A public form still says what is wrong with its input, to anyone.
      const form = await call(api.app, "POST", "/api/v1/reports", { body: { category: 42 } });
      expect(form.status).toBe(422);
    });
  });

  describe("API tokens", () => {
    it("stops working at once when revoked", async () => {
      const admin = staff.browsers.admin;
      const issued = (await (
        await call(api.app, "POST", "/api/v1/tokens", {
          as: admin,
          body: { name: "Город", scopes: ["read"] },
        })
      ).json()) as { token: { id: string }; secret: string };
      const integration = { kind: "integration" as const, token: issued.secret };
      expect((await call(api.app, "GET", "/api/v1/departments", { as: integration })).status).toBe(200);
      expect((await call(api.app, "DELETE", `/api/v1/tokens/${issued.token.id}`, { as: admin })).status).toBe(
        200,
      );
      const refused = await call(api.app, "GET", "/api/v1/departments", { as: integration });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    });

    it("keeps a token to its scopes", async () => {
      const open311 = { kind: "integration" as const, token: "open311-demo-key" };
      expect((await call(api.app, "GET", "/api/v1/departments", { as: open311 })).status).toBe(403);
    });
  });

  describe("CSRF", () => {
    const newDepartment = { name: "Отдел благоустройства", shortName: "Благоустройство" };
    const post = (browser: Browser, headers: Record<string, string>) =>
      api.app.request("/api/v1/departments", {
        method: "POST",
        headers: { "content-type": "application/json", cookie: browser.cookie, ...headers },
        body: JSON.stringify(newDepartment),
      });

    it("refuses a cookie-authenticated write without the session's X-CSRF-Token", async () => {
      const admin = staff.browsers.admin;
      expect((await post(admin, {})).status).toBe(403);
      expect((await post(admin, { "x-csrf-token": "guessed" })).status).toBe(403);
      expect((await post(admin, { "x-csrf-token": staff.browsers.editor.csrfToken })).status).toBe(403);
      expect((await post(admin, { "x-csrf-token": admin.csrfToken, origin: OWN_ORIGIN })).status).toBe(201);
    });

    it("refuses a cross-site write even with the token, and a cross-site sign-in", async () => {
      const admin = staff.browsers.admin;
      const crossSite = {
        "x-csrf-token": admin.csrfToken,
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      };
      const refused = await post(admin, crossSite);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: "forbidden" } });
      const login = await api.app.request("/api/v1/auth/login", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "https://evil.example",
          "sec-fetch-site": "cross-site",
        },
        body: JSON.stringify({ email: "admin@demo.otklik.ru", password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(403);
      expect(sessionCookieOf(login)).toBeUndefined();
    });

    it("does not ask integrations with a bearer token for it", async () => {
      const response = await call(api.app, "POST", "/api/v1/consents", {
        as: { kind: "integration", token: "open311-demo-key" },
        body: { textId: staff.demo.consentTextId, subject: { email: "citizen@mail.example" } },
      });
      expect(response.status).toBe(201);
    });
  });

  describe("audit log", () => {
    it("records every change made through the API", async () => {
      const admin = staff.browsers.admin;
      const leaving = (await signInOverHttp(api.app, "operator@demo.otklik.ru", DEMO_PASSWORD)).browser!;
      const changes: { method: string; path: string; body?: unknown; as?: Browser; action: string }[] = [
        {
          method: "POST",
          path: "/api/v1/users",
          body: { email: "new@abakan.example", fullName: "Н", roles: ["editor"] },
          as: admin,
          action: "user.create",
        },
        {
          method: "PATCH",
          path: `/api/v1/users/${staff.demo.userIds.analyst}`,
          body: { roles: ["analyst", "editor"] },
          as: admin,
          action: "user.update",
        },
        {
          method: "POST",
          path: "/api/v1/departments",
          body: { name: "Отдел", shortName: "О" },
          as: admin,
          action: "department.create",
        },
        {
          method: "PATCH",
          path: `/api/v1/departments/${staff.demo.departmentIds.edds}`,
          body: { shortName: "ЕДДС Абакана" },
          as: admin,
          action: "department.update",
        },
        {
          method: "POST",
          path: "/api/v1/officials",
          body: { fullName: "Орлов П. И.", position: "Заместитель" },
          as: admin,
          action: "official.create",
        },
        {
          method: "PATCH",
          path: `/api/v1/officials/${staff.demo.officialIds.social}`,
          body: { position: "Заместитель Главы" },
          as: admin,
          action: "official.update",
        },
        {
          method: "POST",
          path: "/api/v1/tokens",
          body: { name: "Т", scopes: ["read"] },
          as: admin,
          action: "token.create",
        },
        {
          method: "POST",
          path: "/api/v1/privacy-policy",
          body: { title: "П", body: "Текст" },
          as: admin,
          action: "legal-text.publish",
        },
        {
          method: "POST",
          path: "/api/v1/consent-texts/incident-report",
          body: { title: "С", body: "Текст" },
          as: admin,
          action: "legal-text.publish",
        },
        {
          method: "POST",
          path: "/api/v1/consents",
          body: { textId: staff.demo.consentTextId, subject: { email: "c@mail.example" } },
          action: "consent.create",
        },
        {
          method: "POST",
          path: "/api/v1/personal-data/erase",
          body: { email: "c@mail.example" },
          as: admin,
          action: "personal-data.erase",
        },
        {
          method: "POST",
          path: "/api/v1/auth/totp/enrol",
          as: staff.browsers.operator,
          action: "user.totp-enrol",
        },
        {
          method: "POST",
          path: "/api/v1/auth/password-reset",
          body: { email: "editor@demo.otklik.ru" },
          action: "user.password-reset-request",
        },
        { method: "POST", path: "/api/v1/auth/logout", as: leaving, action: "session.revoke" },
        {
          method: "POST",
          path: "/api/v1/auth/login",
          body: { email: "analyst@demo.otklik.ru", password: DEMO_PASSWORD },
          action: "session.create",
        },
      ];
      for (const change of changes) {
        const before = await auditCount();
        const response = await call(api.app, change.method, change.path, {
          ...(change.as ? { as: change.as } : {}),
          ...(change.body !== undefined ? { body: change.body } : {}),
        });
        expect(response.status, `${change.method} ${change.path}`).toBeLessThan(300);
        expect(await auditCount(), `${change.method} ${change.path}`).toBe(before + 1);
        const newest = (await (
          await call(api.app, "GET", "/api/v1/audit?limit=1", { as: admin })
        ).json()) as {
          items: { action: string }[];
        };
        expect(newest.items[0]?.action).toBe(change.action);
      }
    });

    it("answers by object and by person", async () => {
      const admin = staff.browsers.admin;
      await call(api.app, "PATCH", `/api/v1/users/${staff.demo.userIds.editor}`, {
        as: admin,
        body: { active: false },
      });
      const byObject = (await (
        await call(api.app, "GET", `/api/v1/audit?objectType=user&objectId=${staff.demo.userIds.editor}`, {
          as: admin,
        })
      ).json()) as { items: { action: string; before: unknown; after: unknown }[] };
      expect(byObject.items.at(-1)?.action).toBe("user.create");
      expect(byObject.items[0]).toMatchObject({ before: { active: true }, after: { active: false } });
      const byPerson = (await (
        await call(api.app, "GET", `/api/v1/audit?actorId=${admin.userId}`, { as: admin })
      ).json()) as { items: { action: string; address: string; actor: { id: string } }[] };
      expect(byPerson.items[0]).toMatchObject({ action: "user.update", address: "127.0.0.1" });
      expect(byPerson.items.every((entry) => entry.actor.id === admin.userId)).toBe(true);
    });
  });

  describe("personal data", () => {
    it("erases a citizen's data everywhere it is stored and keeps the audit trail consistent", async () => {
      const citizen = { name: "Тохтобина Ольга", email: "olga.t@mail.example", phone: "+7 (913) 444-22-11" };
      const given = await api.app.request("/api/v1/consents", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.99" },
        body: JSON.stringify({ textId: staff.demo.consentTextId, subject: citizen }),
      });
      expect(given.status).toBe(201);
      expect(await given.json()).toMatchObject({
        address: "203.0.113.99",
        channel: "site",
        purpose: "incident-report",
      });

      const admin = staff.browsers.admin;
      const exported = (await (
        await call(api.app, "POST", "/api/v1/personal-data/export", {
          as: admin,
          body: { phone: citizen.phone },
        })
      ).json()) as { parts: { name: string; records: unknown[] }[] };
      expect(exported.parts).toEqual([
        {
          name: "identity.consents",
          description: expect.any(String),
          records: [expect.objectContaining({ subject: expect.objectContaining({ email: citizen.email }) })],
        },
      ]);

      const auditBefore = await api.db.query("SELECT * FROM identity_audit_log ORDER BY id");
      const erased = await call(api.app, "POST", "/api/v1/personal-data/erase", {
        as: admin,
        body: { email: citizen.email, phone: citizen.phone },
      });
      expect(await erased.json()).toMatchObject({ parts: [{ name: "identity.consents", records: 1 }] });

      const dump = await dumpDatabase(api.db);
      for (const personal of [citizen.name, citizen.email, "+79134442211", "203.0.113.99"]) {
        expect(dump).not.toContain(personal);
      }
      const auditAfter = await api.db.query("SELECT * FROM identity_audit_log ORDER BY id");
      expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
      expect(auditAfter).toHaveLength(auditBefore.length + 1);
    });

    it("publishes the privacy policy to anyone", async () => {
      const response = await api.app.request("/api/v1/privacy-policy");
      expect(await response.json()).toMatchObject({ document: "privacy-policy", title: expect.any(String) });
    });
  });

  it("never lets a password into the logs, error answers or the database", async () => {
    const secrets = ["a-wrong-guess-555", "тёплый вечер над Енисеем", "сосны у Енисея шумят", "kurz-1"];
    const answers: string[] = [];
    const keep = async (response: Response) => answers.push(await response.text());
    await keep((await signInOverHttp(api.app, "admin@demo.otklik.ru", secrets[0]!)).response);
    await keep(
      await call(api.app, "POST", "/api/v1/users", {
        as: staff.browsers.admin,
        body: { email: "pw@abakan.example", fullName: "П", roles: ["editor"], password: secrets[1] },
      }),
    );
    await keep(
      await call(api.app, "POST", "/api/v1/users", {
        as: staff.browsers.admin,
        body: { email: "pw2@abakan.example", fullName: "П", roles: ["editor"], password: secrets[3] },
      }),
    );
    await keep((await signInOverHttp(api.app, "pw@abakan.example", secrets[1]!)).response);
    await keep(
      await call(api.app, "POST", "/api/v1/auth/password-reset", { body: { email: "pw@abakan.example" } }),
    );
    const link = /https?:\/\/\S+/.exec(api.mail.at(-1)?.text ?? "")?.[0] ?? "";
    const token = new URL(link).searchParams.get("token");
    await keep(
      await call(api.app, "POST", "/api/v1/auth/password-reset/confirm", {
        body: { token, password: secrets[2] },
      }),
    );
    await keep(
      await call(api.app, "POST", "/api/v1/auth/password-reset/confirm", {
        body: { token, password: secrets[2] },
      }),
    );

    expect(answers.join("\n")).toContain("validation_failed");
    const everything = [logs.join("\n"), answers.join("\n"), await dumpDatabase(api.db)].join("\n");
    for (const secret of [...secrets, DEMO_PASSWORD]) expect(everything).not.toContain(secret);
    expect(logs.length).toBeGreaterThan(5);
  });
});
