import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDepartments } from "../organisation/list-departments.js";
import { listOfficials } from "../organisation/list-officials.js";
import { DEMO_PASSWORD } from "../passwords/password-policy.js";
import { currentLegalText } from "../personal-data/current-legal-text.js";
import { signIn } from "../sessions/sign-in.js";
import { backends, freshDatabase } from "../testing/database.js";
import { dumpDatabase } from "../testing/dump.js";
import { errorCode, GOOD_PASSWORD, TEST_HASHING, type World, world } from "../testing/fixtures.js";
import { authenticateApiToken } from "../tokens/authenticate-api-token.js";
import { DEMO_OPEN311_KEY, DEMO_USERS } from "./abakan-structure.js";
import { ensureFirstAdministrator } from "./first-administrator.js";
import { type AbakanDemo, seedAbakanDemo } from "./seed-abakan-demo.js";

describe.each(backends)("demo data on $name", (backend) => {
  let w: World;
  let demo: AbakanDemo;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
    demo = await seedAbakanDemo({ db: w.db, clock: w.clock, passwordHashing: TEST_HASHING });
  });
  afterAll(() => w.db.close());

  it("seeds Abakan's departments under their deputy heads", async () => {
    const departments = (await listDepartments(w.system, { limit: 100 })).items;
    expect(departments.map((department) => department.shortName)).toEqual(
      expect.arrayContaining([
        "Управление ЖКХ",
        "УАиГ",
        "Управление транспорта",
        "ЕДДС",
        "Управление образования",
      ]),
    );
    const officials = (await listOfficials(w.system, { limit: 100 })).items;
    const economy = officials.find((official) => official.id === demo.officialIds["city-economy"]);
    expect(economy?.departmentIds).toEqual([demo.departmentIds.housing, demo.departmentIds.transport]);
    expect(departments.find((department) => department.id === demo.departmentIds.housing)?.headUserId).toBe(
      demo.userIds.head,
    );
    expect((await currentLegalText(w, "privacy-policy")).version).toBe(1);
  });

  it("signs in every demo account with otklik-demo, except in production", async () => {
    for (const person of DEMO_USERS) {
      const signedIn = await signIn(
        w.anonymous,
        { email: person.email, password: DEMO_PASSWORD },
        w.settings,
      );
      expect(signedIn.user.roles).toEqual([person.role]);
    }
    const production = { ...w.settings, refuseDemoPassword: true };
    expect(
      await errorCode(
        signIn(w.anonymous, { email: "admin@demo.otklik.ru", password: DEMO_PASSWORD }, production),
      ),
    ).toBe("unauthorized");
  });

  it("accepts the Open311 demo key for open311:write only", async () => {
    const found = await authenticateApiToken(w, DEMO_OPEN311_KEY, { address: null });
    expect(found?.token.scopes).toEqual(["open311:write"]);
  });

  it("never stores a password, session or token secret in clear", async () => {
    const signedIn = await signIn(
      w.anonymous,
      { email: "admin@demo.otklik.ru", password: DEMO_PASSWORD },
      w.settings,
    );
    await errorCode(
      signIn(w.anonymous, { email: "admin@demo.otklik.ru", password: "a-wrong-guess-123" }, w.settings),
    );
    const dump = await dumpDatabase(w.db);
    expect(dump).toContain("$argon2id$");
    for (const secret of [DEMO_PASSWORD, "a-wrong-guess-123", signedIn.session.secret, DEMO_OPEN311_KEY]) {
      expect(dump).not.toContain(secret);
    }
  });
});

describe.each(backends)("the first administrator on $name", (backend) => {
  let w: World;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
  });
  afterAll(() => w.db.close());

  it("creates the first administrator from the environment once", async () => {
    const first = await ensureFirstAdministrator({
      db: w.db,
      clock: w.clock,
      email: "root@abakan.example",
      password: GOOD_PASSWORD,
      passwordHashing: TEST_HASHING,
    });
    expect(first?.roles).toEqual(["admin"]);
    const again = await ensureFirstAdministrator({
      db: w.db,
      clock: w.clock,
      email: "other@abakan.example",
      password: GOOD_PASSWORD,
      passwordHashing: TEST_HASHING,
    });
    expect(again).toBeUndefined();
    expect(
      (await signIn(w.anonymous, { email: "root@abakan.example", password: GOOD_PASSWORD }, w.settings)).user
        .id,
    ).toBe(first?.id);
  });
});
