/**
 * Prefixed, time-sortable identifiers (`inc_01JD…`): the prefix says what the id
 * names, the 26-character Crockford base32 body sorts by creation time.
 */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;

/** Id prefixes in use across Otklik. A package adds its prefix here when it names a new kind of record. */
export const ID_PREFIXES = {
  incident: "inc",
  publication: "pub",
  department: "dep",
  user: "usr",
  session: "ses",
  token: "tok",
  event: "evt",
  notification: "ntf",
  request: "req",
  media: "med",
  audit: "aud",
  consent: "cns",
  job: "job",
  connection: "conn",
  deliveryAttempt: "att",
  audienceReading: "aur",
  official: "off",
  legalText: "txt",
  passwordReset: "pwr",
  personalDataRequest: "pdr",
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES] | (string & {});

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(milliseconds: number): string {
  let value = milliseconds;
  let out = "";
  for (let index = 0; index < TIME_LENGTH; index++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

// Random bytes are drawn from the system's generator a few kilobytes at a time, as `crypto.randomUUID`
// does: one call per id costs more than the id (an intake makes half a dozen).
const pool = new Uint8Array(4096);
let pooled = 0;

function randomDigits(): number[] {
  if (pooled < RANDOM_LENGTH) {
    crypto.getRandomValues(pool);
    pooled = pool.length;
  }
  const digits = new Array<number>(RANDOM_LENGTH);
  for (let index = 0; index < RANDOM_LENGTH; index++) digits[index] = pool[--pooled]! % 32;
  return digits;
}

/** Adds one to the random part so ids made within one millisecond still sort in creation order. */
function increment(digits: number[]): number[] {
  const next = digits.slice();
  for (let index = next.length - 1; index >= 0; index--) {
    const digit = next[index]!;
    if (digit < 31) {
      next[index] = digit + 1;
      return next;
    }
    next[index] = 0;
  }
  return randomDigits();
}

/**
 * Makes a new id with the given prefix, e.g. `newId("inc")` → `inc_01JDQ8Z4X9M2N7K3T5V6W8Y0AB`.
 * Ids from one process are strictly increasing, also within one millisecond.
 */
export function newId(prefix: IdPrefix, at: Date = new Date()): string {
  const time = at.getTime();
  if (time <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = time;
    lastRandom = randomDigits();
  }
  const body = encodeTime(Math.max(time, lastTime)) + lastRandom.map((digit) => ALPHABET[digit]).join("");
  return `${prefix}_${body}`;
}

const ID_PATTERN = /^([a-z][a-z0-9]{1,11})_([0-9A-HJKMNP-TV-Z]{26})$/;

/** True when `value` is a well-formed id, with the given prefix when one is named. */
export function isId(value: unknown, prefix?: IdPrefix): value is string {
  if (typeof value !== "string") return false;
  const match = ID_PATTERN.exec(value);
  return match !== null && (prefix === undefined || match[1] === prefix);
}

/** The creation instant encoded in an id. */
export function idTime(id: string): Date {
  const body = id.slice(id.indexOf("_") + 1, id.indexOf("_") + 1 + TIME_LENGTH);
  let value = 0;
  for (const char of body) value = value * 32 + ALPHABET.indexOf(char);
  return new Date(value);
}
