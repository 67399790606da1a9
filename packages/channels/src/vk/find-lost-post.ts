import { z } from "zod";
import type { LostDeliveryQuery } from "../connector/connector.js";
import type { PublishedItem } from "../connector/outbound.js";
import { callVkMethod, type VkCallContext } from "./call-method.js";
import { vkPostId } from "./ids.js";

const WallPage = z.object({
  items: z.array(
    z.object({ id: z.number(), date: z.number().optional(), text: z.string().optional() }).loose(),
  ),
});

/** How many recent posts to look through: a lost post is minutes old, the office posts a few a day. */
const RECENT_POSTS = 20;

/**
 * Looks on the community wall for a post whose `wall.post` timed out: VK does not show the `guid`,
 * so a post counts as found when it has the same text and was published no earlier than the lost
 * attempt started. Comments are not looked for (`null`): a person checks them.
 */
export async function findLostVkPost(
  context: VkCallContext,
  query: LostDeliveryQuery,
): Promise<PublishedItem | undefined | null> {
  if (query.operation !== "publish") return null;
  const page = WallPage.parse(
    await callVkMethod(
      context,
      "wall.get",
      { domain: `club${context.groupId}`, count: RECENT_POSTS, filter: "owner" },
      { token: "user", repeatable: true },
    ),
  );
  // VK dates have whole seconds; allow the second the attempt started in.
  const since = Math.floor(query.sentAfter.getTime() / 1000);
  const found = page.items.find((item) => (item.text ?? "") === query.text && (item.date ?? since) >= since);
  if (!found) return undefined;
  const platformId = vkPostId(context.groupId, found.id);
  return { platformId, platformIds: { postId: String(found.id) }, url: `https://vk.com/wall${platformId}` };
}
