import { isDeliveryError } from "../connector/delivery-error.js";
import type { OutboundPost, PublishedItem } from "../connector/outbound.js";
import { callTelegramMethod, type TelegramCallContext } from "./call-method.js";
import { parseTelegramPostId } from "./message-ids.js";
import { telegramText } from "./publish-post.js";

/**
 * Replaces the text of a channel post: `editMessageText` for a text post, `editMessageCaption`
 * for a photo or album (Telegram keeps the photos; replacing them is a new post).
 */
export async function editTelegramPost(
  context: TelegramCallContext,
  chatId: string,
  platformId: string,
  post: OutboundPost,
): Promise<PublishedItem> {
  const { kind, messageIds } = parseTelegramPostId(platformId);
  const text = telegramText(post);
  const method = kind === "text" ? "editMessageText" : "editMessageCaption";
  const field = kind === "text" ? "text" : "caption";
  try {
    await callTelegramMethod(
      context,
      method,
      { chat_id: chatId, message_id: messageIds[0], [field]: text },
      { repeatable: true, chatId },
    );
  } catch (error) {
    // Telegram refuses an edit that changes nothing; the post already says what we want.
    if (!(isDeliveryError(error) && /message is not modified/i.test(error.message))) throw error;
  }
  return { platformId, platformIds: { chatId, messageIds: messageIds.join(",") } };
}

/** Deletes a channel post, every message of an album at once (`deleteMessages`). */
export async function deleteTelegramPost(
  context: TelegramCallContext,
  chatId: string,
  platformId: string,
): Promise<void> {
  const { messageIds } = parseTelegramPostId(platformId);
  await callTelegramMethod(
    context,
    "deleteMessages",
    { chat_id: chatId, message_ids: messageIds },
    { repeatable: true, chatId },
  );
}
