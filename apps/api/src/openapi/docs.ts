import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Hono } from "hono";
import type { ApiEnvironment } from "../http/context.js";

const require = createRequire(import.meta.url);

// Served from the installed swagger-ui-dist package: the reference works offline, with no CDN.
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const PAGE = `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Otklik API — справочник / reference</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <noscript>Справочник API требует JavaScript; сам документ: <a href="/api/openapi.json">/api/openapi.json</a>.
  The reference needs JavaScript; the document itself: <a href="/api/openapi.json">/api/openapi.json</a>.</noscript>
  <div id="reference"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#reference", deepLinking: true });`;

/** The API reference page at `/api/docs`. */
export function registerDocs(app: Hono<ApiEnvironment>): void {
  const folder = path.dirname(require.resolve("swagger-ui-dist/package.json"));
  const cache = new Map<string, string>();

  app.get("/api/docs", (c) => c.html(PAGE));
  app.get("/api/docs/assets/init.js", (c) =>
    c.body(INIT, 200, { "Content-Type": "text/javascript; charset=utf-8" }),
  );
  app.get("/api/docs/assets/:file", async (c) => {
    const file = c.req.param("file");
    const type = ASSETS[file];
    if (!type) return c.notFound();
    let content = cache.get(file);
    if (content === undefined) {
      content = await readFile(path.join(folder, file), "utf8");
      cache.set(file, content);
    }
    return c.body(content, 200, { "Content-Type": type, "Cache-Control": "public, max-age=86400" });
  });
}
