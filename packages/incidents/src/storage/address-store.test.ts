import type { Database } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../testing/world.js";
import { countAddressPoints, importAddressRegisterFile, lookupAddress } from "./address-store.js";

describe.each(testBackends())("the address register's file import on %s", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
  });
  afterAll(async () => {
    await db.close();
  });

  it("counts new and replaced addresses, lists unreadable lines by number, and finds what it stored", async () => {
    const first = await importAddressRegisterFile(
      db,
      "street,house,lat,lon\nЩетинкина,12,53.7203,91.4426\nЛенина,70,53.7188,91.4291\n,5,53.7,91.4\n",
    );
    expect(first).toEqual({
      imported: 2,
      updated: 0,
      rejected: [{ line: 4, reason: "Нет улицы или дома / street or house missing" }],
      registerSize: 2,
    });
    // Semicolons and decimal commas; one address already stored, one twice in the file (the later wins).
    const second = await importAddressRegisterFile(
      db,
      "улица;дом;широта;долгота\nул. Щетинкина;12;53,7300;91,4500\nКрасноярская;5;53,70;91,40\nКрасноярская;5;53,71;91,41\nМира;3;95;91\n",
    );
    expect(second).toEqual({
      imported: 1,
      updated: 1,
      rejected: [{ line: 5, reason: "Неверные координаты / invalid coordinates" }],
      registerSize: 3,
    });
    expect(await countAddressPoints(db)).toBe(3);
    const found = await lookupAddress(db, "ул. Щетинкина, 12");
    expect(found.point).toEqual({ street: "Щетинкина", house: "12", lat: 53.73, lon: 91.45 });
    expect((await lookupAddress(db, "ул. Щетинкина, 99")).point).toBeNull();
    expect((await lookupAddress(db, "просто текст")).parsed).toBeNull();
  });

  it("stores nothing from a file without the required columns", async () => {
    const before = await countAddressPoints(db);
    const result = await importAddressRegisterFile(db, "адрес,x,y\nЩетинкина 1,1,2\n");
    expect(result.imported + result.updated).toBe(0);
    expect(result.rejected[0]).toMatchObject({ line: 1 });
    expect(result.rejected[0]?.reason).toMatch(/missing columns: street, house, lat, lon/);
    expect(await countAddressPoints(db)).toBe(before);
  });
});
