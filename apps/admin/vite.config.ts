import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dev server forwards /api like the production server does, so the SPA always talks to one origin.
const apiUrl = process.env.OTKLIK_API_URL ?? "http://localhost:8787";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist/client",
    emptyOutDir: true,
    // Hashed names under assets/ let the server cache them for a year.
    assetsDir: "assets",
    sourcemap: true,
  },
  server: {
    proxy: { "/api": { target: apiUrl, changeOrigin: false, xfwd: true } },
  },
  preview: {
    proxy: { "/api": { target: apiUrl, changeOrigin: false, xfwd: true } },
  },
});
