import type { RateLimit } from "./gcra.js";

/** The rules' names; each has its own setting (`OTKLIK_RATE_LIMIT_<NAME>`). */
export type RateLimitRuleName = "forms" | "passwordReset" | "open311" | "webhooks";

/** Each rule's limit; a rule left out (or `null`) is off. */
export type RateLimitSettings = Partial<Record<RateLimitRuleName, RateLimit | null>>;

/** A documented operation a rule covers, as the OpenAPI document names it. */
export interface LimitedOperation {
  method: "POST";
  /** The OpenAPI path (`/api/v1/public/publications/{slug}/comments`); for Open311 the served pattern. */
  path: string;
  /** Requests to these paths are counted. */
  pattern: RegExp;
}

export interface RateLimitRule {
  name: RateLimitRuleName;
  /** What the limit protects, for the README and logs. */
  description: string;
  operations: LimitedOperation[];
  /**
   * `client`: one budget per client address for all the rule's operations (a person filling
   * forms); `operation`: one per client address and operation (a webhook source per webhook).
   */
  scope: "client" | "operation";
  /** Open311 answers errors in its own format, outside the OpenAPI document. */
  format: "otklik" | "open311";
}

const post = (path: string, pattern?: RegExp): LimitedOperation => ({
  method: "POST",
  path,
  pattern: pattern ?? new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
});

/**
 * Which public operations are limited, per client address (the real one, behind trusted
 * proxies). Sign-in is not here: `@otklik/identity` already locks an account after 5 wrong
 * passwords and an address after 20 in 15 minutes. Staff-only writes need a session or token.
 */
export const RATE_LIMIT_RULES: readonly RateLimitRule[] = [
  {
    name: "forms",
    description: "citizens' public forms: site reports, hearing comments, consents",
    operations: [
      post("/api/v1/reports"),
      post("/api/v1/public/publications/{slug}/comments"),
      post("/api/v1/consents"),
    ],
    scope: "client",
    format: "otklik",
  },
  {
    name: "passwordReset",
    description: "password reset requests and confirmations",
    operations: [post("/api/v1/auth/password-reset"), post("/api/v1/auth/password-reset/confirm")],
    scope: "client",
    format: "otklik",
  },
  {
    name: "open311",
    description: "Open311 GeoReport v2 service requests",
    operations: [post("/open311/v2/requests", /^\/open311\/v2\/requests(\.[A-Za-z0-9]+)?$/)],
    scope: "client",
    format: "open311",
  },
  {
    name: "webhooks",
    description: "intake webhooks: the incident platform, VK Callback API, Telegram",
    operations: [post("/api/v1/intake/platform"), post("/api/v1/intake/vk"), post("/api/v1/intake/telegram")],
    scope: "operation",
    format: "otklik",
  },
];

/** The defaults: generous enough for a mobile operator's shared address, tight enough for a script. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitRuleName, RateLimit>> = {
  forms: { limit: 60, windowSeconds: 600 },
  passwordReset: { limit: 10, windowSeconds: 900 },
  open311: { limit: 600, windowSeconds: 600 },
  webhooks: { limit: 6000, windowSeconds: 60 },
};

/** Reads `60/10m`, `5/15m`, `6000/1m`, `100/30s`, `1000/1h`; `off` is `null`. */
export function parseRateLimit(text: string): RateLimit | null | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "off" || trimmed === "0") return null;
  const match = /^(\d{1,7})\s*\/\s*(\d{1,5})?\s*(s|m|h)$/.exec(trimmed);
  if (!match) return undefined;
  const limit = Number(match[1]);
  const amount = match[2] === undefined ? 1 : Number(match[2]);
  const unit = match[3] === "s" ? 1 : match[3] === "m" ? 60 : 3600;
  if (limit < 1 || amount < 1) return undefined;
  return { limit, windowSeconds: amount * unit };
}

/** `60 за 10 мин / 60 per 10 min` */
export function describeLimit(rule: RateLimit): { ru: string; en: string } {
  const seconds = rule.windowSeconds;
  const [ru, en] =
    seconds % 3600 === 0
      ? [`${seconds / 3600} ч`, `${seconds / 3600} h`]
      : seconds % 60 === 0
        ? [`${seconds / 60} мин`, `${seconds / 60} min`]
        : [`${seconds} с`, `${seconds} s`];
  return { ru: `${rule.limit} за ${ru}`, en: `${rule.limit} per ${en}` };
}
