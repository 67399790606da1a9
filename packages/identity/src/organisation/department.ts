import { Email, NonEmptyText, RussianPhone } from "@otklik/core";
import { z } from "zod";

/** How to reach a department: the office's address, phone and e-mail. */
export const DepartmentContacts = z.object({
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});
export type DepartmentContacts = z.infer<typeof DepartmentContacts>;

/**
 * What the city publishes about a department on its site: only these fields, as an administrator
 * entered them for the public (the internal contacts above may differ, and the head's account is
 * never shown). Every field is optional; a department without a card is not listed publicly.
 */
export const DepartmentPublicCard = z.object({
  /** The head as the public should know them: «Иванов Иван Иванович». */
  headName: NonEmptyText.max(200).optional(),
  /** «Начальник управления». */
  headPosition: NonEmptyText.max(300).optional(),
  phone: RussianPhone.optional(),
  email: Email.optional(),
  address: NonEmptyText.max(500).optional(),
  /** Reception hours in words: «пн–чт 8:00–17:00, пт 8:00–16:00, обед 12:00–13:00». */
  hours: NonEmptyText.max(300).optional(),
});
export type DepartmentPublicCard = z.infer<typeof DepartmentPublicCard>;

/** A department of the administration, as services answer it. */
export const Department = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  parentId: z.string().nullable(),
  /** The deputy head of the administration overseeing the department (escalation goes there). */
  officialId: z.string().nullable(),
  headUserId: z.string().nullable(),
  contacts: DepartmentContacts,
  /** What the site publishes about it; null: not listed on the site. */
  publicCard: DepartmentPublicCard.nullable(),
  /** The working calendar its deadlines are counted in. */
  calendarKey: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Department = z.infer<typeof Department>;

const Reference = z.string().trim().min(1).max(64);

/** What an administrator gives to create a department. */
export const NewDepartment = z.object({
  name: NonEmptyText.max(300),
  shortName: NonEmptyText.max(100),
  parentId: Reference.nullable().optional(),
  officialId: Reference.nullable().optional(),
  headUserId: Reference.nullable().optional(),
  contacts: z
    .object({
      email: Email.nullable().optional(),
      phone: RussianPhone.nullable().optional(),
      address: NonEmptyText.max(500).nullable().optional(),
    })
    .optional(),
  /** What the site publishes about the department; null takes it off the site. */
  publicCard: DepartmentPublicCard.nullable().optional(),
  calendarKey: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, {
      error: "Ключ календаря: латиница, цифры, дефис / Calendar key: a-z, 0-9, -",
    })
    .optional(),
});
export type NewDepartment = z.infer<typeof NewDepartment>;

/** Changes to a department: any of its fields. */
export const DepartmentChanges = NewDepartment.partial();
export type DepartmentChanges = z.infer<typeof DepartmentChanges>;
