import { Email } from "@otklik/core";
import { z } from "zod";
import { OfferedPassword } from "../passwords/password-policy.js";

/** What a person gives to sign in; `totp` when their account has a second factor. */
export const SignInInput = z.object({
  email: Email,
  password: OfferedPassword,
  totp: z.string().trim().max(16).optional(),
});
export type SignInInput = z.infer<typeof SignInInput>;

/**
 * A new session, as the app puts it in the cookie. `secret` goes in the cookie
 * and is never stored; `csrfToken` is what writes must echo in `X-CSRF-Token`.
 */
export interface SessionCredentials {
  id: string;
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}
