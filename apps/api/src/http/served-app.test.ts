// The body limit and the platform webhook as @hono/node-server serves them: over a socket the limit and the
// webhook read Node's request directly (`body-text.ts`), which in-process `app.request()` tests never reach.
import { createHmac } from "node:crypto";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_INCIDENT_SETTINGS } from "../routes/incidents/incident-support.js";
import { createTestApi } from "../test-support.js";

const LIMIT = 4096;
let api: Awaited<ReturnType<typeof createTestApi>>;
let server: ReturnType<typeof serve>;
let port = 0;

beforeAll(async () => {
  api = await createTestApi({ bodyLimitBytes: LIMIT });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await api.db.close();
});

/** A request over a real socket: the body's length declared, or chunked in two pieces. */
function send(
  path: string,
  body: string,
  headers: Record<string, string>,
  options: { chunked?: boolean } = {},
): Promise<{ status: number; body: string }> {
  const bytes = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...headers,
          ...(options.chunked
            ? { "transfer-encoding": "chunked" }
            : { "content-length": String(bytes.length) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    if (options.chunked) {
      outgoing.write(bytes.subarray(0, bytes.length >> 1));
      outgoing.end(bytes.subarray(bytes.length >> 1));
    } else {
      outgoing.end(bytes);
    }
  });
}

const sign = (body: string) =>
  `sha256=${createHmac("sha256", DEMO_INCIDENT_SETTINGS.platformSecret).update(body).digest("hex")}`;

function intake(id: string): string {
  return JSON.stringify({
    type: "incident",
    id,
    createdAt: "2026-11-28T03:00:00Z",
    text: "Яма на дороге у дома, колесо пробили 😀",
    source: { network: "vk", authorName: "Житель" },
    address: "ул. Щетинкина, 12",
  });
}

describe("served over HTTP", () => {
  it.each([false, true])("stores a signed platform intake and answers 202 (chunked: %s)", async (chunked) => {
    const body = intake(`served-${chunked}`);
    const answer = await send(
      "/api/v1/intake/platform",
      body,
      { "x-otklik-signature": sign(body) },
      { chunked },
    );
    expect(answer.status).toBe(202);
    const { incidentId } = JSON.parse(answer.body) as { incidentId: string };
    const [row] = await api.db.query<{ id: string; text_original: string }>(
      "SELECT id, text_original FROM incidents WHERE external_id = $1",
      [`served-${chunked}`],
    );
    expect(row).toEqual({ id: incidentId, text_original: "Яма на дороге у дома, колесо пробили 😀" });
  });

  it("refuses a wrong signature with 401", async () => {
    const body = intake("served-unsigned");
    const answer = await send("/api/v1/intake/platform", body, { "x-otklik-signature": sign(`${body} `) });
    expect(answer.status).toBe(401);
  });

  it.each([false, true])("answers a body over the limit with 413 (chunked: %s)", async (chunked) => {
    const body = JSON.stringify({ text: "а".repeat(LIMIT) });
    const answer = await send(
      "/api/v1/intake/platform",
      body,
      { "x-otklik-signature": sign(body) },
      { chunked },
    );
    expect(answer.status).toBe(413);
    expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });
});
