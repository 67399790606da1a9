import { defineConfig } from "tsup";

export default defineConfig({
  // Both entries land directly in dist/, as do shared chunks: `migrationSet` finds ../drizzle from there.
  entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
  format: ["esm"],
  target: "node20",
  dts: true,
  sourcemap: true,
  clean: true,
});
