import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// The dev server forwards /api like the production server does, so the SPA always talks to one origin.
const apiUrl = process.env.OTKLIK_API_URL ?? "http://localhost:8787";

// The production server answers /config.json from its environment (src/server/client-config); so does the dev server.
const clientConfig = {
  map: {
    tileUrl: process.env.OTKLIK_MAP_TILE_URL ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    attribution: process.env.OTKLIK_MAP_ATTRIBUTION ?? "© OpenStreetMap contributors",
  },
};
const serveClientConfig: Plugin = {
  name: "otklik-client-config",
  configureServer(server) {
    server.middlewares.use("/config.json", (_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(clientConfig));
    });
  },
};

export default defineConfig({
  plugins: [react(), serveClientConfig],
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
