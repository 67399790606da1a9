import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { ApiEnvironment } from "../context.js";

/** The session cookie's name (DESIGN.md). */
export const SESSION_COOKIE = "otklik_session";

/** The session secret the browser sent, if any. */
export function readSessionCookie(c: Context<ApiEnvironment>): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  return value && value.length <= 256 ? value : undefined;
}

/**
 * Sets the session cookie: HttpOnly (scripts never see it), SameSite=Lax (no
 * cross-site writes carry it), Secure when the browser came over HTTPS.
 */
export function setSessionCookie(
  c: Context<ApiEnvironment>,
  secret: string,
  expiresAt: Date,
  secure: boolean,
): void {
  setCookie(c, SESSION_COOKIE, secret, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure,
    expires: expiresAt,
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(c: Context<ApiEnvironment>, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "Lax", secure });
}
