import { describe, expect, it } from "vitest";
import { allows, visibleSections, visibleSettingsScreens } from "./sections.js";

// The permissions /auth/me lists for the demo roles (identity's matrix).
const ADMIN = [
  "settings:edit",
  "user:read",
  "user:create",
  "user:update",
  "department:read",
  "department:create",
  "department:update",
  "official:read",
  "official:create",
  "official:update",
  "token:read",
  "token:create",
  "token:revoke",
  "audit:read",
];
const OPERATOR = [
  "user:read",
  "department:read",
  "official:read",
  "incident:read",
  "incident:triage",
  "incident:route",
  "incident:reply",
  "incident:note",
  "report:read",
];
const EXECUTOR = ["user:read", "department:read", "official:read", "incident:read", "incident:progress"];
const EDITOR = ["department:read", "official:read", "publication:edit", "publication:publish"];
const ANALYST = ["department:read", "official:read", "incident:read", "report:read"];

const ids = (permissions: string[]) => visibleSections(permissions).map((section) => section.id);

describe("the sections a person sees", () => {
  it("give an administrator the settings", () => {
    expect(ids(ADMIN)).toEqual(["settings"]);
    expect(visibleSettingsScreens(ADMIN).map((screen) => screen.id)).toEqual([
      "users",
      "organisation",
      "tokens",
      "audit",
      "notification-templates",
      "notification-deliveries",
      "routing",
      "address-register",
      "connections",
      "sla-policy",
      "calendars",
    ]);
  });

  it("give an operator the inbox, incidents and figures, but no settings", () => {
    expect(ids(OPERATOR)).toEqual(["inbox", "incidents", "map", "department", "dashboards", "report"]);
  });

  it("give an executor their incidents, the map and their department only", () => {
    expect(ids(EXECUTOR)).toEqual(["incidents", "map", "department"]);
    expect(visibleSettingsScreens(EXECUTOR)).toEqual([]);
  });

  it("give an editor the newsroom and an analyst the figures", () => {
    expect(ids(EDITOR)).toEqual(["newsroom"]);
    expect(ids(ANALYST)).toEqual(["incidents", "map", "department", "dashboards", "report"]);
  });

  it("offer the department view in the navigation only to someone with a department", () => {
    const withoutDepartment = visibleSections(EXECUTOR, false).map((section) => section.id);
    expect(withoutDepartment).toEqual(["incidents", "map"]);
  });

  it("show nothing to someone without permissions", () => {
    expect(ids([])).toEqual([]);
    expect(allows([], ["settings:edit"])).toBe(false);
  });
});
