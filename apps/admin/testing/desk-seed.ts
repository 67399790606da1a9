import { createHmac } from "node:crypto";

// What the e2e tests feed the real API through its real intake webhooks, signed with the demo secrets
// (`OTKLIK_DEMO=1`): incidents from the federal platform, comments from the city's VK community.
const PLATFORM_SECRET = "platform-demo-secret";
const VK_GROUP_ID = 1;
const VK_SECRET = "vk-demo-secret";

/** One incident of the platform; answers its incident id. */
export async function platformIncident(
  apiUrl: string,
  intake: {
    id: string;
    text: string;
    sourceUrl?: string;
    authorName?: string;
    minutesAgo?: number;
    /** Where the citizen marked the problem on the platform's map; without it the incident has no point. */
    location?: { lat: number; lon: number };
  },
): Promise<string> {
  const at = new Date(Date.now() - (intake.minutesAgo ?? 0) * 60_000).toISOString();
  const body = JSON.stringify({
    id: intake.id,
    createdAt: at,
    sentAt: at,
    text: intake.text,
    source: {
      network: "vk",
      ...(intake.sourceUrl ? { url: intake.sourceUrl } : {}),
      ...(intake.authorName ? { authorName: intake.authorName } : {}),
    },
    ...(intake.location ? { location: intake.location } : {}),
  });
  const response = await fetch(`${apiUrl}/api/v1/intake/platform`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-otklik-signature": `sha256=${createHmac("sha256", PLATFORM_SECRET).update(body).digest("hex")}`,
    },
    body,
  });
  if (response.status !== 202)
    throw new Error(`platform intake answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { incidentId: string }).incidentId;
}

/** A new comment under a post of the city's VK community (VK Callback API `wall_reply_new`). */
export async function vkComment(
  apiUrl: string,
  comment: { id: number; postId: number; fromId: number; text: string },
): Promise<void> {
  const body = JSON.stringify({
    group_id: VK_GROUP_ID,
    type: "wall_reply_new",
    event_id: `e2e-${comment.id}-${comment.postId}`,
    v: "5.199",
    secret: VK_SECRET,
    object: {
      id: comment.id,
      from_id: comment.fromId,
      post_id: comment.postId,
      owner_id: -VK_GROUP_ID,
      parents_stack: [],
      date: Math.floor(Date.now() / 1000),
      text: comment.text,
      thread: { count: 0 },
    },
  });
  const response = await fetch(`${apiUrl}/api/v1/intake/vk`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  if (response.status !== 200)
    throw new Error(`VK intake answered ${response.status}: ${await response.text()}`);
}
