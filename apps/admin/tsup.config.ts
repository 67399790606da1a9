import { defineConfig } from "tsup";

// Only the Node server; the SPA is built by vite into dist/client, which this build must not erase.
export default defineConfig({
  entry: { main: "src/server/main.ts" },
  outDir: "dist/server",
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: false,
  sourcemap: true,
  clean: true,
});
