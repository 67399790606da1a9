import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateSession } from "../sessions/authenticate-session.js";
import { signIn } from "../sessions/sign-in.js";
import { backends, freshDatabase } from "../testing/database.js";
import { errorCode, GOOD_PASSWORD, staff, type World, world } from "../testing/fixtures.js";
import { confirmPasswordReset } from "./confirm-password-reset.js";
import { requestPasswordReset } from "./request-password-reset.js";

const NEW_PASSWORD = "сосны у Енисея шумят";

describe.each(backends)("password reset on $name", (backend) => {
  let w: World;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
    await staff(w);
  });
  afterAll(() => w.db.close());

  const tokenFromMail = (): string => {
    const link = /https?:\/\/\S+/.exec(w.mail.at(-1)?.text ?? "")?.[0] ?? "";
    return new URL(link).searchParams.get("token") ?? "";
  };

  it("e-mails a one-time link that sets a new password and ends every session", async () => {
    const before = await signIn(
      w.anonymous,
      { email: "editor@test.otklik.ru", password: GOOD_PASSWORD },
      w.settings,
    );
    await requestPasswordReset(w.anonymous, { email: "Editor@test.otklik.ru" }, w.settings);
    expect(w.mail).toHaveLength(1);
    expect(w.mail[0]).toMatchObject({
      to: "editor@test.otklik.ru",
      subject: expect.stringContaining("пароля"),
    });
    expect(w.mail[0]?.html).toContain("http://localhost:3001/reset-password?token=");

    await confirmPasswordReset(w.anonymous, { token: tokenFromMail(), password: NEW_PASSWORD }, w.settings);
    expect(
      await authenticateSession(w, before.session.secret, { address: null, settings: w.settings }),
    ).toBeUndefined();
    expect(
      await errorCode(
        signIn(w.anonymous, { email: "editor@test.otklik.ru", password: GOOD_PASSWORD }, w.settings),
      ),
    ).toBe("unauthorized");
    const after = await signIn(
      w.anonymous,
      { email: "editor@test.otklik.ru", password: NEW_PASSWORD },
      w.settings,
    );
    expect(after.user.email).toBe("editor@test.otklik.ru");

    expect(
      await errorCode(
        confirmPasswordReset(w.anonymous, { token: tokenFromMail(), password: NEW_PASSWORD }, w.settings),
      ),
    ).toBe("validation_failed");
  });

  it("answers an unknown address the same and sends nothing", async () => {
    const sent = w.mail.length;
    await expect(
      requestPasswordReset(w.anonymous, { email: "nobody@test.otklik.ru" }, w.settings),
    ).resolves.toEqual({
      mailError: undefined,
    });
    expect(w.mail).toHaveLength(sent);
  });

  it("refuses an expired link", async () => {
    await requestPasswordReset(w.anonymous, { email: "editor@test.otklik.ru" }, w.settings);
    w.clock.advance(61 * 60_000);
    expect(
      await errorCode(
        confirmPasswordReset(w.anonymous, { token: tokenFromMail(), password: NEW_PASSWORD }, w.settings),
      ),
    ).toBe("validation_failed");
  });

  it("reports a mail failure without telling the person asking", async () => {
    const failing = { ...w.settings, sendMail: async () => Promise.reject(new Error("SMTP down")) };
    const outcome = await requestPasswordReset(w.anonymous, { email: "editor@test.otklik.ru" }, failing);
    expect(String(outcome.mailError)).toContain("SMTP down");
  });
});
