import { Email, NonEmptyText, RussianPhone } from "@otklik/core";
import { z } from "zod";

/** A deputy head of the administration who oversees a group of departments. */
export const Official = z.object({
  id: z.string(),
  fullName: z.string(),
  position: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  /** The departments the official oversees. */
  departmentIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Official = z.infer<typeof Official>;

/** What an administrator gives to add an official. */
export const NewOfficial = z.object({
  fullName: NonEmptyText.max(200),
  position: NonEmptyText.max(300),
  email: Email.nullable().optional(),
  phone: RussianPhone.nullable().optional(),
});
export type NewOfficial = z.infer<typeof NewOfficial>;

/** Changes to an official. */
export const OfficialChanges = NewOfficial.partial();
export type OfficialChanges = z.infer<typeof OfficialChanges>;
