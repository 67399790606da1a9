import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "channels",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Two worker processes sharing one database only exist on PostgreSQL (PGlite is one process).
    exclude: process.env.OTKLIK_TEST_DATABASE_URL ? [] : ["src/delivery/two-workers.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
