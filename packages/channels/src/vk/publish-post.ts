import { z } from "zod";
import { assertPostWithinLimits } from "../connector/check-limits.js";
import { CONNECTOR_LIMITS } from "../connector/limits.js";
import type { OutboundPost, PublishedItem } from "../connector/outbound.js";
import { callVkMethod, type VkCallContext } from "./call-method.js";
import { vkGuid, vkPostId } from "./ids.js";
import { uploadVkWallPhotos } from "./upload-photo.js";

const PostCreated = z.object({ post_id: z.number() });

/**
 * Publishes a post on the community wall on behalf of the community: `wall.post` with
 * `owner_id=-groupId`, `from_group=1` and `guid` = the idempotency key, so that VK itself refuses
 * a second copy. Photos are uploaded first; a link goes last among the attachments.
 */
export async function publishVkPost(
  context: VkCallContext,
  post: OutboundPost,
  idempotencyKey: string,
): Promise<PublishedItem> {
  assertPostWithinLimits("vk", CONNECTOR_LIMITS.vk, post);
  const photos = await uploadVkWallPhotos(context, post.photos ?? []);
  const attachments = [...photos, ...(post.link ? [post.link] : [])];
  const created = PostCreated.parse(
    await callVkMethod(
      context,
      "wall.post",
      {
        owner_id: -context.groupId,
        from_group: true,
        message: post.text,
        attachments: attachments.length > 0 ? attachments : undefined,
        guid: vkGuid(idempotencyKey),
      },
      { token: "user", repeatable: false },
    ),
  );
  const platformId = vkPostId(context.groupId, created.post_id);
  return {
    platformId,
    platformIds: {
      postId: String(created.post_id),
      ...Object.fromEntries(photos.map((photo, index) => [`photo${index}`, photo])),
    },
    url: `https://vk.com/wall${platformId}`,
  };
}
