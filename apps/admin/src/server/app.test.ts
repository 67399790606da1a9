import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ChildServer, freePort, startApi } from "@otklik/e2e-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminServerApp } from "./app.js";
import { loadClientFiles } from "./static/client-files.js";

const INDEX_HTML = '<!doctype html><html lang="ru"><body><div id="root"></div></body></html>';

/** A built SPA as vite lays it out: index.html and hashed assets. */
async function builtClient(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), "otklik-admin-client-"));
  await mkdir(path.join(directory, "assets"));
  await writeFile(path.join(directory, "index.html"), INDEX_HTML);
  await writeFile(path.join(directory, "assets", "index-Abc123.js"), "console.log('admin');");
  await writeFile(path.join(directory, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  return directory;
}

describe("the admin server", () => {
  let api: ChildServer;
  let clientDirectory: string;
  let admin: ReturnType<typeof createAdminServerApp>;

  beforeAll(async () => {
    [api, clientDirectory] = await Promise.all([startApi(), builtClient()]);
    admin = createAdminServerApp({ apiUrl: api.url, clientFiles: await loadClientFiles(clientDirectory) });
  });
  afterAll(async () => {
    await api?.stop();
    if (clientDirectory) await rm(clientDirectory, { recursive: true, force: true });
  });

  describe("serving the SPA", () => {
    it("answers / with index.html, revalidated on every load", async () => {
      const response = await admin.request("/");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toBe(INDEX_HTML);
    });

    it("answers the SPA's own routes with index.html, so a reload keeps working", async () => {
      const response = await admin.request("/incidents/inc_123");
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX_HTML);
    });

    it("caches hashed assets for a year", async () => {
      const response = await admin.request("/assets/index-Abc123.js");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    });

    it("answers 304 when the browser already has the file", async () => {
      const first = await admin.request("/favicon.svg");
      const etag = first.headers.get("etag");
      expect(etag).toBeTruthy();
      const second = await admin.request("/favicon.svg", { headers: { "If-None-Match": etag ?? "" } });
      expect(second.status).toBe(304);
    });

    it("answers 404 for a missing asset instead of index.html", async () => {
      expect((await admin.request("/assets/index-Gone99.js")).status).toBe(404);
      expect((await admin.request("/robots.txt")).status).toBe(404);
    });
  });

  describe("forwarding /api", () => {
    it("returns the API's health, version included", async () => {
      const response = await admin.request("/api/health");
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "ok", service: "otklik-api", version: "0.1.0" });
    });

    it("returns the API's readiness and database kind", async () => {
      const response = await admin.request("/api/ready");
      expect(await response.json()).toEqual({ status: "ready", database: "pglite" });
    });

    it("forwards other methods and returns the API's errors untouched", async () => {
      const response = await admin.request("/api/v1/no-such-resource", { method: "DELETE" });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    });
  });
});

describe("the admin server when the API is down", () => {
  it("answers /api with 503 in the API's error shape", async () => {
    const admin = createAdminServerApp({
      apiUrl: `http://127.0.0.1:${await freePort()}`,
      clientFiles: new Map(),
    });
    const response = await admin.request("/api/health");
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unavailable");
  });
});
