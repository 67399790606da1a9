import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousActor } from "../access/actor.js";
import { confirmTotp } from "../second-factor/confirm-totp.js";
import { enrolTotp } from "../second-factor/enrol-totp.js";
import { totpCode } from "../second-factor/totp.js";
import { backends, freshDatabase } from "../testing/database.js";
import { errorCode, GOOD_PASSWORD, staff, type World, world } from "../testing/fixtures.js";
import { authenticateSession } from "./authenticate-session.js";
import { signIn } from "./sign-in.js";
import { signOut } from "./sign-out.js";

const MINUTE = 60_000;

describe.each(backends)("sign-in on $name", (backend) => {
  let w: World;
  let org: Awaited<ReturnType<typeof staff>>;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
    org = await staff(w);
  });
  afterAll(() => w.db.close());

  const attempt = (email: string, password: string, address = "203.0.113.7", totp?: string) =>
    signIn(w.as(anonymousActor(address)), { email, password, ...(totp ? { totp } : {}) }, w.settings);
  const session = (secret: string) => authenticateSession(w, secret, { address: null, settings: w.settings });

  it("signs a person in with a new session that reads back as them", async () => {
    const signedIn = await attempt("Operator@Test.Otklik.ru ", GOOD_PASSWORD);
    expect(signedIn.user.id).toBe(org.people.operator.userId);
    const read = await session(signedIn.session.secret);
    expect(read?.actor).toMatchObject({
      kind: "user",
      userId: org.people.operator.userId,
      roles: ["operator"],
    });
    expect(read?.csrfToken).toBe(signedIn.session.csrfToken);
  });

  it("gives a wrong password and an unknown e-mail the same answer", async () => {
    const wrong = await attempt("operator@test.otklik.ru", "not the password", "192.0.2.1").catch(
      (error: Error) => error,
    );
    const unknown = await attempt("nobody@test.otklik.ru", "not the password", "192.0.2.1").catch(
      (error: Error) => error,
    );
    expect(wrong).toMatchObject({ code: "unauthorized" });
    expect(unknown).toMatchObject({ code: "unauthorized", message: (wrong as Error).message });
  });

  it("locks an account for 15 minutes after five failures, even for the right password", async () => {
    for (let index = 0; index < 5; index++) {
      expect(await errorCode(attempt("analyst@test.otklik.ru", "wrong", `198.51.100.${index}`))).toBe(
        "unauthorized",
      );
    }
    const locked = await attempt("analyst@test.otklik.ru", GOOD_PASSWORD).catch((error) => error);
    expect(locked).toMatchObject({ code: "rate_limited", retryAfterSeconds: 15 * 60 });
    w.clock.advance(15 * MINUTE);
    expect((await attempt("analyst@test.otklik.ru", GOOD_PASSWORD)).user.id).toBe(org.people.analyst.userId);
  });

  it("locks an unknown e-mail just the same, so a lockout reveals nothing", async () => {
    for (let index = 0; index < 5; index++) {
      await errorCode(attempt("nobody-else@test.otklik.ru", "wrong", `198.51.100.${index + 10}`));
    }
    expect(await errorCode(attempt("nobody-else@test.otklik.ru", "wrong"))).toBe("rate_limited");
  });

  it("locks an address that tries many accounts", async () => {
    for (let index = 0; index < 20; index++) {
      await errorCode(attempt(`guess${index}@test.otklik.ru`, "wrong", "192.0.2.66"));
    }
    expect(await errorCode(attempt("operator@test.otklik.ru", GOOD_PASSWORD, "192.0.2.66"))).toBe(
      "rate_limited",
    );
    expect((await attempt("operator@test.otklik.ru", GOOD_PASSWORD, "192.0.2.67")).user.id).toBeDefined();
  });

  it("ends the session the browser came with: sign-in rotates the session", async () => {
    const first = await attempt("editor@test.otklik.ru", GOOD_PASSWORD);
    const second = await signIn(
      w.anonymous,
      { email: "editor@test.otklik.ru", password: GOOD_PASSWORD },
      w.settings,
      {
        previousSessionSecret: first.session.secret,
      },
    );
    expect(second.session.secret).not.toBe(first.session.secret);
    expect(await session(first.session.secret)).toBeUndefined();
    expect(await session(second.session.secret)).toBeDefined();
  });

  it("ends a session at sign-out, after two idle hours and twelve hours after sign-in", async () => {
    const out = await attempt("editor@test.otklik.ru", GOOD_PASSWORD);
    await signOut(w.as((await session(out.session.secret))!.actor));
    expect(await session(out.session.secret)).toBeUndefined();

    const idle = await attempt("editor@test.otklik.ru", GOOD_PASSWORD);
    w.clock.advance(119 * MINUTE);
    expect(await session(idle.session.secret)).toBeDefined();
    w.clock.advance(119 * MINUTE);
    expect(await session(idle.session.secret)).toBeDefined();
    w.clock.advance(121 * MINUTE);
    expect(await session(idle.session.secret)).toBeUndefined();

    const busy = await attempt("editor@test.otklik.ru", GOOD_PASSWORD);
    for (let hour = 0; hour < 12; hour++) {
      expect(await session(busy.session.secret)).toBeDefined();
      w.clock.advance(60 * MINUTE);
    }
    expect(await session(busy.session.secret)).toBeUndefined();
  });

  it("asks for a TOTP code once the second factor is on, and refuses a replayed code", async () => {
    const signedIn = await attempt("head@test.otklik.ru", GOOD_PASSWORD);
    const head = w.as((await session(signedIn.session.secret))!.actor);
    const { secret } = await enrolTotp(head, w.settings);
    await confirmTotp(head, { code: totpCode(secret, w.clock.now()) });

    w.clock.advance(MINUTE);
    const missing = await attempt("head@test.otklik.ru", GOOD_PASSWORD).catch((error) => error);
    expect(missing).toMatchObject({ code: "unauthorized", details: [{ path: ["totp"] }] });
    const code = totpCode(secret, w.clock.now());
    expect((await attempt("head@test.otklik.ru", GOOD_PASSWORD, undefined, code)).user.totpEnabled).toBe(
      true,
    );
    expect(await errorCode(attempt("head@test.otklik.ru", GOOD_PASSWORD, undefined, code))).toBe(
      "unauthorized",
    );
  });

  it("refuses the demo password when told to (production)", async () => {
    const production = { ...w.settings, refuseDemoPassword: true };
    const { setPasswordHashForTest } = await import("../testing/set-password.js");
    await setPasswordHashForTest(w.db, org.people.executor.userId, "otklik-demo");
    expect((await attempt("executor@test.otklik.ru", "otklik-demo")).user.id).toBe(
      org.people.executor.userId,
    );
    expect(
      await errorCode(
        signIn(w.anonymous, { email: "executor@test.otklik.ru", password: "otklik-demo" }, production),
      ),
    ).toBe("unauthorized");
  });
});
