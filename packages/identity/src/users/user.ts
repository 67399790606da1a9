import { Email, NonEmptyText } from "@otklik/core";
import { z } from "zod";
import { Role } from "../access/roles.js";
import { NewPassword } from "../passwords/password-policy.js";

/** A member of staff, as services answer it (never with a password hash or TOTP secret). */
export const User = z.object({
  id: z.string(),
  email: z.string(),
  fullName: z.string(),
  departmentId: z.string().nullable(),
  roles: z.array(Role),
  active: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof User>;

const Roles = z
  .array(Role)
  .min(1, { error: "Нужна хотя бы одна роль / At least one role is needed" })
  .transform((roles) => [...new Set(roles)]);

/**
 * What an administrator gives to create an account. Without a password the
 * person sets one through the reset link sent to them.
 */
export const NewUser = z.object({
  email: Email,
  fullName: NonEmptyText.max(200),
  departmentId: z.string().min(1).max(64).nullable().optional(),
  roles: Roles,
  password: NewPassword.optional(),
});
export type NewUser = z.infer<typeof NewUser>;

/** Changes to an account. Deactivating (`active: false`) ends the person's sessions at once. */
export const UserChanges = z.object({
  email: Email.optional(),
  fullName: NonEmptyText.max(200).optional(),
  departmentId: z.string().min(1).max(64).nullable().optional(),
  roles: Roles.optional(),
  active: z.boolean().optional(),
});
export type UserChanges = z.infer<typeof UserChanges>;
