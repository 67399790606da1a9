import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "db",
    include: ["src/**/*.test.ts"],
    // Starting PGlite (WebAssembly) takes a second or two on a busy machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
