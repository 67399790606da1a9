import type { Executor } from "@otklik/db";
import { eq, inArray } from "drizzle-orm";
import { departmentRoutes } from "../schema.js";

/** Sets which identity department handles a routing key (`housing` → `dep_…`). */
export async function setDepartmentRoute(
  db: Executor,
  departmentKey: string,
  departmentId: string,
): Promise<void> {
  await db.drizzle
    .insert(departmentRoutes)
    .values({ departmentKey, departmentId })
    .onConflictDoUpdate({ target: departmentRoutes.departmentKey, set: { departmentId } });
}

/** The department ids of routing keys; keys without a route are left out. */
export async function resolveDepartmentKeys(
  db: Executor,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.drizzle
    .select()
    .from(departmentRoutes)
    .where(inArray(departmentRoutes.departmentKey, [...keys]));
  return new Map(rows.map((row) => [row.departmentKey, row.departmentId]));
}

/** The routing key of a department id, or null. */
export async function departmentKeyOf(db: Executor, departmentId: string): Promise<string | null> {
  const [row] = await db.drizzle
    .select()
    .from(departmentRoutes)
    .where(eq(departmentRoutes.departmentId, departmentId));
  return row?.departmentKey ?? null;
}

/** Every routing key that has a department, by key. */
export async function listDepartmentRoutes(
  db: Executor,
): Promise<{ departmentKey: string; departmentId: string }[]> {
  return db.drizzle.select().from(departmentRoutes).orderBy(departmentRoutes.departmentKey);
}
