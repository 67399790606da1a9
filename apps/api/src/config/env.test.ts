import { expect, it } from "vitest";
import { parseEnv } from "./env.js";

it("fills the documented defaults", () => {
  const env = parseEnv({});
  expect(env).toMatchObject({
    PORT: 8787,
    OTKLIK_DATA_DIR: "./.otklik/data",
    OTKLIK_DEMO: true,
    OTKLIK_DEMO_INCIDENTS: false,
    OTKLIK_TIME_ZONE: "Asia/Krasnoyarsk",
  });
  expect(env.DATABASE_URL).toBeUndefined();
});

it("explains every wrong setting at once", () => {
  expect(() =>
    parseEnv({ PORT: "http", OTKLIK_TIME_ZONE: "Mars/Olympus", DATABASE_URL: "mysql://x" }),
  ).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*OTKLIK_TIME_ZONE|PORT[\s\S]*OTKLIK_TIME_ZONE/);
});

it("reads OTKLIK_DEMO=0 as off", () => {
  expect(parseEnv({ OTKLIK_DEMO: "0" }).OTKLIK_DEMO).toBe(false);
});
