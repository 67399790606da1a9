import { defineConfig } from "drizzle-kit";

// `pnpm exec drizzle-kit generate --name <what_changed>` writes drizzle/NNNN_<what_changed>.sql from src/schema.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./drizzle",
});
