import { z } from "zod";
import type { LostDeliveryQuery } from "../connector/connector.js";
import type { PublishedItem } from "../connector/outbound.js";
import { callVkMethod, type VkCallContext } from "./call-method.js";
import { vkPostId } from "./ids.js";

const WallPage = z.object({
  items: z.array(
    z
      .object({
        id: z.number(),
        date: z.number().optional(),
        text: z.string().optional(),
        is_pinned: z.union([z.literal(0), z.literal(1), z.boolean()]).optional(),
      })
      .loose(),
  ),
});

/** `wall.get` gives at most 100 posts a call. */
const PAGE = 100;
/** How far back to look: a busy day's posts; a lost post is minutes old. */
const MOST_POSTS = 500;

/**
 * Looks on the community wall for a post whose `wall.post` timed out, or whose worker was killed
 * before the answer was kept: VK does not show the `guid`, so a post counts as found when it has
 * the same text and was published no earlier than the lost attempt started. Pages back (newest
 * first) until the posts are older than the attempt — a lost post may be many posts down when the
 * worker came back only after its job's lease ran out. Comments are not looked for (`null`): a
 * person checks them.
 */
export async function findLostVkPost(
  context: VkCallContext,
  query: LostDeliveryQuery,
): Promise<PublishedItem | undefined | null> {
  if (query.operation !== "publish") return null;
  // VK dates have whole seconds; allow the second the attempt started in.
  const since = Math.floor(query.sentAfter.getTime() / 1000);
  for (let offset = 0; offset < MOST_POSTS; offset += PAGE) {
    const page = WallPage.parse(
      await callVkMethod(
        context,
        "wall.get",
        { domain: `club${context.groupId}`, count: PAGE, offset, filter: "owner" },
        { token: "user", repeatable: true },
      ),
    );
    const found = page.items.find(
      (item) => (item.text ?? "") === query.text && (item.date ?? since) >= since,
    );
    if (found) {
      const platformId = vkPostId(context.groupId, found.id);
      return {
        platformId,
        platformIds: { postId: String(found.id) },
        url: `https://vk.com/wall${platformId}`,
      };
    }
    // The wall's end, or posts older than the attempt (a pinned post keeps its old date at the top).
    const older = page.items.some((item) => !item.is_pinned && (item.date ?? since) < since);
    if (page.items.length < PAGE || older) return undefined;
  }
  return undefined;
}
