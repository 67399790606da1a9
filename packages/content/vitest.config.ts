import { defineProject } from "vitest/config";

export default defineProject({
  // Database tests seed and migrate on a shared 2-core machine: 5 s is too tight under load.
  test: { name: "content", include: ["src/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 },
});
