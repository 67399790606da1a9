/** A photo to post, as bytes: every platform's upload flow needs the file itself. */
export interface OutboundPhoto {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

/** A file already stored elsewhere, by URL (the incident platform takes URLs, not bytes). */
export interface OutboundLink {
  type: "photo" | "video" | "link" | "file";
  url: string;
  name?: string;
}

/** A post to a page: text, photos and an optional link. */
export interface OutboundPost {
  text: string;
  photos?: readonly OutboundPhoto[];
  link?: string;
}

/**
 * A reply: to a comment under a post, or a message into a chat. `conversationId` and `replyToId`
 * are the values the inbound event carried.
 */
export interface OutboundReply {
  text: string;
  conversationId: string;
  replyToId?: string;
  photos?: readonly OutboundPhoto[];
  /** Files by URL: the incident platform attaches them; social networks get the links in the text. */
  links?: readonly OutboundLink[];
}

/** The text with the URLs of `links` appended on their own lines, for platforms that only take bytes. */
export function textWithLinks(text: string, links: readonly OutboundLink[] | undefined): string {
  if (!links || links.length === 0) return text;
  return [text, "", ...links.map((link) => link.url)].join("\n");
}

/** What the platform created, by its own ids. */
export interface PublishedItem {
  /** The id to edit or delete it by (`"-123_456"` for a VK wall post, a Telegram message id). */
  platformId: string;
  /** Every id the platform gave (all message ids of a Telegram media group, photo ids). */
  platformIds: Record<string, string>;
  url?: string;
}

/** Options of one outbound call. */
export interface SendOptions {
  /**
   * The caller's idempotency key of this delivery. Platforms that de-duplicate by a key get it
   * (VK `guid`, the incident platform's `Idempotency-Key`); it is also how a lost post is found.
   */
  idempotencyKey: string;
}
