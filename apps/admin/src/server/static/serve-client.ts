import type { Context, Handler } from "hono";
import type { ClientFile } from "./client-files.js";

function answer(c: Context, file: ClientFile): Response {
  const headers = { "Content-Type": file.contentType, "Cache-Control": file.cacheControl, ETag: file.etag };
  if (c.req.header("if-none-match") === file.etag) return c.body(null, 304, headers);
  return c.body(file.body, 200, headers);
}

/**
 * Serves the SPA's files; any other page address gets index.html, so that the SPA's own routes
 * survive a reload. A missing file under /assets/ is a real 404: answering it with HTML would
 * hide a broken release behind a script error.
 */
export function serveClient(files: Map<string, ClientFile>): Handler {
  return (c) => {
    const file = files.get(c.req.path);
    if (file) return answer(c, file);
    const index = files.get("/index.html");
    const looksLikeFile = c.req.path.startsWith("/assets/") || /\.[a-z0-9]+$/i.test(c.req.path);
    if (looksLikeFile || !index)
      return c.text("Не найдено / Not found", 404, { "Cache-Control": "no-cache" });
    return answer(c, index);
  };
}
