import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "admin",
    include: ["src/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
    environment: "node",
    // The tests start the real API (and, in e2e, Chromium); starting PGlite takes a few seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
