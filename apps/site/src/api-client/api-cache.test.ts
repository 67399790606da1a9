import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiCache, PageReads } from "./api-cache.js";
import { ApiUnavailableError } from "./api-client.js";

const Answer = z.object({ n: z.number() });

/** A real HTTP server that counts the calls and can be told to fail. */
function countingServer(): Promise<{
  server: Server;
  url: string;
  calls: () => number;
  fail: (on: boolean) => void;
}> {
  let calls = 0;
  let failing = false;
  const server = createServer((_request, response) => {
    calls += 1;
    if (failing) {
      response.writeHead(502).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ n: calls }));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        calls: () => calls,
        fail: (on) => {
          failing = on;
        },
      }),
    ),
  );
}

describe("ApiCache", () => {
  let upstream: Awaited<ReturnType<typeof countingServer>>;
  let clock = 0;
  beforeEach(async () => {
    upstream = await countingServer();
    clock = 1_000_000;
  });
  afterEach(() => new Promise<void>((resolve) => upstream.server.close(() => resolve())));

  const cache = () =>
    new ApiCache({
      apiUrl: upstream.url,
      freshMilliseconds: 10_000,
      staleMilliseconds: 24 * 60 * 60 * 1000,
      pauseAfterFailureMilliseconds: 5000,
      now: () => clock,
    });

  it("reuses a fresh answer and asks again once it is old", async () => {
    const answers = cache();
    expect((await answers.json("/x", Answer)).value.n).toBe(1);
    clock += 9_999;
    expect((await answers.json("/x", Answer)).value.n).toBe(1);
    clock += 2;
    expect((await answers.json("/x", Answer)).value.n).toBe(2);
    expect(upstream.calls()).toBe(2);
  });

  it("asks once for many pages wanting the same answer at the same moment", async () => {
    const answers = cache();
    const all = await Promise.all(Array.from({ length: 20 }, () => answers.json("/x", Answer)));
    expect(new Set(all.map((answer) => answer.value.n))).toEqual(new Set([1]));
    expect(upstream.calls()).toBe(1);
  });

  it("serves the last good answer marked stale while the API fails, for up to a day", async () => {
    const answers = cache();
    await answers.json("/x", Answer);
    upstream.fail(true);
    clock += 60_000;
    const stale = await answers.json("/x", Answer);
    expect(stale).toMatchObject({ value: { n: 1 }, stale: true });

    // Within the pause after a failure the API is not asked at all.
    const callsAfterFailure = upstream.calls();
    await answers.json("/x", Answer);
    expect(upstream.calls()).toBe(callsAfterFailure);

    clock += 24 * 60 * 60 * 1000;
    await expect(answers.json("/x", Answer)).rejects.toBeInstanceOf(ApiUnavailableError);
  });

  it("recovers as soon as the API answers again", async () => {
    const answers = cache();
    await answers.json("/x", Answer);
    upstream.fail(true);
    clock += 60_000;
    expect((await answers.json("/x", Answer)).stale).toBe(true);
    upstream.fail(false);
    clock += 5_001;
    expect(await answers.json("/x", Answer)).toMatchObject({ stale: false, value: { n: 3 } });
  });

  it("tells a page that it used a saved copy", async () => {
    const answers = cache();
    await answers.json("/x", Answer);
    upstream.fail(true);
    clock += 60_000;
    const reads = new PageReads(answers);
    await reads.json("/x", Answer);
    expect(reads.stale).toBe(true);
    expect(await reads.optional("/never-read", Answer, { n: 0 })).toEqual({ n: 0 });
  });
});
