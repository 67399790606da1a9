import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import type { Department } from "./department.js";
import { loadDepartment, toDepartment } from "./department-record.js";

/** One department. Every member of staff may read the organisation. */
export async function getDepartment(context: ServiceContext, id: string): Promise<Department> {
  requirePermission(context.actor, "department:read");
  return toDepartment(await loadDepartment(context.db, id));
}
