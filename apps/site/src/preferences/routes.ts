import type { Context, Hono } from "hono";
import { setCookie } from "hono/cookie";
import { isLanguage } from "../i18n/language.js";
import { isVision, LANGUAGE_COOKIE, VISION_COOKIE } from "./preferences.js";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The path to return to: only a path of this site, so the switch cannot be used as an open redirect. */
export function safeReturnPath(value: string | undefined): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}

/** Builds the link of a switch that brings the reader back to the page they were on. */
export function switchLink(
  path: "/settings/language" | "/settings/vision",
  value: string,
  back: string,
): string {
  const query = new URLSearchParams({ value, back: safeReturnPath(back) });
  return `${path}?${query.toString()}`;
}

function remember(c: Context, name: string, value: string): Response {
  setCookie(c, name, value, { path: "/", maxAge: ONE_YEAR_SECONDS, sameSite: "Lax", httpOnly: true });
  c.header("Cache-Control", "no-store");
  return c.redirect(safeReturnPath(c.req.query("back")), 303);
}

/**
 * Language and the version for the visually impaired are switched by plain links (GET), because
 * the site must work with JavaScript off; the choice only changes presentation, never data.
 */
export function registerPreferenceRoutes(app: Hono): void {
  app.get("/settings/language", (c) => {
    const value = c.req.query("value");
    return isLanguage(value) ? remember(c, LANGUAGE_COOKIE, value) : c.notFound();
  });
  app.get("/settings/vision", (c) => {
    const value = c.req.query("value");
    return isVision(value) ? remember(c, VISION_COOKIE, value) : c.notFound();
  });
}
