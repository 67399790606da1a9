import type { OutboundPost, PublishedItem } from "../connector/outbound.js";
import { callVkMethod, type VkCallContext } from "./call-method.js";
import { parseVkPostId } from "./ids.js";
import { uploadVkWallPhotos } from "./upload-photo.js";

/** Replaces the text, photos and link of a community wall post with `wall.edit`. */
export async function editVkPost(
  context: VkCallContext,
  platformId: string,
  post: OutboundPost,
): Promise<PublishedItem> {
  const { ownerId, postId } = parseVkPostId(platformId);
  const photos = await uploadVkWallPhotos(context, post.photos ?? []);
  const attachments = [...photos, ...(post.link ? [post.link] : [])];
  // Editing the same text twice gives the same post: wall.edit is safe to repeat.
  await callVkMethod(
    context,
    "wall.edit",
    {
      owner_id: ownerId,
      post_id: postId,
      message: post.text,
      attachments: attachments.length > 0 ? attachments : undefined,
    },
    { token: "user", repeatable: true },
  );
  return { platformId, platformIds: { postId: String(postId) }, url: `https://vk.com/wall${platformId}` };
}

/** Deletes a community wall post with `wall.delete`. */
export async function deleteVkPost(context: VkCallContext, platformId: string): Promise<void> {
  const { ownerId, postId } = parseVkPostId(platformId);
  await callVkMethod(
    context,
    "wall.delete",
    { owner_id: ownerId, post_id: postId },
    { token: "user", repeatable: true },
  );
}
