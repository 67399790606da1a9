import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "./secret-box.js";

const key2024 = randomBytes(32).toString("base64");
const key2025 = randomBytes(32).toString("hex");

describe("secrets sealed at rest (AES-256-GCM)", () => {
  it("seals with the current key, names it, and opens again", () => {
    const box = createSecretBox({ currentKeyId: "k2024", keys: { k2024: key2024 } });
    const sealed = box.seal('{"botToken":"123:SECRET"}', "channel_connections:conn_1");
    expect(sealed.keyId).toBe("k2024");
    expect(sealed.sealed).toMatch(/^v1\.k2024\./);
    expect(sealed.sealed).not.toContain("SECRET");
    expect(box.open(sealed.sealed, "channel_connections:conn_1")).toBe('{"botToken":"123:SECRET"}');
  });

  it("uses a fresh IV each time, so equal secrets do not look equal", () => {
    const box = createSecretBox({ currentKeyId: "k2024", keys: { k2024: key2024 } });
    expect(box.seal("same", "row").sealed).not.toBe(box.seal("same", "row").sealed);
  });

  it("refuses a sealed text moved to another row, altered, or without its key", () => {
    const box = createSecretBox({ currentKeyId: "k2024", keys: { k2024: key2024 } });
    const { sealed } = box.seal("token", "channel_connections:conn_1");
    expect(() => box.open(sealed, "channel_connections:conn_2")).toThrow(/does not open/);
    const parts = sealed.split(".");
    const ciphertext = parts[4]!;
    parts[4] = (ciphertext[0] === "A" ? "B" : "A") + ciphertext.slice(1);
    const altered = parts.join(".");
    expect(() => box.open(altered, "channel_connections:conn_1")).toThrow();
    const otherBox = createSecretBox({ currentKeyId: "k2025", keys: { k2025: key2025 } });
    expect(() => otherBox.open(sealed, "channel_connections:conn_1")).toThrow(/not in the keyring/);
  });

  it("opens old secrets during a rotation while sealing new ones with the new key", () => {
    const old = createSecretBox({ currentKeyId: "k2024", keys: { k2024: key2024 } }).seal("token", "row");
    const rotating = createSecretBox({ currentKeyId: "k2025", keys: { k2024: key2024, k2025: key2025 } });
    expect(rotating.open(old.sealed, "row")).toBe("token");
    expect(rotating.seal("token", "row").keyId).toBe("k2025");
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => createSecretBox({ currentKeyId: "short", keys: { short: "c2hvcnQ=" } })).toThrow(/32 bytes/);
  });
});
