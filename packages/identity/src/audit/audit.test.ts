import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, freshDatabase } from "../testing/database.js";
import { errorCode, staff, type World, world } from "../testing/fixtures.js";
import { updateUser } from "../users/update-user.js";
import { listAudit } from "./list-audit.js";
import { recordAudits } from "./record-audit.js";

describe.each(backends)("audit log on $name", (backend) => {
  let w: World;
  let org: Awaited<ReturnType<typeof staff>>;
  beforeAll(async () => {
    w = world(await freshDatabase(backend));
    org = await staff(w);
  });
  afterAll(() => w.db.close());

  it("cannot be changed or emptied, not even with SQL", async () => {
    const before = await w.db.query<{ count: string | number }>(
      "SELECT count(*) AS count FROM identity_audit_log",
    );
    await expect(w.db.query("UPDATE identity_audit_log SET action = 'forged'")).rejects.toThrow(
      /append-only/,
    );
    await expect(w.db.query("DELETE FROM identity_audit_log")).rejects.toThrow(/append-only/);
    await expect(w.db.query("TRUNCATE identity_audit_log")).rejects.toThrow(/append-only/);
    const after = await w.db.query<{ count: string | number }>(
      "SELECT count(*) AS count FROM identity_audit_log",
    );
    expect(Number(after[0]?.count)).toBe(Number(before[0]?.count));
  });

  it("answers by object and by person, newest first", async () => {
    const admin = w.as(org.people.admin);
    await updateUser(admin, org.people.editor.userId, { roles: ["editor", "analyst"] });
    await updateUser(admin, org.people.analyst.userId, { active: false });
    const byPerson = await listAudit(w.system, { limit: 10, actorId: org.people.admin.userId });
    expect(byPerson.items.map((entry) => [entry.action, entry.object.id])).toEqual([
      ["user.update", org.people.analyst.userId],
      ["user.update", org.people.editor.userId],
    ]);
    const byObject = await listAudit(w.system, {
      limit: 10,
      objectType: "user",
      objectId: org.people.analyst.userId,
    });
    expect(byObject.items.map((entry) => entry.action)).toEqual(["user.update", "user.create"]);
    expect(byObject.items[0]).toMatchObject({ before: { active: true }, after: { active: false } });
  });

  it("records a batch of entries in one call, newest last in the batch's order", async () => {
    const ids = await recordAudits(w.system.db, w.system, [
      { action: "incident.create", objectType: "incident", objectId: "inc_batch_1", after: { number: "1" } },
      { action: "incident.create", objectType: "incident", objectId: "inc_batch_2", departmentId: null },
    ]);
    expect(ids).toHaveLength(2);
    expect(await recordAudits(w.system.db, w.system, [])).toEqual([]);
    const listed = await listAudit(w.system, { limit: 10, objectType: "incident" });
    expect(listed.items.map((entry) => entry.object.id)).toEqual(["inc_batch_2", "inc_batch_1"]);
    expect(listed.items[1]).toMatchObject({ action: "incident.create", after: { number: "1" } });
  });

  it("is read by administrators only", async () => {
    for (const role of ["editor", "operator", "executor", "head", "analyst"] as const) {
      expect(await errorCode(listAudit(w.as(org.people[role]), { limit: 10 }))).toBe("forbidden");
    }
  });
});
