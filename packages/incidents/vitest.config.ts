import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "incidents", include: ["src/**/*.test.ts"] },
});
