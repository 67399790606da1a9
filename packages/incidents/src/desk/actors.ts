import { OtklikError } from "@otklik/core";
import {
  type Actor,
  actorId,
  type DepartmentScope,
  type Permission,
  permissionScope,
  requirePermission,
} from "@otklik/identity";
import type { Actor as LifecycleActor, Role } from "../lifecycle/states.js";

const ROLE_ORDER: readonly Role[] = ["operator", "head", "executor", "admin", "editor", "analyst"];

/**
 * The lifecycle's view of who acts: the user's role that matters most for incidents, and their
 * department id (the desk uses identity's department ids as the lifecycle's department keys).
 * The system (intake, jobs) acts as an operator.
 */
export function lifecycleActor(actor: Actor): LifecycleActor {
  if (actor.kind === "user") {
    const role = ROLE_ORDER.find((candidate) => actor.roles.includes(candidate)) ?? "analyst";
    return { id: actor.userId, role, departmentKey: actor.departmentId };
  }
  return { id: actorId(actor), role: "operator", departmentKey: null };
}

/**
 * The widest scope of the first of `permissions` the actor holds; throws like `requirePermission`
 * (401 for nobody, 403 naming the first permission) when none.
 */
export function requireAnyPermission(actor: Actor, permissions: readonly Permission[]): DepartmentScope {
  let scope: DepartmentScope | undefined;
  for (const permission of permissions) {
    const found = permissionScope(actor, permission);
    if (found?.reach === "all") return found;
    scope ??= found;
  }
  if (scope) return scope;
  requirePermission(actor, permissions[0] as Permission);
  throw new OtklikError("forbidden", "Недостаточно прав / Not allowed");
}
