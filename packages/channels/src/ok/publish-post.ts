import { z } from "zod";
import { assertPostWithinLimits } from "../connector/check-limits.js";
import type { LostDeliveryQuery } from "../connector/connector.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { OutboundPost, PublishedItem } from "../connector/outbound.js";
import { callOkMethod, type OkCallContext } from "./call-method.js";
import { uploadOkPhotos } from "./upload-photo.js";

/** The JSON `attachment` of a media topic: a text block, a photo block with upload tokens, a link block. */
export function okAttachment(text: string, photoTokens: readonly string[], link: string | undefined): string {
  const media: unknown[] = [{ type: "text", text }];
  if (photoTokens.length > 0) media.push({ type: "photo", list: photoTokens.map((id) => ({ id })) });
  if (link) media.push({ type: "link", url: link });
  return JSON.stringify({ media });
}

function topicItem(groupId: string, topicId: string): PublishedItem {
  return {
    platformId: topicId,
    platformIds: { topicId, groupId },
    url: `https://ok.ru/group/${groupId}/topic/${topicId}`,
  };
}

/** Publishes a group topic: photos uploaded first, then `mediatopic.post` with `type=GROUP_THEME`. */
export async function publishOkPost(
  context: OkCallContext,
  groupId: string,
  post: OutboundPost,
): Promise<PublishedItem> {
  assertPostWithinLimits("ok", CONNECTOR_LIMITS.ok, post);
  const tokens = await uploadOkPhotos(context, groupId, post.photos ?? []);
  const topicId = z.coerce
    .string()
    .parse(
      await callOkMethod(
        context,
        "mediatopic.post",
        { gid: groupId, type: "GROUP_THEME", attachment: okAttachment(post.text, tokens, post.link) },
        { repeatable: false },
      ),
    );
  return topicItem(groupId, topicId);
}

/** Replaces a group topic's content with `mediatopic.edit`. */
export async function editOkPost(
  context: OkCallContext,
  groupId: string,
  topicId: string,
  post: OutboundPost,
): Promise<PublishedItem> {
  const tokens = await uploadOkPhotos(context, groupId, post.photos ?? []);
  await callOkMethod(
    context,
    "mediatopic.edit",
    { gid: groupId, topic_id: topicId, attachment: okAttachment(post.text, tokens, post.link) },
    { repeatable: true },
  );
  return topicItem(groupId, topicId);
}

/** Deletes a group topic with `mediatopic.deleteTopic`. */
export async function deleteOkPost(context: OkCallContext, groupId: string, topicId: string): Promise<void> {
  await callOkMethod(
    context,
    "mediatopic.deleteTopic",
    { gid: groupId, topic_id: topicId },
    { repeatable: true },
  );
}

const Topics = z.object({
  media_topics: z
    .array(
      z
        .object({
          id: z.string(),
          created_ms: z.number().optional(),
          media: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()).optional(),
        })
        .loose(),
    )
    .optional(),
});

/**
 * Looks among the group's latest topics (`mediatopic.getTopics`) for one with the lost post's
 * text, created no earlier than the lost attempt.
 */
export async function findLostOkPost(
  context: OkCallContext,
  groupId: string,
  query: LostDeliveryQuery,
): Promise<PublishedItem | undefined | null> {
  if (query.operation !== "publish") return null;
  const answer = Topics.parse(
    await callOkMethod(
      context,
      "mediatopic.getTopics",
      { gid: groupId, count: 20, fields: "media_topic.*" },
      { repeatable: true },
    ),
  );
  const since = query.sentAfter.getTime() - 1000;
  const found = (answer.media_topics ?? []).find(
    (topic) =>
      (topic.created_ms ?? since) >= since &&
      (topic.media ?? []).some((block) => block.type === "text" && block.text === query.text),
  );
  return found ? topicItem(groupId, found.id) : undefined;
}
