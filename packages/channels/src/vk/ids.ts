/** VK's `guid` is a string; our idempotency keys fit, but keep it within a safe length. */
export function vkGuid(idempotencyKey: string): string {
  return idempotencyKey.slice(0, 64);
}

/** The id VK's wall shows a community post by: `-{groupId}_{postId}`. */
export function vkPostId(groupId: number, postId: number): string {
  return `-${groupId}_${postId}`;
}

/** Splits `-123_456` into the owner and the post (or comment) id. */
export function parseVkPostId(platformId: string): { ownerId: number; postId: number } {
  const match = /^(-?\d+)_(\d+)$/.exec(platformId);
  if (!match) throw new Error(`Not a VK wall id: ${platformId}`);
  return { ownerId: Number(match[1]), postId: Number(match[2]) };
}
