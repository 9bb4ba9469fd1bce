import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The gateway serves dist/ under a Content-Security-Policy without 'unsafe-inline' and without
// data: sources, so nothing may be inlined into index.html or into the CSS: every script,
// style, image and font is a file under dist/assets/ (hashed names, cached for a year).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // Every browser we support has <link rel="modulepreload">; the polyfill only adds bytes.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a gateway on its default port: the API and the cookies are then
    // same-origin, as in production. The mailed activation link (/aktivasi?token=…) goes to the
    // gateway too, which answers with a redirect to /aktivasi (this app) and the cookie.
    proxy: {
      "/ams.gateway.v1.": "http://127.0.0.1:8080",
      "/events": "http://127.0.0.1:8080",
      "/aktivasi": {
        target: "http://127.0.0.1:8080",
        bypass: (req) => (/[?&]token=/.test(req.url ?? "") ? undefined : "/index.html"),
      },
    },
    fs: {
      // The app itself, and the field rules it shares with the servers
      // (src/common/field-rules.ts imports common/field_rules.json from the repo's root).
      allow: [new URL(".", import.meta.url).pathname, new URL("../../../common/field_rules.json", import.meta.url).pathname],
    },
  },
});
