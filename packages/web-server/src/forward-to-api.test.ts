import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { forwardToApi } from "./forward-to-api.js";

/** An upstream that describes the request it received, so we can see what was forwarded. */
function echoUpstream(): typeof fetch {
  const upstream = new Hono();
  upstream.all("*", async (c) =>
    c.json(
      {
        method: c.req.method,
        url: c.req.url,
        headers: Object.fromEntries(c.req.raw.headers),
        body: await c.req.text(),
      },
      201,
      { "X-Upstream": "yes" },
    ),
  );
  return async (input, init) => upstream.fetch(new Request(input, init));
}

function siteWithProxy(fetchFunction: typeof fetch, apiUrl = "http://api.internal:8787"): Hono {
  const app = new Hono();
  app.all("/api/*", forwardToApi({ apiUrl, fetch: fetchFunction }));
  return app;
}

describe("forwardToApi", () => {
  it("forwards method, path, query, headers and body, and returns the API's answer as is", async () => {
    const app = siteWithProxy(echoUpstream());
    const response = await app.request("/api/v1/incidents?limit=5", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Cookie: "otklik_session=abc",
        Host: "www.abakan.example",
      },
      body: JSON.stringify({ text: "Яма на дороге" }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-upstream")).toBe("yes");
    const echoed = await response.json();
    expect(echoed).toMatchObject({
      method: "POST",
      url: "http://api.internal:8787/api/v1/incidents?limit=5",
      body: JSON.stringify({ text: "Яма на дороге" }),
      headers: {
        "content-type": "application/json",
        cookie: "otklik_session=abc",
        "x-forwarded-for": "127.0.0.1",
        "x-forwarded-proto": "http",
        "x-forwarded-host": "www.abakan.example",
      },
    });
  });

  it("appends this hop to an existing X-Forwarded-For, so the API can walk back to the citizen", async () => {
    const app = siteWithProxy(echoUpstream());
    const response = await app.request("/api/health", { headers: { "X-Forwarded-For": "203.0.113.7" } });
    const echoed = (await response.json()) as { headers: Record<string, string> };
    expect(echoed.headers["x-forwarded-for"]).toBe("203.0.113.7, 127.0.0.1");
  });

  it("keeps a path prefix of the API's address", async () => {
    const app = siteWithProxy(echoUpstream(), "http://gateway.internal/otklik/");
    const echoed = (await (await app.request("/api/health")).json()) as { url: string };
    expect(echoed.url).toBe("http://gateway.internal/otklik/api/health");
  });

  it("streams the answer instead of buffering it", async () => {
    const chunks = ["первая часть ", "вторая часть"];
    const streaming: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
            controller.close();
          },
        }),
        { headers: { "Content-Type": "text/plain; charset=utf-8" } },
      );
    const response = await siteWithProxy(streaming).request("/api/v1/feed");
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(await response.text()).toBe(chunks.join(""));
  });

  it("answers 503 in the API's error shape when the API cannot be reached", async () => {
    const unreachable: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const response = await siteWithProxy(unreachable).request("/api/health");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toMatch(/недоступен.*\/.*unavailable/);
    expect(body.error.requestId).not.toBe("");
  });
});
