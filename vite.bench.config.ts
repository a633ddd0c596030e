import { defineConfig } from 'vite';

// The bench page (bench/browser): the product's engine and analyses timed in Chromium; built into .bench/.
export default defineConfig({
  root: 'bench/browser',
  base: './',
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: { outDir: '../../.bench/browser-dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
});
