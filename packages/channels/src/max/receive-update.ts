import { type Clock, fromZodError, OtklikError, systemClock } from "@otklik/core";
import { constantTimeEqual } from "../connector/constant-time.js";
import {
  headerValue,
  type InboundAttachment,
  type InboundRequest,
  type InboundResult,
  type SocialEvent,
} from "../connector/inbound-event.js";
import { type MaxMessage, MaxUpdate } from "./update-schema.js";

/** The header in which MAX repeats the subscription's secret. */
export const MAX_SECRET_HEADER = "X-Max-Bot-Api-Secret";

/**
 * Verifies one MAX webhook request (the secret header, compared in constant time) and parses the
 * update: `message_created` and `message_edited` become comments (in a channel or group) or
 * messages (in a dialog with the bot); `message_removed` a deletion.
 */
export function receiveMaxUpdate(
  request: InboundRequest,
  webhookSecret: string,
  clock: Clock = systemClock,
): InboundResult {
  if (!constantTimeEqual(headerValue(request.headers, MAX_SECRET_HEADER), webhookSecret)) {
    throw new OtklikError("unauthorized", "Секрет вебхука неверен / Webhook secret is invalid");
  }
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    throw new OtklikError("bad_request", "Тело запроса не JSON / Request body is not JSON");
  }
  const parsed = MaxUpdate.safeParse(json);
  if (!parsed.success) throw fromZodError(parsed.error, "Обновление MAX / MAX update");
  const update = parsed.data;
  const ok = { status: 200, contentType: "application/json", body: "{}" } as const;
  if (
    (update.update_type === "message_created" || update.update_type === "message_edited") &&
    update.message
  ) {
    const action = update.update_type === "message_created" ? "created" : "edited";
    return { response: ok, events: [maxEvent(update.message, action)] };
  }
  if (update.update_type === "message_removed" && update.message_id) {
    return {
      response: ok,
      events: [
        {
          kind: "comment",
          action: "deleted",
          platform: "max",
          externalId: update.message_id,
          ...(update.chat_id === undefined ? {} : { conversationId: String(update.chat_id) }),
          text: "",
          attachments: [],
          occurredAt: new Date(update.timestamp || clock.now().getTime()).toISOString(),
        },
      ],
    };
  }
  return { response: ok, events: [] };
}

function maxEvent(message: MaxMessage, action: SocialEvent["action"]): SocialEvent {
  const chatId = message.recipient.chat_id;
  const sender = message.sender;
  return {
    kind: message.recipient.chat_type === "dialog" ? "message" : "comment",
    action,
    platform: "max",
    externalId: message.body.mid,
    ...(chatId === null || chatId === undefined ? {} : { conversationId: String(chatId) }),
    ...(message.link?.type === "reply" && message.link.message
      ? { replyToId: message.link.message.mid }
      : {}),
    text: message.body.text ?? "",
    ...(sender
      ? {
          author: {
            id: String(sender.user_id),
            name: sender.name ?? [sender.first_name, sender.last_name].filter(Boolean).join(" "),
            ...(sender.username ? { url: `https://max.ru/${sender.username}` } : {}),
          },
        }
      : {}),
    attachments: maxAttachments(message),
    occurredAt: new Date(message.timestamp).toISOString(),
    ...(message.url ? { url: message.url } : {}),
  };
}

const ATTACHMENT_TYPES: Readonly<Record<string, InboundAttachment["type"]>> = {
  image: "photo",
  video: "video",
  file: "file",
  share: "link",
};

function maxAttachments(message: MaxMessage): InboundAttachment[] {
  const result: InboundAttachment[] = [];
  for (const attachment of message.body.attachments ?? []) {
    const type = ATTACHMENT_TYPES[attachment.type];
    const url = attachment.payload?.url;
    if (type && url) result.push({ type, url });
  }
  return result;
}
