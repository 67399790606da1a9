import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.js";

describe("site environment", () => {
  it("falls back to the documented defaults", () => {
    const env = parseEnv({});
    expect(env.SITE_PORT).toBe(3000);
    expect(env.OTKLIK_API_URL).toBe("http://localhost:8787");
    expect(env.OTKLIK_TIME_ZONE).toBe("Asia/Krasnoyarsk");
  });

  it("explains every wrong variable in both languages", () => {
    expect(() => parseEnv({ SITE_PORT: "port", OTKLIK_TIME_ZONE: "Mars/Olympus" })).toThrow(
      /Invalid site environment:\n {2}SITE_PORT: .*\n {2}OTKLIK_TIME_ZONE: /,
    );
  });
});
