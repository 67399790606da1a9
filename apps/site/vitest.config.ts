import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "site",
    include: ["src/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
    // The tests start the real API (and, in e2e, Chromium); starting PGlite takes a few seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
