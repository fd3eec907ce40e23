import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web UI: built into web/dist, which the API server serves at `/` (src/http/web-ui.ts).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No inline scripts or data: URLs: the server's Content-Security-Policy allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    // One bundle (React, the router, Markdown) of ~160 kB gzipped: served once, then cached as immutable.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite web` during development: the API runs on :3000 (npm start).
    proxy: { "/v1": "http://127.0.0.1:3000" },
  },
});
