import { z } from "zod";
import { PlatformIntake } from "../platform/intake-schema.js";
import { Platform } from "./platform.js";

/** A file or link a citizen attached. */
export const InboundAttachment = z.object({
  type: z.enum(["photo", "video", "link", "file"]),
  url: z.string(),
});
export type InboundAttachment = z.infer<typeof InboundAttachment>;

/** Who wrote it, as far as the platform tells. */
export const InboundAuthor = z.object({
  id: z.string(),
  name: z.string().optional(),
  url: z.string().optional(),
});
export type InboundAuthor = z.infer<typeof InboundAuthor>;

/**
 * Something a citizen wrote on one of the city's social pages, normalised across platforms:
 * a comment under a post, a private message to the page, or a post on the page itself.
 */
export const SocialEvent = z.object({
  kind: z.enum(["comment", "message", "post"]),
  action: z.enum(["created", "edited", "deleted", "restored"]),
  platform: Platform,
  /** Unique on the platform; the same value twice is the same item (`-123_45_678` for a VK comment). */
  externalId: z.string(),
  /** The platform's id of this delivery, for at-least-once de-duplication (VK `event_id`, Telegram `update_id`). */
  deliveryId: z.string().optional(),
  /** Where it was written: the post a comment hangs under, the chat of a message. */
  conversationId: z.string().optional(),
  /** The message or comment it answers. */
  replyToId: z.string().optional(),
  text: z.string(),
  author: InboundAuthor.optional(),
  attachments: z.array(InboundAttachment),
  occurredAt: z.iso.datetime(),
  url: z.string().optional(),
});
export type SocialEvent = z.infer<typeof SocialEvent>;

/** A message of the incident platform (new incident, update, returned for rework, closed). */
export const PlatformEvent = z.object({
  kind: z.literal("platform_incident"),
  platform: z.literal("platform"),
  intake: PlatformIntake,
});
export type PlatformEvent = z.infer<typeof PlatformEvent>;

/** Any normalised inbound event. */
export const InboundEvent = z.union([SocialEvent, PlatformEvent]);
export type InboundEvent = z.infer<typeof InboundEvent>;

/** A webhook request as the route received it: headers and the raw body, before any JSON parsing. */
export interface InboundRequest {
  headers: Headers | Record<string, string | string[] | undefined>;
  rawBody: string;
}

/** What the route answers the platform, and the events it hands to the incident desk. */
export interface InboundResult {
  response: { status: number; contentType: "text/plain" | "application/json"; body: string };
  events: InboundEvent[];
}

/** Reads one header from either a `Headers` object or a Node-style header record, case-insensitively. */
export function headerValue(headers: InboundRequest["headers"], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
