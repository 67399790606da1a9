import { hash, parseOptions, verify } from "@node-rs/argon2";

/**
 * argon2id cost parameters. Production uses {@link PRODUCTION_PASSWORD_HASHING};
 * tests pass lighter ones through configuration so the suite stays fast. The
 * parameters travel inside every hash, so hashes made with others still verify.
 */
export interface PasswordHashing {
  /** Memory per hash, in KiB. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  parallelism: number;
}

/** OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane. */
export const PRODUCTION_PASSWORD_HASHING: PasswordHashing = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

// `Algorithm.Argon2id` is a const enum, which isolated modules cannot read.
const ARGON2ID = 2;

/** Hashes a password with argon2id; the result is a PHC string carrying salt and parameters. */
export async function hashPassword(
  password: string,
  hashing: PasswordHashing = PRODUCTION_PASSWORD_HASHING,
): Promise<string> {
  return hash(password, { ...hashing, algorithm: ARGON2ID });
}

/** True when `password` matches `passwordHash`; false (never a throw) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when a stored hash is weaker than `hashing`, so sign-in should store a fresh one. */
export function needsRehash(passwordHash: string, hashing: PasswordHashing): boolean {
  try {
    const used = parseOptions(passwordHash);
    return (
      used.algorithm !== ARGON2ID ||
      used.memoryCost < hashing.memoryCost ||
      used.timeCost < hashing.timeCost ||
      used.parallelism < hashing.parallelism
    );
  } catch {
    return true;
  }
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * Spends the time of one verification against a hash of nothing, so that
 * sign-in with an unknown e-mail takes as long as with a wrong password.
 */
export async function verifyDummyPassword(password: string, hashing: PasswordHashing): Promise<false> {
  const key = `${hashing.memoryCost}:${hashing.timeCost}:${hashing.parallelism}`;
  let dummy = dummyHashes.get(key);
  if (!dummy) {
    dummy = hashPassword("dummy password that no account has", hashing);
    dummyHashes.set(key, dummy);
  }
  await verifyPassword(await dummy, password);
  return false;
}
