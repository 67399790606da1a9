import type { TokenScope } from "../tokens/token-scopes.js";
import type { Role } from "./roles.js";

/**
 * How far a permission reaches: every record, or only the records of the
 * actor's own department (see `department-scope.ts`).
 */
export type Reach = "all" | "department";

/**
 * The permission matrix: for each permission, which roles hold it and how far.
 * This is the one place that says who may do what; every service verb checks it
 * with `requirePermission`, whatever the UI shows. Later packages add their rows
 * here (the incident rows are declared now from the roles' descriptions).
 */
export const PERMISSIONS = {
  "settings:edit": { admin: "all" },

  "user:read": { admin: "all", operator: "all", head: "department", executor: "department" },
  "user:create": { admin: "all" },
  "user:update": { admin: "all" },

  "department:read": {
    admin: "all",
    editor: "all",
    operator: "all",
    executor: "all",
    head: "all",
    analyst: "all",
  },
  "department:create": { admin: "all" },
  "department:update": { admin: "all" },

  "official:read": {
    admin: "all",
    editor: "all",
    operator: "all",
    executor: "all",
    head: "all",
    analyst: "all",
  },
  "official:create": { admin: "all" },
  "official:update": { admin: "all" },

  "token:read": { admin: "all" },
  "token:create": { admin: "all" },
  "token:revoke": { admin: "all" },

  "audit:read": { admin: "all" },

  "consent:read": { admin: "all" },
  "consent:withdraw": { admin: "all" },
  "legal-text:publish": { admin: "all" },
  "personal-data:export": { admin: "all" },
  "personal-data:erase": { admin: "all" },

  "incident:read": { operator: "all", analyst: "all", head: "department", executor: "department" },
  "incident:triage": { operator: "all" },
  "incident:route": { operator: "all" },
  "incident:reply": { operator: "all" },
  "incident:progress": { head: "department", executor: "department" },
  "incident:evidence": { head: "department", executor: "department" },
  "incident:note": { operator: "all", head: "department", executor: "department" },
  "incident:reassign": { head: "department" },
  "report:read": { analyst: "all", operator: "all", head: "department" },

  "publication:edit": { editor: "all" },
  "publication:publish": { editor: "all" },

  "open311:submit": {},
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

/** A permission named in the matrix, e.g. `"user:create"`. */
export type Permission = keyof typeof PERMISSIONS;

/** Every permission of the matrix. */
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** What each token scope allows; a token's reach is always `all` (integrations are not departments). */
export const TOKEN_SCOPE_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  read: ["department:read", "official:read", "incident:read"],
  "open311:write": ["open311:submit"],
};

/** How far `role` reaches with `permission`, or `undefined` when it does not hold it. */
export function reachOf(role: Role, permission: Permission): Reach | undefined {
  const row: Partial<Record<Role, Reach>> = PERMISSIONS[permission];
  return row[role];
}
