import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * `pnpm --filter @orgsync/admin dev`: the app with hot reload on :5173, talking to a service on
 * :4000 (`pnpm orgsync serve` or `bash scripts/start.sh`) through the proxy below, so the session
 * cookie stays same-origin exactly as when `orgsync serve` serves the built app.
 */
const service = process.env.ORGSYNC_SERVICE_URL ?? "http://127.0.0.1:4000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      "/graphql": { target: service, changeOrigin: false },
      "/healthz": service,
      "/readyz": service,
    },
  },
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 800 },
});
