import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import type { Official } from "./official.js";
import { loadOfficial, toOfficials } from "./official-record.js";

/** One official, with the departments they oversee. */
export async function getOfficial(context: ServiceContext, id: string): Promise<Official> {
  requirePermission(context.actor, "official:read");
  const [official] = await toOfficials(context.db, [await loadOfficial(context.db, id)]);
  return official!;
}
