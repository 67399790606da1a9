import { fromZodError, OtklikError } from "@otklik/core";
import { constantTimeEqual } from "../connector/constant-time.js";
import {
  headerValue,
  type InboundAttachment,
  type InboundRequest,
  type InboundResult,
  type SocialEvent,
} from "../connector/inbound-event.js";
import { type TelegramMessage, TelegramUpdate } from "./update-schema.js";

/** The header in which Telegram repeats the webhook's secret token. */
export const TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

/**
 * Verifies one webhook request of the Bot API (the secret token header, compared in constant
 * time) and parses the update: comments in the discussion group, private messages to the bot, and
 * the channel's own posts. Automatic forwards of channel posts into the group are not comments.
 */
export function receiveTelegramUpdate(request: InboundRequest, webhookSecret: string): InboundResult {
  if (!constantTimeEqual(headerValue(request.headers, TELEGRAM_SECRET_HEADER), webhookSecret)) {
    throw new OtklikError("unauthorized", "Секретный токен неверен / Secret token is invalid");
  }
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    throw new OtklikError("bad_request", "Тело запроса не JSON / Request body is not JSON");
  }
  const parsed = TelegramUpdate.safeParse(json);
  if (!parsed.success) throw fromZodError(parsed.error, "Обновление Telegram / Telegram update");
  const update = parsed.data;
  const deliveryId = String(update.update_id);
  const events: SocialEvent[] = [];
  const message = update.message ?? update.edited_message;
  if (message && !message.is_automatic_forward) {
    const action = update.message ? "created" : "edited";
    const kind = message.chat.type === "private" ? "message" : "comment";
    events.push(telegramEvent(message, kind, action, deliveryId));
  }
  const post = update.channel_post ?? update.edited_channel_post;
  if (post) events.push(telegramEvent(post, "post", update.channel_post ? "created" : "edited", deliveryId));
  return { response: { status: 200, contentType: "application/json", body: "{}" }, events };
}

function telegramEvent(
  message: TelegramMessage,
  kind: SocialEvent["kind"],
  action: SocialEvent["action"],
  deliveryId: string,
): SocialEvent {
  const chatId = String(message.chat.id);
  const author = message.from
    ? {
        id: String(message.from.id),
        name: [message.from.first_name, message.from.last_name].filter(Boolean).join(" "),
        ...(message.from.username ? { url: `https://t.me/${message.from.username}` } : {}),
      }
    : message.sender_chat
      ? {
          id: String(message.sender_chat.id),
          ...(message.sender_chat.title ? { name: message.sender_chat.title } : {}),
        }
      : undefined;
  return {
    kind,
    action,
    platform: "telegram",
    externalId: `${chatId}:${message.message_id}`,
    deliveryId,
    conversationId: chatId,
    ...(message.reply_to_message ? { replyToId: `${chatId}:${message.reply_to_message.message_id}` } : {}),
    text: message.text ?? message.caption ?? "",
    ...(author ? { author } : {}),
    attachments: telegramAttachments(message),
    occurredAt: new Date((message.edit_date ?? message.date) * 1000).toISOString(),
    ...(message.chat.username ? { url: `https://t.me/${message.chat.username}/${message.message_id}` } : {}),
  };
}

/**
 * Telegram gives file ids, not URLs: a file is fetched later with `getFile` and the bot token.
 * The attachment carries `tg-file:<file_id>` so the incident desk can ask for it.
 */
function telegramAttachments(message: TelegramMessage): InboundAttachment[] {
  const attachments: InboundAttachment[] = [];
  const largest = message.photo?.reduce((best, size) =>
    size.width * size.height > best.width * best.height ? size : best,
  );
  if (largest) attachments.push({ type: "photo", url: `tg-file:${largest.file_id}` });
  if (message.video) attachments.push({ type: "video", url: `tg-file:${message.video.file_id}` });
  if (message.document) attachments.push({ type: "file", url: `tg-file:${message.document.file_id}` });
  return attachments;
}
