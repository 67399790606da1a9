import { Secret, TOTP } from "otpauth";

/** RFC 6238 as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side, for clocks that drift and people who type slowly. */
const WINDOW = 1;

/** A new random TOTP secret (160 bits), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app reads from a QR code. */
export function totpUri(args: { secret: string; account: string; issuer?: string }): string {
  return new TOTP({
    issuer: args.issuer ?? "Otklik",
    label: args.account,
    secret: Secret.fromBase32(args.secret),
    digits: DIGITS,
    period: PERIOD_SECONDS,
  }).toString();
}

/** The code an authenticator shows at `at` (for tests and for the enrolment check). */
export function totpCode(secret: string, at: Date): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    digits: DIGITS,
    period: PERIOD_SECONDS,
    timestamp: at.getTime(),
  });
}

/** The 30-second step `at` falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);
}

/**
 * Checks a code at `at`. Answers the step it belongs to when valid, `undefined`
 * otherwise; a code of a step not after `lastUsedStep` is refused, so a code
 * seen over someone's shoulder cannot be used a second time.
 */
export function verifyTotp(args: {
  secret: string;
  code: string;
  at: Date;
  lastUsedStep: number | null;
}): number | undefined {
  const code = args.code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(args.secret),
    digits: DIGITS,
    period: PERIOD_SECONDS,
    timestamp: args.at.getTime(),
    window: WINDOW,
  });
  if (delta === null) return undefined;
  const step = totpStep(args.at) + delta;
  if (args.lastUsedStep !== null && step <= args.lastUsedStep) return undefined;
  return step;
}
