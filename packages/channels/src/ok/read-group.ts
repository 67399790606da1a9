import { z } from "zod";
import type { AudienceFigure, HealthReport } from "../connector/connector.js";
import { callOkMethod, type OkCallContext } from "./call-method.js";

const GroupInfo = z.array(z.object({ uid: z.string(), name: z.string().optional() }).loose());
const Counters = z.object({ counters: z.object({ members: z.number().optional() }).loose() });

/** The test call: `group.getInfo` for the group. */
export async function testOkConnection(context: OkCallContext, groupId: string): Promise<HealthReport> {
  try {
    const groups = GroupInfo.parse(
      await callOkMethod(
        context,
        "group.getInfo",
        { uids: groupId, fields: "uid,name" },
        { repeatable: true },
      ),
    );
    const group = groups[0];
    if (!group) return { healthy: false, error: "OK: группа не найдена / group not found" };
    return { healthy: true, description: group.name ?? group.uid };
  } catch (error) {
    return { healthy: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The group's member count: `group.getCounters` with `counterTypes=members`. */
export async function readOkAudience(context: OkCallContext, groupId: string): Promise<AudienceFigure[]> {
  const answer = Counters.parse(
    await callOkMethod(
      context,
      "group.getCounters",
      { group_id: groupId, counterTypes: "members" },
      { repeatable: true },
    ),
  );
  return answer.counters.members === undefined ? [] : [{ metric: "members", value: answer.counters.members }];
}
