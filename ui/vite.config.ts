import { defineConfig } from "vite";

// The window loads only what this build produces: no remote content, no inline script (the CSP
// in tauri.conf.json forbids both), so the module-preload polyfill Vite would inline is off.
export default defineConfig({
  base: "./",
  build: {
    target: "es2022",
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: { port: 5173, strictPort: true },
});
