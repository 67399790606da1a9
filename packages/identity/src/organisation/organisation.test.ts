import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../audit/list-audit.js";
import { backends, freshDatabase } from "../testing/database.js";
import { errorCode, staff, type World, world } from "../testing/fixtures.js";
import { createDepartment } from "./create-department.js";
import { createOfficial } from "./create-official.js";
import { getOfficial } from "./get-official.js";
import { listDepartments } from "./list-departments.js";
import { listPublicDepartments } from "./list-public-departments.js";
import { updateDepartment } from "./update-department.js";

describe.each(backends)("organisation on $name", (backend) => {
  let w: World;
  let org: Awaited<ReturnType<typeof staff>>;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
    org = await staff(w);
  });
  afterAll(() => w.db.close());

  it("keeps departments with their overseeing official, head and contacts", async () => {
    const admin = w.as(org.people.admin);
    const deputy = await createOfficial(admin, {
      fullName: "Ковалёв Дмитрий Олегович",
      position: "Заместитель Главы города Абакана по ЖКХ и транспорту",
      phone: "8 (3902) 22-33-01",
    });
    const transport = await createDepartment(admin, {
      name: "Управление транспорта и связи",
      shortName: "Управление транспорта",
      officialId: deputy.id,
      headUserId: org.people.head.userId,
      contacts: { email: "Transport@Abakan.example", phone: "+7 (3902) 22-33-02" },
      calendarKey: "abakan",
    });
    expect(transport).toMatchObject({
      officialId: deputy.id,
      headUserId: org.people.head.userId,
      contacts: { email: "transport@abakan.example", phone: "+73902223302", address: null },
    });
    expect((await getOfficial(admin, deputy.id)).departmentIds).toEqual([transport.id]);
    const overseen = await listDepartments(w.as(org.people.analyst), { limit: 10, officialId: deputy.id });
    expect(overseen.items.map((department) => department.id)).toEqual([transport.id]);
  });

  it("lets every member of staff read the organisation and only an administrator change it", async () => {
    for (const role of ["editor", "operator", "executor", "head", "analyst"] as const) {
      const ids = (await listDepartments(w.as(org.people[role]), { limit: 100 })).items.map(({ id }) => id);
      expect(ids).toEqual(expect.arrayContaining([org.departmentA, org.departmentB]));
      expect(
        await errorCode(updateDepartment(w.as(org.people[role]), org.departmentA, { shortName: "X" })),
      ).toBe("forbidden");
    }
    expect(await errorCode(listDepartments(w.anonymous, { limit: 10 }))).toBe("unauthorized");
  });

  it("publishes only the departments an administrator gave a public card, with only the card's fields", async () => {
    const admin = w.as(org.people.admin);
    const culture = await createDepartment(admin, {
      name: "Управление культуры (публичная карточка)",
      shortName: "Культура",
      headUserId: org.people.head.userId,
      contacts: { email: "internal-culture@abakan.example", phone: "+73902000000" },
      publicCard: {
        headName: "Тихонов Павел Ильич",
        headPosition: "Начальник управления",
        phone: "8 (3902) 22-33-05",
        email: "Culture@Abakan.example",
        hours: "пн–пт 8:00–17:00",
      },
    });
    const hidden = await createDepartment(admin, { name: "Отдел без карточки", shortName: "Без карточки" });
    const listed = await listPublicDepartments({ db: w.db });
    const mine = listed.find((department) => department.id === culture.id);
    expect(mine).toEqual({
      id: culture.id,
      name: "Управление культуры (публичная карточка)",
      shortName: "Культура",
      parentId: null,
      headName: "Тихонов Павел Ильич",
      headPosition: "Начальник управления",
      phone: "+73902223305",
      email: "culture@abakan.example",
      hours: "пн–пт 8:00–17:00",
    });
    expect(JSON.stringify(listed)).not.toContain("internal-culture");
    expect(listed.some((department) => department.id === hidden.id)).toBe(false);
    // Taking the card away takes the department off the site; a bad phone is refused like any field.
    await updateDepartment(admin, culture.id, { publicCard: null });
    expect((await listPublicDepartments({ db: w.db })).some(({ id }) => id === culture.id)).toBe(false);
    expect(
      await errorCode(updateDepartment(admin, culture.id, { publicCard: { phone: "не телефон" } })),
    ).toBe("validation_failed");
  });

  it("refuses a department inside itself and references to missing records", async () => {
    const admin = w.as(org.people.admin);
    const child = await createDepartment(admin, {
      name: "Отдел",
      shortName: "Отдел",
      parentId: org.departmentA,
    });
    expect(await errorCode(updateDepartment(admin, org.departmentA, { parentId: child.id }))).toBe(
      "validation_failed",
    );
    expect(await errorCode(updateDepartment(admin, org.departmentA, { officialId: "off_missing" }))).toBe(
      "validation_failed",
    );
    expect(await errorCode(updateDepartment(admin, "dep_missing", { shortName: "X" }))).toBe("not_found");
  });

  it("records changes with before and after", async () => {
    await updateDepartment(w.as(org.people.admin), org.departmentA, { shortName: "УЖКХ" });
    const [entry] = (await listAudit(w.system, { limit: 1, objectId: org.departmentA })).items;
    expect(entry).toMatchObject({
      action: "department.update",
      before: { shortName: "ЖКХ" },
      after: { shortName: "УЖКХ" },
    });
  });
});
