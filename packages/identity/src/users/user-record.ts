import { notFound } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import type { Role } from "../access/roles.js";
import { users } from "../schema.js";
import { orm } from "../storage/database.js";
import type { User } from "./user.js";

export type UserRow = typeof users.$inferSelect;

/** Fields of an account that are about the person: the audit log records only that they changed. */
export const USER_PERSONAL_FIELDS = ["email", "fullName"] as const;

export const USER_NOT_FOUND = "Пользователь / User";

/** The account as services answer it: no password hash, no TOTP secret. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    departmentId: row.departmentId,
    roles: row.roles as Role[],
    active: row.active,
    totpEnabled: row.totpSecret !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The fields of an account the audit log compares. */
export function userSnapshot(row: UserRow): Record<string, unknown> {
  return {
    email: row.email,
    fullName: row.fullName,
    departmentId: row.departmentId,
    roles: row.roles,
    active: row.active,
    totpEnabled: row.totpSecret !== null,
  };
}

/** The account row with `id`, or `not_found`. */
export async function loadUser(db: Executor, id: string): Promise<UserRow> {
  const [row] = await orm(db).select().from(users).where(eq(users.id, id)).limit(1);
  if (!row) throw notFound(USER_NOT_FOUND);
  return row;
}

/** The account with `email` (lower-cased), or `undefined`. */
export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await orm(db).select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row;
}
