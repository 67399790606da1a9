// Shapes of identity's answers, as the OpenAPI document declares them. Checked by the API, trusted here:
// no zod in the browser keeps the first load small.

export type Role = "admin" | "editor" | "operator" | "executor" | "head" | "analyst";
export const ROLES: readonly Role[] = ["admin", "editor", "operator", "executor", "head", "analyst"];

export interface User {
  id: string;
  email: string;
  fullName: string;
  departmentId: string | null;
  roles: Role[];
  active: boolean;
  totpEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/v1/auth/me` for a person signed in with the session cookie. */
export interface CurrentUser {
  kind: "user";
  user: User;
  csrfToken: string;
  expiresAt: string;
  permissions: string[];
}

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

export interface Department {
  id: string;
  name: string;
  shortName: string;
  parentId: string | null;
  officialId: string | null;
  headUserId: string | null;
  contacts: { email: string | null; phone: string | null; address: string | null };
  calendarKey: string;
  createdAt: string;
  updatedAt: string;
}

export interface Official {
  id: string;
  fullName: string;
  position: string;
  email: string | null;
  phone: string | null;
  departmentIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type TokenScope = "read" | "open311:write";
export const TOKEN_SCOPES: readonly TokenScope[] = ["read", "open311:write"];

export interface ApiToken {
  id: string;
  name: string;
  hint: string;
  scopes: TokenScope[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface IssuedApiToken {
  token: ApiToken;
  secret: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { kind: "user" | "token" | "anonymous" | "system"; id: string };
  address: string | null;
  action: string;
  object: { type: string; id: string };
  departmentId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
