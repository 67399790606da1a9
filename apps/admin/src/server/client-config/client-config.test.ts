import { describe, expect, it } from "vitest";
import { createAdminServerApp } from "../app.js";
import { parseEnv } from "../config/env.js";
import { adminContentSecurityPolicy, DEFAULT_CLIENT_CONFIG, tileOrigin } from "./client-config.js";

const INDEX = {
  body: new TextEncoder().encode("<!doctype html><title>admin</title>"),
  contentType: "text/html; charset=utf-8",
  cacheControl: "no-cache",
  etag: '"index"',
};

function adminWith(tileUrl: string) {
  return createAdminServerApp({
    apiUrl: "http://127.0.0.1:9",
    clientFiles: new Map([["/index.html", INDEX]]),
    fetch: async () => new Response("{}"),
    clientConfig: { map: { tileUrl, attribution: "© Город" } },
  });
}

const imageSources = (policy: string | null) =>
  (policy ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("img-src"))
    ?.split(" ")
    .slice(1) ?? [];

describe("the SPA's configuration and security policy", () => {
  it("defaults to the site's tile server and attribution", () => {
    const env = parseEnv({});
    expect(env.OTKLIK_MAP_TILE_URL).toBe(DEFAULT_CLIENT_CONFIG.map.tileUrl);
    expect(env.OTKLIK_MAP_ATTRIBUTION).toBe(DEFAULT_CLIENT_CONFIG.map.attribution);
    expect(() => parseEnv({ OTKLIK_MAP_TILE_URL: "https://tiles.example/{z}.png" })).toThrow(
      /OTKLIK_MAP_TILE_URL/,
    );
  });

  it("answers the tile server at /config.json, never cached", async () => {
    const response = await adminWith("http://127.0.0.1:4567/tiles/{z}/{x}/{y}.png").request("/config.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(await response.json()).toEqual({
      map: { tileUrl: "http://127.0.0.1:4567/tiles/{z}/{x}/{y}.png", attribution: "© Город" },
    });
  });

  it("allows images from exactly the tile server's origin, not every http: host", async () => {
    const response = await adminWith("http://127.0.0.1:4567/tiles/{z}/{x}/{y}.png").request("/incidents/map");
    const sources = imageSources(response.headers.get("content-security-policy"));
    expect(sources).toContain("http://127.0.0.1:4567");
    expect(sources).not.toContain("http:");
    expect(sources).not.toContain("*");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("finds the origin of templates with sub-domain placeholders", () => {
    expect(tileOrigin("https://{s}.tile.example.ru/{z}/{x}/{y}.png")).toBe("https://*.tile.example.ru");
    expect(adminContentSecurityPolicy(DEFAULT_CLIENT_CONFIG)).toContain("https://tile.openstreetmap.org");
  });
});
