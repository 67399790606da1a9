import { type Clock, fromZodError, OtklikError, systemClock } from "@otklik/core";
import type { z } from "zod";
import { constantTimeEqual } from "../connector/constant-time.js";
import type {
  InboundAttachment,
  InboundRequest,
  InboundResult,
  SocialEvent,
} from "../connector/inbound-event.js";
import {
  type VkAttachment,
  VkCallbackEnvelope,
  VkMessageNew,
  VkWallComment,
  VkWallCommentDelete,
  VkWallPost,
} from "./callback-schema.js";

/** What verifying a Callback API request needs. */
export interface VkCallbackSettings {
  groupId: number;
  callbackSecret: string;
  confirmationCode: string;
}

const OK_RESPONSE = { status: 200, contentType: "text/plain", body: "ok" } as const;

/**
 * Verifies one VK Callback API request and parses it into normalised events. A request for another
 * community or with a wrong secret is refused with `unauthorized`. `confirmation` is answered with
 * the confirmation code; every other event with `ok` (VK re-sends anything else), including the
 * events Otklik has no use for.
 */
export function receiveVkCallback(
  request: InboundRequest,
  settings: VkCallbackSettings,
  clock: Clock = systemClock,
): InboundResult {
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    throw new OtklikError("bad_request", "Тело запроса не JSON / Request body is not JSON");
  }
  const envelope = VkCallbackEnvelope.safeParse(json);
  if (!envelope.success) throw fromZodError(envelope.error);
  const event = envelope.data;
  if (event.group_id !== settings.groupId) {
    throw new OtklikError("unauthorized", "Событие другого сообщества / Event of another community");
  }
  if (event.type === "confirmation") {
    // VK may omit the secret here; the confirmation code is no secret (VK shows it to admins).
    if (event.secret !== undefined && !constantTimeEqual(event.secret, settings.callbackSecret)) {
      throw new OtklikError("unauthorized", "Секретный ключ неверен / Secret key is invalid");
    }
    return {
      response: { status: 200, contentType: "text/plain", body: settings.confirmationCode },
      events: [],
    };
  }
  if (!constantTimeEqual(event.secret, settings.callbackSecret)) {
    throw new OtklikError("unauthorized", "Секретный ключ неверен / Secret key is invalid");
  }
  return { response: OK_RESPONSE, events: parseVkEvent(event, clock) };
}

function parseObject<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error, "Событие VK / VK event");
  return parsed.data;
}

const COMMENT_ACTIONS = {
  wall_reply_new: "created",
  wall_reply_edit: "edited",
  wall_reply_restore: "restored",
} as const satisfies Record<string, SocialEvent["action"]>;

function parseVkEvent(event: VkCallbackEnvelope, clock: Clock): SocialEvent[] {
  const deliveryId = event.event_id === undefined ? {} : { deliveryId: event.event_id };
  if (event.type in COMMENT_ACTIONS) {
    const comment = parseObject(VkWallComment, event.object);
    return [
      {
        kind: "comment",
        action: COMMENT_ACTIONS[event.type as keyof typeof COMMENT_ACTIONS],
        platform: "vk",
        externalId: `${comment.owner_id}_${comment.id}`,
        ...deliveryId,
        conversationId: `${comment.owner_id}_${comment.post_id}`,
        ...(comment.reply_to_comment === undefined
          ? {}
          : { replyToId: `${comment.owner_id}_${comment.reply_to_comment}` }),
        text: comment.text,
        author: vkAuthor(comment.from_id),
        attachments: vkAttachments(comment.attachments),
        occurredAt: unixToIso(comment.date),
        url: `https://vk.com/wall${comment.owner_id}_${comment.post_id}?reply=${comment.id}`,
      },
    ];
  }
  if (event.type === "wall_reply_delete") {
    const removed = parseObject(VkWallCommentDelete, event.object);
    return [
      {
        kind: "comment",
        action: "deleted",
        platform: "vk",
        externalId: `${removed.owner_id}_${removed.id}`,
        ...deliveryId,
        conversationId: `${removed.owner_id}_${removed.post_id}`,
        text: "",
        attachments: [],
        // VK sends no time with a deletion: the event's arrival is the best we know.
        occurredAt: clock.now().toISOString(),
      },
    ];
  }
  if (event.type === "message_new") {
    const { message } = parseObject(VkMessageNew, event.object);
    return [
      {
        kind: "message",
        action: "created",
        platform: "vk",
        externalId: `${message.peer_id}_${message.conversation_message_id ?? message.id}`,
        ...deliveryId,
        conversationId: String(message.peer_id),
        text: message.text,
        author: vkAuthor(message.from_id),
        attachments: vkAttachments(message.attachments),
        occurredAt: unixToIso(message.date),
      },
    ];
  }
  if (event.type === "wall_post_new") {
    const post = parseObject(VkWallPost, event.object);
    return [
      {
        kind: "post",
        action: "created",
        platform: "vk",
        externalId: `${post.owner_id}_${post.id}`,
        ...deliveryId,
        text: post.text ?? "",
        author: vkAuthor(post.from_id),
        attachments: vkAttachments(post.attachments),
        occurredAt: unixToIso(post.date),
        url: `https://vk.com/wall${post.owner_id}_${post.id}`,
      },
    ];
  }
  return [];
}

function unixToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function vkAuthor(fromId: number): SocialEvent["author"] {
  // Negative ids are communities (a community answering under its own post, for instance).
  const url = fromId < 0 ? `https://vk.com/club${-fromId}` : `https://vk.com/id${fromId}`;
  return { id: String(fromId), url };
}

/** The largest size of a VK photo: sizes come smallest first, but not always, so compare. */
function largestPhoto(attachment: VkAttachment): string | undefined {
  const photo = attachment.photo;
  if (!photo) return undefined;
  const sizes = [...(photo.sizes ?? []), ...(photo.orig_photo ? [photo.orig_photo] : [])];
  let best: { url?: string | undefined; width?: number | undefined; height?: number | undefined } | undefined;
  for (const size of sizes) {
    if (!size.url) continue;
    if (!best || (size.width ?? 0) * (size.height ?? 0) >= (best.width ?? 0) * (best.height ?? 0))
      best = size;
  }
  return best?.url;
}

function vkAttachments(attachments: VkAttachment[] | undefined): InboundAttachment[] {
  const result: InboundAttachment[] = [];
  for (const attachment of attachments ?? []) {
    if (attachment.type === "photo") {
      const url = largestPhoto(attachment);
      if (url) result.push({ type: "photo", url });
    } else if (attachment.type === "video" && attachment.video) {
      result.push({
        type: "video",
        url: `https://vk.com/video${attachment.video.owner_id}_${attachment.video.id}`,
      });
    } else if (attachment.type === "link" && attachment.link) {
      result.push({ type: "link", url: attachment.link.url });
    } else if (attachment.type === "doc" && attachment.doc?.url) {
      result.push({ type: "file", url: attachment.doc.url });
    }
  }
  return result;
}
