import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONAL_DATA_MARK } from "../audit/audit-snapshot.js";
import { listAudit } from "../audit/list-audit.js";
import { authenticateSession } from "../sessions/authenticate-session.js";
import { signIn } from "../sessions/sign-in.js";
import { backends, freshDatabase } from "../testing/database.js";
import { errorCode, GOOD_PASSWORD, staff, type World, world } from "../testing/fixtures.js";
import { createUser } from "./create-user.js";
import { getUser } from "./get-user.js";
import { listUsers } from "./list-users.js";
import { updateUser } from "./update-user.js";

describe.each(backends)("people on $name", (backend) => {
  let w: World;
  let org: Awaited<ReturnType<typeof staff>>;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
    org = await staff(w);
  });
  afterAll(() => w.db.close());

  it("lets an administrator create an account and refuses everyone else", async () => {
    const created = await createUser(
      w.as(org.people.admin),
      { email: " New.Person@Abakan.example ", fullName: "Новый Сотрудник", roles: ["operator"] },
      w.settings,
    );
    expect(created).toMatchObject({ email: "new.person@abakan.example", roles: ["operator"], active: true });
    for (const role of ["editor", "operator", "executor", "head", "analyst"] as const) {
      expect(
        await errorCode(
          createUser(w.as(org.people[role]), {
            email: `x-${role}@abakan.example`,
            fullName: "X",
            roles: ["editor"],
          }),
        ),
      ).toBe("forbidden");
    }
    expect(
      await errorCode(
        createUser(w.anonymous, { email: "y@abakan.example", fullName: "Y", roles: ["editor"] }),
      ),
    ).toBe("unauthorized");
  });

  it("refuses a taken e-mail with a conflict and a weak password with the reason", async () => {
    expect(
      await errorCode(
        createUser(w.system, { email: "admin@test.otklik.ru", fullName: "Двойник", roles: ["admin"] }),
      ),
    ).toBe("conflict");
    expect(
      await errorCode(
        createUser(w.system, {
          email: "weak@test.otklik.ru",
          fullName: "Слабый",
          roles: ["admin"],
          password: "12345",
        }),
      ),
    ).toBe("validation_failed");
  });

  it("shows an executor only their own department's people, even when they guess an id", async () => {
    const executor = w.as(org.people.executor);
    const page = await listUsers(executor, { limit: 100 });
    expect(page.items.every((user) => user.departmentId === org.departmentA)).toBe(true);
    expect(page.items.map((user) => user.id)).not.toContain(org.people.otherExecutor.userId);
    expect((await getUser(executor, org.people.head.userId)).id).toBe(org.people.head.userId);
    expect(await errorCode(getUser(executor, org.people.otherExecutor.userId))).toBe("not_found");
    expect(await errorCode(getUser(executor, "usr_01JDQ8Z4X9M2N7K3T5V6W8Y0AB"))).toBe("not_found");
  });

  it("shows the operator everyone and the analyst no one", async () => {
    const all = await listUsers(w.as(org.people.operator), { limit: 100 });
    expect(all.items.map((user) => user.id)).toEqual(
      expect.arrayContaining([org.people.admin.userId, org.people.otherExecutor.userId]),
    );
    expect(await errorCode(listUsers(w.as(org.people.analyst), { limit: 10 }))).toBe("forbidden");
  });

  it("pages through accounts with a cursor", async () => {
    const page = { limit: 4, departmentId: org.departmentA };
    const first = await listUsers(w.system, page);
    expect(first.items).toHaveLength(4);
    const second = await listUsers(w.system, { ...page, cursor: first.nextCursor! });
    expect(second.items.length).toBeGreaterThanOrEqual(2);
    expect(second.items[0]!.id > first.items[3]!.id).toBe(true);
    expect(await errorCode(listUsers(w.system, { limit: 4, cursor: "garbage" }))).toBe("validation_failed");
  });

  it("ends a deactivated person's sessions at once", async () => {
    const leaver = await createUser(
      w.system,
      { email: "leaver@test.otklik.ru", fullName: "Уходящий", roles: ["editor"], password: GOOD_PASSWORD },
      w.settings,
    );
    const signedIn = await signIn(
      w.anonymous,
      { email: "leaver@test.otklik.ru", password: GOOD_PASSWORD },
      w.settings,
    );
    const read = () =>
      authenticateSession(w, signedIn.session.secret, { address: null, settings: w.settings });
    expect(await read()).toBeDefined();
    await updateUser(w.as(org.people.admin), leaver.id, { active: false });
    expect(await read()).toBeUndefined();
  });

  it("records every change in the audit log without personal data", async () => {
    await updateUser(w.as(org.people.admin), org.people.editor.userId, {
      fullName: "Редактор Переименованный",
      roles: ["editor", "analyst"],
    });
    const entries = await listAudit(w.system, {
      limit: 10,
      objectType: "user",
      objectId: org.people.editor.userId,
    });
    expect(entries.items.map((entry) => entry.action)).toEqual(["user.update", "user.create"]);
    const [update] = entries.items;
    expect(update).toMatchObject({
      actor: { kind: "user", id: org.people.admin.userId },
      address: "10.0.0.1",
      before: { fullName: PERSONAL_DATA_MARK, roles: ["editor"] },
      after: { fullName: PERSONAL_DATA_MARK, roles: ["editor", "analyst"] },
    });
    expect(JSON.stringify(entries)).not.toContain("Переименованный");
    expect(JSON.stringify(entries)).not.toContain("editor@test.otklik.ru");
  });
});
