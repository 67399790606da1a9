import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Where evidence files live. Keys are relative paths made by the desk
 * (`incidents/<incidentId>/<sha256>/<mediaId>/original.jpg`); a `put` is all or nothing — a reader
 * never sees half a file — and `get` answers `null` for a key that is not there.
 */
export interface EvidenceStore {
  /** `data-folder` or `s3`, for logs and the health of the set-up. */
  readonly kind: string;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  /** Removes a key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/** Refuses keys that could leave the store's folder or bucket prefix (`..`, absolute paths, odd characters). */
export function assertStoreKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new Error(`invalid evidence store key: ${JSON.stringify(key)}`);
  }
}

/**
 * The default store: files under a folder (the API gives `<OTKLIK_DATA_DIR>/evidence`). A file is
 * written to a temporary name beside its final one, flushed, then renamed — a rename within one
 * folder is atomic, so a crash leaves at most a `.tmp-…` file nobody reads, never half a file.
 */
export function dataFolderStore(folder: string): EvidenceStore {
  const root = path.resolve(folder);
  const fileOf = (key: string) => {
    assertStoreKey(key);
    return path.join(root, ...key.split("/"));
  };
  return {
    kind: "data-folder",
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.tmp-${randomBytes(6).toString("hex")}`;
      try {
        await writeFile(temporary, bytes, { flush: true });
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
