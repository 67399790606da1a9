import { z } from "zod";

/** The demo accounts' password; sign-in refuses it in production (`refuseDemoPassword`). */
export const DEMO_PASSWORD = "otklik-demo";

export const MINIMUM_PASSWORD_LENGTH = 12;
// argon2 takes any length, but hashing megabytes is a cheap way to burn our CPU.
export const MAXIMUM_PASSWORD_LENGTH = 256;

const COMMON_FRAGMENTS = ["password", "qwerty", "123456", "йцукен", "пароль", "otklik", "abakan", "абакан"];

/**
 * Why a new password is refused, or `undefined` when it is acceptable. Length is
 * what matters (NIST SP 800-63B): no composition rules, but no well-known
 * fragments, no single repeated character and not the account's own e-mail.
 */
export function passwordProblem(password: string, email?: string): string | undefined {
  const length = [...password].length;
  if (length < MINIMUM_PASSWORD_LENGTH) {
    return `Пароль должен быть не короче ${MINIMUM_PASSWORD_LENGTH} символов / Password must be at least ${MINIMUM_PASSWORD_LENGTH} characters`;
  }
  if (length > MAXIMUM_PASSWORD_LENGTH) {
    return `Пароль должен быть не длиннее ${MAXIMUM_PASSWORD_LENGTH} символов / Password must be at most ${MAXIMUM_PASSWORD_LENGTH} characters`;
  }
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 2) {
    return "Пароль слишком однообразен / Password is too repetitive";
  }
  if (COMMON_FRAGMENTS.some((fragment) => lower.includes(fragment))) {
    return "Пароль содержит слишком распространённое слово / Password contains a too common word";
  }
  const localPart = email?.split("@")[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lower.includes(localPart)) {
    return "Пароль не должен содержать адрес электронной почты / Password must not contain the e-mail address";
  }
  return undefined;
}

/** A new password: checked against {@link passwordProblem} (without the e-mail, which the verb checks). */
export const NewPassword = z
  .string({ error: "Ожидается пароль / Expected a password" })
  .superRefine((password, context) => {
    const problem = passwordProblem(password);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });
export type NewPassword = z.infer<typeof NewPassword>;

/** A password offered at sign-in: never checked for strength, only bounded. */
export const OfferedPassword = z
  .string({ error: "Ожидается пароль / Expected a password" })
  .min(1, { error: "Введите пароль / Enter the password" })
  .max(MAXIMUM_PASSWORD_LENGTH, { error: "Пароль слишком длинный / Password is too long" });
export type OfferedPassword = z.infer<typeof OfferedPassword>;
