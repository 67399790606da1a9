import { z } from "zod";
import { type OutboundReply, type PublishedItem, textWithLinks } from "../connector/outbound.js";
import { callTelegramMethod, type TelegramCallContext } from "./call-method.js";
import { telegramMessageNumber } from "./message-ids.js";

const SentMessage = z.object({ message_id: z.number(), chat: z.object({ id: z.number() }).loose() }).loose();

/**
 * Replies in the chat a comment or message came from: in the channel's discussion group under
 * the citizen's comment, or in the private chat with the bot. `reply_parameters` quotes the
 * citizen's message; `allow_sending_without_reply` keeps the answer if they deleted it meanwhile.
 */
export async function replyOnTelegram(
  context: TelegramCallContext,
  reply: OutboundReply,
): Promise<PublishedItem> {
  const chatId = reply.conversationId;
  const sent = SentMessage.parse(
    await callTelegramMethod(
      context,
      "sendMessage",
      {
        chat_id: chatId,
        text: textWithLinks(reply.text, reply.links),
        ...(reply.replyToId === undefined
          ? {}
          : {
              reply_parameters: {
                message_id: telegramMessageNumber(reply.replyToId),
                allow_sending_without_reply: true,
              },
            }),
      },
      { repeatable: false, chatId },
    ),
  );
  return {
    platformId: `${sent.chat.id}:${sent.message_id}`,
    platformIds: { messageId: String(sent.message_id) },
  };
}
