import type { InboundRequest, InboundResult } from "./inbound-event.js";
import type { ConnectorLimits } from "./limits.js";
import type { OutboundPost, OutboundReply, PublishedItem, SendOptions } from "./outbound.js";
import type { Platform } from "./platform.js";

/** The outcome of a connection's test call. */
export interface HealthReport {
  healthy: boolean;
  /** What the platform says the connection is (community name, bot username). */
  description?: string;
  /** Why it is not healthy, without secrets. */
  error?: string;
}

/** One audience figure as a platform reports it. */
export interface AudienceFigure {
  /** `members` for VK, OK and MAX; `subscribers` for a Telegram channel. */
  metric: "members" | "subscribers";
  value: number;
}

/** What is needed to find a post or reply whose sending ended with an unknown outcome. */
export interface LostDeliveryQuery {
  operation: "publish" | "reply";
  /** The text that was sent (platforms without a lookup by key are searched by text). */
  text: string;
  /** For a reply: the conversation it went to. */
  conversationId?: string;
  idempotencyKey: string;
  /** When the lost attempt started; anything older is not it. */
  sentAfter: Date;
}

/**
 * One shape for every platform. A connector is made from a connection's settings and secrets;
 * what a platform cannot do is simply absent (e-mail publishes no posts).
 */
export interface Connector {
  readonly platform: Platform;
  /** What one post or message may hold, for editors to see before sending. */
  readonly limits: ConnectorLimits;
  /** Verifies a webhook request (refusing forged ones) and parses it into normalised events. */
  receive?(request: InboundRequest): InboundResult;
  /** Publishes a post to the page. */
  publishPost?(post: OutboundPost, options: SendOptions): Promise<PublishedItem>;
  /** Replaces the text (and, where the platform allows, the photos) of a published post. */
  editPost?(platformId: string, post: OutboundPost, options: SendOptions): Promise<PublishedItem>;
  /** Deletes a published post. */
  deletePost?(platformId: string): Promise<void>;
  /** Replies to a comment or sends a message into a conversation. */
  sendReply?(reply: OutboundReply, options: SendOptions): Promise<PublishedItem>;
  /**
   * Looks for a post or reply whose sending timed out. Answers it when found, `undefined` when
   * the platform shows no such item, and `null` when the platform offers no way to look.
   */
  findLostDelivery?(query: LostDeliveryQuery): Promise<PublishedItem | undefined | null>;
  /** A harmless call that proves the token works (VK `groups.getById`, Telegram `getMe`). */
  testConnection(): Promise<HealthReport>;
  /** Reads audience figures, where the platform exposes them. */
  readAudience?(): Promise<AudienceFigure[]>;
}
