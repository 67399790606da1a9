/**
 * Which sections of the admin a person sees, from the permissions `/auth/me` lists
 * (computed by the API from identity's matrix). Hiding is a courtesy: the API refuses
 * whatever the person may not do, whatever this file says.
 */

export type SectionId =
  | "inbox"
  | "incidents"
  | "map"
  | "department"
  | "newsroom"
  | "dashboards"
  | "report"
  | "settings";

export interface Section {
  id: SectionId;
  path: string;
  /** Any one of these permissions shows the section. */
  anyOf: readonly string[];
  /** Shown in the navigation only to people who belong to a department (the department view). */
  needsDepartment?: boolean;
}

export const SECTIONS: readonly Section[] = [
  { id: "inbox", path: "/inbox", anyOf: ["incident:triage"] },
  { id: "incidents", path: "/incidents", anyOf: ["incident:read"] },
  { id: "map", path: "/map", anyOf: ["incident:read"] },
  { id: "department", path: "/department", anyOf: ["incident:read"], needsDepartment: true },
  { id: "newsroom", path: "/newsroom", anyOf: ["publication:edit", "publication:publish"] },
  { id: "dashboards", path: "/dashboards", anyOf: ["report:read"] },
  { id: "report", path: "/report", anyOf: ["report:read"] },
  { id: "settings", path: "/settings", anyOf: ["settings:edit", "user:create", "token:read", "audit:read"] },
];

export type SettingsScreenId =
  | "users"
  | "organisation"
  | "tokens"
  | "audit"
  | "notification-templates"
  | "notification-deliveries"
  | "routing"
  | "address-register"
  | "connections"
  | "sla-policy"
  | "calendars";

export interface SettingsScreen {
  id: SettingsScreenId;
  path: string;
  anyOf: readonly string[];
}

export const SETTINGS_SCREENS: readonly SettingsScreen[] = [
  { id: "users", path: "/settings/users", anyOf: ["user:create", "user:update"] },
  { id: "organisation", path: "/settings/organisation", anyOf: ["department:update", "official:update"] },
  { id: "tokens", path: "/settings/tokens", anyOf: ["token:read"] },
  { id: "audit", path: "/settings/audit", anyOf: ["audit:read"] },
  { id: "notification-templates", path: "/settings/notification-templates", anyOf: ["settings:edit"] },
  { id: "notification-deliveries", path: "/settings/notification-deliveries", anyOf: ["settings:edit"] },
  { id: "routing", path: "/settings/routing", anyOf: ["settings:edit"] },
  { id: "address-register", path: "/settings/address-register", anyOf: ["settings:edit"] },
  { id: "connections", path: "/settings/connections", anyOf: ["settings:edit"] },
  { id: "sla-policy", path: "/settings/sla-policy", anyOf: ["settings:edit"] },
  { id: "calendars", path: "/settings/calendars", anyOf: ["settings:edit"] },
];

/** Whether the permissions include at least one of `anyOf`. */
export function allows(permissions: readonly string[], anyOf: readonly string[]): boolean {
  return anyOf.some((permission) => permissions.includes(permission));
}

/**
 * The sections to show in the navigation, in their fixed order. The department view is offered to
 * people with a department (`hasDepartment`); others with the permission may still open it by address.
 */
export function visibleSections(permissions: readonly string[], hasDepartment = true): Section[] {
  return SECTIONS.filter(
    (section) => allows(permissions, section.anyOf) && (!section.needsDepartment || hasDepartment),
  );
}

/** The settings screens to offer, in their fixed order. */
export function visibleSettingsScreens(permissions: readonly string[]): SettingsScreen[] {
  return SETTINGS_SCREENS.filter((screen) => allows(permissions, screen.anyOf));
}
