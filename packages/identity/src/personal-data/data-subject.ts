import { Email, RussianPhone } from "@otklik/core";
import { z } from "zod";

/**
 * A citizen whose personal data is asked for or erased, named the way they
 * reach the administration: by e-mail and/or phone. Each registered part finds
 * its records by these.
 */
export const DataSubject = z
  .object({ email: Email.optional(), phone: RussianPhone.optional() })
  .refine((subject) => subject.email !== undefined || subject.phone !== undefined, {
    error: "Укажите адрес электронной почты или телефон / Give an e-mail address or a phone",
  });
export type DataSubject = z.infer<typeof DataSubject>;
