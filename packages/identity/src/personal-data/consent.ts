import { Email, NonEmptyText, Pagination, RussianPhone } from "@otklik/core";
import { z } from "zod";

/** Where a consent was given. */
export const ConsentChannel = z.enum(
  ["site", "admin", "email", "phone", "paper", "vk", "telegram", "ok", "max", "platform", "open311"],
  { error: "Неизвестный канал / Unknown channel" },
);
export type ConsentChannel = z.infer<typeof ConsentChannel>;

/**
 * A consent to personal-data processing: a separate record (as the law wants
 * since 1 September 2025) of the exact text version accepted, its purpose, when,
 * from which address and through which channel. After erasure or retention the
 * person's fields are empty and `anonymisedAt` says when they were cleared.
 */
export const Consent = z.object({
  id: z.string(),
  textId: z.string(),
  purpose: z.string(),
  subject: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  address: z.string().nullable(),
  channel: ConsentChannel,
  givenAt: z.string(),
  withdrawnAt: z.string().nullable(),
  anonymisedAt: z.string().nullable(),
});
export type Consent = z.infer<typeof Consent>;

/** What is recorded when a person consents. */
export const NewConsent = z.object({
  /** The exact version of the consent text shown to the person. */
  textId: z.string().min(1).max(64),
  subject: z
    .object({
      name: NonEmptyText.max(200).optional(),
      email: Email.optional(),
      phone: RussianPhone.optional(),
    })
    .refine((subject) => subject.email !== undefined || subject.phone !== undefined, {
      error: "Укажите адрес электронной почты или телефон / Give an e-mail address or a phone",
    }),
  channel: ConsentChannel.default("site"),
});
export type NewConsent = z.input<typeof NewConsent>;

/** Which consents to list. */
export const ConsentQuery = Pagination.extend({ purpose: z.string().min(1).max(64).optional() });
export type ConsentQuery = z.infer<typeof ConsentQuery>;
