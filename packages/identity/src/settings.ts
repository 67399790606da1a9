import { OtklikError } from "@otklik/core";
import { type PasswordHashing, PRODUCTION_PASSWORD_HASHING } from "./passwords/password-hashing.js";
import {
  ACCOUNT_THROTTLE,
  ADDRESS_THROTTLE,
  type ThrottlePolicy,
} from "./sessions/sign-in-throttle-policy.js";

/** An e-mail to send. Identity does not send mail itself: the app passes a function (the e-mail connector). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one e-mail; throws when it cannot. */
export type SendMail = (message: MailMessage) => Promise<void>;

/** How identity behaves; the app builds it once from its environment. */
export interface IdentitySettings {
  /** argon2id costs. Production keeps the default; tests pass lighter ones. */
  passwordHashing: PasswordHashing;
  /** A session ends this long after sign-in, whatever happens. */
  sessionLifetimeMinutes: number;
  /** A session ends after this long without a request. */
  sessionIdleMinutes: number;
  /** In production the demo accounts' password never signs anyone in. */
  refuseDemoPassword: boolean;
  accountThrottle: ThrottlePolicy;
  addressThrottle: ThrottlePolicy;
  /** The admin page a reset link opens; the one-time token is appended as `?token=`. */
  passwordResetUrl: string;
  passwordResetMinutes: number;
  sendMail: SendMail;
  /** The issuer authenticator apps show next to the account. */
  totpIssuer: string;
}

const mailNotConfigured: SendMail = async () => {
  throw new OtklikError("unavailable", "Отправка почты не настроена / E-mail sending is not configured");
};

/** Settings with production defaults for whatever is not given. */
export function identitySettings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return {
    passwordHashing: PRODUCTION_PASSWORD_HASHING,
    sessionLifetimeMinutes: 12 * 60,
    sessionIdleMinutes: 2 * 60,
    refuseDemoPassword: false,
    accountThrottle: ACCOUNT_THROTTLE,
    addressThrottle: ADDRESS_THROTTLE,
    passwordResetUrl: "http://localhost:3001/reset-password",
    passwordResetMinutes: 60,
    sendMail: mailNotConfigured,
    totpIssuer: "Otklik",
    ...overrides,
  };
}
