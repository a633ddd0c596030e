import { svelte } from '@sveltejs/vite-plugin-svelte';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Compiles `*.svelte.ts` rune modules, so UI state (src/ui/workspace.svelte.ts) is unit-tested.
        plugins: [svelte()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // The command line's tests run the browser's engine (DuckDB-WASM); native-equality.test.ts runs both.
          env: { COHORTBOOK_ENGINE: 'wasm' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Every core (vitest leaves one free by default): a file's engines run on one thread each, so on this
          // 2-core machine two files at once took the suite from 375 to 304 s.
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 240_000,
          // Two files at once, each with its own server and Chromium: the pages wait on workers (DuckDB, TF.js) as
          // much as they compute, so on this 2-core machine the suite went from 504 to 383 s, its longest main-thread
          // task 178 ms (the tripwire is 500 ms).
          maxWorkers: 2,
        },
      },
    ],
  },
});
