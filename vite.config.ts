import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Builds the pages the server serves: the OBS browser source, the control console and the review. */
export default defineConfig({
  root: resolve(import.meta.dirname, 'overlay'),
  base: '/',
  build: {
    outDir: resolve(import.meta.dirname, 'dist/pages'),
    emptyOutDir: true,
    target: 'es2022',
    // Both pages run in Chromium (OBS's browser source is CEF): no module-preload polyfill chunk.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        overlay: resolve(import.meta.dirname, 'overlay/overlay.html'),
        console: resolve(import.meta.dirname, 'overlay/console.html'),
        review: resolve(import.meta.dirname, 'overlay/review.html'),
      },
    },
  },
});
