import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChannelsTestDatabase, createChannelsTestDatabase } from "../../test/database.js";
import { VK_GROUP_ID } from "../../test/payloads/vk-callback.js";
import { busiestWindow } from "../../test/servers/protocol-server.js";
import { startVkServer, type VkServer } from "../../test/servers/vk-server.js";
import { PLATFORM_RATES } from "../connector/rate-limits.js";

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL("../../test/workers/reply-burst.mjs", import.meta.url));

/**
 * Two worker processes share one PostgreSQL and answer VK comments with the same community token
 * (20 calls a second). Only the database sees both, so only the database can hold the limit.
 * On PGlite, which is one process, this variant does not apply: vitest.config.ts runs this file
 * only when OTKLIK_TEST_DATABASE_URL names a PostgreSQL. It runs the built package (`pnpm test` builds first).
 */
describe("rate limits across two worker processes on one PostgreSQL", () => {
  let database: ChannelsTestDatabase;
  let server: VkServer;
  beforeAll(async () => {
    database = await createChannelsTestDatabase("postgres");
    server = await startVkServer({
      groupId: VK_GROUP_ID,
      userToken: "user-token",
      communityToken: "community-token",
    });
  });
  afterAll(async () => {
    await server.close();
    await database.close();
  });

  it("keeps a burst of 100 replies (50 from each process) within 20 a second at the platform", async () => {
    const worker = (name: string) =>
      run(
        process.execPath,
        [WORKER, database.url!, server.url, String(VK_GROUP_ID), "community-token", name, "50"],
        {
          cwd: fileURLToPath(new URL("../..", import.meta.url)),
        },
      );
    await Promise.all([worker("a"), worker("b")]);
    const calls = server.calls().filter((call) => call.method === "wall.createComment");
    expect(calls).toHaveLength(100);
    expect(
      server.comments.map((comment) => comment.text).filter((text) => text.startsWith("Ответ a-")),
    ).toHaveLength(50);
    expect(
      busiestWindow(
        calls.map((call) => call.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(PLATFORM_RATES.vkCommunityToken.limit);
    expect(server.violations).toEqual([]);
  }, 60_000);
});
