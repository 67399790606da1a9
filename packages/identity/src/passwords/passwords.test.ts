import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "./password-hashing.js";
import { NewPassword, passwordProblem } from "./password-policy.js";

const LIGHT = { memoryCost: 256, timeCost: 1, parallelism: 1 };

describe("password policy", () => {
  it("accepts a long passphrase without composition rules", () => {
    expect(passwordProblem("тёплый вечер над Енисеем")).toBeUndefined();
    expect(NewPassword.safeParse("correct horse battery staple").success).toBe(true);
  });

  it("refuses short, repetitive and well-known passwords, in Russian first", () => {
    expect(passwordProblem("short")).toMatch(/^Пароль должен быть не короче 12/);
    expect(passwordProblem("aaaaaaaaaaaaaaaa")).toMatch(/однообразен/);
    expect(passwordProblem("mypassword2026!")).toMatch(/распространённое/);
    expect(passwordProblem("otklik-demo-2026")).toMatch(/распространённое/);
  });

  it("refuses a password containing the account's e-mail name", () => {
    expect(passwordProblem("ivanova.ea-secret-phrase", "ivanova.ea@abakan.example")).toMatch(/почты/);
  });
});

describe("password hashing", () => {
  it("stores argon2id with a salt: the same password hashes differently and verifies", async () => {
    const first = await hashPassword("тёплый вечер над Енисеем", LIGHT);
    const second = await hashPassword("тёплый вечер над Енисеем", LIGHT);
    expect(first).toMatch(/^\$argon2id\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("Енисеем");
    expect(await verifyPassword(first, "тёплый вечер над Енисеем")).toBe(true);
    expect(await verifyPassword(first, "тёплый вечер над Абаканом")).toBe(false);
  });

  it("answers false, not an error, for a malformed hash", async () => {
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });

  it("asks for a rehash when the stored hash is weaker than the policy", async () => {
    const light = await hashPassword("тёплый вечер над Енисеем", LIGHT);
    expect(needsRehash(light, LIGHT)).toBe(false);
    expect(needsRehash(light, { memoryCost: 19_456, timeCost: 2, parallelism: 1 })).toBe(true);
  });

  it("spends a verification on unknown accounts and answers false", async () => {
    expect(await verifyDummyPassword("guess", LIGHT)).toBe(false);
  });
});
