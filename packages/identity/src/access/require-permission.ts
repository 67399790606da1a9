import { OtklikError } from "@otklik/core";
import type { Actor } from "./actor.js";
import { type Permission, reachOf, TOKEN_SCOPE_PERMISSIONS } from "./permissions.js";

/**
 * Where a permission reaches for one actor: every record, or one department's.
 * An actor holding a department-scoped permission without a department reaches nothing.
 */
export type DepartmentScope = { reach: "all" } | { reach: "department"; departmentId: string | null };

/** What a call from nobody signed in to an operation that needs someone is refused with (401). */
export const SIGN_IN_REQUIRED = "Требуется вход / Sign-in required";
const NOT_ALLOWED = "Недостаточно прав / Not allowed";

/**
 * Checks the permission matrix: returns how far `actor` reaches with `permission`,
 * or throws `unauthorized` for nobody signed in and `forbidden` for someone who may not.
 * Every service verb starts with it.
 */
export function requirePermission(actor: Actor, permission: Permission): DepartmentScope {
  const scope = permissionScope(actor, permission);
  if (scope) return scope;
  if (actor.kind === "anonymous") throw new OtklikError("unauthorized", SIGN_IN_REQUIRED);
  throw new OtklikError("forbidden", `${NOT_ALLOWED} (${permission})`);
}

/** Like {@link requirePermission} but answers `undefined` instead of throwing, for showing what one may do. */
export function permissionScope(actor: Actor, permission: Permission): DepartmentScope | undefined {
  switch (actor.kind) {
    case "system":
      return { reach: "all" };
    case "anonymous":
      return undefined;
    case "token":
      return actor.scopes.some((scope) => TOKEN_SCOPE_PERMISSIONS[scope].includes(permission))
        ? { reach: "all" }
        : undefined;
    case "user": {
      const reaches = actor.roles.map((role) => reachOf(role, permission));
      if (reaches.includes("all")) return { reach: "all" };
      if (reaches.includes("department")) return { reach: "department", departmentId: actor.departmentId };
      return undefined;
    }
  }
}

/** Throws `unauthorized` unless a member of staff is signed in (self-service: sign-out, TOTP). */
export function requireSignedInUser<A extends Actor>(actor: A): Extract<A, { kind: "user" }> {
  if (actor.kind === "user") return actor as Extract<A, { kind: "user" }>;
  if (actor.kind === "anonymous") throw new OtklikError("unauthorized", SIGN_IN_REQUIRED);
  throw new OtklikError("forbidden", `${NOT_ALLOWED}: только для сотрудников / staff only`);
}
