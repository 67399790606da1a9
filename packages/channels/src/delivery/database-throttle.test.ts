import { manualClock } from "@otklik/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type ChannelsTestDatabase, createChannelsTestDatabase } from "../../test/database.js";
import { busiestWindow } from "../../test/servers/protocol-server.js";
import { createDatabaseThrottle, defaultSafetyMargin, reserveSendSlot } from "./database-throttle.js";

describe.each(backends())("rate limiting in the database (%s)", (backend) => {
  let database: ChannelsTestDatabase;
  beforeAll(async () => {
    database = await createChannelsTestDatabase(backend);
  });
  afterAll(async () => {
    await database.close();
  });

  it("gives the first `limit` calls of a window at once and spaces the rest an interval after", async () => {
    const rule = { key: "test:spacing", limit: 3, intervalMilliseconds: 1_000 };
    const slots: number[] = [];
    for (let index = 0; index < 7; index++)
      slots.push(await reserveSendSlot(database.db, [rule], 10_000, () => 0));
    expect(slots).toEqual([10_000, 10_000, 10_000, 11_000, 11_000, 11_000, 12_000]);
  });

  it("reserves one slot that satisfies every rule of a call (a chat's and the bot's)", async () => {
    const chat = { key: "test:chat", limit: 2, intervalMilliseconds: 1_000 };
    const bot = { key: "test:bot", limit: 3, intervalMilliseconds: 1_000 };
    const slots: number[] = [];
    for (let index = 0; index < 5; index++)
      slots.push(await reserveSendSlot(database.db, [chat, bot], 0, () => 0));
    expect(slots).toEqual([0, 0, 1_000, 1_000, 2_000]);
    // Another chat of the same bot is held back by the bot's limit only.
    const other = { key: "test:chat2", limit: 2, intervalMilliseconds: 1_000 };
    expect(await reserveSendSlot(database.db, [other, bot], 0, () => 0)).toBe(2_000);
  });

  it("under a burst of 100 concurrent calls, no window holds more than the limit", async () => {
    const clock = manualClock("2024-11-27T00:00:00Z");
    const rule = { key: "test:burst", limit: 20, intervalMilliseconds: 1_000 };
    const slots = await Promise.all(
      Array.from({ length: 100 }, () => reserveSendSlot(database.db, [rule], clock.now().getTime())),
    );
    expect(busiestWindow(slots, 1_000)).toBeLessThanOrEqual(20);
    // And it does not dawdle: 100 calls at 20 a second take 4 windows, each with its safety margin.
    const margin = defaultSafetyMargin(rule);
    expect(Math.max(...slots) - Math.min(...slots)).toBeLessThan(4 * (1_000 + margin) + 1);
  });

  it("makes the caller wait until its slot", async () => {
    const clock = manualClock("2024-11-27T00:00:00Z");
    const waits: number[] = [];
    const throttle = createDatabaseThrottle({
      db: database.db,
      clock,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
        clock.advance(milliseconds);
      },
      safetyMarginMilliseconds: () => 0,
    });
    const rule = { key: "test:wait", limit: 2, intervalMilliseconds: 60_000 };
    for (let index = 0; index < 4; index++) await throttle([rule]);
    expect(waits).toEqual([60_000]);
    expect(clock.now().toISOString()).toBe("2024-11-27T00:01:00.000Z");
  });
});
