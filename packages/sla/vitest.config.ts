import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "sla", include: ["src/**/*.test.ts"] },
});
