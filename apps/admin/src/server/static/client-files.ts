import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export interface ClientFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  cacheControl: string;
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

// Vite names everything under assets/ by its content hash, so those never change under one name.
const IMMUTABLE = "public, max-age=31536000, immutable";
// index.html and unhashed files must be checked on every load, or a new release is not seen.
const REVALIDATE = "no-cache";

/**
 * Reads the built SPA into memory once at start-up: it is a few hundred kilobytes, and serving from
 * memory needs no path checks against `..` tricks, since only files found here can be answered.
 */
export async function loadClientFiles(directory: string): Promise<Map<string, ClientFile>> {
  const files = new Map<string, ClientFile>();
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    const urlPath = `/${path.relative(directory, absolute).split(path.sep).join("/")}`;
    const body = new Uint8Array(await readFile(absolute));
    files.set(urlPath, {
      body,
      contentType: CONTENT_TYPES[path.extname(entry.name).toLowerCase()] ?? "application/octet-stream",
      cacheControl: urlPath.startsWith("/assets/") ? IMMUTABLE : REVALIDATE,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
    });
  }
  return files;
}
