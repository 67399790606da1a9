import { z } from "zod";
import { assertPostWithinLimits } from "../connector/check-limits.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { OutboundPhoto, OutboundPost, PublishedItem } from "../connector/outbound.js";
import { callTelegramMethod, type TelegramCallContext } from "./call-method.js";
import { telegramPostId } from "./message-ids.js";

const SentMessage = z
  .object({
    message_id: z.number(),
    chat: z.object({ id: z.number(), username: z.string().optional() }).loose(),
  })
  .loose();
const SentAlbum = z.array(SentMessage);

/** The text with the link on its own line, unless the text already holds it (Telegram previews links in text). */
export function telegramText(post: OutboundPost): string {
  if (!post.link || post.text.includes(post.link)) return post.text;
  return `${post.text}\n\n${post.link}`;
}

function photoBlob(photo: OutboundPhoto): Blob {
  return new Blob([photo.data], { type: photo.contentType });
}

function itemOf(kind: "text" | "photo" | "album", messages: z.infer<typeof SentAlbum>): PublishedItem {
  const first = messages[0]!;
  const ids = messages.map((message) => message.message_id);
  return {
    platformId: telegramPostId(kind, ids),
    platformIds: { chatId: String(first.chat.id), messageIds: ids.join(",") },
    ...(first.chat.username ? { url: `https://t.me/${first.chat.username}/${first.message_id}` } : {}),
  };
}

/**
 * Publishes a post to the channel: `sendMessage` for text (4,096 characters), `sendPhoto` for one
 * photo with a caption (1,024), `sendMediaGroup` for 2–10 photos with the caption on the first.
 * Photos go as multipart uploads.
 */
export async function publishTelegramPost(
  context: TelegramCallContext,
  chatId: string,
  post: OutboundPost,
): Promise<PublishedItem> {
  const text = telegramText(post);
  assertPostWithinLimits("telegram", CONNECTOR_LIMITS.telegram, { ...post, text });
  const photos = post.photos ?? [];
  if (photos.length === 0) {
    const sent = SentMessage.parse(
      await callTelegramMethod(
        context,
        "sendMessage",
        { chat_id: chatId, text },
        { repeatable: false, chatId },
      ),
    );
    return itemOf("text", [sent]);
  }
  if (photos.length === 1) {
    const form = new FormData();
    form.set("chat_id", chatId);
    form.set("caption", text);
    form.set("photo", photoBlob(photos[0]!), photos[0]!.filename);
    const sent = SentMessage.parse(
      await callTelegramMethod(context, "sendPhoto", form, { repeatable: false, chatId }),
    );
    return itemOf("photo", [sent]);
  }
  const form = new FormData();
  form.set("chat_id", chatId);
  form.set(
    "media",
    JSON.stringify(
      photos.map((_, index) => ({
        type: "photo",
        media: `attach://photo${index}`,
        ...(index === 0 ? { caption: text } : {}),
      })),
    ),
  );
  photos.forEach((photo, index) => {
    form.set(`photo${index}`, photoBlob(photo), photo.filename);
  });
  const sent = SentAlbum.parse(
    await callTelegramMethod(context, "sendMediaGroup", form, { repeatable: false, chatId }),
  );
  return itemOf("album", sent);
}
