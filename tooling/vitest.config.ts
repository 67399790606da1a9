import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "tooling", include: ["*.test.ts"], testTimeout: 300_000, hookTimeout: 120_000 },
});
