import { OtklikError } from "@otklik/core";
import type { MiddlewareHandler } from "hono";
import type { ApiEnvironment } from "./context.js";

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/**
 * REST writes take JSON. A body of another type is refused with 415 before any
 * handler runs, so nobody has to guess why their form post "did nothing".
 * Routes that take other types (uploads) are listed in `except`.
 */
export function requireJsonBody(
  options: {
    except?: RegExp[];
    /** Paths that take multipart/form-data as well as JSON (a report with photos). */
    multipart?: RegExp[];
  } = {},
): MiddlewareHandler<ApiEnvironment> {
  return async (c, next) => {
    if (!METHODS_WITH_BODY.has(c.req.method)) return next();
    if (options.except?.some((pattern) => pattern.test(c.req.path))) return next();
    const length = c.req.header("content-length");
    // Requests made in-process (tests, other Hono apps) may carry a body without a Content-Length.
    const hasBody = length !== "0" && (length !== undefined || c.req.raw.body !== null);
    if (!hasBody) return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type === "multipart/form-data" && options.multipart?.some((pattern) => pattern.test(c.req.path)))
      return next();
    if (type !== "application/json" && !type.endsWith("+json")) {
      throw new OtklikError(
        "unsupported_media_type",
        `Ожидается Content-Type: application/json, получено «${type || "ничего"}» / ` +
          `Expected Content-Type: application/json, got "${type || "none"}"`,
      );
    }
    return next();
  };
}
