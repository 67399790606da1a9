import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.js";

describe("admin environment", () => {
  it("falls back to the documented defaults", () => {
    const env = parseEnv({});
    expect(env.ADMIN_PORT).toBe(3001);
    expect(env.OTKLIK_API_URL).toBe("http://localhost:8787");
    expect(env.OTKLIK_ADMIN_CLIENT_DIR).toMatch(/client$/);
  });

  it("explains a wrong variable in both languages", () => {
    expect(() => parseEnv({ OTKLIK_API_URL: "ftp://api" })).toThrow(
      /Invalid admin environment:\n {2}OTKLIK_API_URL: /,
    );
  });
});
