import { createRoute, z } from "@hono/zod-openapi";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "./test-support.js";

let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  api = await createTestApi();
  // A JSON route of the shape every write will have, to exercise the error contract.
  api.app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/test/echo",
      request: {
        body: {
          required: true,
          content: {
            "application/json": { schema: z.object({ text: z.string().min(1), count: z.number().int() }) },
          },
        },
      },
      responses: {
        200: {
          description: "echo",
          content: { "application/json": { schema: z.object({ text: z.string() }) } },
        },
      },
    }),
    (c) => c.json({ text: c.req.valid("json").text }, 200),
  );
});
afterAll(() => api.db.close());

async function errorOf(response: Response) {
  const body = (await response.json()) as {
    error: { code: string; message: string; requestId: string; details?: unknown[] };
  };
  expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  return body.error;
}

describe("health", () => {
  it("answers liveness with the version", async () => {
    const response = await api.app.request("/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      service: "otklik-api",
      version: "0.0.0-test",
    });
  });

  it("answers readiness with the database it uses", async () => {
    const response = await api.app.request("/api/ready");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", database: "pglite" });
  });

  it("reports 503 with Retry-After when the database is gone", async () => {
    const other = await createTestApi();
    await other.db.close();
    const response = await other.app.request("/api/ready");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect((await errorOf(response)).code).toBe("unavailable");
  });
});

describe("error contract", () => {
  const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    api.app.request("/api/v1/test/echo", { method: "POST", body, headers });

  it("accepts a valid request", async () => {
    const response = await post(JSON.stringify({ text: "яма", count: 1 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: "яма" });
  });

  it("answers malformed JSON with 400", async () => {
    const response = await post('{"text": "яма",');
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(/JSON/);
  });

  it("answers a body that breaks the schema with 422 naming each field", async () => {
    const response = await post(JSON.stringify({ text: "", count: 1.5 }));
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe("validation_failed");
    expect(error.details).toHaveLength(2);
    expect(error.message).toContain("text");
  });

  it("answers a form post with 415", async () => {
    const response = await post("text=yama", { "content-type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(415);
    const error = await errorOf(response);
    expect(error.code).toBe("unsupported_media_type");
    expect(error.message).toContain("application/json");
  });

  it("answers a 10 MB body with 413 before reading it", async () => {
    const big = JSON.stringify({ text: "а".repeat(5 * 1024 * 1024), count: 1 });
    const response = await post(big, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(big)),
    });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe("payload_too_large");
  });

  it("answers an unknown path with 404 naming it", async () => {
    const response = await api.app.request("/api/v1/nothing-here");
    expect(response.status).toBe(404);
    const error = await errorOf(response);
    expect(error.code).toBe("not_found");
    expect(error.message).toContain("/api/v1/nothing-here");
  });

  it("keeps a caller's request id and makes one otherwise", async () => {
    const given = await api.app.request("/api/health", { headers: { "x-request-id": "trace-123" } });
    expect(given.headers.get("x-request-id")).toBe("trace-123");
    const made = await api.app.request("/api/health");
    expect(made.headers.get("x-request-id")).toMatch(/^req_/);
  });
});

describe("OpenAPI", () => {
  it("publishes a valid OpenAPI 3.1 document declaring security and errors", async () => {
    const response = await api.app.request("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.paths["/api/ready"]?.get?.security).toEqual([]);
    expect(Object.keys(document.paths["/api/ready"]?.get ?? {})).toContain("responses");
  });

  it("serves the reference page and its assets without internet", async () => {
    const page = await api.app.request("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/api/openapi.json");
    const script = await api.app.request("/api/docs/assets/swagger-ui-bundle.js");
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});

describe("city", () => {
  it("gives the city's names Russian first and its time zone", async () => {
    const response = await api.app.request("/api/v1/city");
    expect(await response.json()).toMatchObject({
      name: { ru: "Абакан", en: "Abakan" },
      timeZone: "Asia/Krasnoyarsk",
    });
  });
});
