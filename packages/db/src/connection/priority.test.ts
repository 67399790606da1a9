import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../testing/index.js";
import { isInteractive, PriorityGate, runInteractive } from "./priority.js";
import { withTransaction } from "./transaction.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("the embedded database's priority gate", () => {
  it("lets waiting interactive callers go before waiting background ones, in arrival order", async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
    const calls = [
      gate.run(async () => void order.push("background 1")),
      runInteractive(() => gate.run(async () => void order.push("interactive 1"))),
      gate.run(async () => void order.push("background 2")),
      runInteractive(() => gate.run(async () => void order.push("interactive 2"))),
    ];
    expect(gate.waiting).toEqual({ interactive: 2, background: 2 });
    release();
    await Promise.all([first, ...calls]);
    expect(order).toEqual(["interactive 1", "interactive 2", "background 1", "background 2"]);
  });

  it("lets one background caller through after a streak of interactive ones", async () => {
    const gate = new PriorityGate(2);
    const order: string[] = [];
    let release!: () => void;
    const first = runInteractive(() => gate.run(() => new Promise<void>((resolve) => (release = resolve))));
    const calls = [gate.run(async () => void order.push("b"))];
    for (let index = 0; index < 4; index++) {
      calls.push(runInteractive(() => gate.run(async () => void order.push(`i${index}`))));
    }
    release();
    await Promise.all([first, ...calls]);
    expect(order).toEqual(["i0", "i1", "b", "i2", "i3"]);
  });

  it("keeps the engine for interactive work queued right after the previous interactive caller finished", async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    let release!: () => void;
    const first = runInteractive(() =>
      gate
        .run(() => new Promise<void>((resolve) => (release = resolve)))
        .then(() =>
          // The same request's next statement, a few microtasks later.
          gate.run(async () => void order.push("interactive, next statement")),
        ),
    );
    const background = gate.run(async () => void order.push("background"));
    release();
    await Promise.all([first, background]);
    expect(order).toEqual(["interactive, next statement", "background"]);
  });

  it("releases the engine when work fails", async () => {
    const gate = new PriorityGate();
    await expect(gate.run(async () => Promise.reject(new Error("statement failed")))).rejects.toThrow(
      "failed",
    );
    expect(await gate.run(async () => "next")).toBe("next");
  });

  it("marks only what runs inside runInteractive, across awaits", async () => {
    expect(isInteractive()).toBe(false);
    await runInteractive(async () => {
      await tick();
      expect(isInteractive()).toBe(true);
    });
    expect(isInteractive()).toBe(false);
  });

  it("answers an interactive query on PGlite before a queue of background statements", async () => {
    const db = await createTestDatabase({ backend: "pglite" });
    try {
      const finished: string[] = [];
      let release!: () => void;
      const held = withTransaction(db, () => new Promise<void>((resolve) => (release = resolve)));
      const background = Array.from({ length: 5 }, (_, index) =>
        db.query("SELECT pg_sleep(0.01)").then(() => finished.push(`background ${index}`)),
      );
      const interactive = runInteractive(async () => {
        await db.drizzle.execute("SELECT 1");
        finished.push("interactive");
      });
      await tick();
      release();
      await Promise.all([held, interactive, ...background]);
      expect(finished[0]).toBe("interactive");
      expect(finished).toHaveLength(6);
    } finally {
      await db.close();
    }
  });
});
