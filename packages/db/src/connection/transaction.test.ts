import { eq } from "drizzle-orm";
import { pgTable, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testBackends } from "../testing/index.js";
import { withTransaction } from "./transaction.js";

const notes = pgTable("tx_notes", { id: text("id").primaryKey(), text: text("text").notNull() });

describe.each(testBackends())("withTransaction on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ backend });
    await db.query("CREATE TABLE tx_notes (id text PRIMARY KEY, text text NOT NULL)");
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.query("DELETE FROM tx_notes");
  });

  const count = async (): Promise<number> =>
    (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tx_notes"))[0]!.n;

  it("commits what Drizzle and raw SQL wrote, and answers the work's result", async () => {
    const result = await withTransaction(db, async (tx) => {
      await tx.drizzle.insert(notes).values({ id: "a", text: "через Drizzle" });
      await tx.query("INSERT INTO tx_notes (id, text) VALUES ($1, $2)", ["b", "raw SQL"]);
      return tx.drizzle.select().from(notes).where(eq(notes.id, "a"));
    });
    expect(result).toEqual([{ id: "a", text: "через Drizzle" }]);
    expect(await count()).toBe(2);
  });

  it("rolls everything back when the work throws, and rethrows", async () => {
    await expect(
      withTransaction(db, async (tx) => {
        await tx.drizzle.insert(notes).values({ id: "a", text: "lost" });
        throw new Error("the change was refused");
      }),
    ).rejects.toThrow("the change was refused");
    expect(await count()).toBe(0);
  });

  it("rolls back when a statement fails", async () => {
    await expect(
      withTransaction(db, async (tx) => {
        await tx.query("INSERT INTO tx_notes (id, text) VALUES ('a', 'one')");
        await tx.query("INSERT INTO tx_notes (id, text) VALUES ('a', 'duplicate')");
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(0);
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it("nests with a savepoint: an inner failure undoes only the inner part", async () => {
    await withTransaction(db, async (tx) => {
      await tx.query("INSERT INTO tx_notes (id, text) VALUES ('outer', 'kept')");
      await withTransaction(tx, async (inner) => {
        await inner.query("INSERT INTO tx_notes (id, text) VALUES ('inner', 'undone')");
        throw new Error("inner refused");
      }).catch(() => {});
      await withTransaction(tx, async (inner) => {
        await inner.query("INSERT INTO tx_notes (id, text) VALUES ('inner2', 'kept')");
      });
    });
    const rows = await db.query<{ id: string }>("SELECT id FROM tx_notes ORDER BY id");
    expect(rows.map((row) => row.id)).toEqual(["inner2", "outer"]);
  });

  it("does not show uncommitted writes to others on PostgreSQL, and serialises on PGlite", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const writer = withTransaction(db, async (tx) => {
      await tx.query("INSERT INTO tx_notes (id, text) VALUES ('pending', 'not yet')");
      inserted();
      await gate;
    });
    await didInsert;
    const reader = count();
    if (backend === "postgres") expect(await reader).toBe(0);
    release();
    await writer;
    if (backend === "pglite") expect(await reader).toBe(1);
    expect(await count()).toBe(1);
  });
});
