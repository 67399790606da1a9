import { z } from "zod";
import { assertPostWithinLimits } from "../connector/check-limits.js";
import type { LostDeliveryQuery } from "../connector/connector.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import {
  type OutboundPost,
  type OutboundReply,
  type PublishedItem,
  textWithLinks,
} from "../connector/outbound.js";
import { callMaxApi, type MaxCallContext } from "./call-api.js";
import { uploadMaxImages } from "./upload.js";

const MessageBody = z.object({ mid: z.string(), text: z.string().nullable().optional() }).loose();
const SentMessage = z.object({
  message: z
    .object({ body: MessageBody, url: z.string().nullable().optional(), timestamp: z.number().optional() })
    .loose(),
});

function withLink(post: OutboundPost): string {
  return post.link && !post.text.includes(post.link) ? `${post.text}\n\n${post.link}` : post.text;
}

function itemOf(sent: z.infer<typeof SentMessage>): PublishedItem {
  const mid = sent.message.body.mid;
  return {
    platformId: mid,
    platformIds: { messageId: mid },
    ...(sent.message.url ? { url: sent.message.url } : {}),
  };
}

/** Publishes a post to the channel: images uploaded first, then `POST /messages?chat_id=…` (4,000 characters, 12 attachments). */
export async function publishMaxPost(
  context: MaxCallContext,
  chatId: number,
  post: OutboundPost,
): Promise<PublishedItem> {
  const text = withLink(post);
  assertPostWithinLimits("max", CONNECTOR_LIMITS.max, { ...post, text });
  const attachments = await uploadMaxImages(context, post.photos ?? []);
  const sent = SentMessage.parse(
    await callMaxApi(context, "POST", "/messages", {
      query: { chat_id: chatId },
      body: { text, ...(attachments.length > 0 ? { attachments } : {}) },
      repeatable: false,
      chatId,
    }),
  );
  return itemOf(sent);
}

/** Replaces a message's text and images: `PUT /messages?message_id=…`. */
export async function editMaxPost(
  context: MaxCallContext,
  chatId: number,
  messageId: string,
  post: OutboundPost,
): Promise<PublishedItem> {
  const attachments = await uploadMaxImages(context, post.photos ?? []);
  await callMaxApi(context, "PUT", "/messages", {
    query: { message_id: messageId },
    body: { text: withLink(post), ...(attachments.length > 0 ? { attachments } : {}) },
    repeatable: true,
    chatId,
  });
  return { platformId: messageId, platformIds: { messageId } };
}

/** Deletes a message: `DELETE /messages?message_id=…`. */
export async function deleteMaxPost(
  context: MaxCallContext,
  chatId: number,
  messageId: string,
): Promise<void> {
  await callMaxApi(context, "DELETE", "/messages", {
    query: { message_id: messageId },
    repeatable: true,
    chatId,
  });
}

/** Replies in a chat, quoting the citizen's message through `link: { type: "reply", mid }`. */
export async function replyOnMax(context: MaxCallContext, reply: OutboundReply): Promise<PublishedItem> {
  const chatId = Number(reply.conversationId);
  const attachments = await uploadMaxImages(context, reply.photos ?? []);
  const sent = SentMessage.parse(
    await callMaxApi(context, "POST", "/messages", {
      query: { chat_id: chatId },
      body: {
        text: textWithLinks(reply.text, reply.links),
        ...(attachments.length > 0 ? { attachments } : {}),
        ...(reply.replyToId === undefined ? {} : { link: { type: "reply", mid: reply.replyToId } }),
      },
      repeatable: false,
      chatId,
    }),
  );
  return itemOf(sent);
}

const MessageList = z.object({
  messages: z.array(
    z.object({ body: MessageBody, timestamp: z.number(), url: z.string().nullable().optional() }).loose(),
  ),
});

/** Looks among the chat's latest messages (`GET /messages?chat_id=…`) for the lost one, by text and time. */
export async function findLostMaxMessage(
  context: MaxCallContext,
  chatId: number,
  query: LostDeliveryQuery,
): Promise<PublishedItem | undefined> {
  const target =
    query.operation === "reply" && query.conversationId !== undefined ? Number(query.conversationId) : chatId;
  const list = MessageList.parse(
    await callMaxApi(context, "GET", "/messages", {
      query: { chat_id: target, count: 20 },
      repeatable: true,
    }),
  );
  const since = query.sentAfter.getTime() - 1000;
  const found = list.messages.find(
    (message) => message.timestamp >= since && (message.body.text ?? "") === query.text,
  );
  if (!found) return undefined;
  return {
    platformId: found.body.mid,
    platformIds: { messageId: found.body.mid },
    ...(found.url ? { url: found.url } : {}),
  };
}
