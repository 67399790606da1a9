import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Hono } from "hono";
import { STYLESHEET, STYLESHEET_PATH } from "../layout/styles.js";
import {
  PHOTO_PREVIEW_SCRIPT,
  PHOTO_PREVIEW_SCRIPT_PATH,
  POS_WIDGET_SCRIPT,
  POS_WIDGET_SCRIPT_PATH,
} from "./enhancement-scripts.js";
import { MAP_SCRIPT, MAP_SCRIPT_PATH } from "./map-script.js";

const require = createRequire(import.meta.url);

interface Asset {
  path: string;
  body: string;
  type: string;
}

function hashed(name: string, extension: string, body: string): string {
  return `/assets/${name}-${createHash("sha256").update(body).digest("hex").slice(0, 12)}.${extension}`;
}

/** Leaflet, served from the installed package (no CDN: the site works inside a closed network). */
function leaflet(): { script: Asset; style: Asset } {
  const script = readFileSync(require.resolve("leaflet/dist/leaflet.js"), "utf8");
  const style = readFileSync(require.resolve("leaflet/dist/leaflet.css"), "utf8");
  return {
    script: { path: hashed("leaflet", "js", script), body: script, type: "text/javascript; charset=utf-8" },
    style: { path: hashed("leaflet", "css", style), body: style, type: "text/css; charset=utf-8" },
  };
}

export interface StaticAssets {
  leafletScriptPath: string;
  leafletStylePath: string;
  mapScriptPath: string;
  photoPreviewScriptPath: string;
  posWidgetScriptPath: string;
}

/** Registers the site's few files, each under a name with its hash, so they are cached for a year. */
export function registerStaticAssets(app: Hono): StaticAssets {
  const { script, style } = leaflet();
  const assets: Asset[] = [
    { path: STYLESHEET_PATH, body: STYLESHEET, type: "text/css; charset=utf-8" },
    { path: MAP_SCRIPT_PATH, body: MAP_SCRIPT, type: "text/javascript; charset=utf-8" },
    { path: PHOTO_PREVIEW_SCRIPT_PATH, body: PHOTO_PREVIEW_SCRIPT, type: "text/javascript; charset=utf-8" },
    { path: POS_WIDGET_SCRIPT_PATH, body: POS_WIDGET_SCRIPT, type: "text/javascript; charset=utf-8" },
    script,
    style,
  ];
  for (const asset of assets)
    app.get(asset.path, (c) =>
      c.body(asset.body, 200, {
        "Content-Type": asset.type,
        "Cache-Control": "public, max-age=31536000, immutable",
      }),
    );
  return {
    leafletScriptPath: script.path,
    leafletStylePath: style.path,
    mapScriptPath: MAP_SCRIPT_PATH,
    photoPreviewScriptPath: PHOTO_PREVIEW_SCRIPT_PATH,
    posWidgetScriptPath: POS_WIDGET_SCRIPT_PATH,
  };
}
