import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** The keys the app passes in: id → 32-byte key, as base64 or hex text, or bytes. */
export interface SecretKeyring {
  /** The key new secrets are sealed with. */
  currentKeyId: string;
  keys: Readonly<Record<string, string | Uint8Array>>;
}

/** A sealed secret and the id of the key that sealed it. */
export interface SealedSecret {
  sealed: string;
  keyId: string;
}

/** Seals and opens secrets with AES-256-GCM. */
export interface SecretBox {
  readonly currentKeyId: string;
  /** `associatedData` binds the sealed text to its row (a connection id), so it cannot be moved to another. */
  seal(plaintext: string, associatedData: string): SealedSecret;
  open(sealed: string, associatedData: string): string;
}

const FORMAT = "v1";

function keyBytes(id: string, key: string | Uint8Array): Buffer {
  const bytes =
    typeof key !== "string"
      ? Buffer.from(key)
      : /^[0-9a-f]{64}$/i.test(key)
        ? Buffer.from(key, "hex")
        : Buffer.from(key, "base64");
  if (bytes.length !== 32)
    throw new Error(`Secret key "${id}" must be 32 bytes (AES-256), got ${bytes.length}`);
  return bytes;
}

/**
 * Makes a box over a keyring. Sealed text reads `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url
 * parts), so a row names its key and keys rotate one row at a time: add a new key, make it
 * current, re-seal (`rotateConnectionKeys`), then drop the old one.
 */
export function createSecretBox(keyring: SecretKeyring): SecretBox {
  const keys = new Map(Object.entries(keyring.keys).map(([id, key]) => [id, keyBytes(id, key)]));
  if (!keys.has(keyring.currentKeyId))
    throw new Error(`The current key "${keyring.currentKeyId}" is not in the keyring`);
  for (const id of keys.keys())
    if (!/^[A-Za-z0-9_-]+$/.test(id))
      throw new Error(`Key id "${id}" may hold letters, digits, _ and - only`);
  return {
    currentKeyId: keyring.currentKeyId,
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", keys.get(keyring.currentKeyId)!, iv);
      cipher.setAAD(Buffer.from(associatedData, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
      return { sealed: [FORMAT, keyring.currentKeyId, ...parts].join("."), keyId: keyring.currentKeyId };
    },
    open(sealed, associatedData) {
      const [format, keyId, iv, tag, ciphertext] = sealed.split(".");
      if (format !== FORMAT || !keyId || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw new Error("Not a sealed secret");
      }
      const key = keys.get(keyId);
      if (!key) throw new Error(`The key "${keyId}" that sealed this secret is not in the keyring`);
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(associatedData, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        // Never say more: the message must not help anyone guess.
        throw new Error("The sealed secret does not open with its key (altered, or sealed for another row)");
      }
    },
  };
}
