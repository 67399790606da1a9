import { z } from "zod";
import type { AudienceFigure, HealthReport } from "../connector/connector.js";
import { isDeliveryError } from "../connector/delivery-error.js";
import { callVkMethod, type VkCallContext } from "./call-method.js";

const GroupsById = z.object({
  groups: z.array(
    z.object({ id: z.number(), name: z.string().optional(), members_count: z.number().optional() }).loose(),
  ),
});

async function community(
  context: VkCallContext,
  fields?: string[],
): Promise<z.infer<typeof GroupsById>["groups"][number]> {
  const answer = GroupsById.parse(
    await callVkMethod(
      context,
      "groups.getById",
      { group_id: context.groupId, fields },
      { token: "community", repeatable: true },
    ),
  );
  const group = answer.groups[0];
  if (!group) throw new Error("VK: groups.getById answered no community");
  return group;
}

/** The test call: `groups.getById` with the community token. */
export async function testVkConnection(context: VkCallContext): Promise<HealthReport> {
  try {
    const group = await community(context);
    return { healthy: true, description: group.name ?? `club${group.id}` };
  } catch (error) {
    return {
      healthy: false,
      error: isDeliveryError(error) || error instanceof Error ? error.message : String(error),
    };
  }
}

/** The community's member count: `groups.getById` with `fields=members_count`. */
export async function readVkAudience(context: VkCallContext): Promise<AudienceFigure[]> {
  const group = await community(context, ["members_count"]);
  return group.members_count === undefined ? [] : [{ metric: "members", value: group.members_count }];
}
