import { z } from "zod";
import { type OutboundReply, type PublishedItem, textWithLinks } from "../connector/outbound.js";
import { callVkMethod, type VkCallContext } from "./call-method.js";
import { parseVkPostId, vkGuid } from "./ids.js";

const CommentCreated = z.object({ comment_id: z.number() });
const MessageSent = z.union([z.number(), z.array(z.object({ message_id: z.number().optional() }).loose())]);

/**
 * Replies on behalf of the community. A comment thread (`conversationId` = `-123_456`, the post)
 * gets `wall.createComment` with `from_group` and `reply_to_comment`; a private conversation
 * (`conversationId` = a peer id) gets `messages.send` with a `random_id` derived from the
 * idempotency key, which VK uses to drop a repeated message.
 */
export async function replyOnVk(
  context: VkCallContext,
  reply: OutboundReply,
  idempotencyKey: string,
): Promise<PublishedItem> {
  const text = textWithLinks(reply.text, reply.links);
  if (reply.conversationId.includes("_")) {
    const { ownerId, postId } = parseVkPostId(reply.conversationId);
    const replyTo = reply.replyToId === undefined ? undefined : parseVkPostId(reply.replyToId).postId;
    const created = CommentCreated.parse(
      await callVkMethod(
        context,
        "wall.createComment",
        {
          owner_id: ownerId,
          post_id: postId,
          from_group: context.groupId,
          message: text,
          reply_to_comment: replyTo,
          guid: vkGuid(idempotencyKey),
        },
        { token: "community", repeatable: false },
      ),
    );
    return {
      platformId: `${ownerId}_${created.comment_id}`,
      platformIds: { commentId: String(created.comment_id) },
      url: `https://vk.com/wall${ownerId}_${postId}?reply=${created.comment_id}`,
    };
  }
  const sent = MessageSent.parse(
    await callVkMethod(
      context,
      "messages.send",
      { peer_id: Number(reply.conversationId), message: text, random_id: randomIdOf(idempotencyKey) },
      { token: "community", repeatable: false },
    ),
  );
  const messageId = typeof sent === "number" ? sent : (sent[0]?.message_id ?? 0);
  return {
    platformId: `${reply.conversationId}_${messageId}`,
    platformIds: { messageId: String(messageId) },
  };
}

/** A stable 31-bit number from the idempotency key: VK's `random_id` de-duplicates by it. */
export function randomIdOf(idempotencyKey: string): number {
  let hash = 0;
  for (const char of idempotencyKey) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return Math.abs(hash);
}
