/**
 * One rate limit: at most `limit` calls in any `intervalMilliseconds` window for one key
 * (a token, a chat, a bot). Keys are shared by every worker process that uses the same database.
 */
export interface RateLimitRule {
  key: string;
  limit: number;
  intervalMilliseconds: number;
}

/**
 * Waits until every rule allows one more call and reserves it. Connectors call it before each
 * request; the default does nothing, the delivery services pass one backed by the database.
 */
export type Throttle = (rules: readonly RateLimitRule[]) => Promise<void>;

/** A throttle that never waits: for pure use and for tests of one request. */
export const noThrottle: Throttle = async () => {};

/**
 * Published or observed rates of each platform, per what the key names. Kept a little under
 * what the platforms allow, because a refusal costs more than a short wait.
 */
export const PLATFORM_RATES = {
  /** VK: about 3 requests per second with a user token. */
  vkUserToken: { limit: 3, intervalMilliseconds: 1_000 },
  /** VK: 20 requests per second with a community token. */
  vkCommunityToken: { limit: 20, intervalMilliseconds: 1_000 },
  /** Telegram: about 20 messages a minute to one channel or group. */
  telegramChat: { limit: 20, intervalMilliseconds: 60_000 },
  /** Telegram: about 30 messages a second across all chats of one bot. */
  telegramBot: { limit: 30, intervalMilliseconds: 1_000 },
  /** MAX: about 2 messages a second to one chat. */
  maxChat: { limit: 2, intervalMilliseconds: 1_000 },
  /** MAX: 30 requests a second for one bot. */
  maxBot: { limit: 30, intervalMilliseconds: 1_000 },
  /** OK publishes no figure; 5 a second keeps us well clear of FLOOD_BLOCKED. */
  okToken: { limit: 5, intervalMilliseconds: 1_000 },
  /** The incident platform: our contract asks callers to stay under 10 a second. */
  platformEndpoint: { limit: 10, intervalMilliseconds: 1_000 },
  /** SMTP relays differ; 10 messages a second is polite to most. */
  smtpRelay: { limit: 10, intervalMilliseconds: 1_000 },
} as const satisfies Record<string, Omit<RateLimitRule, "key">>;
