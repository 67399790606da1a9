/**
 * Which sections of the admin a person sees, from the permissions `/auth/me` lists
 * (computed by the API from identity's matrix). Hiding is a courtesy: the API refuses
 * whatever the person may not do, whatever this file says.
 */

export type SectionId = "inbox" | "incidents" | "newsroom" | "dashboards" | "report" | "settings";

export interface Section {
  id: SectionId;
  path: string;
  /** Any one of these permissions shows the section. */
  anyOf: readonly string[];
}

export const SECTIONS: readonly Section[] = [
  { id: "inbox", path: "/inbox", anyOf: ["incident:triage"] },
  { id: "incidents", path: "/incidents", anyOf: ["incident:read"] },
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
  | "notification-deliveries";

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
];

/** Whether the permissions include at least one of `anyOf`. */
export function allows(permissions: readonly string[], anyOf: readonly string[]): boolean {
  return anyOf.some((permission) => permissions.includes(permission));
}

/** The sections to show in the navigation, in their fixed order. */
export function visibleSections(permissions: readonly string[]): Section[] {
  return SECTIONS.filter((section) => allows(permissions, section.anyOf));
}

/** The settings screens to offer, in their fixed order. */
export function visibleSettingsScreens(permissions: readonly string[]): SettingsScreen[] {
  return SETTINGS_SCREENS.filter((screen) => allows(permissions, screen.anyOf));
}
