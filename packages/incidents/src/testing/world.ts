// Test-only helpers (not exported): a migrated database with departments, routes and staff actors.
import { type ManualClock, manualClock } from "@otklik/core";
import type { Database } from "@otklik/db";
import { createDepartment, identityMigrations, systemActor, type UserActor } from "@otklik/identity";
import type { IncidentContext } from "../context.js";
import { incidentsMigrations } from "../migrations.js";
import { setDepartmentRoute } from "../storage/department-routes.js";

export const MIGRATIONS = [identityMigrations, incidentsMigrations];

/** Friday 27 November 2026, 10:00 in Abakan: inside the desk's duty hours. */
export const START = "2026-11-27T03:00:00Z";

export interface DeskWorld {
  db: Database;
  clock: ManualClock;
  departments: { housing: string; transport: string; edds: string; press: string };
  system: IncidentContext;
  operator: IncidentContext;
  executor: IncidentContext;
  otherExecutor: IncidentContext;
  head: IncidentContext;
  analyst: IncidentContext;
  as(actor: IncidentContext["actor"]): IncidentContext;
}

function user(userId: string, role: UserActor["roles"][number], departmentId: string | null): UserActor {
  return { kind: "user", userId, roles: [role], departmentId, sessionId: null, address: null };
}

export async function deskWorld(db: Database): Promise<DeskWorld> {
  const clock = manualClock(START);
  const as = (actor: IncidentContext["actor"]): IncidentContext => ({ db, clock, actor });
  const system = as(systemActor("test"));
  const departments = { housing: "", transport: "", edds: "", press: "" };
  for (const key of Object.keys(departments) as (keyof typeof departments)[]) {
    const department = await createDepartment(
      { db, clock, actor: systemActor("test") },
      { name: `Отдел ${key}`, shortName: key },
    );
    departments[key] = department.id;
    await setDepartmentRoute(db, key, department.id);
  }
  return {
    db,
    clock,
    departments,
    system,
    operator: as(user("usr_operator", "operator", departments.press)),
    executor: as(user("usr_executor", "executor", departments.housing)),
    otherExecutor: as(user("usr_executor2", "executor", departments.transport)),
    head: as(user("usr_head", "head", departments.housing)),
    analyst: as(user("usr_analyst", "analyst", departments.press)),
    as,
  };
}
