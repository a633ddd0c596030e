import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// Relative base: the built folder works from any sub-path (e.g. https://user.github.io/cohortbook/).
export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    // Offline after the first visit: precache the app, DuckDB's eh bundle and the sample (PLATFORM.md); our own
    // service worker (workers/service/sw.ts) also adds the headers that isolate the page, for the threaded DuckDB.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'workers/service',
      filename: 'sw.ts',
      registerType: 'autoUpdate',
      injectRegister: 'script',
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Cohortbook',
        short_name: 'Cohortbook',
        description: 'Private retention analytics for shop owners. Your data never leaves this browser.',
        theme_color: '#2f6f4f',
        background_color: '#f7f7f5',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,webmanifest}', 'samples/shop.csv'],
        // The mvp build is only for browsers without WebAssembly exceptions: not worth 30 MB of cache. The threaded
        // build is cached by the service worker when an isolated page first uses it (sw.ts).
        globIgnores: ['**/duckdb-mvp*.wasm', '**/duckdb-coi*.wasm'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      },
    }),
  ],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
