import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.js";

describe("site environment", () => {
  it("falls back to the documented defaults", () => {
    const env = parseEnv({});
    expect(env.SITE_PORT).toBe(3000);
    expect(env.OTKLIK_API_URL).toBe("http://localhost:8787");
    expect(env.OTKLIK_TIME_ZONE).toBe("Asia/Krasnoyarsk");
  });

  it("configures the Gosuslugi ПОС widget only when its id is given, and refuses a wrong id", () => {
    expect(parseEnv({}).OTKLIK_POS_WIDGET_ID).toBeUndefined();
    expect(parseEnv({ OTKLIK_POS_WIDGET_ID: "" }).OTKLIK_POS_WIDGET_ID).toBeUndefined();
    const env = parseEnv({ OTKLIK_POS_WIDGET_ID: "12345" });
    expect(env.OTKLIK_POS_WIDGET_ID).toBe(12345);
    expect(env.OTKLIK_POS_LINK_URL).toBe("https://pos.gosuslugi.ru/landing/");
    expect(() => parseEnv({ OTKLIK_POS_WIDGET_ID: "abc" })).toThrow(/OTKLIK_POS_WIDGET_ID/);
    expect(() => parseEnv({ OTKLIK_POS_LINK_URL: "http://pos.example" })).toThrow(/OTKLIK_POS_LINK_URL/);
  });

  it("explains every wrong variable in both languages", () => {
    expect(() => parseEnv({ SITE_PORT: "port", OTKLIK_TIME_ZONE: "Mars/Olympus" })).toThrow(
      /Invalid site environment:\n {2}SITE_PORT: .*\n {2}OTKLIK_TIME_ZONE: /,
    );
  });
});
