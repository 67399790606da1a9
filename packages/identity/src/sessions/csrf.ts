/**
 * Cross-site request forgery rules for cookie-authenticated requests. A browser
 * sends our cookie with a forged cross-site form post, but it will not add a
 * custom header to a cross-site request without a CORS preflight, which the API
 * never grants; so a write must carry `X-CSRF-Token` equal to the session's
 * token, which only our own pages can read (from the sign-in answer or
 * `/auth/me`). `Sec-Fetch-Site` and `Origin`, when the browser sends them,
 * are checked as well. Requests with an API token carry no cookie and are exempt.
 */

/** The header a cookie-authenticated write must carry. */
export const CSRF_HEADER = "X-CSRF-Token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** True for methods that may change something. */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** What the browser says about where a request comes from. */
export interface RequestOrigin {
  /** The `Origin` header, when sent. */
  origin: string | undefined;
  /** The `Sec-Fetch-Site` header, when sent. */
  fetchSite: string | undefined;
  /** The origins that are ours: this request's own and any configured ones (`https://otklik.abakan.ru`). */
  ownOrigins: readonly string[];
}

/**
 * Why a request looks cross-site, or `undefined` when nothing says so. Used for
 * every cookie-authenticated write and for sign-in (so nobody is signed in to
 * an attacker's account by a forged form).
 */
export function crossSiteProblem(request: RequestOrigin): string | undefined {
  if (request.fetchSite === "cross-site" || request.fetchSite === "same-site") {
    if (!(request.origin && request.ownOrigins.includes(request.origin))) {
      return "Запрос с другого сайта отклонён / Cross-site request refused";
    }
  }
  if (request.origin !== undefined && !request.ownOrigins.includes(request.origin)) {
    return `Запрос с чужого источника отклонён (${request.origin}) / Request from a foreign origin refused (${request.origin})`;
  }
  return undefined;
}

/**
 * Why a cookie-authenticated request is refused as a possible forgery, or
 * `undefined` when it may proceed. Safe methods always may.
 */
export function csrfProblem(
  request: RequestOrigin & { method: string; csrfHeader: string | undefined; sessionCsrfToken: string },
  sameToken: (a: string, b: string) => boolean,
): string | undefined {
  if (!isUnsafeMethod(request.method)) return undefined;
  const crossSite = crossSiteProblem(request);
  if (crossSite) return crossSite;
  if (!request.csrfHeader) {
    return `Нет заголовка ${CSRF_HEADER}: возьмите его из /api/v1/auth/me / Missing ${CSRF_HEADER} header: take it from /api/v1/auth/me`;
  }
  if (!sameToken(request.csrfHeader, request.sessionCsrfToken)) {
    return `Неверный ${CSRF_HEADER} / Wrong ${CSRF_HEADER}`;
  }
  return undefined;
}
