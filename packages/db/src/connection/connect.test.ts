import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testBackends } from "../testing/index.js";
import { connect } from "./connect.js";

describe("connect", () => {
  it("opens PGlite in memory when given neither url nor data folder", async () => {
    const db = await connect();
    try {
      expect(db.kind).toBe("pglite");
      expect(db.location).toBe("memory://");
      await expect(db.ping()).resolves.toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it("keeps PGlite's data in its data folder across restarts", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "otklik-connect-"));
    try {
      const first = await connect({ dataDir: path.join(dataDir, "nested", "data") });
      await first.query("CREATE TABLE notes (text text)");
      await first.query("INSERT INTO notes VALUES ($1)", ["Абакан"]);
      await first.close();

      const second = await connect({ dataDir: path.join(dataDir, "nested", "data") });
      expect(await second.query("SELECT text FROM notes")).toEqual([{ text: "Абакан" }]);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses an unreachable PostgreSQL", async () => {
    await expect(connect({ url: "postgres://nobody@127.0.0.1:1/none" })).rejects.toThrow();
  });
});

describe.each(testBackends())("a database on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ backend });
  });
  afterAll(() => db.close());

  it("says which backend it is and answers ping", async () => {
    expect(db.kind).toBe(backend);
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it("answers raw SQL with parameters", async () => {
    const rows = await db.query<{ greeting: string }>("SELECT $1::text || ', ' || $2::text AS greeting", [
      "Здравствуйте",
      "Абакан",
    ]);
    expect(rows).toEqual([{ greeting: "Здравствуйте, Абакан" }]);
  });

  it("runs several statements without parameters and answers the last one's rows", async () => {
    const rows = await db.query(
      "CREATE TEMP TABLE scratch (n int); INSERT INTO scratch VALUES (1), (2); SELECT sum(n) AS total FROM scratch",
    );
    expect(rows).toEqual([{ total: 3 }]);
  });

  it("answers the same JS values on both backends", async () => {
    const [row] = await db.query(
      `SELECT 9000000000::int8 AS big, 2::int4 AS small, 1.50::numeric AS money,
              '2026-11-27T02:00:00Z'::timestamptz AS at, '2026-11-27'::date AS day,
              '{"a":[1]}'::jsonb AS doc, true AS flag, NULL::text AS nothing`,
    );
    expect(row).toEqual({
      big: 9_000_000_000,
      small: 2,
      money: "1.50",
      at: new Date("2026-11-27T02:00:00Z"),
      day: "2026-11-27",
      doc: { a: [1] },
      flag: true,
      nothing: null,
    });
  });

  it("has trigram search (pg_trgm) enabled", async () => {
    const [row] = await db.query<{ close: boolean }>("SELECT similarity('Абакан', 'Абакна') > 0.2 AS close");
    expect(row?.close).toBe(true);
  });

  it("stops answering once closed", async () => {
    const other = await createTestDatabase({ backend });
    await other.close();
    await expect(other.ping()).rejects.toThrow();
    await other.close();
  });
});
