import { describe, expect, it } from "vitest";
import type { Actor, UserActor } from "./actor.js";
import { anonymousActor, systemActor } from "./actor.js";
import { assertInScope, isInScope } from "./department-scope.js";
import { PERMISSION_NAMES, PERMISSIONS } from "./permissions.js";
import { permissionScope, requirePermission } from "./require-permission.js";
import { ROLES } from "./roles.js";

const user = (roles: UserActor["roles"], departmentId: string | null = "dep_A"): UserActor => ({
  kind: "user",
  userId: "usr_1",
  roles,
  departmentId,
  sessionId: null,
  address: null,
});

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("the permission matrix", () => {
  it("names only known roles", () => {
    for (const permission of PERMISSION_NAMES) {
      for (const role of Object.keys(PERMISSIONS[permission])) expect(ROLES).toContain(role);
    }
  });

  it("lets only an administrator manage users", () => {
    expect(requirePermission(user(["admin"]), "user:create")).toEqual({ reach: "all" });
    for (const role of ROLES.filter((role) => role !== "admin")) {
      expect(codeOf(() => requirePermission(user([role]), "user:create"))).toBe("forbidden");
    }
  });

  it("asks nobody signed in to sign in (401) rather than refusing (403)", () => {
    expect(codeOf(() => requirePermission(anonymousActor(), "department:read"))).toBe("unauthorized");
  });

  it("gives an executor and a head only their own department's people", () => {
    expect(requirePermission(user(["executor"]), "user:read")).toEqual({
      reach: "department",
      departmentId: "dep_A",
    });
    expect(requirePermission(user(["head"], "dep_B"), "user:read")).toEqual({
      reach: "department",
      departmentId: "dep_B",
    });
  });

  it("takes the widest reach of a user's roles", () => {
    expect(requirePermission(user(["executor", "operator"]), "user:read")).toEqual({ reach: "all" });
  });

  it("lets a token do only what its scopes allow, across departments", () => {
    const token: Actor = { kind: "token", tokenId: "tok_1", scopes: ["read"], address: null };
    expect(requirePermission(token, "department:read")).toEqual({ reach: "all" });
    expect(codeOf(() => requirePermission(token, "user:read"))).toBe("forbidden");
    const open311: Actor = { kind: "token", tokenId: "tok_2", scopes: ["open311:write"], address: null };
    expect(permissionScope(open311, "open311:submit")).toEqual({ reach: "all" });
    expect(permissionScope(open311, "department:read")).toBeUndefined();
  });

  it("lets the system (seeds, retention) do everything", () => {
    expect(requirePermission(systemActor("seed"), "personal-data:erase")).toEqual({ reach: "all" });
  });
});

describe("department scoping", () => {
  it("reaches a record of one's own department and not another's", () => {
    const scope = requirePermission(user(["executor"], "dep_A"), "user:read");
    expect(isInScope(scope, "dep_A")).toBe(true);
    expect(isInScope(scope, "dep_B")).toBe(false);
    expect(isInScope(scope, null)).toBe(false);
  });

  it("answers a record outside the scope as not found, so guessing ids reveals nothing", () => {
    const scope = requirePermission(user(["executor"], "dep_A"), "user:read");
    expect(codeOf(() => assertInScope(scope, "dep_B", "Пользователь / User"))).toBe("not_found");
  });

  it("reaches nothing for a department-scoped user without a department", () => {
    const scope = requirePermission(user(["executor"], null), "user:read");
    expect(isInScope(scope, "dep_A")).toBe(false);
    expect(isInScope(scope, null)).toBe(false);
  });
});

describe("the README", () => {
  it("shows the permission matrix as it is declared", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const mark = { all: "✓", department: "own dept." } as const;
    for (const permission of PERMISSION_NAMES) {
      const row: Partial<Record<string, "all" | "department">> = PERMISSIONS[permission];
      const cells = ROLES.map((role) => {
        const reach = row[role];
        return reach ? mark[reach] : "—";
      });
      expect(readme).toContain(`| \`${permission}\` | ${cells.join(" | ")} |`);
    }
  });
});
